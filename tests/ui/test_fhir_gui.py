"""FHIR in the GUI: File → Import health records… (preview, match choice, progress), the
chart's Export as FHIR…, Administration's whole-practice export, provenance on imported
entries, and the personal vault's way in from a patient portal."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app.core.fhir import samples
from app.core.records.patients import PatientInput, add_patient
from app.core.roles import Role
from app.core.session import Session
from app.ui.admin.administration_page import AdministrationPage
from app.ui.app_controller import AppController, AppState
from app.ui.fhir_import import ImportFlow, ImportPreviewDialog
from app.ui.patients_page import PatientsPage
from tests.ui.chart_support import make_page, open_chart, signed_in
from tests.ui.conftest import OWNER_PASSWORD, ScriptedPrompts, sign_in, unlock, wait_idle


def _portal(tmp_path: Path) -> Path:
    return samples.write_json(tmp_path / "portal.json", samples.portal_bundle())


def _clinician_previews(qtbot: QtBot, controller: AppController, practice: Path,
                        prompts: ScriptedPrompts, path: Path
                        ) -> tuple[ImportPreviewDialog, Session]:
    """Sign in as the clinician and open File → Import health records… on `path`."""
    sign_in(qtbot, controller, practice, Role.CLINICIAN)
    window = controller.main_window
    assert window is not None and window.session is not None
    prompts.open_file_lists.append([path])
    window.import_action.trigger()
    return _preview(qtbot, window.import_flow), window.session


def _preview(qtbot: QtBot, flow: ImportFlow | None) -> ImportPreviewDialog:
    assert flow is not None
    qtbot.waitUntil(lambda: flow.dialog is not None, timeout=20_000)
    assert flow.dialog is not None
    return flow.dialog


def _import_held_while_writing(qtbot: QtBot, controller: AppController, practice: Path,
                               prompts: ScriptedPrompts, tmp_path: Path,
                               monkeypatch: pytest.MonkeyPatch
                               ) -> tuple[threading.Event, Session]:
    """The clinician imports the portal file; the write waits (inside its worker) until
    the returned gate is set, so a test can lock or cancel while it runs."""
    import app.core.fhir as fhir

    gate, started = threading.Event(), threading.Event()
    real = fhir.apply_import

    def held(*args: Any, **kwargs: Any) -> Any:
        started.set()
        gate.wait(20)
        return real(*args, **kwargs)

    monkeypatch.setattr(fhir, "apply_import", held)
    dialog, session = _clinician_previews(qtbot, controller, practice, prompts,
                                          _portal(tmp_path))
    dialog.import_button.click()
    qtbot.waitUntil(started.is_set, timeout=10_000)
    return gate, session


def test_file_import_previews_then_imports_and_the_chart_shows_where_from(
        qtbot: QtBot, controller: AppController, practice: Path, prompts: ScriptedPrompts,
        tmp_path: Path) -> None:
    portal = _portal(tmp_path)
    sign_in(qtbot, controller, practice, Role.CLINICIAN)
    window = controller.main_window
    assert window is not None and window.import_action.isVisible()
    prompts.open_file_lists.append([portal])
    window.import_action.trigger()
    dialog = _preview(qtbot, window.import_flow)
    # Counts by type, what will not come in and why, the patient match, before writing.
    counts = {dialog.counts.model().index(r, 0).data(): dialog.counts.model().index(r, 1).data()
              for r in range(dialog.counts.model().rowCount())}
    assert counts["Observation"] == "4" and counts["Patient"] == "1"
    reasons = [dialog.skipped.model().index(r, 0).data()
               for r in range(dialog.skipped.model().rowCount())]
    assert sorted(reasons) == ["bad reference", "unsupported type"]
    combo = next(iter(dialog.choices.values()))
    assert combo.currentText() == "A new patient"
    session = window.session
    assert session is not None
    assert session.conn.execute("SELECT count(*) FROM patients").fetchone()[0] == 0
    dialog.import_button.click()
    flow = window.import_flow
    assert flow is not None
    qtbot.waitUntil(lambda: flow.report is not None, timeout=20_000)
    wait_idle(qtbot, controller)
    assert "Imported 11 records" in prompts.texts("inform")[-1]
    pid = session.conn.execute("SELECT id FROM patients").fetchone()[0]
    # The chart marks imported entries and says where they came from.
    page = window.page(PatientsPage)
    assert isinstance(page, PatientsPage)
    page.chart_view.controller.open(session, pid)
    page.stack.setCurrentWidget(page.chart_view)
    section = page.chart_view.show_section("problems")
    assert section is not None
    model = section.model  # type: ignore[attr-defined]
    tip = model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "Imported from portal.json" in tip and "Condition" in tip
    assert model.index(0, 0).data(Qt.ItemDataRole.DecorationRole) is not None


def test_an_ambiguous_match_waits_for_a_choice(qtbot: QtBot, practice: Path,
                                               prompts: ScriptedPrompts,
                                               tmp_path: Path) -> None:
    portal = _portal(tmp_path)
    with signed_in(practice, Role.OWNER) as session:
        first = add_patient(session, PatientInput(family="Shaw", given="Amy V.",
                                                  birth_date="1987-02-20")).id
        add_patient(session, PatientInput(family="Shaw", given="Amy V.",
                                          birth_date="1987-02-20"),
                    not_a_duplicate=True)  # a twin, confirmed at the desk
        page = make_page(qtbot, session, prompts)
        flow = page.bring_in_records([portal])
        dialog = _preview(qtbot, flow)
        assert not dialog.import_button.isEnabled()  # nobody chosen yet
        key = next(iter(dialog.choices))
        dialog.choose(key, first)
        assert dialog.import_button.isEnabled()
        dialog.import_button.click()
        assert flow is not None
        qtbot.waitUntil(lambda: flow.report is not None, timeout=20_000)
        qtbot.waitUntil(lambda: not page.ctx.tasks.is_busy(), timeout=20_000)
        assert session.conn.execute("SELECT count(*) FROM clinical.conditions WHERE "
                                    "patient_id = ?", (first,)).fetchone()[0] == 1


def test_cancel_in_the_preview_writes_nothing(qtbot: QtBot, practice: Path,
                                              prompts: ScriptedPrompts, tmp_path: Path) -> None:
    with signed_in(practice, Role.OWNER) as session:
        page = make_page(qtbot, session, prompts)
        flow = page.bring_in_records([_portal(tmp_path)])
        dialog = _preview(qtbot, flow)
        head = session.audit.head()
        dialog.reject()
        qtbot.waitUntil(lambda: not page.ctx.tasks.is_busy())
        assert session.conn.execute("SELECT count(*) FROM patients").fetchone()[0] == 0
        assert session.audit.head() == head


def test_chart_export_as_fhir_writes_a_bundle(qtbot: QtBot, practice: Path,
                                              prompts: ScriptedPrompts, tmp_path: Path) -> None:
    with signed_in(practice, Role.CLINICIAN) as session:
        pid = add_patient(session, PatientInput(family="Bundle", given="Bea", mrn="B-1",
                                                birth_date="1990-01-01")).id
        page = make_page(qtbot, session, prompts)
        open_chart(page, pid)
        assert page.chart_view.fhir_button.isVisible()
        out = tmp_path / "bea.json"
        prompts.save_paths.append(out)
        assert page.chart_view.export_fhir() == out
    bundle = json.loads(out.read_text())
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    assert bundle["entry"][0]["resource"]["name"][0]["family"] == "Bundle"


def test_whole_practice_export_is_the_owners_in_administration(
        qtbot: QtBot, controller: AppController, practice: Path, prompts: ScriptedPrompts,
        tmp_path: Path) -> None:
    with signed_in(practice, Role.OWNER) as session:
        add_patient(session, PatientInput(family="Exported", given="Eve"))
    sign_in(qtbot, controller, practice, Role.OWNER)
    window = controller.main_window
    assert window is not None
    admin = window.page(AdministrationPage)
    assert isinstance(admin, AdministrationPage)
    assert "FHIR export" in admin.visible_tabs()
    prompts.directories.append(tmp_path)
    admin.fhir_export.export()
    wait_idle(qtbot, controller)
    folder = next(tmp_path.glob("medvault-fhir-*"))
    assert json.loads((folder / "manifest.json").read_text())["output"][0]["type"] == \
        "Patient"
    assert "Exported 1 resources" in admin.fhir_export.result.text()
    assert "whole practice" in admin.fhir_export.export_button.text()


def test_a_personal_vault_exports_everything_in_its_own_words(
        qtbot: QtBot, controller: AppController, personal: Path) -> None:
    controller.open_vault(personal)
    unlock(qtbot, controller, "me", OWNER_PASSWORD)
    window = controller.main_window
    assert window is not None
    admin = window.page(AdministrationPage)
    assert isinstance(admin, AdministrationPage)
    words = admin.fhir_export.export_button.text() + admin.fhir_export.explain.text()
    assert "practice" not in words and "Export everything" in words


def test_admin_has_no_whole_practice_export(qtbot: QtBot, controller: AppController,
                                            practice: Path) -> None:
    sign_in(qtbot, controller, practice, Role.ADMIN)
    window = controller.main_window
    assert window is not None
    admin = window.page(AdministrationPage)
    assert isinstance(admin, AdministrationPage)
    assert "FHIR export" not in admin.visible_tabs()


def test_personal_vault_offers_a_portal_import_on_its_first_screen(
        qtbot: QtBot, controller: AppController, personal: Path, prompts: ScriptedPrompts,
        tmp_path: Path) -> None:
    controller.open_vault(personal)
    unlock(qtbot, controller, "me", OWNER_PASSWORD)
    window = controller.main_window
    assert window is not None
    page = window.page(PatientsPage)
    assert isinstance(page, PatientsPage)
    assert window.stack.currentWidget() is page
    assert page.portal_button.isVisible()
    assert "patient portal" in page.portal_button.text()
    prompts.open_file_lists.append([_portal(tmp_path)])
    page.portal_button.click()
    dialog = _preview(qtbot, page.import_flow)
    dialog.import_button.click()
    flow = page.import_flow
    assert flow is not None
    qtbot.waitUntil(lambda: flow.report is not None, timeout=20_000)
    wait_idle(qtbot, controller)
    session = window.session
    assert session is not None
    assert session.conn.execute("SELECT family FROM patients").fetchone()[0] == "Shaw"


def test_a_practice_list_has_no_portal_button(qtbot: QtBot, controller: AppController,
                                              practice: Path) -> None:
    sign_in(qtbot, controller, practice, Role.RECEPTION)
    window = controller.main_window
    assert window is not None
    page = window.page(PatientsPage)
    assert isinstance(page, PatientsPage)
    assert not page.portal_button.isVisible()
    assert window.import_action.isVisible()  # reception may import demographics


def test_the_preview_counts_resources_and_indents_a_reports_parts(
        qtbot: QtBot, controller: AppController, practice: Path, prompts: ScriptedPrompts,
        tmp_path: Path) -> None:
    bundle = {"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Patient", "id": "p1", "birthDate": "1970-01-01",
                      "name": [{"family": "Aaberg", "given": ["Ann"]}]}},
        {"resource": {"resourceType": "DiagnosticReport", "id": "dr1", "status": "final",
                      "code": {"text": "Glucose"}, "subject": {"reference": "Patient/p1"},
                      "contained": [{"resourceType": "Observation", "id": "c1",
                                     "status": "final", "code": {"text": "Glucose"},
                                     "effectiveDateTime": "2021-03-04",
                                     "valueString": "normal"}],
                      "result": [{"reference": "#c1"}, {"reference": "Observation/gone"}]}}]}
    path = samples.write_json(tmp_path / "lab.json", bundle)
    dialog, _ = _clinician_previews(qtbot, controller, practice, prompts, path)
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert any("2 resources read" in t and "2 will be imported" in t
               and "0 will not be imported" in t for t in texts), texts
    where = dialog.skipped.model().index(0, 2).data()
    assert dialog.skipped.model().rowCount() == 1 and where == "↳ lab.json entry 2"


def test_lock_closes_the_import_preview_and_imports_nothing(
        qtbot: QtBot, controller: AppController, practice: Path, prompts: ScriptedPrompts,
        tmp_path: Path) -> None:
    """The preview holds names and counts from the file: a lock closes it with the rest,
    and nothing is written."""
    from tests.ui.test_lock_always_locks import assert_locked

    dialog, session = _clinician_previews(qtbot, controller, practice, prompts,
                                          _portal(tmp_path))
    assert dialog.isVisible()
    controller.lock.watcher.on_session_lock()
    qtbot.waitUntil(lambda: controller.state is AppState.LOCKED, timeout=10_000)
    assert_locked(controller, session)
    assert not dialog.isVisible()
    with signed_in(practice) as owner:
        assert owner.conn.execute("SELECT count(*) FROM patients").fetchone()[0] == 0


def test_lock_during_the_import_cancels_it_whole(
        qtbot: QtBot, controller: AppController, practice: Path, prompts: ScriptedPrompts,
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A lock while the import writes: the work meets the Cancel inside its transaction,
    so nothing of it is kept, and the lock completes."""
    from tests.ui.test_lock_always_locks import assert_locked

    gate, session = _import_held_while_writing(qtbot, controller, practice, prompts,
                                               tmp_path, monkeypatch)
    controller.lock.watcher.on_session_lock()
    gate.set()
    qtbot.waitUntil(lambda: controller.state is AppState.LOCKED, timeout=20_000)
    assert_locked(controller, session)
    assert prompts.texts("inform") == []  # nothing shown over the lock
    with signed_in(practice) as owner:
        assert owner.conn.execute("SELECT count(*) FROM patients").fetchone()[0] == 0
        assert owner.conn.execute(
            "SELECT count(*) FROM audit WHERE action = 'fhir.import'").fetchone()[0] == 0


