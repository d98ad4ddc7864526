"""The appointment book in the window: day and week views per practitioner and for the
practice, booking with the keyboard, conflicts warned about, moving by drag and drop and
by Ctrl+arrows, arrivals and no-shows, cancelling, opening hours, opening a patient from
the day list (chart or details as core says), the audited printed list, and a personal
vault's "My appointments"."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.records import clock
from app.core.records.appointments import book_appointment
from app.core.records.patients import set_patient_restricted
from app.core.roles import Role
from app.core.session import Session
from app.ui.app_controller import AppController
from app.ui.appointments.dialogs import AppointmentDialog, HoursDialog
from app.ui.appointments.models import MIME_TYPE
from app.ui.appointments.my_appointments import MyAppointmentsPage
from app.ui.appointments.page import AppointmentsPage
from app.ui.patients_page import PatientsPage
from tests.ui.chart_support import People, add_people, signed_in
from tests.ui.conftest import ScriptedPrompts, sign_in

MONDAY = date(2030, 5, 6)


def at(day: date, hh: int, mm: int = 0) -> str:
    return clock.iso(datetime.combine(day, time(hh, mm)))


@pytest.fixture
def people(practice: Path) -> People:
    with signed_in(practice) as session:
        return add_people(session)


def _doctors(session: Session) -> dict[str, str]:
    from app.core.records.appointment_book import practitioners

    return {p.name: p.user_id for p in practitioners(session)}


@pytest.fixture
def booked(practice: Path, people: People) -> dict[str, str]:
    """Monday's book: Zoë at 09:00 with the clinician, Søren at 09:30 with the owner, the
    restricted Fiona at 10:00 with the clinician."""
    with signed_in(practice, Role.RECEPTION) as desk:
        doctors = _doctors(desk)
        clinician = next(i for n, i in doctors.items() if n != "Olive Owner")
        owner = doctors["Olive Owner"]
        ids = {
            "zoe": book_appointment(desk, people.zoe, at(MONDAY, 9), at(MONDAY, 9, 15),
                                    practitioner_id=clinician, reason="blood pressure").id,
            "soren": book_appointment(desk, people.soren, at(MONDAY, 9, 30),
                                      at(MONDAY, 9, 45), practitioner_id=owner).id,
            "clinician": clinician, "owner": owner,
        }
    with signed_in(practice) as owner_session:
        # Reception cannot book a restricted patient; the owner does, with a reason.
        from app.core.records.restricted import open_restricted

        open_restricted(owner_session, people.hidden, "booking her follow-up")
        ids["fiona"] = book_appointment(owner_session, people.hidden, at(MONDAY, 10),
                                        at(MONDAY, 10, 15), practitioner_id=clinician,
                                        reason="qzxprivate").id
    return ids


def open_book(qtbot: QtBot, controller: AppController, practice: Path, role: Role,
              day: date = MONDAY) -> AppointmentsPage:
    sign_in(qtbot, controller, practice, role)
    window = controller.main_window
    assert window is not None
    page = window.page(AppointmentsPage)
    assert isinstance(page, AppointmentsPage) and page in window.visible_pages()
    window.show_page(page)
    page.who.setCurrentIndex(0)  # the whole practice
    page.day = day
    page.refresh()
    return page


def cell_of(page: AppointmentsPage, hh: int, mm: int, column: int = 0) -> object:
    model = page.grid_model
    row = next(r for r, s in enumerate(model.slots) if s == time(hh, mm))
    return model.index(row, column)


def lane_column(page: AppointmentsPage, practitioner_id: str | None) -> int:
    return next(i for i, lane in enumerate(page.grid_model.lanes)
                if lane.practitioner_id == practitioner_id)


def _session(page: AppointmentsPage) -> Session:
    session = page.session
    assert session is not None
    return session


def _statuses(page: AppointmentsPage) -> dict[str, str]:
    return {e.id: e.appointment.status for e in page.list_model.entries}


# -- the views ------------------------------------------------------------------------------
def test_reception_sees_the_practice_day_by_practitioner_without_the_clinical_key(
        qtbot: QtBot, controller: AppController, practice: Path,
        booked: dict[str, str]) -> None:
    page = open_book(qtbot, controller, practice, Role.RECEPTION)
    assert not _session(page).holds("clinical")
    model = page.grid_model
    assert [lane.title for lane in model.lanes][:1] and len(model.lanes) == 2
    # Slots follow the default opening hours: 08:00 to 18:00 in 15-minute steps.
    assert model.slots[0] == time(8, 0) and model.slots[-1] == time(17, 45)
    doc = lane_column(page, booked["clinician"])
    assert "García, Zoë · blood pressure" in model.data(cell_of(page, 9, 0, doc))
    # The restricted patient's reason stays hidden; her name is shown, as in search.
    fiona = model.data(cell_of(page, 10, 0, doc))
    assert "Famous, Fiona" in fiona and "qzxprivate" not in fiona
    texts = [page.list_model.data(page.list_model.index(r, 4))
             for r in range(page.list_model.rowCount())]
    assert "(restricted)" in texts and "qzxprivate" not in " ".join(texts)
    # One practitioner's day: one column.
    page.who.setCurrentIndex(page.who.findData(booked["owner"]))
    assert len(model.lanes) == 1 and page.list_model.rowCount() == 1


def test_week_view_for_one_practitioner_and_for_everyone(
        qtbot: QtBot, controller: AppController, practice: Path,
        booked: dict[str, str]) -> None:
    page = open_book(qtbot, controller, practice, Role.RECEPTION, date(2030, 5, 8))
    page.show_week(True)
    model = page.grid_model
    # Monday to Friday (the practice is closed at the weekend), all practitioners.
    assert [lane.day for lane in model.lanes] == [date(2030, 5, d) for d in range(6, 11)]
    assert all(lane.everyone for lane in model.lanes)
    assert page.list_model.rowCount() == 3
    page.who.setCurrentIndex(page.who.findData(booked["clinician"]))
    assert page.list_model.rowCount() == 2
    assert not any(lane.everyone for lane in model.lanes)
    page.step(1)
    assert model.lanes[0].day == date(2030, 5, 13) and page.list_model.rowCount() == 0
    assert not page.print_button.isEnabled()  # the day list prints from the day view


# -- booking with the keyboard ----------------------------------------------------------------
def test_book_a_free_slot_with_the_keyboard_only(
        qtbot: QtBot, controller: AppController, practice: Path, people: People,
        booked: dict[str, str]) -> None:
    page = open_book(qtbot, controller, practice, Role.RECEPTION)
    doc = lane_column(page, booked["clinician"])
    page.grid.setFocus()
    page.grid.setCurrentIndex(cell_of(page, 11, 0, doc))
    qtbot.keyClick(page.grid, Qt.Key.Key_Return)  # Enter on a free slot books it
    dialog = page.dialog
    assert isinstance(dialog, AppointmentDialog) and dialog.isVisible()
    assert dialog.start().time() == time(11, 0)
    assert dialog.chosen_practitioner() == booked["clinician"]
    QApplication.processEvents()
    assert dialog.focusWidget() is dialog.search
    qtbot.keyClicks(dialog.search, "Wisniewski")
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)  # search now (no debounce wait)
    assert dialog.matches.count() == 1 and dialog.chosen_patient() == people.lukasz
    qtbot.keyClick(dialog.reason, Qt.Key.Key_A)
    qtbot.keyClick(dialog.ok_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    entry = page.current_entry()
    assert entry is not None and entry.appointment.patient_id == people.lukasz
    assert "Wiśniewski" in page.grid_model.data(cell_of(page, 11, 0, doc))
    created = list(_session(page).audit.entries(action_prefix="appointment.create"))
    assert created[-1].target == entry.id


def test_a_conflict_is_warned_about_and_booked_only_when_asked(
        qtbot: QtBot, controller: AppController, practice: Path, people: People,
        booked: dict[str, str]) -> None:
    page = open_book(qtbot, controller, practice, Role.RECEPTION)
    doc = lane_column(page, booked["clinician"])
    page.grid.setCurrentIndex(cell_of(page, 9, 0, doc))  # Zoë's slot
    dialog = page.book()
    assert dialog is not None
    dialog.search.setText("Kierkegaard")
    dialog.search_now()
    dialog.ok_button.click()
    assert dialog.isVisible() and dialog.anyway.isVisible()
    assert "overlaps 1 other appointment" in dialog.banner.text()
    dialog.time.setTime(dialog.time.time().addSecs(30 * 60))  # 09:30: Søren's own slot
    assert not dialog.anyway.isVisible()  # the warning was about the earlier choice
    dialog.ok_button.click()
    assert "overlaps" in dialog.banner.text()
    dialog.time.setTime(dialog.time.time().addSecs(-30 * 60))
    dialog.ok_button.click()
    dialog.anyway.setChecked(True)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    entry = list(_session(page).audit.entries(action_prefix="appointment.create"))[-1]
    assert json.loads(entry.detail)["double_booked"] == [booked["zoe"]]
    cell = page.grid_model.data(cell_of(page, 9, 0, doc))
    assert "García" in cell and "Kierkegaard" in cell


def test_outside_the_opening_hours_is_warned_about(
        qtbot: QtBot, controller: AppController, practice: Path, people: People,
        booked: dict[str, str]) -> None:
    page = open_book(qtbot, controller, practice, Role.RECEPTION)
    page.grid.setCurrentIndex(cell_of(page, 17, 45))
    dialog = page.book()
    assert dialog is not None
    dialog.search.setText("O'Brien")
    dialog.search_now()
    dialog.length.setValue(30)  # runs past 18:00
    dialog.ok_button.click()
    assert "outside the practice's opening hours" in dialog.banner.text()
    dialog.anyway.setChecked(True)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    # The view stretches to show what was booked outside the hours.
    assert page.grid_model.slots[-1] == time(18, 0)


# -- moving -----------------------------------------------------------------------------------
def _drop(page: AppointmentsPage, appointment_id: str, target: object) -> None:
    """Drag enter, move and drop on the grid's viewport, as the mouse delivers them."""
    data = QMimeData()
    data.setData(MIME_TYPE, appointment_id.encode())
    rect = page.grid.visualRect(target)  # type: ignore[arg-type]
    args = (Qt.DropAction.MoveAction, data, Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier)
    viewport = page.grid.viewport()
    enter = QDragEnterEvent(rect.center(), *args)
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(rect.center(), *args)
    QApplication.sendEvent(viewport, move)
    assert move.isAccepted()  # the model said it can take the drop here
    QApplication.sendEvent(viewport, QDropEvent(rect.center().toPointF(), *args))


