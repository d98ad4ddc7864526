"""Book, move and opening-hours dialogs of the appointment book.

Opened with ``open()`` (window-modal), so a lock rejects them like every other dialog.
They collect; core decides: `check_slot` says what the slot runs into (overlaps, closed
hours), the dialog shows it and books only once "book anyway" is ticked, and core still
refuses an overlap it was not told to allow.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDate, Qt, QTime, QTimer, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QTimeEdit,
    QWidget,
)

from app.core.errors import UsageError
from app.core.records.practice_hours import DAY_NAMES, SLOT_CHOICES, local
from app.ui.chart.common import FormDialog
from app.ui.core_messages import error_text

if TYPE_CHECKING:
    from app.core.records.appointment_book import BookEntry, Practitioner, SlotCheck
    from app.core.records.appointments import Appointment
    from app.core.records.patients import PatientSummary
    from app.core.records.practice_hours import PracticeHours
    from app.core.session import Session

SEARCH_DEBOUNCE_MS = 250


class NeedsConfirmation(UsageError):
    """The slot overlaps or lies outside the hours: shown, and "book anyway" offered."""


def conflict_words(check: SlotCheck) -> str:
    """Core's slot check in the user's words."""
    parts: list[str] = []
    if check.conflicts:
        first = check.conflicts[0]
        parts.append(QCoreApplication.translate(
            "AppointmentDialog", "This overlaps {n} other appointment(s) of the same "
            "practitioner or patient, the first from {start} to {end}.").format(
            n=len(check.conflicts), start=local(first.starts_at).strftime("%H:%M"),
            end=local(first.ends_at).strftime("%H:%M")))
    if check.outside_hours:
        parts.append(QCoreApplication.translate(
            "AppointmentDialog", "This is outside the practice's opening hours."))
    return " ".join(parts)


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class AppointmentDialog(FormDialog):
    """Book a new appointment, or move one (`moving`): patient, practitioner, day, time,
    length and reason. A personal vault (`people` given) picks one of its people and
    says where the appointment is instead of choosing a practitioner."""

    def __init__(self, parent: QWidget | None, session: Session, hours: PracticeHours,
                 practitioners: Sequence[Practitioner], *, start: datetime,
                 practitioner_id: str | None = None, moving: BookEntry | None = None,
                 people: Sequence[PatientSummary] | None = None) -> None:
        if moving is not None:
            title, action = self.tr("Move appointment"), self.tr("&Move")
        else:
            title, action = self.tr("Book appointment"), self.tr("&Book")
        super().__init__(parent, title, action)
        self.setObjectName("appointmentDialog")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._session = session
        self.hours = hours
        self.moving = moving
        self.personal = people is not None
        self.patient_id: str | None = moving.appointment.patient_id if moving else None
        self.result_appointment: Appointment | None = None

        self.patient_label = QLabel(moving.patient_name if moving else "", self)
        self.search = QLineEdit(self)
        self.search.setAccessibleName(self.tr("Find the patient"))
        self.search.setPlaceholderText(self.tr("name, birth date or MRN"))
        self.matches = QListWidget(self)
        self.matches.setAccessibleName(self.tr("Matching patients"))
        self.matches.setMaximumHeight(120)
        self.person = QComboBox(self)
        self.person.setAccessibleName(self.tr("Person"))
        self.practitioner = QComboBox(self)
        self.practitioner.setAccessibleName(self.tr("Practitioner"))
        self.practitioner.addItem(self.tr("Anyone"), None)
        for p in practitioners:
            self.practitioner.addItem(p.name, p.user_id)
        found = self.practitioner.findData(practitioner_id)
        self.practitioner.setCurrentIndex(max(found, 0))
        self.day = QDateEdit(self)
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd.MM.yyyy")
        self.day.setAccessibleName(self.tr("Day"))
        self.day.setDate(to_qdate(start.date()))
        self.time = QTimeEdit(self)
        self.time.setDisplayFormat("HH:mm")
        self.time.setAccessibleName(self.tr("Time"))
        self.time.setTime(QTime(start.hour, start.minute))
        self.length = QSpinBox(self)
        self.length.setAccessibleName(self.tr("Length in minutes"))
        self.length.setSuffix(self.tr(" min"))
        self.length.setRange(hours.slot_minutes, 8 * 60)
        self.length.setSingleStep(hours.slot_minutes)
        self.length.setValue(hours.slot_minutes)
        self.reason = QLineEdit(self)
        self.reason.setAccessibleName(self.tr("Reason for the visit"))
        self.reason.setMaxLength(500)
        self.location = QLineEdit(self)
        self.location.setAccessibleName(self.tr("Where, and with whom"))
        self.location.setMaxLength(200)
        self.anyway = QCheckBox(self.tr("Book &anyway (double booking or outside the "
                                        "opening hours)"), self)
        self.anyway.hide()

        if moving is not None:
            self.form.addRow(self.tr("Patient:"), self.patient_label)
            a = moving.appointment
            self.length.setValue(max(hours.slot_minutes, int(
                (local(a.ends_at) - local(a.starts_at)).total_seconds() // 60)))
            self.length.setEnabled(False)  # a move keeps the length
        elif people is not None:
            for person in people:
                self.person.addItem(person.display_name, person.id)
            self.form.addRow(self.tr("&Person:"), self.person)
        else:
            self.form.addRow(self.tr("&Patient:"), self.search)
            self.form.addRow("", self.matches)
        if people is None:
            self.form.addRow(self.tr("P&ractitioner:"), self.practitioner)
        when = QHBoxLayout()
        when.addWidget(self.day)
        when.addWidget(self.time)
        when.addWidget(self.length)
        day_label = QLabel(self.tr("&When:"), self)
        day_label.setBuddy(self.day)
        self.form.addRow(day_label, when)
        if moving is None:
            self.form.addRow(self.tr("Rea&son:"), self.reason)
        if people is not None:
            self.form.addRow(self.tr("W&here:"), self.location)
        self.form.addRow("", self.anyway)
        # What this kind of appointment does not ask stays out of the dialog (and out of
        # its Tab order).
        unused: list[QWidget] = [self.patient_label] if moving is None else []
        if moving is not None or people is not None:
            unused += [self.search, self.matches]
        if people is None:
            unused += [self.person, self.location]
        else:
            unused.append(self.practitioner)
        if moving is not None:
            unused.append(self.reason)
        for widget in unused:
            widget.hide()

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.search_now)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self.search_now)
        self.matches.currentItemChanged.connect(self._chose)
        self.matches.itemActivated.connect(lambda _i: self.time.setFocus())
        self.day.dateChanged.connect(lambda _d: self._slot_changed())
        self.time.timeChanged.connect(lambda _t: self._slot_changed())
        self.practitioner.currentIndexChanged.connect(lambda _i: self._slot_changed())
        self.person.currentIndexChanged.connect(lambda _i: self._slot_changed())
        if moving is not None:
            self.time.setFocus()
        elif people is not None:
            self.person.setFocus()
        else:
            self.search.setFocus()

    # -- patient ------------------------------------------------------------------------
    @Slot()
    def search_now(self) -> None:
        """Ask core's patient search (audited there) for what was typed."""
        from app.core.records.search import find_patients
        from app.core.session import SessionClosed

        self._debounce.stop()
        query = self.search.text().strip()
        self.matches.clear()
        if len(query) < 2 or not self._session.is_open:
            return
        try:
            found = find_patients(self._session, query, limit=20)
        except SessionClosed:
            return
        except UsageError as exc:
            self.banner.show_message(error_text(exc), "warning")
            return
        for summary in found:
            text = summary.display_name + (f" · {summary.birth_date}" if summary.birth_date
                                           else "")
            item = QListWidgetItem(text, self.matches)
            item.setData(Qt.ItemDataRole.UserRole, summary.id)
        if found:
            self.matches.setCurrentRow(0)

    @Slot()
    def _chose(self) -> None:
        item = self.matches.currentItem()
        self.patient_id = str(item.data(Qt.ItemDataRole.UserRole)) if item else None
        self._slot_changed()

    def chosen_patient(self) -> str | None:
        if self.moving is not None:
            return self.moving.appointment.patient_id
        if self.personal:
            data = self.person.currentData()
            return str(data) if data else None
        return self.patient_id

    # -- when ---------------------------------------------------------------------------
    def start(self) -> datetime:
        t = self.time.time()
        return datetime.combine(from_qdate(self.day.date()),
                                time(t.hour(), t.minute())).astimezone()

    def end(self) -> datetime:
        return self.start() + timedelta(minutes=self.length.value())

    def chosen_practitioner(self) -> str | None:
        if self.personal:
            return None
        data = self.practitioner.currentData()
        return str(data) if data else None

    def _slot_changed(self) -> None:
        # What the person was warned about no longer applies to the new choice.
        self.anyway.setChecked(False)
        self.anyway.hide()
        self.banner.clear_message()

    # -- the action ---------------------------------------------------------------------
    def check(self) -> SlotCheck:
        from app.core.records import clock
        from app.core.records.appointment_book import check_slot

        patient = self.chosen_patient()
        if patient is None:
            raise UsageError(self.tr("Choose the patient first: type part of the name and "
                                     "pick them from the list."))
        return check_slot(self._session, patient, clock.iso(self.start()),
                          clock.iso(self.end()), practitioner_id=self.chosen_practitioner(),
                          exclude=self.moving.id if self.moving else None)

    def run(self) -> Appointment:
        """Check, warn once, then book or move through core. Set as ``submit``."""
        from app.core.records import clock
        from app.core.records.appointments import book_appointment, move_appointment

        check = self.check()
        if not check.clear and not self.anyway.isChecked():
            self.anyway.show()
            self.anyway.setFocus()
            raise NeedsConfirmation(conflict_words(check) + " " + self.tr(
                "Choose another time, or tick “Book anyway”."))
        allow = bool(check.conflicts)
        patient = self.chosen_patient()
        assert patient is not None
        if self.moving is not None:
            done = move_appointment(self._session, self.moving.id, clock.iso(self.start()),
                                    practitioner_id=self.chosen_practitioner(),
                                    allow_conflict=allow)
        else:
            done = book_appointment(
                self._session, patient, clock.iso(self.start()), clock.iso(self.end()),
                practitioner_id=self.chosen_practitioner(),
                reason=self.reason.text().strip() or None,
                location=self.location.text().strip() or None, allow_conflict=allow)
        self.result_appointment = done
        return done


