"""Issue 15.6: a personal vault reads as personal: "New person…" opens a New person dialog
without a record number or the practice's restricted-record box, and the chart's back
button says People."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.ui.app_controller import AppController
from app.ui.patient_dialog import PatientDialog
from app.ui.patients_page import PatientsPage
from tests.ui.conftest import OWNER_PASSWORD, sign_in, unlock


def _page(qtbot: QtBot, c: AppController, vault: Path, personal: bool) -> PatientsPage:
    if personal:
        c.open_vault(vault)
        unlock(qtbot, c, "me", OWNER_PASSWORD)
    else:
        sign_in(qtbot, c, vault)
    window = c.main_window
    assert window is not None
    page = window.page(PatientsPage)
    assert isinstance(page, PatientsPage)
    return page


def test_a_personal_vault_adds_people_not_patients(qtbot: QtBot, controller: AppController,
                                                   personal: Path) -> None:
    page = _page(qtbot, controller, personal, personal=True)
    assert page.list_view.new_button.text() == "&New person…"
    dialog = page.new_patient()
    assert isinstance(dialog, PatientDialog)
    assert dialog.windowTitle() == "New person"
    assert dialog.ok_button.text() == "Add person"
    assert not dialog.mrn.isVisibleTo(dialog)
    assert not dialog.restricted.isVisibleTo(dialog)
    dialog.family.setText("Doe")
    dialog.given.setText("Jamie")
    dialog.birth_date.setText("2015-04-02")
    dialog.ok_button.click()
    qtbot.waitUntil(page.is_chart_shown)
    assert page.chart_view.back_button.text() == "◀ &People"


def test_a_practice_keeps_its_patient_wording(qtbot: QtBot, controller: AppController,
                                              practice: Path) -> None:
    page = _page(qtbot, controller, practice, personal=False)
    dialog = page.new_patient()
    assert isinstance(dialog, PatientDialog)
    assert dialog.windowTitle() == "New patient"
    assert dialog.mrn.isVisibleTo(dialog) and dialog.restricted.isVisibleTo(dialog)
    dialog.reject()
    assert page.chart_view.back_button.text() == "◀ &Patients"
