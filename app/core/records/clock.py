"""The clock and the date formats records use.

Every record time is a UTC ISO 8601 string with milliseconds, the format the audit log
uses, so times sort and compare as text. Expiry is decided against `now()`, which tests
move forward instead of sleeping.
"""

from __future__ import annotations

import functools
import re
from datetime import UTC, date, datetime, timedelta

from app.core import clock as core_clock
from app.core.errors import UsageError

# FHIR `date` allows a year or a year and month where the day is not known (an onset
# remembered as "spring 2019"); such partial dates are kept as written.
_PARTIAL_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


def now() -> datetime:
    return core_clock.now()


def iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.astimezone()  # a naive time is the user's local time
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def now_iso() -> str:
    return iso(now())


def later_iso(minutes: float) -> str:
    return iso(now() + timedelta(minutes=minutes))


_DOTTED_DAY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def day(text: str) -> date:
    """A whole date as people type it: ISO (1968-03-14) or day.month.year (14.03.1968), the
    form used where dates are written with dots. Slashes are refused: 03/04/1968 is a
    different day in the US than in Europe."""
    text = text.strip()
    dotted = _DOTTED_DAY.match(text)
    if dotted:
        d, m, y = (int(g) for g in dotted.groups())
        text = f"{y:04d}-{m:02d}-{d:02d}"
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError.coded("dates.not_a_date", text=repr(text)) from None


def birth_date(text: str | None) -> str | None:
    """A full date (see `day`), not in the future, as YYYY-MM-DD."""
    if text is None or not text.strip():
        return None
    value = day(text)
    if value > now().date():
        raise UsageError.coded("dates.birth_in_future")
    return value.isoformat()


def fhir_date(text: str | None, what: str) -> str | None:
    """A FHIR date or dateTime: YYYY, YYYY-MM, YYYY-MM-DD, or a full time (kept in UTC)."""
    if text is None or not str(text).strip():
        return None
    text = str(text).strip()
    if _PARTIAL_DATE.match(text):
        if len(text) == 10:
            date.fromisoformat(text)  # reject 2023-02-30
        return text
    return moment(text, what)


@functools.lru_cache(maxsize=2048)
def _with_offset_in_utc(text: str) -> str | None:
    """The UTC form of an ISO time that carries its own offset, or None for a time
    without one (the user's zone decides that, and it may change, so it is not kept).
    Cached: a FHIR import meets the same time on every reading taken at one visit."""
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        return None
    return parsed.astimezone(UTC).isoformat(timespec="milliseconds")


def moment(value: str | datetime, what: str) -> str:
    """A point in time, normalised to UTC so that values sort correctly as text."""
    if isinstance(value, datetime):
        return iso(value)
    text = value.strip()
    if len(text) == 10:
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            pass
    try:
        return _with_offset_in_utc(text) or iso(datetime.fromisoformat(text))
    except OverflowError:
        # 0001-01-01T00:30+01:00 is a valid time whose UTC form falls before year 1.
        raise UsageError(f"{what}: {value!r} falls outside the years 1 to 9999 in UTC, "
                         "where MedVault keeps times.") from None
    except ValueError:
        raise UsageError(f"{what}: {value!r} is not a date and time; write it as ISO 8601, "
                         "for example 2024-05-01T09:30:00+02:00.") from None