class HoursDialog(FormDialog):
    """The practice's opening hours and slot length (owner or admin; core checks)."""

    def __init__(self, parent: QWidget | None, hours: PracticeHours) -> None:
        super().__init__(parent, self.tr("Opening hours"), self.tr("&Save hours"))
        self.setObjectName("hoursDialog")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        day_words = (self.tr("Monday"), self.tr("Tuesday"), self.tr("Wednesday"),
                     self.tr("Thursday"), self.tr("Friday"), self.tr("Saturday"),
                     self.tr("Sunday"))
        grid = QGridLayout()
        self.open_boxes: list[QCheckBox] = []
        self.opens: list[QTimeEdit] = []
        self.closes: list[QTimeEdit] = []
        for row, (word, day) in enumerate(zip(day_words, hours.days, strict=True)):
            box = QCheckBox(word, self)
            opens, closes = QTimeEdit(self), QTimeEdit(self)
            for edit, name in ((opens, self.tr("{day} opens")),
                               (closes, self.tr("{day} closes"))):
                edit.setDisplayFormat("HH:mm")
                edit.setAccessibleName(name.format(day=word))
            shown = day or hours.days[0] or None
            opens.setTime(QTime(shown.opens.hour, shown.opens.minute) if shown
                          else QTime(8, 0))
            closes.setTime(QTime(shown.closes.hour, shown.closes.minute) if shown
                           else QTime(18, 0))
            box.setChecked(day is not None)
            box.toggled.connect(opens.setEnabled)
            box.toggled.connect(closes.setEnabled)
            opens.setEnabled(day is not None)
            closes.setEnabled(day is not None)
            grid.addWidget(box, row, 0)
            grid.addWidget(opens, row, 1)
            grid.addWidget(QLabel("–", self), row, 2)
            grid.addWidget(closes, row, 3)
            self.open_boxes.append(box)
            self.opens.append(opens)
            self.closes.append(closes)
        self.slot = QComboBox(self)
        self.slot.setAccessibleName(self.tr("Slot length"))
        for minutes in SLOT_CHOICES:
            self.slot.addItem(self.tr("{n} minutes").format(n=minutes), minutes)
        self.slot.setCurrentIndex(max(self.slot.findData(hours.slot_minutes), 0))
        holder = QWidget(self)
        holder.setLayout(grid)
        grid.setContentsMargins(0, 0, 0, 0)
        self.form.addRow(self.tr("Open on:"), holder)
        self.form.addRow(self.tr("S&lot length:"), self.slot)
        assert len(DAY_NAMES) == len(self.open_boxes)
        if self.open_boxes:
            self.open_boxes[0].setFocus()

    def wanted(self) -> PracticeHours:
        from app.core.records.practice_hours import DayHours, PracticeHours

        def t(edit: QTimeEdit) -> time:
            value = edit.time()
            return time(value.hour(), value.minute())

        days = tuple(DayHours(t(o), t(c)) if box.isChecked() else None
                     for box, o, c in zip(self.open_boxes, self.opens, self.closes,
                                          strict=True))
        return PracticeHours(days, int(self.slot.currentData()))

