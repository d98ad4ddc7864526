"""The practice's opening hours and slot length: a vault setting the appointment book
follows.

Times are wall-clock times of the machine's time zone (the practice's own clock), kept
as "HH:MM"; appointments themselves are stored in UTC. The owner or an admin changes the
hours (`appointment.setup`), audited with the new values; everyone who reads the book
reads them. A stored value that does not parse falls back to the defaults, which only
changes what the views show first: it never allows or hides anything.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from app.core.database import Connection
from app.core.errors import UsageError
from app.core.roles import Operation
from app.core.session import Session

_KEY = "practice_hours"

#: The slot lengths a practice may choose (minutes): the grid of the book.
SLOT_CHOICES = (5, 10, 15, 20, 30, 45, 60)
#: Opening and closing times fall on this grid (minutes), so slots line up with the hour.
TIME_STEP = 5
DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class DayHours:
    opens: time
    closes: time

    def to_json(self) -> list[str]:
        return [self.opens.strftime("%H:%M"), self.closes.strftime("%H:%M")]


@dataclass(frozen=True)
class PracticeHours:
    """Hours for Monday..Sunday (None: closed that day) and the slot length."""

    days: tuple[DayHours | None, ...]
    slot_minutes: int = 15

    def on(self, day: date) -> DayHours | None:
        return self.days[day.weekday()]

    def to_json(self) -> dict[str, Any]:
        return {"days": {name: (h.to_json() if h else None)
                         for name, h in zip(DAY_NAMES, self.days, strict=True)},
                "slot_minutes": self.slot_minutes}


def default_hours() -> PracticeHours:
    weekday = DayHours(time(8, 0), time(18, 0))
    return PracticeHours((weekday,) * 5 + (None, None), 15)


def validate(hours: PracticeHours) -> PracticeHours:
    """Raise UsageError naming the first thing wrong; return the hours unchanged."""
    if hours.slot_minutes not in SLOT_CHOICES:
        raise UsageError("A slot is one of "
                         f"{', '.join(str(s) for s in SLOT_CHOICES)} minutes long.")
    if len(hours.days) != 7:
        raise UsageError("Opening hours name all seven days of the week.")
    for name, day in zip(DAY_NAMES, hours.days, strict=True):
        if day is None:
            continue
        for moment in (day.opens, day.closes):
            if moment.minute % TIME_STEP or moment.second or moment.microsecond:
                raise UsageError(f"{name.capitalize()}: opening and closing times are "
                                 f"on the {TIME_STEP}-minute grid (such as 08:00 or 17:30).")
        length = (datetime.combine(date.min, day.closes)
                  - datetime.combine(date.min, day.opens))
        if length < timedelta(minutes=hours.slot_minutes):
            raise UsageError(f"{name.capitalize()}: the practice must close at least one "
                             "slot after it opens; untick the day to close it.")
    return hours


def _parse(data: Any) -> PracticeHours:
    days: list[DayHours | None] = []
    for name in DAY_NAMES:
        value = data["days"][name]
        if value is None:
            days.append(None)
            continue
        opens, closes = (time.fromisoformat(str(v)) for v in value)
        days.append(DayHours(opens, closes))
    return validate(PracticeHours(tuple(days), int(data["slot_minutes"])))


def load_hours(conn: Connection) -> PracticeHours:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (_KEY,)).fetchone()
    if row is None:
        return default_hours()
    try:
        return _parse(json.loads(row[0]))
    except (ValueError, KeyError, TypeError, OverflowError, UsageError):
        return default_hours()


def practice_hours(session: Session) -> PracticeHours:
    """The hours the book shows; whoever reads the book may read them (not audited: they
    say nothing about any patient)."""
    session.require(Operation.APPOINTMENT_READ)
    return load_hours(session.conn)


def save_practice_hours(session: Session, hours: PracticeHours) -> PracticeHours:
    session.require(Operation.APPOINTMENT_SETUP)
    validate(hours)
    with session.transaction() as conn:
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                     (_KEY, json.dumps(hours.to_json())))
        session.record("appointment.hours.change", detail=hours.to_json())
    return hours


def local(moment: str) -> datetime:
    """A stored UTC time as the machine's local wall-clock time."""
    return datetime.fromisoformat(moment).astimezone()


def local_day_bounds(day: date) -> tuple[str, str]:
    """UTC times of local midnight at the start of `day` and of the next day."""
    from app.core.records import clock

    start = datetime.combine(day, time(0, 0)).astimezone()
    end = datetime.combine(day + timedelta(days=1), time(0, 0)).astimezone()
    return clock.iso(start), clock.iso(end)


def outside_hours(hours: PracticeHours, starts_at: str, ends_at: str) -> bool:
    """Whether [start, end) falls outside the day's opening hours (or on a closed day)."""
    start, end = local(starts_at), local(ends_at)
    day = hours.on(start.date())
    if day is None:
        return True
    opens = start.replace(hour=day.opens.hour, minute=day.opens.minute, second=0,
                          microsecond=0)
    closes = start.replace(hour=day.closes.hour, minute=day.closes.minute, second=0,
                           microsecond=0)
    return start < opens or end > closes  # an end on the next day is after closing too
