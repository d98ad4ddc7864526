"""Issue 15, keyboard and restricted records: Tab leaves tables, Ctrl+N, the print menu is
one Tab stop, one New note button in a chart, a visible focus ring on every kind of
control, and a restricted record asks for the reason once however it is opened."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QAbstractItemView, QCheckBox, QPushButton, QRadioButton, QWidget
from pytestqt.qtbot import QtBot

from app.core.roles import Role
from app.ui.app_controller import AppController
from app.ui.chart.reason_dialog import ReasonDialog
from app.ui.patient_dialog import PatientDialog
from app.ui.patients_page import PatientsPage
from tests.ui.chart_support import People, add_people, make_page, signed_in
from tests.ui.conftest import ScriptedPrompts, sign_in


@pytest.fixture
def people(practice: Path) -> People:
    with signed_in(practice) as session:
        return add_people(session)


def test_tab_leaves_every_table_in_the_program(qtbot: QtBot, controller: AppController,
                                               practice: Path, people: People) -> None:
    sign_in(qtbot, controller, practice, Role.OWNER)
    window = controller.main_window
    assert window is not None
    tables: list[QAbstractItemView] = []
    for page in window.visible_pages():
        window.show_page(page)
        tables += page.findChildren(QAbstractItemView)
    patients = window.page(PatientsPage)
    assert isinstance(patients, PatientsPage)
    window.show_page(patients)
    model = patients.list_view.model
    assert patients.open_patient(model.summary_at(model.row_of(people.zoe)))
    for key in patients.chart_view.section_keys():
        section = patients.chart_view.show_section(key)
        assert section is not None
        tables += section.findChildren(QAbstractItemView)
    grabbing = [f"{type(t.parentWidget()).__name__}/{t.accessibleName()}" for t in tables
                if t.tabKeyNavigation()]
    assert grabbing == []


def _patients(qtbot: QtBot, c: AppController, practice: Path, role: Role) -> PatientsPage:
    sign_in(qtbot, c, practice, role)
    window = c.main_window
    assert window is not None
    qtbot.waitExposed(window)
    page = window.page(PatientsPage)
    assert isinstance(page, PatientsPage)
    return page


def test_tab_from_the_patient_table_moves_on_and_keeps_the_row(
        qtbot: QtBot, controller: AppController, practice: Path, people: People) -> None:
    page = _patients(qtbot, controller, practice, Role.RECEPTION)
    table = page.list_view.table
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    qtbot.keyClick(table, Qt.Key.Key_Down)
    row = table.currentIndex().row()
    assert row >= 0
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert table.currentIndex().row() == row
    assert page.list_view.new_button.hasFocus()


def test_ctrl_n_is_new_patient_on_the_list_and_new_note_in_a_chart(
        qtbot: QtBot, controller: AppController, practice: Path, people: People) -> None:
    page = _patients(qtbot, controller, practice, Role.CLINICIAN)
    page.list_view.search.setFocus()
    qtbot.waitUntil(page.list_view.search.hasFocus)
    qtbot.keyClick(page.list_view.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(page.dialog, PatientDialog) and page.dialog.isVisible()
    page.dialog.reject()
    model = page.list_view.model
    assert page.open_patient(model.summary_at(model.row_of(people.soren)))
    chart = page.chart_view
    qtbot.keyClick(chart.back_button, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert chart.current_key() == "notes"
    notes = chart.sections["notes"]
    assert notes.editor.draft.active  # type: ignore[attr-defined]


def test_auditor_ctrl_n_does_nothing(qtbot: QtBot, controller: AppController,
                                     practice: Path, people: People) -> None:
    page = _patients(qtbot, controller, practice, Role.AUDITOR)
    page.list_view.search.setFocus()
    qtbot.keyClick(page.list_view.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.dialog is None


def test_print_menu_is_one_tab_stop_and_one_new_note_button(
        qtbot: QtBot, practice: Path, people: People, prompts: ScriptedPrompts) -> None:
    with signed_in(practice, Role.CLINICIAN) as session:
        page = make_page(qtbot, session, prompts)
        model = page.list_view.model
        assert page.open_patient(model.summary_at(model.row_of(people.zoe)))
        chart = page.chart_view
        button = chart.print_button
        assert button.focusPolicy() & Qt.FocusPolicy.TabFocus
        # Instant popup: Space or Enter on the one Tab stop opens Print… / Save as PDF….
        assert button.popupMode() == button.ToolButtonPopupMode.InstantPopup
        # The same menu also offers Share… to those who may share (sharing tests cover it).
        assert [a.text() for a in button.menu().actions()][:2] == ["Save as &PDF…", "&Print…"]
        chart.show_section("notes")
        new_note = [b for b in chart.findChildren(QPushButton)
                    if b.text() == "&New note" and b.isVisibleTo(chart)]
        assert new_note == [chart.new_note_button]


def activate(qtbot: QtBot, page: QWidget) -> None:
    """Shortcuts and focus need an active window (the offscreen platform activates on ask)."""
    page.activateWindow()
    qtbot.waitActive(page)


def _focus_ring_pixels(qtbot: QtBot, widget: QWidget, focused: bool) -> int:
    host = QWidget()
    qtbot.addWidget(host)
    widget.setParent(host)
    widget.move(10, 10)
    host.resize(300, 80)
    from app.ui.icons import stylesheet_path

    host.setStyleSheet(stylesheet_path().read_text(encoding="utf-8"))
    host.show()
    qtbot.waitExposed(host)
    if focused:
        host.activateWindow()
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(widget.hasFocus)
    image: QImage = widget.grab().toImage()
    highlight = widget.palette().highlight().color()
    return sum(1 for x in range(image.width()) for y in range(image.height())
               if image.pixelColor(x, y) == highlight)


@pytest.mark.parametrize("kind", [QCheckBox, QRadioButton])
def test_check_boxes_and_radio_buttons_show_a_focus_ring(qtbot: QtBot,
                                                         kind: type[QWidget]) -> None:
    plain = _focus_ring_pixels(qtbot, kind("Flagged only"), focused=False)  # type: ignore[call-arg]
    ring = _focus_ring_pixels(qtbot, kind("Flagged only"), focused=True)  # type: ignore[call-arg]
    assert ring > plain + 40  # a 2px ring around the control, not a dotted hint


def test_double_click_on_a_restricted_patient_asks_once(
        qtbot: QtBot, practice: Path, people: People, prompts: ScriptedPrompts) -> None:
    with signed_in(practice, Role.CLINICIAN) as session:
        page = make_page(qtbot, session, prompts)
        page.list_view.search.setText("famous")
        page.list_view.run_query_now()
        qtbot.waitUntil(lambda: page.list_view.model.rowCount() == 1)
        table = page.list_view.table
        rect = table.visualRect(page.list_view.model.index(0, 0))
        activate(qtbot, page)
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        from PySide6.QtWidgets import QApplication

        asked = [w for w in QApplication.topLevelWidgets()
                 if isinstance(w, ReasonDialog) and w.isVisible()]
        assert len(asked) == 1
        # Enter on the same row while it is asked opens no second question either.
        qtbot.keyClick(table, Qt.Key.Key_Return)
        asked = [w for w in QApplication.topLevelWidgets()
                 if isinstance(w, ReasonDialog) and w.isVisible()]
        assert len(asked) == 1
        asked[0].reject()