def test_choosing_a_new_patient_over_a_match_shows_and_imports_everything(
        qtbot: QtBot, practice: Path, prompts: ScriptedPrompts, tmp_path: Path) -> None:
    """The file is in the vault already: the preview says nothing will be imported. The
    person chooses "A new patient" over the match: the counts change to what Import will
    now write, and Import writes the records there (it once made an empty patient, the
    counts unchanged)."""
    portal = _portal(tmp_path)
    with signed_in(practice, Role.CLINICIAN) as session:
        from app.core.fhir import apply_import, plan_import

        apply_import(session, plan_import(session, [portal]))
        page = make_page(qtbot, session, prompts)
        flow = page.bring_in_records([portal])
        dialog = _preview(qtbot, flow)

        def will_import() -> dict[str, str]:
            model = dialog.counts.model()
            return {model.index(r, 0).data(): model.index(r, 1).data()
                    for r in range(model.rowCount())}

        assert will_import() == {} and not dialog.import_button.isEnabled()
        assert "0 will be imported" in dialog.summary.text()
        key = next(iter(dialog.choices))
        dialog.choose(key, None)
        assert will_import()["Observation"] == "4" and will_import()["Patient"] == "1"
        assert "0 will be imported" not in dialog.summary.text()
        dialog.import_button.click()
        assert flow is not None
        qtbot.waitUntil(lambda: flow.report is not None, timeout=20_000)
        qtbot.waitUntil(lambda: not page.ctx.tasks.is_busy(), timeout=20_000)
        per_patient = session.conn.execute(
            "SELECT patient_id, count(*) FROM clinical.observations GROUP BY patient_id"
        ).fetchall()
    # The same rows in both records (a blood-pressure panel is two).
    assert len(per_patient) == 2 and per_patient[0][1] == per_patient[1][1] > 0


