"""The patient chart: sections per role, restricted records, entries, observations, documents
from memory, consents, the access report, the printed summary, and clearing."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from app.core.records.clinical import Allergy
from app.core.records.documents import list_documents
from app.core.records.entries import list_entries
from app.core.roles import Role
from app.ui.chart.chart_view import ChartView
from app.ui.chart.document_viewer import DocumentViewer
from app.ui.chart.documents_section import DocumentsSection
from app.ui.chart.entry_form import ConceptEdit, EntryDialog
from app.ui.chart.entry_sections import ENTRY_SECTIONS, EntrySection
from app.ui.chart.observations_section import ObservationsSection
from app.ui.chart.reason_dialog import ReasonDialog
from app.ui.chart.registry_sections import AccessReportSection, ConsentsSection
from app.ui.chart.timeline_section import TimelineSection, chart_events
from app.ui.secure_clipboard import KDE_CONCEAL_MIME
from tests.ui.chart_support import (
    People,
    add_people,
    audit_actions,
    make_page,
    open_chart,
    pdf_bytes,
    png_bytes,
    signed_in,
)
from tests.ui.conftest import ScriptedPrompts

CLINICAL = ["summary", "timeline", "notes", "problems", "medications", "allergies",
            "immunizations", "procedures", "observations", "documents"]


@pytest.fixture
def people(practice: Path) -> People:
    with signed_in(practice) as session:
        return add_people(session)


@pytest.mark.parametrize(("role", "expected"), [
    (Role.OWNER, ["summary", "details", "timeline", "notes", "problems", "medications",
                  "allergies", "immunizations", "procedures", "observations", "documents",
                  "consents", "access"]),
    (Role.CLINICIAN, ["summary", "details", "timeline", "notes", "problems", "medications",
                      "allergies", "immunizations", "procedures", "observations", "documents",
                      "consents"]),
    (Role.RECEPTION, ["details", "consents"]),
    (Role.ADMIN, ["details", "consents", "access"]),
    (Role.AUDITOR, ["access"]),
])
def test_sections_follow_the_role(qtbot: QtBot, practice: Path, people: People,
                                  prompts: ScriptedPrompts, role: Role,
                                  expected: list[str]) -> None:
    with signed_in(practice, role) as session:
        page = make_page(qtbot, session, prompts)
        open_chart(page, people.zoe)
        view = page.chart_view
        assert view.section_keys() == expected
        clinical = any(k in expected for k in CLINICAL)
        assert view.new_note_button.isVisible() == clinical
        assert view.print_button.isVisible() == clinical
        # The allergy alert is clinical information: only where the clinical key is held.
        assert view.allergy_banner.isVisible() == clinical
        for key in expected:  # every offered section builds and loads without error
            assert view.show_section(key) is not None
        assert prompts.texts("warn") == []
        if not clinical:
            assert view.controller.chart is None
            assert "chart.open" not in audit_actions(session, people.zoe)


def test_reception_gets_no_clinical_actions_even_by_shortcut(
        qtbot: QtBot, practice: Path, people: People, prompts: ScriptedPrompts) -> None:
    with signed_in(practice, Role.RECEPTION) as session:
        page = make_page(qtbot, session, prompts)
        open_chart(page, people.zoe)
        view = page.chart_view
        view.new_note()
        assert view.save_summary_pdf() is None
        assert "notes" not in view.sections
        assert "permission.denied" not in audit_actions(session)


def test_clinician_without_the_key_is_told_why(qtbot: QtBot, practice: Path, people: People,
                                               prompts: ScriptedPrompts) -> None:
    from app.core.users import add_user

    with signed_in(practice) as session:
        add_user(session, name="newdoc", role=Role.CLINICIAN,
                 password="new doctor walks the harbour")
    from app.core.vault import OpenVault

    with OpenVault.open(practice) as vault:
        session = vault.unlock("newdoc", "new doctor walks the harbour")
        try:
            page = make_page(qtbot, session, prompts)
            open_chart(page, people.zoe)
            view = page.chart_view
            assert view.section_keys() == ["details", "consents"]
            assert view.message_banner.isVisible()
            assert "key" in view.message_banner.text()
        finally:
            session.close("close")


def test_restricted_patient_needs_a_reason(qtbot: QtBot, practice: Path, people: People,
                                           prompts: ScriptedPrompts) -> None:
    with signed_in(practice, Role.CLINICIAN) as session:
        page = make_page(qtbot, session, prompts)
        page.list_view.search.setText("famous")
        page.list_view.run_query_now()
        summary = page.list_view.model.summary_at(0)
        assert summary.restricted
        assert not page.open_patient(summary)
        assert not page.is_chart_shown()
        dialog = page.dialog
        assert isinstance(dialog, ReasonDialog) and dialog.isVisible()
        assert not dialog.ok_button.isEnabled()
        # Nothing was read, and no refusal logged: the reason was asked first.
        assert audit_actions(session, people.hidden) == ["patient.create"]
        dialog.reason.setText("ok")
        dialog.ok_button.click()
        assert dialog.isVisible() and dialog.banner.isVisible()  # core: a few words
        dialog.reason.setText("Patient at the front desk, booking follow-up")
        dialog.ok_button.click()
        qtbot.waitUntil(page.is_chart_shown)
        assert page.chart_view.patient_id == people.hidden
        assert page.chart_view.restricted_label.isVisible()
        entries = list(session.audit.entries(patient_id=people.hidden))
        opened = [e for e in entries if e.action == "restricted.open"]
        assert len(opened) == 1 and opened[0].flagged
        assert opened[0].reason == "Patient at the front desk, booking follow-up"
        assert any(e.action == "chart.open" and e.flagged for e in entries)


def test_reception_cannot_break_the_glass(qtbot: QtBot, practice: Path, people: People,
                                          prompts: ScriptedPrompts) -> None:
    with signed_in(practice, Role.RECEPTION) as session:
        page = make_page(qtbot, session, prompts)
        page.list_view.search.setText("famous")
        page.list_view.run_query_now()
        assert not page.open_patient(page.list_view.model.summary_at(0))
        assert page.dialog is None and not page.is_chart_shown()
        assert any("restricted" in text for text in prompts.texts("warn"))
        assert "restricted.denied" not in audit_actions(session)  # nothing was tried


def test_restricted_entries_open_with_a_reason(qtbot: QtBot, practice: Path, people: People,
                                               prompts: ScriptedPrompts) -> None:
    from app.core.records.entries import add_entry

    with signed_in(practice) as session:
        add_entry(session, people.zoe, Allergy(code=var_concept("Latex")), restricted=True)
        page = make_page(qtbot, session, prompts)
        open_chart(page, people.zoe)
        view = page.chart_view
        assert view.restricted_banner.isVisible()
        assert view.show_restricted_button.isVisible()
        assert "Latex" not in view.allergy_banner.text()
        dialog = view.ask_show_restricted()
        assert dialog is not None
        dialog.reason.setText("Checking allergies before surgery")
        dialog.ok_button.click()
        assert not dialog.isVisible()
        assert "Latex" in view.allergy_banner.text()
        assert not view.restricted_banner.isVisible()


def var_concept(text: str) -> object:
    from app.core.records.codes import Concept

    return Concept.of(text)


def test_add_and_edit_an_allergy(qtbot: QtBot, practice: Path, people: People,
                                 prompts: ScriptedPrompts) -> None:
    with signed_in(practice, Role.CLINICIAN) as session:
        page = make_page(qtbot, session, prompts)
        open_chart(page, people.soren)
        view = page.chart_view
        section = view.show_section("allergies")
        assert isinstance(section, ENTRY_SECTIONS["allergy"])
        assert section.empty.isVisible()
        dialog = section.add()
        assert isinstance(dialog, EntryDialog)
        dialog.ok_button.click()
        assert "name people can read" in dialog.banner.text()  # core's message
        substance = dialog.widgets["code"]
        assert isinstance(substance, ConceptEdit)
        substance.text.setText("Peanut")
        dialog.widgets["severity"].setCurrentIndex(3)  # type: ignore[attr-defined]
        dialog.ok_button.click()
        assert not dialog.isVisible()
        assert section.model.rowCount() == 1
        assert "Peanut" in view.allergy_banner.text()
        section.table.selectRow(0)
        edit = section.edit_selected()
        assert edit is not None
        reaction = edit.widgets["reaction"]
        assert isinstance(reaction, ConceptEdit)
        reaction.text.setText("Hives")
        edit.widgets["onset"].setText("2019-05")  # type: ignore[attr-defined]
        edit.ok_button.click()
        assert not edit.isVisible()
        stored = list_entries(session, Allergy, people.soren).entries
        assert len(stored) == 1
        assert stored[0].data.reaction is not None and stored[0].data.reaction.text == "Hives"
        assert stored[0].data.severity == "severe" and stored[0].data.onset == "2019-05"
        assert "Peanut — Hives" in view.allergy_banner.text()


def test_entry_forms_offer_exactly_the_registrys_value_sets(
        qtbot: QtBot, practice: Path, people: People, prompts: ScriptedPrompts) -> None:
    """The chart's sections and forms are built from the registry of kinds: one section per
    kind with forms, and every choice offers the FHIR value set core enforces, no more."""
    from PySide6.QtWidgets import QComboBox

    from app.core.records import kinds

    assert list(ENTRY_SECTIONS) == [k.name for k in kinds.with_forms()]
    with signed_in(practice, Role.CLINICIAN) as session:
        page = make_page(qtbot, session, prompts)
        open_chart(page, people.lukasz)
        for spec in kinds.with_forms():
            section = page.chart_view.show_section(spec.key)
            assert isinstance(section, EntrySection) and section.spec is spec
            assert section.add_button.text() == spec.add_text
            dialog = section.add()
            assert set(dialog.widgets) == {f.name for f in spec.fields if f.form}
            for field in spec.fields:
                widget = dialog.widgets.get(field.name)
                if not isinstance(widget, QComboBox):
                    continue
                offered = [widget.itemData(i) for i in range(widget.count())]
                assert [c for c in offered if c is not None] == list(field.choices)
                assert spec.data is not None
                assert set(field.choices) == spec.data.CHOICES[field.name]
            dialog.reject()
            headers = [section.model.headerData(c, Qt.Orientation.Horizontal)
                       for c in range(section.model.columnCount())]
            assert headers[0] == spec.fields[0].label


def test_a_procedure_is_recorded_from_its_section(qtbot: QtBot, practice: Path,
                                                  people: People,
                                                  prompts: ScriptedPrompts) -> None:
    from app.core.records.clinical import Procedure

    with signed_in(practice, Role.CLINICIAN) as session:
        page = make_page(qtbot, session, prompts)
        open_chart(page, people.lukasz)
        section = page.chart_view.show_section("procedures")
        assert isinstance(section, EntrySection)
        assert section.empty.text() == "No procedures recorded."
        dialog = section.add()
        code = dialog.widgets["code"]
        assert isinstance(code, ConceptEdit)
        code.text.setText("Appendectomy")
        code.system.setCurrentIndex(code.system.findText("SNOMED CT"))
        code.code.setText("80146002")
        assert code.system.findText("CPT") > 0
        dialog.widgets["performed"].setText("2019-06")  # type: ignore[attr-defined]
        site = dialog.widgets["body_site"]
        assert isinstance(site, ConceptEdit)
        site.text.setText("Appendix")
        dialog.ok_button.click()
        assert not dialog.isVisible()
        assert section.model.rowCount() == 1
        texts = [section.model.data(section.model.index(0, c))
                 for c in range(section.model.columnCount())]
        assert texts == ["Appendectomy", "2019-06", "Completed", "Appendix"]
        stored = list_entries(session, Procedure, people.lukasz).entries
        assert [e.data.code.text for e in stored] == ["Appendectomy"]
        assert stored[0].data.status == "completed"
        timeline = page.chart_view.show_section("timeline")
        assert timeline is not None
        titles = [e.title for e in chart_events(page.chart_view.controller.chart, [])]
        assert "Procedure: Appendectomy" in titles


def test_problems_show_codes(qtbot: QtBot, practice: Path, people: People,
                             prompts: ScriptedPrompts) -> None:
    with signed_in(practice, Role.CLINICIAN) as session:
        page = make_page(qtbot, session, prompts)
        open_chart(page, people.zoe)
        section = page.chart_view.show_section("problems")
        assert isinstance(section, ENTRY_SECTIONS["condition"])
        model = section.model
        assert model.rowCount() == 1
        texts = [model.data(model.index(0, c)) for c in range(model.columnCount())]
        assert texts[0] == "Essential hypertension" and "SNOMED CT 59621000" in texts


def test_observations_chart_has_a_point_per_reading(qtbot: QtBot, practice: Path,
                                                    people: People,
                                                    prompts: ScriptedPrompts) -> None:
    with signed_in(practice, Role.CLINICIAN) as session:
        page = make_page(qtbot, session, prompts)
        open_chart(page, people.zoe)
        view = page.chart_view
        assert "observations" not in view.sections  # built only when opened
        section = view.show_section("observations")
        assert isinstance(section, ObservationsSection)
        model = section.model
        names = [model.row_at(r).data.code.text for r in range(model.rowCount())]
        row = names.index("Systolic blood pressure")
        section.table.selectRow(row)
        assert section.trend.point_count() == 5
        assert section.trend.values is not None
        ys = [section.trend.values.at(i).y() for i in range(5)]
        assert ys == [150, 146, 141, 128, 118]
        assert section.trend.band is not None  # the 90–120 reference range
        assert section.trend.outliers is not None and section.trend.outliers.count() == 4
        assert "observation.series" in audit_actions(session, people.zoe)
        # Recording new vitals adds a point.
        dialog = section.record_vitals()
        dialog.ok_button.click()
        assert dialog.banner.isVisible()  # nothing filled in
        dialog.fields["systolic"].setText("118")
        dialog.fields["diastolic"].setText("76")
        dialog.ok_button.click()
        assert not dialog.isVisible(), dialog.banner.text()
        assert section.trend.point_count() == 6


def test_timeline_lists_visits_notes_and_measurements(qtbot: QtBot, practice: Path,
                                                      prompts: ScriptedPrompts) -> None:
    from app.core.records.demo import fill_demo
    from app.core.records.patients import list_patients

    with signed_in(practice) as session:
        fill_demo(session, 3, seed=11)
        patient = list_patients(session)[0]
        page = make_page(qtbot, session, prompts)
        assert page.open_patient(patient)
        section = page.chart_view.show_section("timeline")
        assert isinstance(section, TimelineSection)
        groups = {e.group for e in section.events}
        assert {"visits", "notes", "measurements"} <= groups
        assert section.event_count() == len(section.events)
        section.filter.setCurrentIndex(section.filter.findData("notes"))
        assert 0 < section.event_count() < len(section.events)


def _files_under(*roots: Path) -> set[Path]:
    found: set[Path] = set()
    for root in roots:
        for folder, _dirs, files in os.walk(root):
            found.update(Path(folder) / f for f in files)
    return found


@pytest.fixture
def watched_dirs(isolated_env: Path, tmp_path: Path,
                 monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Path]]:
    """A private temp folder (Python's and Qt's), the home folder and the test's folder
    (the vault is in it): where a viewer could leave a copy."""
    private_tmp = tmp_path / "tmpdir"
    private_tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(private_tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(private_tmp))
    yield [private_tmp, isolated_env, tmp_path]


def test_documents_are_viewed_from_memory(qtbot: QtBot, practice: Path, people: People,
                                          prompts: ScriptedPrompts, tmp_path: Path,
                                          watched_dirs: list[Path]) -> None:
    letter = tmp_path / "discharge_letter.pdf"
    letter.write_bytes(pdf_bytes("Discharge letter CANARY-7731"))
    scan = tmp_path / "rash.png"
    scan.write_bytes(png_bytes(64, 48))
    with signed_in(practice, Role.CLINICIAN) as session:
        page = make_page(qtbot, session, prompts)
        open_chart(page, people.zoe)
        section = page.chart_view.show_section("documents")
        assert isinstance(section, DocumentsSection)
        # Add document… asks the Prompts for a file, as the real file dialog would answer.
        prompts.open_paths = [letter, scan, None]
        for _path in (letter, scan):
            section.add_button.click()
            dialog = section.dialog
            assert dialog is not None
            dialog.ok_button.click()
            assert not dialog.isVisible(), dialog.banner.text()
        section.add_button.click()  # cancelled file dialog: nothing happens
        assert section.dialog is None and "choose_open_file" in [m[0] for m in prompts.messages]
        fake = tmp_path / "not-a-pdf.pdf"
        fake.write_bytes(b"MZ\x90\x00 this is no PDF")
        dialog = section.add_from_path(fake)
        assert dialog is not None
        dialog.ok_button.click()
        assert dialog.isVisible() and "content" in dialog.banner.text()  # core sniffs
        dialog.reject()
        assert len(list_documents(session, people.zoe).documents) == 2

        before = _files_under(*watched_dirs)
        titles = [section.model.row_at(r).title for r in range(section.model.rowCount())]
        section.table.selectRow(titles.index("discharge letter"))
        viewer = section.view_selected()
        assert isinstance(viewer, DocumentViewer)
        qtbot.waitUntil(lambda: viewer.page_count() == 1)
        assert viewer.pdf_view is not None
        viewer.zoom_in_button.click()
        assert viewer.pdf_view.zoomMode() == viewer.pdf_view.ZoomMode.Custom
        assert viewer.pdf_view.zoomFactor() == pytest.approx(viewer.zoom_factor())
        viewer.fit_button.click()
        assert viewer.pdf_view.zoomMode() == viewer.pdf_view.ZoomMode.FitToWidth
        section.table.selectRow(titles.index("rash"))
        image = section.view_selected()
        assert isinstance(image, DocumentViewer) and image.image_size() == (64, 48)
        assert image.image_label is not None
        image.zoom_in_button.click()
        image.zoom_in_button.click()
        assert image.image_label.pixmap().width() == 100  # 64 × 1.25², from the original
        for _ in range(20):
            image.zoom_out_button.click()
        assert image.zoom_factor() == 0.25 and image.image_size() == (64, 48)
        assert section.viewer is image  # one viewer at a time
        assert _files_under(*watched_dirs) == before  # nothing written while viewing
        image.reject()
        assert section.viewer is None
        assert "document.open" in audit_actions(session, people.zoe)


def test_consents_add_and_withdraw(qtbot: QtBot, practice: Path, people: People,
                                   prompts: ScriptedPrompts) -> None:
    from app.core.records.consent import list_consents

    with signed_in(practice, Role.RECEPTION) as session:
        page = make_page(qtbot, session, prompts)
        open_chart(page, people.zoe)
        section = page.chart_view.show_section("consents")
        assert isinstance(section, ConsentsSection)
        assert section.empty.isVisible()
        dialog = section.add()
        assert dialog is not None
        dialog.new_name.setText("Dr Ada Specialist")
        dialog.ok_button.click()
        assert dialog.isVisible() and "sections" in dialog.banner.text().lower()
        dialog.section_boxes["medications"].setChecked(True)
        dialog.section_boxes["allergies"].setChecked(True)
        dialog.ok_button.click()
        assert not dialog.isVisible(), dialog.banner.text()
        qtbot.waitUntil(lambda: section.model.rowCount() == 1)
        model = section.model
        assert model.data(model.index(0, 0)) == "Dr Ada Specialist"
        assert model.data(model.index(0, 5)) == "In force"
        section.table.selectRow(0)
        prompts.confirms.append(True)
        section.withdraw_selected()
        assert model.data(model.index(0, 5)).startswith("Withdrawn")
        consents = list_consents(session, people.zoe)
        assert len(consents) == 1 and consents[0].withdrawn_at is not None


def test_access_report_lists_and_exports(qtbot: QtBot, practice: Path, people: People,
                                         prompts: ScriptedPrompts, tmp_path: Path) -> None:
    with signed_in(practice, Role.AUDITOR) as session:
        page = make_page(qtbot, session, prompts)
        open_chart(page, people.zoe)
        section = page.chart_view.show_section("access")
        assert isinstance(section, AccessReportSection)
        whats = [section.model.row_at(r).description for r in range(section.model.rowCount())]
        assert "created the record" in whats
        out = tmp_path / "report.csv"
        prompts.save_paths.append(out)
        section.export()
        assert out.read_text().startswith("when,who,role,what,why,flagged")
        assert "access.report.export" in audit_actions(session, people.zoe)


def test_summary_pdf_is_written_and_audited(qtbot: QtBot, practice: Path, people: People,
                                            prompts: ScriptedPrompts, tmp_path: Path) -> None:
    with signed_in(practice, Role.CLINICIAN) as session:
        from app.core.records.clinical import Medication
        from app.core.records.codes import Concept
        from app.core.records.entries import add_entry

        # A start with a time of day (as FHIR imports bring): the summary shows the day.
        # A system that writes one request per refill: one row, since the first.
        for month in (3, 2, 1):
            add_entry(session, people.zoe, Medication(code=Concept.of("Lisinopril 10 mg"),
                                                      effective_start=f"2020-0{month}-02T16:00:00Z"))
        page = make_page(qtbot, session, prompts)
        open_chart(page, people.zoe)
        view = page.chart_view
        out = tmp_path / "zoe-summary"
        prompts.save_paths.append(out)
        written = view.save_summary_pdf()
        assert written == out.with_suffix(".pdf")
        data = written.read_bytes()
        assert data.startswith(b"%PDF-") and len(data) > 1000
        entries = [e for e in session.audit.entries(patient_id=people.zoe)
                   if e.action == "summary.print"]
        assert len(entries) == 1 and entries[0].actor == "clinician1"
        # The summary shows what matters first.
        html = view.show_section("summary").view.toPlainText()  # type: ignore[union-attr]
        assert html.index("Penicillin") < html.index("Essential hypertension")
        assert "Amlodipine" in html and "Systolic blood pressure" in html
        assert "Lisinopril" in html and "T16:00" not in html and "16:00:00" not in html
        assert html.count("Lisinopril") == 1
        # Printing to paper asks the printer dialog; cancelled means nothing is audited.
        view.print_summary()
        assert [e.action for e in session.audit.entries(patient_id=people.zoe)].count(
            "summary.print") == 1


def test_copy_goes_through_the_secure_clipboard(qtbot: QtBot, practice: Path, people: People,
                                                prompts: ScriptedPrompts) -> None:
    with signed_in(practice, Role.RECEPTION) as session:
        page = make_page(qtbot, session, prompts)
        open_chart(page, people.zoe)
        details = page.chart_view.show_section("details")
        assert details is not None
        details.copy_mrn.click()  # type: ignore[attr-defined]
        mime = QGuiApplication.clipboard().mimeData()
        assert isinstance(mime, QMimeData)
        assert mime.text() == "MRN-0001" and mime.hasFormat(KDE_CONCEAL_MIME)
        assert page.ctx.clipboard.is_pending()
        # Selecting text gives Qt nothing to put on the X11 selection or a drag.
        view = details.view  # type: ignore[attr-defined]
        view.selectAll()
        assert view.createMimeDataFromSelection().formats() == []
        page.ctx.clipboard.clear_now()


def test_clear_destroys_every_section(qtbot: QtBot, practice: Path, people: People,
                                      prompts: ScriptedPrompts) -> None:
    with signed_in(practice, Role.CLINICIAN) as session:
        page = make_page(qtbot, session, prompts)
        open_chart(page, people.zoe)
        view: ChartView = page.chart_view
        for key in view.section_keys():
            view.show_section(key)
        built = list(view.sections.values())
        obs = view.sections["observations"]
        assert isinstance(obs, ObservationsSection) and obs.model.rowCount() > 0
        allergy_dialog = view.sections["allergies"].add()  # type: ignore[attr-defined]
        page.clear()
        assert view.sections == {} and view.nav.count() == 0
        assert view.controller.chart is None and view.controller.session is None
        assert view.name_label.text() == "" and not view.allergy_banner.isVisible()
        assert all(s.isHidden() for s in built)
        assert obs.model.rowCount() == 0 and obs.trend.point_count() == 0
        assert allergy_dialog.result() == QDialog.DialogCode.Rejected
        assert not page.is_chart_shown()


def test_qtcharts_and_qtpdf_load_only_when_needed(practice: Path, people: People) -> None:
    """Opening the list and a chart's summary never imports QtCharts or QtPdf; the
    Observations section imports QtCharts, a PDF viewer QtPdf."""
    import subprocess
    import sys

    script = f"""
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from tests.ui.chart_support import make_context, signed_in
from tests.ui.conftest import ScriptedPrompts
from app.core.roles import Role
from app.ui.patients_page import PatientsPage
with signed_in(Path({str(practice)!r}), Role.CLINICIAN) as session:
    page = PatientsPage(make_context(ScriptedPrompts()))
    page.set_session(session)
    page.list_view.search.setText("MRN-0001")
    page.list_view.run_query_now()
    assert page.open_patient(page.list_view.model.summary_at(0))
    heavy = [m for m in ("PySide6.QtCharts", "PySide6.QtPdf") if m in sys.modules]
    assert not heavy, heavy
    page.chart_view.show_section("observations")
    assert "PySide6.QtCharts" in sys.modules
    assert "PySide6.QtPdf" not in sys.modules
    page.clear()