def test_drag_and_drop_moves_to_another_time_and_practitioner(
        qtbot: QtBot, controller: AppController, practice: Path,
        booked: dict[str, str], prompts: ScriptedPrompts) -> None:
    page = open_book(qtbot, controller, practice, Role.RECEPTION)
    page.resize(1000, 700)
    model = page.grid_model
    source = model.index_of(booked["zoe"])
    assert model.flags(source) & Qt.ItemFlag.ItemIsDragEnabled
    mime = model.mimeData([source])
    assert bytes(mime.data(MIME_TYPE).data()).decode() == booked["zoe"]
    assert "García" not in bytes(mime.data(MIME_TYPE).data()).decode()
    owner = lane_column(page, booked["owner"])
    target = cell_of(page, 11, 0, owner)
    page.grid.scrollTo(target)  # type: ignore[arg-type]
    _drop(page, booked["zoe"], target)
    qtbot.waitUntil(lambda: _statuses(page) and page.list_model.entry(
        page.list_model.row_of(booked["zoe"])).appointment.starts_at == at(MONDAY, 11))
    moved = page.list_model.entry(page.list_model.row_of(booked["zoe"]))
    assert moved is not None and moved.appointment.practitioner_id == booked["owner"]
    # Onto Søren's slot with the owner: asked first; "no" leaves it where it is.
    prompts.confirms = [False]
    target = cell_of(page, 9, 30, owner)
    page.grid.scrollTo(target)  # type: ignore[arg-type]
    _drop(page, booked["zoe"], target)
    qtbot.waitUntil(lambda: any(m[0] == "confirm" for m in prompts.messages))
    assert "overlaps" in [m for m in prompts.messages if m[0] == "confirm"][-1][2]
    entry = page.list_model.entry(page.list_model.row_of(booked["zoe"]))
    assert entry is not None and entry.appointment.starts_at == at(MONDAY, 11)