def test_reception_is_told_who_may_import_what_it_left_out(
        qtbot: QtBot, controller: AppController, practice: Path, prompts: ScriptedPrompts,
        tmp_path: Path) -> None:
    """Reception brings in the patient; the clinical records are left out, and the result
    says so and who may import them, not that each imported entry shows its source."""
    sign_in(qtbot, controller, practice, Role.RECEPTION)
    window = controller.main_window
    assert window is not None
    prompts.open_file_lists.append([_portal(tmp_path)])
    window.import_action.trigger()
    dialog = _preview(qtbot, window.import_flow)
    dialog.import_button.click()
    flow = window.import_flow
    assert flow is not None
    qtbot.waitUntil(lambda: flow.report is not None, timeout=20_000)
    wait_idle(qtbot, controller)
    said = prompts.texts("inform")[-1]
    assert "Give the file to a clinician" in said
    assert "Each imported entry shows where it came from" not in said


def test_cancel_during_the_import_says_nothing_was_saved(
        qtbot: QtBot, controller: AppController, practice: Path, prompts: ScriptedPrompts,
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gate, session = _import_held_while_writing(qtbot, controller, practice, prompts,
                                               tmp_path, monkeypatch)
    window = controller.main_window
    assert window is not None
    window.ctx.tasks.cancel_all()
    gate.set()
    qtbot.waitUntil(lambda: bool(prompts.texts("inform")), timeout=20_000)
    assert prompts.texts("inform")[-1] == "The import was cancelled: nothing was saved."
    assert session.conn.execute("SELECT count(*) FROM patients").fetchone()[0] == 0


def test_choosing_a_restricted_record_in_the_preview_asks_for_a_grant_first(
        qtbot: QtBot, practice: Path, prompts: ScriptedPrompts, tmp_path: Path) -> None:
    portal = _portal(tmp_path)
    with signed_in(practice, Role.OWNER) as owner:
        hidden = add_patient(owner, PatientInput(family="Shaw", given="Amy",
                                                 birth_date="1960-01-01",
                                                 restricted=True)).id
    with signed_in(practice, Role.CLINICIAN) as session:
        page = make_page(qtbot, session, prompts)
        flow = page.bring_in_records([portal])
        dialog = _preview(qtbot, flow)
        key = next(iter(dialog.choices))
        combo = dialog.choices[key]
        assert combo.findData(hidden) >= 0  # offered by name, birth date hidden
        shown = dialog.summary.text()
        dialog.choose(key, hidden)
        assert "restricted" in prompts.texts("warn")[-1]
        assert combo.currentData() is None and not dialog.import_button.isEnabled()
        assert dialog.summary.text() == shown


def test_reading_shows_how_many_resources_so_far(
        qtbot: QtBot, controller: AppController, practice: Path, prompts: ScriptedPrompts,
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A large file is read with a count, not only a busy bar."""
    from app.ui import workers

    said: list[str] = []
    real = workers.ProgressDialog.update_progress

    def recorded(self: Any, done: int, total: int, text: str) -> None:
        said.append(text)
        real(self, done, total, text)

    monkeypatch.setattr(workers.ProgressDialog, "update_progress", recorded)
    big = samples.write_json(tmp_path / "big.json",
                             samples.synthea_bundle(3, target_resources=2500))
    _clinician_previews(qtbot, controller, practice, prompts, big)
    assert "Reading health records… 2,000 resources so far" in said
