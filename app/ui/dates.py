"""Dates as the user writes and reads them: in their locale (QLocale), with a calendar.

Core stores and checks ISO dates and also accepts ISO and day.month.year typed anywhere
(`records/clock.py`); the GUI adds the user's own short format (3/14/1968 in the US,
14.03.1968 in Germany, 14/03/1968 in the UK), always with a four-digit year, and shows
dates back that way. A slashed date is read only by the locale's own order, never guessed.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QTime, Signal, Slot
from PySide6.QtWidgets import (
    QCalendarWidget,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import UsageError

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)


def date_format(locale: QLocale | None = None) -> str:
    """The locale's short date format with a four-digit year (dd.MM.yy → dd.MM.yyyy)."""
    locale = locale or QLocale()
    if locale.language() == QLocale.Language.C:
        return "yyyy-MM-dd"  # no locale chosen: ISO, which everyone reads the same way
    fmt = locale.dateFormat(QLocale.FormatType.ShortFormat)
    if "yyyy" not in fmt:
        fmt = fmt.replace("yy", "yyyy")
    return fmt


def date_text(iso: str | None, locale: QLocale | None = None) -> str:
    """An ISO date (or a partial FHIR date, shown as stored) in the user's format."""
    if not iso or not _ISO.match(iso[:10]) or len(iso) not in (10,):
        return iso or ""
    day = QDate.fromString(iso, "yyyy-MM-dd")
    return (locale or QLocale()).toString(day, date_format(locale)) if day.isValid() else iso


def local_moment(value: str) -> datetime | None:
    """A stored time (ISO 8601; without a zone it was written as UTC) in this computer's
    time zone, or None when it is not a time."""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone()


def when_text(moment: datetime, *, seconds: bool = False,
              locale: QLocale | None = None) -> str:
    """A moment in local time, in the user's date format and the locale's clock
    (14:05 or 2:05 PM); ISO where no locale is chosen."""
    locale = locale or QLocale()
    local = moment.astimezone()
    if locale.language() == QLocale.Language.C:
        return local.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
    clock = locale.timeFormat(QLocale.FormatType.ShortFormat)
    if seconds and "ss" not in clock:
        clock = clock.replace("mm", "mm:ss")
    elif not seconds:
        clock = clock.replace(":ss", "")
    day = locale.toString(QDate(local.year, local.month, local.day), date_format(locale))
    return f"{day} {locale.toString(QTime(local.hour, local.minute, local.second), clock)}"


def moment_text(value: str | None, *, seconds: bool = False,
                locale: QLocale | None = None) -> str:
    """A stored time as people read it (local time, their format, to the minute); a
    (partial) date in their date format; anything unreadable as stored."""
    if not value:
        return ""
    if len(value) <= 10:
        return date_text(value, locale)
    moment = local_moment(value)
    return when_text(moment, seconds=seconds, locale=locale) if moment else value


def local_day(value: str | None) -> str:
    """The ISO date, in this computer's time zone, of a stored time; a date as stored."""
    if not value or len(value) <= 10:
        return value or ""
    moment = local_moment(value)
    return moment.date().isoformat() if moment else value[:10]


def day_text(value: str | None, locale: QLocale | None = None) -> str:
    """The day of a stored time or date, in the user's date format."""
    return date_text(local_day(value), locale)


def parse_date(text: str, locale: QLocale | None = None) -> str | None:
    """What the user typed, as an ISO date for core; None for an empty field. ISO and
    day.month.year are passed to core as typed (it checks them); the locale's own format
    is converted here."""
    text = text.strip()
    if not text:
        return None
    locale = locale or QLocale()
    for fmt in (date_format(locale), locale.dateFormat(QLocale.FormatType.ShortFormat)):
        day = locale.toDate(text, fmt)
        if day.isValid():
            return str(day.toString("yyyy-MM-dd"))
    if _ISO.match(text) or re.match(r"^\d{1,2}\.\d{1,2}\.\d{4}$", text):
        return text  # core reads these itself, and says what is wrong with them
    raise UsageError(_tr("{text} is not a date: write it as {example}, or choose it in the "
                         "calendar.").format(text=text,
                                             example=date_text("1968-03-14", locale)))


class CalendarDialog(QDialog):
    """A window-modal calendar (opened with open(), so a lock closes it)."""

    def __init__(self, parent: QWidget | None, current: QDate | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_tr("Choose a date"))
        self.setObjectName("calendarDialog")
        self.calendar = QCalendarWidget(self)
        self.calendar.setLocale(QLocale())
        self.calendar.setMaximumDate(QDate.currentDate())
        if current is not None and current.isValid():
            self.calendar.setSelectedDate(current)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.calendar.activated.connect(lambda _d: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(self.calendar)
        layout.addWidget(buttons)


class DateField(QWidget):
    """A date typed in the user's format, or picked from a calendar. `text()` and
    `setText()` speak the shown text; `iso()` gives core's form (or raises UsageError)."""

    textChanged = Signal(str)

    def __init__(self, parent: QWidget | None, name: str) -> None:
        super().__init__(parent)
        self.line = QLineEdit(self)
        self.line.setAccessibleName(name)
        self.line.setPlaceholderText(date_text("1968-03-14"))
        self.line.setToolTip(_tr("Type the date as {example} (or YYYY-MM-DD), or choose it "
                                 "in the calendar.").format(example=date_text("1968-03-14")))
        self.line.textChanged.connect(self.textChanged)
        self.calendar_button = QToolButton(self)
        self.calendar_button.setText(_tr("Calendar…"))
        self.calendar_button.setAccessibleName(_tr("Choose {what} in a calendar").format(
            what=name))
        self.calendar_button.clicked.connect(self.choose)
        self.dialog: CalendarDialog | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line, 1)
        layout.addWidget(self.calendar_button)
        self.setFocusProxy(self.line)

    def text(self) -> str:
        return str(self.line.text())

    def setText(self, text: str) -> None:  # QLineEdit's name, for callers
        self.line.setText(text)

    def set_iso(self, iso: str | None) -> None:
        self.line.setText(date_text(iso))

    def iso(self) -> str | None:
        return parse_date(self.line.text())

    @Slot()
    def choose(self) -> CalendarDialog:
        current: QDate | None = None
        try:
            iso = self.iso()
        except UsageError:
            iso = None
        if iso and _ISO.match(iso):
            current = QDate.fromString(iso, "yyyy-MM-dd")
        dialog = CalendarDialog(self, current)
        self.dialog = dialog

        def done(result: int) -> None:
            if result:
                day = dialog.calendar.selectedDate()
                self.line.setText(date_text(str(day.toString("yyyy-MM-dd"))))
            if self.dialog is dialog:
                self.dialog = None
            dialog.deleteLater()

        dialog.finished.connect(done)
        dialog.open()
        return dialog
