"""A personal vault's "My appointments": the coming (or past) appointments of everyone in
the vault, in a plain list, to add and cancel. Same core calls as the practice's book;
no grid, no practitioners, and "where" in place of "with whom"."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.roles import Operation
from app.ui.appointments.dialogs import AppointmentDialog
from app.ui.appointments.models import DayListModel
from app.ui.context import UiContext
from app.ui.icons import icon
from app.ui.pages import SessionPage
from app.ui.widgets import configure_table, heading, hint

if TYPE_CHECKING:
    from app.core.records.appointment_book import BookEntry
    from app.core.session import Session


class MyAppointmentsPage(SessionPage):
    operation = Operation.APPOINTMENT_READ
    icon_name = "calendar"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("myAppointmentsPage")
        self.dialog: AppointmentDialog | None = None
        self.model = DayListModel(self)
        self.model.personal = True
        self.table = QTableView(self)
        self.table.setObjectName("myAppointments")
        self.table.setAccessibleName(self.tr("My appointments"))
        self.table.setModel(self.model)
        configure_table(self.table)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.installEventFilter(self)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._set_enabled())
        self.past = QCheckBox(self.tr("Show &past appointments"), self)
        self.past.toggled.connect(lambda _on: self.refresh())
        self.add_button = QPushButton(icon("add"), self.tr("&Add appointment…"), self)
        self.add_button.clicked.connect(self.add)
        self.cancel_button = QPushButton(self.tr("&Cancel appointment"), self)
        self.cancel_button.setToolTip(self.tr("Cancel the selected appointment (Delete)"))
        self.cancel_button.clicked.connect(self.cancel)
        self.empty = QLabel(self)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        row.addWidget(self.past)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("My appointments"), self))
        layout.addWidget(hint(self.tr(
            "Appointments of everyone in this vault: yours and your family's. They stay "
            "encrypted here like the rest of your records."), self))
        layout.addLayout(row)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        self._set_enabled()

    def title(self) -> str:
        return self.tr("My appointments")

    def visible_for(self, session: Session) -> bool:
        return session.vault.file.kind == "personal" and super().visible_for(session)

    def refresh(self) -> None:
        session = self.session
        if session is None:
            return
        from app.core.records import clock
        from app.core.records.appointment_book import book_entries

        now = clock.now()
        start_of_today = datetime.combine(now.astimezone().date(), time(0)).astimezone()
        with self.reporting():
            if self.past.isChecked():
                since, until = clock.iso(now - timedelta(days=3650)), clock.iso(now)
            else:
                since, until = clock.iso(start_of_today), clock.iso(now + timedelta(
                    days=3650))
            entries = book_entries(session, since, until)
            if self.past.isChecked():
                entries.reverse()  # the latest first
            self.model.load(entries, {}, show_day=True)
            self.empty.setText(self.tr("No appointments yet: add one with “Add "
                                       "appointment”.") if not entries else "")
            if entries:
                self.table.setCurrentIndex(self.model.index(0, 0))
        self._set_enabled()

    def clear_view(self) -> None:
        if self.dialog is not None:
            self.dialog.reject()
            self.dialog = None
        self.model.clear()
        self.empty.clear()
        self._set_enabled()

    def current_entry(self) -> BookEntry | None:
        index = self.table.currentIndex()
        return self.model.entry(index.row()) if index.isValid() else None

    def _set_enabled(self) -> None:
        session = self.session
        write = session is not None and session.allowed(Operation.APPOINTMENT_WRITE)
        entry = self.current_entry()
        self.add_button.setEnabled(write)
        self.cancel_button.setEnabled(write and entry is not None and
                                      entry.appointment.status in ("booked", "arrived"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.table and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Delete):
            self.cancel()
            return True
        return super().eventFilter(watched, event)

    @Slot()
    def add(self) -> AppointmentDialog | None:
        session = self.session
        if session is None or not session.allowed(Operation.APPOINTMENT_WRITE):
            return None
        from app.core.records import clock
        from app.core.records.patients import list_patients
        from app.core.records.practice_hours import practice_hours

        with self.reporting():
            people = list_patients(session, limit=200)
            hours = practice_hours(session)
            tomorrow = clock.now().astimezone().date() + timedelta(days=1)
            dialog = AppointmentDialog(self, session, hours, [], people=people,
                                       start=datetime.combine(tomorrow, time(9)).astimezone())
            dialog.submit = dialog.run

            def finished(result: int) -> None:
                if self.dialog is dialog:
                    self.dialog = None
                dialog.deleteLater()
                if result and self.session is not None:
                    self.refresh()

            dialog.finished.connect(finished)
            self.dialog = dialog
            dialog.open()
            return dialog
        return None

    @Slot()
    def cancel(self) -> None:
        session, entry = self.session, self.current_entry()
        if session is None or entry is None or not self.cancel_button.isEnabled():
            return
        from app.core.records.appointments import set_appointment_status

        if self.ctx.prompts.confirm(self, self.tr("Cancel appointment"), self.tr(
                "Cancel the appointment of {name}?").format(name=entry.patient_name),
                yes_text=self.tr("Cancel appointment"), danger=True):
            with self.reporting():
                set_appointment_status(session, entry.id, "cancelled")
                self.refresh()