print("lazy")
"""
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True,
                            text=True, timeout=120, env={**os.environ})
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().endswith("lazy")


@pytest.mark.parametrize("key", ["allergies", "immunizations", "documents", "consents"])
def test_an_empty_section_keeps_its_heading_and_text_at_the_top(
        qtbot: QtBot, practice: Path, people: People, prompts: ScriptedPrompts,
        key: str) -> None:
    from PySide6.QtWidgets import QLabel

    with signed_in(practice) as session:
        page = make_page(qtbot, session, prompts)
        open_chart(page, people.lukasz)  # nothing recorded for him
        section = page.chart_view.show_section(key)
        assert section is not None
        empty = section.empty  # type: ignore[attr-defined]
        qtbot.waitUntil(empty.isVisible)
        title = next(label for label in section.findChildren(QLabel)
                     if label.property("role") == "heading")
        assert section.height() > 300
        # The heading at the top, the "none" text right under it, the space below. (Labels
        # take a share of spare height and centre their text in it, so the heights tell.)
        for label in (title, empty):
            assert label.height() <= label.sizeHint().height() + 10, label.text()
        assert title.geometry().top() < 20
        assert empty.geometry().top() - title.geometry().bottom() < 30


@pytest.mark.parametrize(("first", "last"), [
    ("2023-11-15", "2026-03-14"),  # the reviewer's series: labels repeated years
    ("2019-02-01", "2026-03-14"),
    ("2025-01-01", "2025-09-30"),
    ("2025-03-01", "2025-04-10"),
    ("2025-03-01", "2025-03-01"),
])
def test_trend_date_axis_labels_are_distinct_and_pad_the_data(first: str,
                                                              last: str) -> None:
    from PySide6.QtCore import QDateTime

    from app.ui.chart.trend_chart import _msecs, date_axis

    lo, hi = _msecs(first), _msecs(last)
    axis = date_axis(lo, hi)
    assert axis.start < lo and axis.end > hi
    # Padding shows the end points whole without wasting the plot.
    if hi > lo:
        assert (axis.end - axis.start) <= (hi - lo) * 1.2
    step = (axis.end - axis.start) / (axis.ticks - 1)
    labels = [QDateTime.fromMSecsSinceEpoch(int(axis.start + i * step)).toString(axis.format)
              for i in range(axis.ticks)]
    assert len(set(labels)) == len(labels), labels
    assert axis.ticks >= 2


def test_trend_chart_uses_the_padded_axis(qtbot: QtBot) -> None:
    from PySide6.QtCharts import QDateTimeAxis

    from app.core.records.observations import ObservationSeries, SeriesPoint
    from app.ui.chart.trend_chart import TrendChart, _msecs

    chart = TrendChart()
    qtbot.addWidget(chart)
    dates = ["2023-11-15", "2024-06-01", "2025-02-01", "2026-03-14"]
    chart.show_series(ObservationSeries(
        code="8480-6", name="Systolic blood pressure", unit="mm[Hg]", ref_low=90,
        ref_high=120, hidden_restricted=0,
        points=[SeriesPoint(entry_id=str(i), effective=d, value=150.0, interpretation=None)
                for i, d in enumerate(dates)]))
    axes = [a for a in chart.chart().axes() if isinstance(a, QDateTimeAxis)]
    assert len(axes) == 1
    axis = axes[0]
    assert axis.format() == "MMM yyyy"
    assert axis.min().toMSecsSinceEpoch() < _msecs(dates[0])
    assert axis.max().toMSecsSinceEpoch() > _msecs(dates[-1])
