"""Every screen fits a 1024×700 display: the main window's minimum size stays within it
whichever page or chart section is shown (a small practice's old monitor, a laptop)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.roles import Role
from app.ui.app_controller import AppController
from app.ui.patients_page import PatientsPage
from tests.ui.chart_support import add_people, signed_in
from tests.ui.conftest import sign_in

SCREEN = (1024, 700)


def _fits(controller: AppController, where: str, failures: list[str]) -> None:
    window = controller.main_window
    assert window is not None
    window.layout().activate()
    hint = window.minimumSizeHint()
    floor = window.minimumSize()
    width = max(hint.width(), floor.width())
    height = max(hint.height(), floor.height())
    if width > SCREEN[0] or height > SCREEN[1]:
        failures.append(f"{where}: needs {width}×{height}")


def test_every_page_and_chart_section_fits_1024_by_700(qtbot: QtBot, controller: AppController,
                                                       practice: Path) -> None:
    with signed_in(practice) as session:
        people = add_people(session)
    sign_in(qtbot, controller, practice, Role.OWNER)
    window = controller.main_window
    assert window is not None
    failures: list[str] = []
    for page in window.visible_pages():
        window.show_page(page)
        _fits(controller, page.title(), failures)
    patients = window.page(PatientsPage)
    assert isinstance(patients, PatientsPage)
    window.show_page(patients)
    patients.open_patient(patients.list_view.model.summary_at(
        patients.list_view.model.row_of(people.zoe)))
    chart = patients.chart_view
    for key in chart.section_keys():
        chart.show_section(key)
        _fits(controller, f"chart/{key}", failures)
    assert failures == []


# -- issue 15 item 7: what a 1024×700 screen showed cut or cramped ---------------------------
SMALL = (1024, 700)


def _small_window(qtbot: QtBot, controller: AppController, practice: Path) -> Any:
    sign_in(qtbot, controller, practice, Role.OWNER)
    window = controller.main_window
    assert window is not None
    window.resize(*SMALL)
    window.show()
    qtbot.waitExposed(window)
    return window


def _open(window: Any, patient_id: str) -> Any:
    patients = window.page(PatientsPage)
    window.show_page(patients)
    model = patients.list_view.model
    assert patients.open_patient(model.summary_at(model.row_of(patient_id)))
    return patients.chart_view


def test_the_main_window_opens_within_a_small_screen(qtbot: QtBot,
                                                     monkeypatch: Any) -> None:
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QWidget

    from app.ui import screen_fit

    class Screen:
        def __init__(self, width: int, height: int) -> None:
            self.room = QRect(0, 0, width, height)

        def availableGeometry(self) -> QRect:
            return self.room

    window = QWidget()
    qtbot.addWidget(window)
    monkeypatch.setattr(window, "screen", lambda: Screen(*SMALL))
    screen_fit.fit_to_screen(window, 1100, 720)
    assert window.width() <= SMALL[0] - 16 and window.height() <= SMALL[1] - 40
    monkeypatch.setattr(window, "screen", lambda: Screen(1920, 1200))
    screen_fit.fit_to_screen(window, 1100, 720)
    assert (window.width(), window.height()) == (1100, 720)


def test_a_long_name_and_mrn_do_not_widen_the_window(qtbot: QtBot, controller: AppController,
                                                     practice: Path) -> None:
    from app.core.records.patients import PatientInput, add_patient

    with signed_in(practice) as session:
        long = add_patient(session, PatientInput(
            family="Wolfeschlegelsteinhausen-Bergerdorff", given="Hubert Blaine Maximilian",
            birth_date="1960-03-16", mrn="MRN-2026-00000012345678", sex="male")).id
    window = _small_window(qtbot, controller, practice)
    chart = _open(window, long)
    failures: list[str] = []
    for key in chart.section_keys():
        chart.show_section(key)
        _fits(controller, f"chart/{key}", failures)
    assert failures == []


def test_observations_and_note_titles_have_room_at_1024_by_700(
        qtbot: QtBot, controller: AppController, practice: Path) -> None:
    from PySide6.QtCore import QModelIndex

    from app.core.records.notes import NoteContent, add_note
    from app.core.records.observations import record_vitals

    with signed_in(practice) as session:
        people = add_people(session)
        record_vitals(session, people.zoe, "2024-06-10T09:30:00+00:00", resp_rate=14,
                      temperature=36.8, spo2=98, weight=70, height=170, systolic=120,
                      diastolic=80, heart_rate=70)
        add_note(session, people.zoe, NoteContent(title="Hypertension follow-up review",
                                                  body="Stable."))
    window = _small_window(qtbot, controller, practice)
    chart = _open(window, people.zoe)
    section = chart.show_section("observations")
    table = section.table  # type: ignore[union-attr]
    rows = table.model().rowCount(QModelIndex())
    assert rows >= 8
    shown = table.rowAt(table.viewport().height() - 1)
    shown = rows if shown < 0 else shown
    assert shown >= 8, f"only {shown} rows of measurements on a 700-pixel screen"
    notes = chart.show_section("notes")
    table = notes.table  # type: ignore[union-attr]
    title = "Hypertension follow-up"
    assert table.columnWidth(1) >= table.fontMetrics().horizontalAdvance(title), \
        "note titles were cut to 'P…'"


def test_the_consent_until_column_is_on_screen(qtbot: QtBot, controller: AppController,
                                               practice: Path) -> None:
    from app.core.records.consent import add_consent
    from app.core.records.contacts import ContactInput, add_contact

    with signed_in(practice) as session:
        people = add_people(session)
        doctor = add_contact(session, ContactInput(name="Dr Annabelle Featherstonehaugh",
                                                   organisation="Riverside Cardiology"))
        add_consent(session, people.zoe, doctor.id, ["all"], "treatment",
                    valid_until="2031-12-31")
    window = _small_window(qtbot, controller, practice)
    chart = _open(window, people.zoe)
    consents = chart.show_section("consents")
    table = consents.table  # type: ignore[union-attr]
    model = table.model()
    header = table.horizontalHeader()
    for column in range(model.columnCount()):
        right = header.sectionViewportPosition(column) + header.sectionSize(column)
        assert right <= table.viewport().width(), model.headerData(column, Qt.Orientation.
                                                                   Horizontal)


@pytest.mark.parametrize("title", ["Set a quick-unlock PIN", "Mark as reviewed",
                                   "Eine Schnellentsperr-PIN festlegen"])
def test_every_dialog_is_wide_enough_for_its_title(qtbot: QtBot, qapp: Any,
                                                   title: str) -> None:
    from PySide6.QtGui import QFont, QFontMetrics
    from PySide6.QtWidgets import QDialog

    from app.ui.screen_fit import TITLE_BAR_EXTRA, install_title_fit

    fitter = install_title_fit(qapp)
    try:
        dialog = QDialog()
        qtbot.addWidget(dialog)
        dialog.setWindowTitle(title)
        dialog.show()
        font = QFont(dialog.font())
        font.setBold(True)
        assert dialog.width() >= QFontMetrics(font).horizontalAdvance(title) + TITLE_BAR_EXTRA
    finally:
        qapp.removeEventFilter(fitter)


def test_the_restricted_box_of_a_new_patient_is_not_cut_off_in_german(
        qtbot: QtBot, qapp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The box's explanation was part of its own text, which a check box never wraps: in
    German it ran past the dialog's edge ("Zum Öffnen ist eine B")."""
    from PySide6.QtCore import QLocale

    from app.ui.launch import _load_translations
    from app.ui.patient_dialog import PatientDialog

    monkeypatch.setattr(QLocale, "system", staticmethod(
        lambda: QLocale(QLocale.Language.German, QLocale.Country.Germany)))
    translators = _load_translations(qapp)
    for translator in translators:
        qapp.installTranslator(translator)
    try:
        dialog = PatientDialog(None)
        qtbot.addWidget(dialog)
        dialog.resize(600, 640)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert dialog.restricted.text() == "Gesperrte Akte"
        assert dialog.restricted.sizeHint().width() <= dialog.restricted.width()
        hint = dialog.restricted_hint
        assert hint.wordWrap() and hint.text().endswith("ist eine Begründung nötig.")
        assert hint.geometry().right() <= dialog.contentsRect().right()
        assert hint.height() >= 2 * hint.fontMetrics().lineSpacing()  # it wrapped
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)
