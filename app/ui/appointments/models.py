"""The appointment book's two models: the grid of slots by lane, and the list beside it.

A *lane* is one column of the grid: a day for one practitioner, or a day of the whole
practice (the week view of everyone). Rows are slots of the practice's slot length from
the earliest opening to the latest closing of the days shown, stretched to include any
appointment booked outside them, so nothing booked is ever hidden.

The models decide nothing: what is booked, the hours and the names come from core; a
drop only asks the page (`move_requested`) to move, and the page asks core.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QByteArray,
    QCoreApplication,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from app.core.records.appointment_book import BookEntry
from app.core.records.practice_hours import PracticeHours, local

_Index = QModelIndex | QPersistentModelIndex
MIME_TYPE = "application/x-medvault-appointment"

_CTX = "AppointmentStatus"
#: Words for FHIR statuses, translated where shown.
_STATUS_WORDS: dict[str, str] = {
    "booked": str(QT_TRANSLATE_NOOP("AppointmentStatus", "Booked")),
    "arrived": str(QT_TRANSLATE_NOOP("AppointmentStatus", "Arrived")),
    "checked-in": str(QT_TRANSLATE_NOOP("AppointmentStatus", "Checked in")),
    "fulfilled": str(QT_TRANSLATE_NOOP("AppointmentStatus", "Seen")),
    "noshow": str(QT_TRANSLATE_NOOP("AppointmentStatus", "No-show")),
    "cancelled": str(QT_TRANSLATE_NOOP("AppointmentStatus", "Cancelled")),
    "entered-in-error": str(QT_TRANSLATE_NOOP("AppointmentStatus", "Entered in error")),
    "proposed": str(QT_TRANSLATE_NOOP("AppointmentStatus", "Proposed")),
    "pending": str(QT_TRANSLATE_NOOP("AppointmentStatus", "Pending")),
    "waitlist": str(QT_TRANSLATE_NOOP("AppointmentStatus", "Waiting list")),
}


def status_text(status: str) -> str:
    return QCoreApplication.translate(_CTX, _STATUS_WORDS.get(status, status))


# Background colours by status: light enough for black text, told apart by more than
# colour (each cell also says the status in words in its tooltip and the list).
_COLOURS = {"booked": "#dcecf2", "arrived": "#d5f0d8", "checked-in": "#d5f0d8",
            "fulfilled": "#e4e4e4", "noshow": "#f6dcdc"}
_CLOSED = "#f1f1f1"


@dataclass(frozen=True)
class Lane:
    day: date
    #: The practitioner whose book this lane is; None with `everyone` False is the lane of
    #: appointments booked with nobody in particular.
    practitioner_id: str | None
    title: str
    #: The whole practice's day: every practitioner's appointments, a drop keeps each
    #: appointment's practitioner.
    everyone: bool = False

    def holds(self, entry: BookEntry) -> bool:
        a = entry.appointment
        if local(a.starts_at).date() != self.day:
            return False
        return self.everyone or a.practitioner_id == self.practitioner_id


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def slot_range(hours: PracticeHours, days: Sequence[date],
               entries: Sequence[BookEntry]) -> list[time]:
    """Slot start times covering the open hours of `days` and every booking in view."""
    step = hours.slot_minutes
    opens = [_minutes(h.opens) for d in days if (h := hours.on(d)) is not None]
    closes = [_minutes(h.closes) for d in days if (h := hours.on(d)) is not None]
    first, last = (min(opens), max(closes)) if opens else (8 * 60, 18 * 60)
    for entry in entries:
        start = local(entry.appointment.starts_at)
        end = local(entry.appointment.ends_at)
        first = min(first, start.hour * 60 + start.minute)
        end_minutes = end.hour * 60 + end.minute if end.date() == start.date() else 24 * 60
        last = max(last, end_minutes)
    first -= first % step
    return [time(m // 60, m % 60) for m in range(first, min(last, 24 * 60), step)]


class BookGridModel(QAbstractTableModel):
    """Rows are slots, columns lanes; a cell holds the appointments starting in it."""

    #: A drop asks to move appointment `id` to (`start` as a local datetime, lane).
    move_requested = Signal(str, object, object)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.lanes: list[Lane] = []
        self.slots: list[time] = []
        self.hours: PracticeHours | None = None
        self.entries: list[BookEntry] = []
        self.may_move = False
        self._cells: dict[tuple[int, int], list[BookEntry]] = {}
        self._covered: dict[tuple[int, int], BookEntry] = {}

    # -- data from the page ------------------------------------------------------------
    def load(self, hours: PracticeHours, lanes: list[Lane], entries: list[BookEntry], *,
             may_move: bool) -> None:
        self.beginResetModel()
        self.hours, self.lanes, self.may_move = hours, lanes, may_move
        # Cancelled, no-show and mistaken bookings free their slot: the list shows them.
        self.entries = [e for e in entries if e.holds_slot or
                        e.appointment.status == "noshow"]
        shown = [e for e in self.entries if any(lane.holds(e) for lane in lanes)]
        self.slots = slot_range(hours, sorted({lane.day for lane in lanes}), shown)
        self._cells, self._covered = {}, {}
        step = timedelta(minutes=hours.slot_minutes)
        for column, lane in enumerate(lanes):
            for entry in shown:
                if not lane.holds(entry):
                    continue
                start, end = local(entry.appointment.starts_at), local(entry.appointment.ends_at)
                for row, slot in enumerate(self.slots):
                    slot_start = datetime.combine(lane.day, slot, tzinfo=start.tzinfo)
                    if slot_start <= start < slot_start + step:
                        cell = self._cells.setdefault((row, column), [])
                        cell.append(entry)
                        # Bookings that hold the slot come before no-shows.
                        cell.sort(key=lambda e: not e.holds_slot)
                    elif start < slot_start < end and entry.holds_slot:
                        self._covered.setdefault((row, column), entry)
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self.lanes, self.slots, self.entries = [], [], []
        self._cells, self._covered = {}, {}
        self.hours = None
        self.endResetModel()

    def entries_at(self, index: _Index) -> list[BookEntry]:
        return list(self._cells.get((index.row(), index.column()), []))

    def slot_start(self, index: _Index) -> datetime:
        """The local start time of the slot at `index`."""
        lane = self.lanes[index.column()]
        return datetime.combine(lane.day, self.slots[index.row()]).astimezone()

    def index_of(self, appointment_id: str) -> QModelIndex:
        for (row, column), found in self._cells.items():
            if any(e.id == appointment_id for e in found):
                return self.index(row, column)
        return QModelIndex()

    def is_open(self, index: _Index) -> bool:
        if self.hours is None:
            return False
        lane = self.lanes[index.column()]
        day = self.hours.on(lane.day)
        slot = self.slots[index.row()]
        return day is not None and day.opens <= slot < day.closes

    # -- model ---------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.slots)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lanes)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.lanes):
            return self.lanes[section].title
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self.slots):
            return self.slots[section].strftime("%H:%M")
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        key = (index.row(), index.column())
        here = self._cells.get(key, [])
        covered = self._covered.get(key)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if here:
                return "\n".join(self._line(e) for e in here)
            if covered is not None:
                return "┆"
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return QCoreApplication.translate("BookGridModel", "{time}: free").format(
                    time=self.slots[index.row()].strftime("%H:%M"))
            return None
        if role == Qt.ItemDataRole.ToolTipRole and here:
            return "\n".join(self._tooltip(e) for e in here)
        if role == Qt.ItemDataRole.BackgroundRole:
            shown = here[0] if here else covered
            if shown is not None:
                return QBrush(QColor(_COLOURS.get(shown.appointment.status, "#dcecf2")))
            if not self.is_open(index):
                return QBrush(QColor(_CLOSED))
            return None
        if role == Qt.ItemDataRole.FontRole and here and len(here) > 1:
            font = QFont()
            font.setBold(True)  # a double booking stands out
            return font
        return None

    def _line(self, entry: BookEntry) -> str:
        marks = {"arrived": "✓ ", "checked-in": "✓ ", "noshow": "✗ ", "fulfilled": "● "}
        reason = entry.appointment.reason
        text = marks.get(entry.appointment.status, "") + entry.patient_name
        return f"{text} · {reason}" if reason else text

    def _tooltip(self, entry: BookEntry) -> str:
        a = entry.appointment
        return QCoreApplication.translate("BookGridModel", "{start}–{end} {name}: {status}"
                                          ).format(start=local(a.starts_at).strftime("%H:%M"),
                                                   end=local(a.ends_at).strftime("%H:%M"),
                                                   name=entry.patient_name,
                                                   status=status_text(a.status))

    # -- drag and drop -------------------------------------------------------------------
    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not index.isValid():
            return base
        if self.may_move:
            base |= Qt.ItemFlag.ItemIsDropEnabled
            if any(e.holds_slot for e in self._cells.get((index.row(), index.column()), [])):
                base |= Qt.ItemFlag.ItemIsDragEnabled
        return base

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        data = QMimeData()
        for index in indexes:
            movable = [e for e in self._cells.get((index.row(), index.column()), [])
                       if e.holds_slot]
            if movable:
                # Only the id travels: the patient's name never reaches the drag's mime
                # data, which other programs can read.
                data.setData(MIME_TYPE, QByteArray(movable[0].id.encode("ascii")))
                break
        return data

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: _Index) -> bool:
        return self.may_move and data.hasFormat(MIME_TYPE) and parent.isValid()

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: _Index) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        appointment_id = bytes(data.data(MIME_TYPE).data()).decode("ascii", "replace")
        if not any(e.id == appointment_id for e in self.entries):
            return False  # not from this book as shown
        self.move_requested.emit(appointment_id, self.slot_start(parent),
                                 self.lanes[parent.column()])
        return False  # the page moves it through core and reloads; nothing to remove here


class DayListModel(QAbstractTableModel):
    """The appointments in view as a list: time, patient, practitioner, status, reason."""

    COLUMNS = ("Time", "Patient", "With", "Status", "Reason")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.entries: list[BookEntry] = []
        self.names: dict[str, str] = {}
        self.show_day = False
        #: A personal vault's list: the third column says where, not with which colleague.
        self.personal = False

    def load(self, entries: list[BookEntry], names: dict[str, str], *,
             show_day: bool) -> None:
        self.beginResetModel()
        self.entries, self.names, self.show_day = list(entries), dict(names), show_day
        self.endResetModel()

    def clear(self) -> None:
        self.load([], {}, show_day=False)

    def entry(self, row: int) -> BookEntry | None:
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def row_of(self, appointment_id: str) -> int:
        return next((i for i, e in enumerate(self.entries) if e.id == appointment_id), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.COLUMNS)):
            return (self.tr("Time"), self.tr("Person") if self.personal else self.tr("Patient"),
                    self.tr("Where") if self.personal else self.tr("With"),
                    self.tr("Status"), self.tr("Reason"))[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        entry = self.entry(index.row()) if index.isValid() else None
        if entry is None:
            return None
        a = entry.appointment
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            column = index.column()
            if column == 0:
                start = local(a.starts_at)
                text = start.strftime("%H:%M") + "–" + local(a.ends_at).strftime("%H:%M")
                return f"{start.strftime('%a %d.%m.')} {text}" if self.show_day else text
            if column == 1:
                return entry.patient_name
            if column == 2:
                if self.personal:
                    return a.location or ""
                return self.names.get(a.practitioner_id or "", "") if a.practitioner_id \
                    else self.tr("anyone")
            if column == 3:
                return status_text(a.status)
            if column == 4:
                if a.reason is None and entry.restricted:
                    return self.tr("(restricted)")
                return a.reason or ""
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            if a.status in ("arrived", "checked-in"):
                font.setBold(True)  # who is in the waiting room
            if a.status in ("cancelled", "entered-in-error"):
                font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == 3:
            colour = _COLOURS.get(a.status)
            return QBrush(QColor(colour)) if colour else None
        return None