def test_ctrl_arrows_move_the_selected_booking(
        qtbot: QtBot, controller: AppController, practice: Path,
        booked: dict[str, str]) -> None:
    page = open_book(qtbot, controller, practice, Role.RECEPTION)
    page.select(booked["soren"])
    page.grid.setFocus()
    qtbot.keyClick(page.grid, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    entry = page.current_entry()
    assert entry is not None and entry.id == booked["soren"]
    assert entry.appointment.starts_at == at(MONDAY, 9, 45)
    assert page.grid.currentIndex() == page.grid_model.index_of(booked["soren"])
    column = page.grid.currentIndex().column()
    key = Qt.Key.Key_Left if column > 0 else Qt.Key.Key_Right
    qtbot.keyClick(page.grid, key, Qt.KeyboardModifier.ControlModifier)
    entry = page.current_entry()
    assert entry is not None and entry.appointment.practitioner_id == booked["clinician"]
    moves = list(_session(page).audit.entries(action_prefix="appointment.move"))
    assert len(moves) == 2


def test_move_dialog_keeps_the_length(qtbot: QtBot, controller: AppController,
                                      practice: Path, booked: dict[str, str]) -> None:
    page = open_book(qtbot, controller, practice, Role.RECEPTION)
    page.select(booked["zoe"])
    dialog = page.move_selected()
    assert dialog is not None and not dialog.length.isEnabled()
    dialog.time.setTime(dialog.time.time().addSecs(4 * 3600))  # 13:00
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    entry = page.current_entry()
    assert entry is not None
    assert (entry.appointment.starts_at, entry.appointment.ends_at) == (
        at(MONDAY, 13), at(MONDAY, 13, 15))


# -- the day at the desk ------------------------------------------------------------------
def test_arrived_no_show_and_cancel_from_the_keyboard(
        qtbot: QtBot, controller: AppController, practice: Path,
        booked: dict[str, str], prompts: ScriptedPrompts) -> None:
    page = open_book(qtbot, controller, practice, Role.RECEPTION)
    assert page.list_heading.text().endswith("0 of 3 arrived")
    qtbot.waitExposed(page.window())
    page.select(booked["zoe"])
    page.list.setFocus()
    qtbot.waitUntil(page.list.hasFocus)
    # A button's Alt letter clicks it the way a mouse would, animated: wait for it.
    qtbot.keyClick(page.list, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: _statuses(page)[booked["zoe"]] == "arrived")
    assert page.list_heading.text().endswith("1 of 3 arrived")
    assert page.arrived_button.text() == "Not &arrived"
    font = page.list_model.data(page.list_model.index(page.list_model.row_of(booked["zoe"]),
                                                      1), Qt.ItemDataRole.FontRole)
    assert font.bold()  # who is in the waiting room stands out
    page.select(booked["soren"])
    page.list.setFocus()
    qtbot.keyClick(page.list, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: _statuses(page)[booked["soren"]] == "noshow")
    # The restricted patient's booking: core would refuse the desk, so the page says so.
    page.select(booked["fiona"])
    assert not page.cancel_button.isEnabled() and not page.arrived_button.isEnabled()
    assert "restricted" in page.banner.text()
    page.select(booked["zoe"])
    assert not page.banner.text()
    page.list.setFocus()
    prompts.confirms = [True]
    qtbot.keyClick(page.list, Qt.Key.Key_Delete)
    assert _statuses(page)[booked["zoe"]] == "cancelled"
    assert page.grid_model.data(cell_of(page, 9, 0, lane_column(
        page, booked["clinician"]))) is None  # the slot is free again
    statuses = [json.loads(e.detail)["status"] for e in
                _session(page).audit.entries(action_prefix="appointment.status")]
    assert statuses == ["arrived", "noshow", "cancelled"]


@pytest.mark.parametrize(("role", "section"), [(Role.CLINICIAN, "summary"),
                                               (Role.RECEPTION, "details")])
def test_opening_a_patient_from_the_day_list(
        qtbot: QtBot, controller: AppController, practice: Path, booked: dict[str, str],
        people: People, role: Role, section: str) -> None:
    page = open_book(qtbot, controller, practice, role)
    page.select(booked["zoe"])
    page.list.setFocus()
    qtbot.keyClick(page.list, Qt.Key.Key_Return)
    window = controller.main_window
    assert window is not None
    patients = window.page(PatientsPage)
    assert isinstance(patients, PatientsPage)
    assert window.stack.currentWidget() is patients and patients.is_chart_shown()
    assert patients.chart_view.patient_id == people.zoe
    assert patients.chart_view.current_key() == section


def test_hours_dialog_sets_what_the_views_show(
        qtbot: QtBot, controller: AppController, practice: Path,
        booked: dict[str, str]) -> None:
    page = open_book(qtbot, controller, practice, Role.ADMIN)
    assert page.hours_button.isVisible()
    dialog = page.edit_hours()
    assert isinstance(dialog, HoursDialog)
    dialog.opens[0].setTime(dialog.opens[0].time().addSecs(3600))  # Monday from 09:00
    dialog.open_boxes[5].setChecked(True)  # Saturday open
    dialog.slot.setCurrentIndex(dialog.slot.findData(30))
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    model = page.grid_model
    assert model.slots[0] == time(9, 0) and model.slots[1] == time(9, 30)
    changed = list(_session(page).audit.entries(action_prefix="appointment.hours.change"))
    assert json.loads(changed[-1].detail)["slot_minutes"] == 30
    page.show_week(True)
    assert date(2030, 5, 11) in [lane.day for lane in model.lanes]  # Saturday now shown
    # A bad choice stays in the dialog with core's message.
    dialog = page.edit_hours()
    assert dialog is not None
    dialog.closes[0].setTime(dialog.opens[0].time())
    dialog.ok_button.click()
    assert dialog.isVisible() and "Monday" in dialog.banner.text()
    dialog.reject()


def test_reception_has_no_hours_button(qtbot: QtBot, controller: AppController,
                                       practice: Path, booked: dict[str, str]) -> None:
    page = open_book(qtbot, controller, practice, Role.RECEPTION)
    assert not page.hours_button.isVisible() and page.edit_hours() is None


def test_the_printed_and_exported_day_list_is_audited(
        qtbot: QtBot, controller: AppController, practice: Path, booked: dict[str, str],
        prompts: ScriptedPrompts, tmp_path: Path) -> None:
    page = open_book(qtbot, controller, practice, Role.RECEPTION)
    prompts.save_paths = [tmp_path / "day", tmp_path / "day.csv"]
    path = page.save_pdf()
    assert path == tmp_path / "day.pdf" and path.read_bytes().startswith(b"%PDF")
    assert page.export_csv() == tmp_path / "day.csv"
    assert "qzxprivate" not in (tmp_path / "day.csv").read_text()
    session = _session(page)
    printed = list(session.audit.entries(action_prefix="appointment.list.print"))
    assert json.loads(printed[-1].detail) == {"day": "2030-05-06", "rows": 3,
                                              "output": "pdf"}
    assert list(session.audit.entries(action_prefix="appointment.list.export"))
    prompts.save_paths = [None]  # cancelled: nothing printed, nothing audited
    assert page.save_pdf() is None
    assert len(list(session.audit.entries(action_prefix="appointment.list.print"))) == 1


def test_the_day_list_html_hides_restricted_reasons(
        qtbot: QtBot, controller: AppController, practice: Path,
        booked: dict[str, str]) -> None:
    from app.core.records.appointment_book import day_entries
    from app.ui.appointments.day_print import day_list_html

    page = open_book(qtbot, controller, practice, Role.RECEPTION)
    text = day_list_html(MONDAY, day_entries(_session(page), MONDAY), {}, "Monday", "desk")
    assert "Famous, Fiona" in text and "qzxprivate" not in text and "blood pressure" in text


def test_a_restricted_patient_stays_hidden_after_being_restricted_later(
        qtbot: QtBot, controller: AppController, practice: Path, people: People,
        booked: dict[str, str]) -> None:
    with signed_in(practice, Role.RECEPTION) as desk:
        set_patient_restricted(desk, people.zoe, True)
    page = open_book(qtbot, controller, practice, Role.RECEPTION)
    assert "blood pressure" not in page.grid_model.data(page.grid_model.index_of(
        booked["zoe"]))


# -- the personal vault ---------------------------------------------------------------------
@pytest.fixture
def my_page(qtbot: QtBot, controller: AppController, personal: Path
            ) -> Iterator[MyAppointmentsPage]:
    from tests.ui.conftest import OWNER_PASSWORD, unlock

    controller.open_vault(personal)
    unlock(qtbot, controller, "me", OWNER_PASSWORD)
    window = controller.main_window
    assert window is not None
    page = window.page(MyAppointmentsPage)
    assert isinstance(page, MyAppointmentsPage) and page in window.visible_pages()
    assert window.page(AppointmentsPage) not in window.visible_pages()
    window.show_page(page)
    yield page


def test_my_appointments_in_a_personal_vault(qtbot: QtBot, my_page: MyAppointmentsPage,
                                             prompts: ScriptedPrompts) -> None:
    from app.core.records.patients import PatientInput, add_patient

    session = my_page.session
    assert session is not None
    add_patient(session, PatientInput(family="Me", given="Myself"))
    assert my_page.model.rowCount() == 0 and "No appointments" in my_page.empty.text()
    dialog = my_page.add()
    assert dialog is not None and dialog.person.count() == 1
    assert not dialog.practitioner.isVisibleTo(dialog)
    dialog.location.setText("Dr Weiss, Riverside surgery")
    dialog.ok_button.click()  # a personal vault has no opening hours to warn about
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert my_page.model.rowCount() == 1
    assert my_page.model.data(my_page.model.index(0, 2)) == "Dr Weiss, Riverside surgery"
    assert my_page.model.headerData(2, Qt.Orientation.Horizontal) == "Where"
    my_page.table.setFocus()
    prompts.confirms = [True]
    qtbot.keyClick(my_page.table, Qt.Key.Key_Delete)
    entry = my_page.model.entry(0)
    assert entry is not None and entry.appointment.status == "cancelled"


@pytest.mark.parametrize("language", ["en", "de"])
def test_page_fits_a_small_screen(qtbot: QtBot, controller: AppController, practice: Path,
                                  booked: dict[str, str], language: str) -> None:
    """1024×700, in German too (longer words), for the owner, who sees every button."""
    from PySide6.QtCore import QTranslator

    from app.ui.icons import resources_dir, stylesheet

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translator = QTranslator()
    if language == "de":
        assert translator.load(str(resources_dir() / "translations" / "medvault_de.qm"))
        app.installTranslator(translator)
    app.setStyleSheet(stylesheet())  # the real window's padding
    try:
        page = open_book(qtbot, controller, practice, Role.OWNER)
        assert page.hours_button.isVisible()
        window = controller.main_window
        assert window is not None
        for week in (False, True):
            page.show_week(week)
            window.layout().activate()
            hint = window.minimumSizeHint()
            assert hint.width() <= 1024 and hint.height() <= 700, (language, week, hint)
        if language == "de":
            assert page.book_button.text() == "&Buchen…"
    finally:
        app.removeTranslator(translator)
        app.setStyleSheet("")


def test_printing_the_day_list_is_audited(
        qtbot: QtBot, controller: AppController, practice: Path, booked: dict[str, str],
        prompts: ScriptedPrompts, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtPrintSupport import QPrinter

    page = open_book(qtbot, controller, practice, Role.RECEPTION)
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # a printer that writes here
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    monkeypatch.setattr(prompts, "printer_for", lambda _parent: printer)
    page.grid.setFocus()
    qtbot.keyClick(page.grid, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: (tmp_path / "printed.pdf").exists())
    printed = list(_session(page).audit.entries(action_prefix="appointment.list.print"))
    assert json.loads(printed[-1].detail)["output"] == "printer"
    monkeypatch.setattr(prompts, "printer_for", lambda _parent: None)  # cancelled
    page.print_day()
    assert len(list(_session(page).audit.entries(
        action_prefix="appointment.list.print"))) == 1
