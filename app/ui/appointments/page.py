"""The Appointments page: the practice's book by day or week, for one practitioner or the
whole practice, and the list of the appointments in view (who has arrived).

Keyboard (no mouse needed): arrows walk the grid; Enter on a free slot books it, on a
booking opens the patient; Ctrl+arrows move the booking a slot earlier or later, or to
the next column; Delete cancels; Page Up/Down go back and forward a day (a week);
the buttons' Alt letters do the rest. Drag a booking to another slot or column to move
it. Every change goes through core, which checks permissions and writes the audit log;
the page warns about what core's slot check finds before it asks core to book anyway.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import MedVaultError
from app.core.roles import Operation
from app.ui.appointments.dialogs import (
    AppointmentDialog,
    HoursDialog,
    conflict_words,
    from_qdate,
    to_qdate,
)
from app.ui.appointments.models import BookGridModel, DayListModel, Lane
from app.ui.context import UiContext
from app.ui.core_messages import error_text
from app.ui.icons import icon
from app.ui.pages import SessionPage
from app.ui.widgets import Banner, configure_table

if TYPE_CHECKING:
    from app.core.records.appointment_book import BookEntry, Practitioner
    from app.core.records.practice_hours import PracticeHours
    from app.core.session import Session


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


class AppointmentsPage(SessionPage):
    operation = Operation.APPOINTMENT_READ
    icon_name = "calendar"

    #: Open this patient where core says this user goes ("chart" or "details").
    open_booked_patient_requested = Signal(object, str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("appointmentsPage")
        self.day = date.today()
        self.week = False
        self.hours: PracticeHours | None = None
        self.practitioners: list[Practitioner] = []
        self.dialog: AppointmentDialog | HoursDialog | None = None

        self.banner = Banner(self, "info")
        self.previous_button = QPushButton("◀", self)
        self.previous_button.setAccessibleName(self.tr("Previous day or week"))
        self.previous_button.setToolTip(self.tr("Previous day or week (Page Up)"))
        self.previous_button.clicked.connect(lambda _c=False: self.step(-1))
        self.previous_button.setMaximumWidth(40)
        self.today_button = QPushButton(self.tr("&Today"), self)
        self.today_button.clicked.connect(self.go_today)
        self.next_button = QPushButton("▶", self)
        self.next_button.setAccessibleName(self.tr("Next day or week"))
        self.next_button.setToolTip(self.tr("Next day or week (Page Down)"))
        self.next_button.clicked.connect(lambda _c=False: self.step(1))
        self.next_button.setMaximumWidth(40)
        self.date_edit = QDateEdit(self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("ddd dd.MM.yyyy")
        self.date_edit.setAccessibleName(self.tr("Day shown"))
        self.date_edit.dateChanged.connect(self._date_picked)
        self.view_choice = QComboBox(self)
        self.view_choice.setAccessibleName(self.tr("Day or week"))
        self.view_choice.addItem(self.tr("Day"), False)
        self.view_choice.addItem(self.tr("Week"), True)
        self.view_choice.currentIndexChanged.connect(self._view_picked)
        self.who = QComboBox(self)
        self.who.setAccessibleName(self.tr("Whose book"))
        self.who.currentIndexChanged.connect(lambda _i: self.refresh())
        who_label = QLabel(self.tr("&For:"), self)
        who_label.setBuddy(self.who)
        self.hours_button = QPushButton(icon("settings"), self.tr("Opening &hours…"), self)
        self.hours_button.clicked.connect(self.edit_hours)

        self.book_button = QPushButton(icon("add"), self.tr("&Book…"), self)
        self.book_button.setToolTip(self.tr("Book the selected slot (Enter on a free slot)"))
        self.book_button.clicked.connect(self.book)
        self.move_button = QPushButton(self.tr("&Move…"), self)
        self.move_button.setToolTip(self.tr("Move the selected appointment (or drag it; "
                                            "Ctrl+arrow keys move it a slot)"))
        self.move_button.clicked.connect(self.move_selected)
        self.arrived_button = QPushButton(self.tr("&Arrived"), self)
        self.arrived_button.clicked.connect(self.toggle_arrived)
        self.noshow_button = QPushButton(self.tr("&No-show"), self)
        self.noshow_button.clicked.connect(lambda _c=False: self.set_status("noshow"))
        self.cancel_button = QPushButton(self.tr("&Cancel appointment"), self)
        self.cancel_button.setToolTip(self.tr("Cancel the selected appointment (Delete)"))
        self.cancel_button.clicked.connect(self.cancel)
        self.open_button = QPushButton(icon("patient"), self.tr("&Open patient"), self)
        self.open_button.clicked.connect(self.open_patient)
        self.print_button = QToolButton(self)
        self.print_button.setText(self.tr("&Print day list"))
        self.print_button.setIcon(icon("print"))
        self.print_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.print_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.print_button.setProperty("framed", True)
        menu = QMenu(self.print_button)
        self.paper_action = menu.addAction(icon("print"), self.tr("&Print…"))
        self.paper_action.triggered.connect(self.print_day)
        self.pdf_action = menu.addAction(icon("export"), self.tr("Save as P&DF…"))
        self.pdf_action.triggered.connect(self.save_pdf)
        self.csv_action = menu.addAction(icon("export"), self.tr("Export as &CSV…"))
        self.csv_action.triggered.connect(self.export_csv)
        self.print_button.setMenu(menu)

        self.grid_model = BookGridModel(self)
        self.grid_model.move_requested.connect(self._dropped,
                                               Qt.ConnectionType.QueuedConnection)
        self.grid = QTableView(self)
        self.grid.setObjectName("appointmentGrid")
        self.grid.setAccessibleName(self.tr("Appointment book"))
        self.grid.setModel(self.grid_model)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setDragEnabled(True)
        self.grid.setAcceptDrops(True)
        self.grid.setDropIndicatorShown(True)
        self.grid.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.grid.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.grid.setWordWrap(True)
        self.grid.setTabKeyNavigation(False)  # arrows walk the grid; Tab leaves it
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.horizontalHeader().setMinimumSectionSize(90)
        self.grid.verticalHeader().setDefaultSectionSize(26)
        self.grid.verticalHeader().setMinimumSectionSize(26)
        self.grid.installEventFilter(self)
        self.grid.doubleClicked.connect(self._activated)
        self.grid.selectionModel().currentChanged.connect(self._grid_moved)

        self.list_model = DayListModel(self)
        self.list = QTableView(self)
        self.list.setObjectName("appointmentList")
        self.list.setAccessibleName(self.tr("Appointments in view"))
        self.list.setModel(self.list_model)
        configure_table(self.list)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.horizontalHeader().setStretchLastSection(True)
        for column in range(4):
            self.list.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents)
        self.list.installEventFilter(self)
        self.list.doubleClicked.connect(lambda _i: self.open_patient())
        self.list.selectionModel().currentRowChanged.connect(self._list_moved)
        self.list_heading = QLabel(self)
        self.list_heading.setObjectName("arrivedCount")
        self._syncing = False
        self._restricted_hint = False

        nav = QHBoxLayout()
        widget: QWidget
        for widget in (self.previous_button, self.today_button, self.next_button,
                       self.date_edit, self.view_choice, who_label, self.who):
            nav.addWidget(widget)
        nav.addStretch(1)
        nav.addWidget(self.hours_button)
        actions = QHBoxLayout()
        for widget in (self.book_button, self.move_button, self.arrived_button,
                       self.noshow_button, self.cancel_button, self.open_button):
            actions.addWidget(widget)
        actions.addStretch(1)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        # Printing sits by the list it prints (and keeps the rows above within a
        # 1024-pixel screen in longer languages).
        list_row = QHBoxLayout()
        list_row.addWidget(self.list_heading, 1)
        list_row.addWidget(self.print_button)
        lower_layout.addLayout(list_row)
        lower_layout.addWidget(self.list, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.grid)
        self.splitter.addWidget(lower)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(nav)
        layout.addLayout(actions)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)

        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in ((QKeySequence.StandardKey.MoveToPreviousPage, lambda: self.step(-1)),
                           (QKeySequence.StandardKey.MoveToNextPage, lambda: self.step(1)),
                           (QKeySequence.StandardKey.Print, self.print_day)):
            shortcut = QShortcut(keys, self, slot)
            shortcut.setContext(context)
        self._set_enabled()

    def title(self) -> str:
        return self.tr("Appointments")

    def visible_for(self, session: Session) -> bool:
        # A personal vault has its own simple list ("My appointments").
        return session.vault.file.kind == "practice" and super().visible_for(session)

    # -- the contract --------------------------------------------------------------------
    def set_session(self, session: Session) -> None:
        from app.core.records import clock

        self.day = clock.now().astimezone().date()
        self._session = session
        with self.reporting():
            from app.core.records.appointment_book import practitioners

            self.practitioners = practitioners(session)
        self.who.blockSignals(True)
        self.who.clear()
        self.who.addItem(self.tr("Whole practice"), None)
        for p in self.practitioners:
            self.who.addItem(p.name, p.user_id)
        if session.user.user_id in {p.user_id for p in self.practitioners}:
            # A clinician looks at their own book first.
            self.who.setCurrentIndex(self.who.findData(session.user.user_id))
        self.who.blockSignals(False)
        self.hours_button.setVisible(session.allowed(Operation.APPOINTMENT_SETUP))
        self.refresh()

    def refresh(self) -> None:
        session = self.session
        if session is None:
            return
        from app.core.records.appointment_book import book_entries
        from app.core.records.practice_hours import local_day_bounds, practice_hours

        self.date_edit.blockSignals(True)
        self.date_edit.setDate(to_qdate(self.day))
        self.date_edit.blockSignals(False)
        keep = self.current_entry()
        with self.reporting():
            self.hours = hours = practice_hours(session)
            days = self.days()
            entries = book_entries(session, local_day_bounds(days[0])[0],
                                   local_day_bounds(days[-1])[1],
                                   practitioner_id=self.practitioner_id())
            lanes = self.lanes(hours, entries)
            self.grid_model.load(hours, lanes, entries,
                                 may_move=session.allowed(Operation.APPOINTMENT_WRITE))
            self.list_model.load(entries, {p.user_id: p.name for p in self.practitioners},
                                 show_day=self.week)
            # A double-booked slot shows each booking on its own line.
            self.grid.resizeRowsToContents()
            self._heading(entries)
            if keep is not None:
                self.select(keep.id)
            elif self.grid_model.rowCount() and self.grid_model.columnCount():
                self.grid.setCurrentIndex(self._first_open_index())
        self._set_enabled()

    def clear_view(self) -> None:
        if self.dialog is not None:
            self.dialog.reject()
            self.dialog = None
        self.grid_model.clear()
        self.list_model.clear()
        self.list_heading.clear()
        self.banner.clear_message()
        self.practitioners = []
        self.who.clear()
        self.hours = None
        self._set_enabled()

    # -- what is shown -------------------------------------------------------------------
    def practitioner_id(self) -> str | None:
        data = self.who.currentData()
        return str(data) if data else None

    def days(self) -> list[date]:
        if not self.week:
            return [self.day]
        first = week_start(self.day)
        return [first + timedelta(days=n) for n in range(7)]

    def lanes(self, hours: PracticeHours, entries: list[BookEntry]) -> list[Lane]:
        from app.core.records.practice_hours import local

        chosen = self.practitioner_id()
        names = {p.user_id: p.name for p in self.practitioners}
        if not self.week:
            if chosen is not None:
                return [Lane(self.day, chosen, names.get(chosen, chosen))]
            lanes = [Lane(self.day, p.user_id, p.name) for p in self.practitioners]
            if not lanes or any(e.appointment.practitioner_id is None for e in entries):
                lanes.append(Lane(self.day, None, self.tr("Anyone")))
            return lanes
        booked = {local(e.appointment.starts_at).date() for e in entries}
        # The week shows the days the practice is open, and any day with a booking.
        shown = [d for d in self.days() if hours.on(d) is not None or d in booked] or \
            self.days()
        return [Lane(d, chosen, d.strftime("%a %d.%m."), everyone=chosen is None)
                for d in shown]

    def _heading(self, entries: list[BookEntry]) -> None:
        from app.core.records import clock

        held = [e for e in entries if e.holds_slot or e.appointment.status == "noshow"]
        arrived = [e for e in held if e.appointment.status in ("arrived", "checked-in",
                                                                "fulfilled")]
        if self.week:
            self.list_heading.setText(self.tr("This week: {n} appointments").format(
                n=len(held)))
            return
        today = clock.now().astimezone().date()
        when = self.tr("Today") if self.day == today else self.day.strftime("%d.%m.%Y")
        self.list_heading.setText(self.tr("{when}: {arrived} of {n} arrived").format(
            when=when, arrived=len(arrived), n=len(held)))

    def _first_open_index(self) -> QModelIndex:
        for row in range(self.grid_model.rowCount()):
            index = self.grid_model.index(row, 0)
            if self.grid_model.is_open(index):
                return index
        return self.grid_model.index(0, 0)

    # -- navigation ----------------------------------------------------------------------
    @Slot()
    def go_today(self) -> None:
        from app.core.records import clock

        self.day = clock.now().astimezone().date()
        self.refresh()

    def step(self, direction: int) -> None:
        self.day += timedelta(days=7 * direction if self.week else direction)
        self.refresh()

    @Slot()
    def _date_picked(self) -> None:
        self.day = from_qdate(self.date_edit.date())
        self.refresh()

    @Slot()
    def _view_picked(self) -> None:
        self.week = bool(self.view_choice.currentData())
        self.refresh()

    def show_week(self, week: bool) -> None:
        self.view_choice.setCurrentIndex(1 if week else 0)

    # -- selection -----------------------------------------------------------------------
    def current_entry(self) -> BookEntry | None:
        index = self.list.currentIndex()
        return self.list_model.entry(index.row()) if index.isValid() else None

    def select(self, appointment_id: str) -> None:
        row = self.list_model.row_of(appointment_id)
        if row >= 0:
            self.list.setCurrentIndex(self.list_model.index(row, 0))
        cell = self.grid_model.index_of(appointment_id)
        if cell.isValid():
            self._syncing = True
            try:
                self.grid.setCurrentIndex(cell)
            finally:
                self._syncing = False

    @Slot(QModelIndex, QModelIndex)
    def _grid_moved(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing:
            return
        here = self.grid_model.entries_at(current) if current.isValid() else []
        chosen = self.current_entry()
        self._syncing = True
        try:
            if here and (chosen is None or chosen.id not in {e.id for e in here}):
                self.list.setCurrentIndex(self.list_model.index(
                    self.list_model.row_of(here[0].id), 0))
            elif not here:
                self.list.clearSelection()
                self.list.setCurrentIndex(QModelIndex())
        finally:
            self._syncing = False
        self._set_enabled()

    @Slot(QModelIndex, QModelIndex)
    def _list_moved(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._syncing:
            entry = self.list_model.entry(current.row()) if current.isValid() else None
            cell = self.grid_model.index_of(entry.id) if entry else QModelIndex()
            if cell.isValid():
                self._syncing = True
                try:
                    self.grid.setCurrentIndex(cell)
                finally:
                    self._syncing = False
        self._set_enabled()

    def _set_enabled(self) -> None:
        session = self.session
        write = session is not None and session.allowed(Operation.APPOINTMENT_WRITE)
        entry = self.current_entry()
        # A restricted patient without a grant: core refuses changes to the booking (the
        # record needs a reason to open), so the desk is told rather than refused.
        masked = entry is not None and entry.patient.masked
        live = entry is not None and not masked and entry.appointment.status not in (
            "cancelled", "entered-in-error", "fulfilled")
        tip = self.tr("{name}'s record is restricted: a clinician or the owner changes "
                      "this appointment, giving a reason.").format(
            name=entry.patient_name) if masked and entry is not None else ""
        for button in (self.move_button, self.arrived_button, self.noshow_button,
                       self.cancel_button):
            button.setStatusTip(tip)
        if masked:
            self.banner.show_message(tip, "info")
        elif self.banner.kind() == "info" and self._restricted_hint:
            self.banner.clear_message()
        self._restricted_hint = masked
        self.book_button.setEnabled(write and self.grid_model.rowCount() > 0)
        self.move_button.setEnabled(write and live)
        self.arrived_button.setEnabled(write and live)
        self.noshow_button.setEnabled(write and live and entry is not None
                                      and entry.appointment.status != "noshow")
        self.cancel_button.setEnabled(write and live)
        arrived = entry is not None and entry.appointment.status in ("arrived", "checked-in")
        self.arrived_button.setText(self.tr("Not &arrived") if arrived else
                                    self.tr("&Arrived"))
        from app.core.records.appointment_book import open_target

        self.open_button.setVisible(session is not None and open_target(session) is not None)
        self.open_button.setEnabled(entry is not None)
        self.print_button.setEnabled(session is not None and not self.week)
        for widget in (self.previous_button, self.today_button, self.next_button,
                       self.date_edit, self.view_choice, self.who):
            widget.setEnabled(session is not None)

    # -- keyboard ------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key, mods = event.key(), event.modifiers()
            ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
            if watched is self.grid and ctrl and key in (Qt.Key.Key_Up, Qt.Key.Key_Down,
                                                         Qt.Key.Key_Left, Qt.Key.Key_Right):
                self.nudge(key)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not ctrl:
                if watched is self.grid:
                    self._activated(self.grid.currentIndex())
                else:
                    self.open_patient()
                return True
            if key == Qt.Key.Key_Delete:
                self.cancel()
                return True
        return super().eventFilter(watched, event)

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        if self.grid_model.entries_at(index):
            self.open_patient()
        else:
            self.book()

    def nudge(self, key: int) -> None:
        """Ctrl+arrow: the selected booking a slot earlier or later, or a column over."""
        entry, hours = self.current_entry(), self.hours
        index = self.grid.currentIndex()
        if entry is None or hours is None or not index.isValid():
            return
        from app.core.records.practice_hours import local

        start = local(entry.appointment.starts_at)
        lane = self.grid_model.lanes[index.column()]
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            step = timedelta(minutes=hours.slot_minutes)
            self.move_to(entry, start - step if key == Qt.Key.Key_Up else start + step, lane)
            return
        column = index.column() + (-1 if key == Qt.Key.Key_Left else 1)
        if 0 <= column < self.grid_model.columnCount():
            target = self.grid_model.lanes[column]
            self.move_to(entry, datetime.combine(target.day, start.time()).astimezone(),
                         target)

    # -- actions -------------------------------------------------------------------------
    def _open_dialog(self, dialog: AppointmentDialog | HoursDialog) -> None:
        def finished(result: int) -> None:
            if self.dialog is dialog:
                self.dialog = None
            dialog.deleteLater()
            if result and self.session is not None:
                chosen = getattr(dialog, "result_appointment", None)
                self.refresh()
                if chosen is not None:
                    self.select(chosen.id)
                self.grid.setFocus(Qt.FocusReason.OtherFocusReason)

        dialog.finished.connect(finished)
        self.dialog = dialog
        dialog.open()

    @Slot()
    def book(self) -> AppointmentDialog | None:
        session, hours = self.session, self.hours
        if session is None or hours is None or not session.allowed(
                Operation.APPOINTMENT_WRITE):
            return None
        index = self.grid.currentIndex()
        if index.isValid():
            start = self.grid_model.slot_start(index)
            lane = self.grid_model.lanes[index.column()]
            practitioner = None if lane.everyone else lane.practitioner_id
        else:
            start = datetime.combine(self.day, datetime.min.time()).astimezone()
            practitioner = self.practitioner_id()
        dialog = AppointmentDialog(self, session, hours, self.practitioners, start=start,
                                   practitioner_id=practitioner)
        dialog.submit = dialog.run
        self._open_dialog(dialog)
        return dialog

    @Slot()
    def move_selected(self) -> AppointmentDialog | None:
        session, hours, entry = self.session, self.hours, self.current_entry()
        if session is None or hours is None or entry is None:
            return None
        from app.core.records.practice_hours import local

        dialog = AppointmentDialog(self, session, hours, self.practitioners,
                                   start=local(entry.appointment.starts_at),
                                   practitioner_id=entry.appointment.practitioner_id,
                                   moving=entry)
        dialog.submit = dialog.run
        self._open_dialog(dialog)
        return dialog

    @Slot()
    def edit_hours(self) -> HoursDialog | None:
        session, hours = self.session, self.hours
        if session is None or hours is None or not session.allowed(
                Operation.APPOINTMENT_SETUP):
            return None
        dialog = HoursDialog(self, hours)

        def submit() -> None:
            from app.core.records.practice_hours import save_practice_hours

            active = self.session
            if active is None:
                from app.core.session import SessionClosed

                raise SessionClosed()
            save_practice_hours(active, dialog.wanted())

        dialog.submit = submit
        self._open_dialog(dialog)
        return dialog

    @Slot(str, object, object)
    def _dropped(self, appointment_id: str, start: datetime, lane: Lane) -> None:
        entry = next((e for e in self.grid_model.entries if e.id == appointment_id), None)
        if entry is not None:
            self.move_to(entry, start, lane)

    def move_to(self, entry: BookEntry, start: datetime, lane: Lane) -> bool:
        """Move through core after its slot check; an overlap or closed hours are asked
        about first. True if moved."""
        session = self.session
        if session is None:
            return False
        from app.core.records import clock
        from app.core.records.appointment_book import check_slot
        from app.core.records.appointments import move_appointment
        from app.core.records.practice_hours import local

        a = entry.appointment
        practitioner = a.practitioner_id if lane.everyone else lane.practitioner_id
        length = local(a.ends_at) - local(a.starts_at)
        title = self.tr("Move appointment")
        try:
            check = check_slot(session, a.patient_id, clock.iso(start),
                               clock.iso(start + length), practitioner_id=practitioner,
                               exclude=a.id)
            if not check.clear and not self.ctx.prompts.confirm(
                    self, title, conflict_words(check) + " " + self.tr(
                        "Move {name} there anyway?").format(name=entry.patient_name),
                    yes_text=self.tr("Move anyway")):
                return False
            if self.session is None:
                return False  # locked while the question was open
            move_appointment(session, a.id, clock.iso(start), practitioner_id=practitioner,
                             allow_conflict=bool(check.conflicts))
        except MedVaultError as exc:
            from app.core.session import SessionClosed

            if not isinstance(exc, SessionClosed):
                self.show_error(error_text(exc))
            return False
        self.refresh()
        self.select(a.id)
        self.banner.show_message(self.tr("Moved {name} to {time}.").format(
            name=entry.patient_name, time=start.strftime("%d.%m. %H:%M")), "info")
        return True

    def set_status(self, status: str) -> None:
        session, entry = self.session, self.current_entry()
        if session is None or entry is None:
            return
        from app.core.records.appointments import set_appointment_status

        with self.reporting():
            set_appointment_status(session, entry.id, status)
            self.refresh()
            self.select(entry.id)

    @Slot()
    def toggle_arrived(self) -> None:
        entry = self.current_entry()
        if entry is not None:
            back = entry.appointment.status in ("arrived", "checked-in")
            self.set_status("booked" if back else "arrived")

    @Slot()
    def cancel(self) -> None:
        session, entry = self.session, self.current_entry()
        if session is None or entry is None or not self.cancel_button.isEnabled():
            return
        from app.core.records.practice_hours import local

        if self.ctx.prompts.confirm(
                self, self.tr("Cancel appointment"),
                self.tr("Cancel the appointment of {name} at {time}?").format(
                    name=entry.patient_name,
                    time=local(entry.appointment.starts_at).strftime("%d.%m. %H:%M")),
                yes_text=self.tr("Cancel appointment"), danger=True):
            self.set_status("cancelled")

    @Slot()
    def open_patient(self) -> None:
        session, entry = self.session, self.current_entry()
        if session is None or entry is None:
            return
        from app.core.records.appointment_book import open_target

        target = open_target(session)
        if target is not None:
            self.open_booked_patient_requested.emit(entry.patient, target)

    # -- printing ------------------------------------------------------------------------
    def _print_heading(self) -> str:
        who = self.who.currentText()
        return self.tr("Appointments on {day} · {who}").format(
            day=self.day.strftime("%d.%m.%Y"), who=who)

    def _names(self) -> dict[str, str]:
        return {p.user_id: p.name for p in self.practitioners}

    @Slot()
    def print_day(self) -> None:
        session = self.session
        if session is None or self.week:
            return
        from app.ui.appointments.day_print import print_day_list

        printer = self.ctx.prompts.printer_for(self)
        if printer is None or self.session is None:
            return
        with self.reporting():
            print_day_list(session, self.day, printer, practitioner_id=self.practitioner_id(),
                           names=self._names(), heading=self._print_heading())

    def _choose_file(self, title: str, suffix: str, filters: str) -> Path | None:
        """Where to write the day list; None if cancelled, locked meanwhile, or the view
        is a week (the list is a day's)."""
        if self.session is None or self.week:
            return None
        path = self.ctx.prompts.choose_save_file(
            self, title, Path.home() / f"appointments-{self.day.isoformat()}{suffix}",
            filters)
        if path is None or self.session is None:
            return None
        return path if path.suffix.lower() == suffix else path.with_suffix(suffix)

    @Slot()
    def save_pdf(self) -> Path | None:
        from app.ui.appointments.day_print import save_day_list_pdf

        path = self._choose_file(self.tr("Save the day list as PDF"), ".pdf",
                                 self.tr("PDF (*.pdf)"))
        session = self.session
        if path is None or session is None:
            return None
        with self.reporting():
            save_day_list_pdf(session, self.day, path, practitioner_id=self.practitioner_id(),
                              names=self._names(), heading=self._print_heading())
            self.banner.show_message(self.tr("Day list saved to {path}. It is not "
                                             "encrypted: keep it safe.").format(path=path),
                                     "info")
            return path
        return None

    @Slot()
    def export_csv(self) -> Path | None:
        from app.core.records.appointments import export_day_list

        path = self._choose_file(self.tr("Export the day list as CSV"), ".csv",
                                 self.tr("CSV (*.csv)"))
        session = self.session
        if path is None or session is None:
            return None
        with self.reporting():
            rows = export_day_list(session, self.day.isoformat(), path,
                                   practitioner_id=self.practitioner_id())
            self.banner.show_message(self.tr("Wrote {n} appointments to {path}. The file is "
                                             "not encrypted: keep it safe.").format(
                n=rows, path=path), "info")
            return path
        return None
        from app.core.records.appointments import export_day_list

        path = self.ctx.prompts.choose_save_file(
            self, self.tr("Export the day list as CSV"),
            Path.home() / f"appointments-{self.day.isoformat()}.csv", self.tr("CSV (*.csv)"))
        if path is None or self.session is None:
            return None
        with self.reporting():
            rows = export_day_list(session, self.day.isoformat(), path,
                                   practitioner_id=self.practitioner_id())
            self.banner.show_message(self.tr("Wrote {n} appointments to {path}. The file is "
                                             "not encrypted: keep it safe.").format(
                n=rows, path=path), "info")
            return path
        return None
