"""My record (personal vaults): the owner's own record in brief, their export and their
shares; vaults made before own records choose or add the owner there (issue 11.7, 15.6)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.records.clinical import Allergy
from app.core.records.codes import Concept
from app.core.records.entries import add_entry
from app.core.records.own_record import own_record_id
from app.core.records.patients import PatientInput, add_patient
from app.core.session import Session
from app.core.sharing.export import open_export
from app.core.vault import create_vault
from app.ui.app_controller import AppController, AppState
from app.ui.lock_controller import LockReason
from app.ui.my_record_page import MY_RECORD_SECTIONS, MyRecordPage, MyRecordSection
from app.ui.patients_page import PatientsPage
from tests.ui.conftest import OWNER_PASSWORD, ScriptedPrompts, sign_in, unlock, wait_idle

ME = PatientInput(family="Lindqvist", given="Maja", birth_date="1984-03-09")


def _mine(tmp_path: Path, own: PatientInput | None = ME) -> Path:
    path = tmp_path / "mine"
    create_vault(path, owner_name="me", password=OWNER_PASSWORD, kind="personal",
                 vault_name="My records", own_record=own)
    return path


def _open(qtbot: QtBot, c: AppController, vault: Path, *, show: bool = True) -> MyRecordPage:
    c.open_vault(vault)
    unlock(qtbot, c, "me", OWNER_PASSWORD)
    assert c.state is AppState.MAIN
    window = c.main_window
    assert window is not None
    page = window.page(MyRecordPage)
    assert isinstance(page, MyRecordPage)
    if show:
        window.show_page(page)
    return page


def _session(c: AppController) -> Session:
    assert c.main_window is not None and c.main_window.session is not None
    return c.main_window.session


def test_my_record_shows_the_owner_and_opens_their_chart(
        qtbot: QtBot, controller: AppController, tmp_path: Path) -> None:
    vault = _mine(tmp_path)
    page = _open(qtbot, controller, vault, show=False)
    window = controller.main_window
    assert window is not None
    assert window.visible_titles()[:2] == ["People", "My record"]
    # Not read (an audited chart read) until the owner looks at the page.
    session = _session(controller)
    assert not list(session.audit.entries(action_prefix="chart.open"))
    window.show_page(page)
    me = page.sections[0]
    qtbot.waitUntil(lambda: "Maja Lindqvist" in me.name.text())  # type: ignore[attr-defined]
    assert "1984-03-09" in me.born.text()  # type: ignore[attr-defined]
    # An allergy added elsewhere shows once the page reloads.
    own = own_record_id(session)
    assert own is not None
    add_entry(session, own, Allergy(code=Concept.of("Penicillin", "snomed", "764146007")))
    page.refresh()
    assert "Penicillin" in me.brief.text()  # type: ignore[attr-defined]
    # "Open my chart" shows the chart on the People page.
    me.open_button.click()  # type: ignore[attr-defined]
    people = window.page(PatientsPage)
    assert isinstance(people, PatientsPage)
    assert window.stack.currentWidget() is people and people.is_chart_shown()
    assert people.chart_view.patient_id == own


def test_a_practice_vault_has_no_my_record_page(qtbot: QtBot, controller: AppController,
                                               practice: Path) -> None:
    sign_in(qtbot, controller, practice)
    window = controller.main_window
    assert window is not None
    assert "My record" not in window.visible_titles()


def test_an_older_vault_chooses_its_owner_on_the_page(qtbot: QtBot, controller: AppController,
                                                      tmp_path: Path) -> None:
    vault = _mine(tmp_path, own=None)
    page = _open(qtbot, controller, vault)
    me = page.sections[0]
    assert me.add_button.isVisibleTo(page)  # type: ignore[attr-defined]
    assert not me.choose_button.isEnabled()  # type: ignore[attr-defined]  (nobody yet)
    session = _session(controller)
    add_patient(session, PatientInput(family="Lindqvist", given="Ebba"))
    add_patient(session, ME)
    page.refresh()
    people = me.people  # type: ignore[attr-defined]
    people.setCurrentIndex(people.findText("Lindqvist, Maja · 1984-03-09"))
    me.choose_button.click()  # type: ignore[attr-defined]
    assert "Maja Lindqvist" in me.name.text()  # type: ignore[attr-defined]
    assert own_record_id(session) is not None
    assert not me.add_button.isVisibleTo(page)  # type: ignore[attr-defined]


def test_adding_my_details_makes_the_own_record(qtbot: QtBot, controller: AppController,
                                                tmp_path: Path) -> None:
    vault = _mine(tmp_path, own=None)
    page = _open(qtbot, controller, vault)
    me = page.sections[0]
    me.add_button.click()  # type: ignore[attr-defined]
    dialog = me.dialog  # type: ignore[attr-defined]
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    dialog.given.setText("Maja")
    dialog.family.setText("Lindqvist")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: "Maja Lindqvist" in me.name.text())  # type: ignore[attr-defined]
    assert own_record_id(_session(controller)) is not None


def test_my_export_writes_my_record_only_with_cancel_offered(
        qtbot: QtBot, controller: AppController, prompts: ScriptedPrompts,
        tmp_path: Path) -> None:
    vault = _mine(tmp_path)
    page = _open(qtbot, controller, vault)
    session = _session(controller)
    add_patient(session, PatientInput(family="Lindqvist", given="Ebba"))
    export = page.sections[1]
    assert export.only_me.isChecked()  # type: ignore[attr-defined]
    out = tmp_path / "me.medvault-export"
    prompts.save_paths.append(out)
    export.target.passphrase.setText("a long passphrase for my copy")  # type: ignore
    export.export_button.click()  # type: ignore[attr-defined]
    wait_idle(qtbot, controller)
    with out.open("rb") as handle:
        opened = open_export(handle, passphrase="a long passphrase for my copy")
    patients = [n for n in opened.names() if n.startswith("fhir/Patient")]
    assert patients
    body = b"".join(opened.read(n) for n in patients)
    assert b"Maja" in body and b"Ebba" not in body
    # The passphrase is not left in the field.
    assert export.target.passphrase.text() == ""  # type: ignore[attr-defined]


def test_a_new_section_is_one_class_appended(qtbot: QtBot, controller: AppController,
                                             tmp_path: Path) -> None:
    """How `appts` (or anyone) extends the page: subclass, append, done."""
    seen: list[str | None] = []

    class Appointments(MyRecordSection):
        def title(self) -> str:
            return "My appointments"

        def show_record(self, session: Session, patient_id: str | None) -> None:
            seen.append(patient_id)

        def clear(self) -> None:
            seen.append("cleared")

    MY_RECORD_SECTIONS.append(Appointments)
    try:
        vault = _mine(tmp_path)
        page = _open(qtbot, controller, vault)
        assert [s.title() for s in page.sections][-1] == "My appointments"
        qtbot.waitUntil(lambda: bool(seen))
        assert seen[-1] == own_record_id(_session(controller))
        controller.lock.lock(LockReason.MANUAL)
        qtbot.waitUntil(lambda: controller.state is AppState.LOCKED)
        assert seen[-1] == "cleared"
    finally:
        MY_RECORD_SECTIONS.remove(Appointments)
