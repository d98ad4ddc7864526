"""Times in the admin pages. Core stores UTC; people read local time, as everywhere else
in the program (chart moments, notes). UTC stays in the tooltip for comparing with logs
and other machines."""

from __future__ import annotations

from datetime import UTC, datetime

from app.ui.dates import when_text


def _parse(stamp: str) -> datetime | None:
    try:
        if len(stamp) >= 15 and stamp[8] == "T" and stamp[:8].isdigit():
            # Backup folder stamps: 20250101T101010123456Z
            moment = datetime.strptime(stamp[:15], "%Y%m%dT%H%M%S")
        else:
            moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def local_time(stamp: str | None, *, seconds: bool = False) -> str:
    """A stored moment in this computer's time zone and the user's date and time format
    (app/ui/dates.py); an unreadable stamp as given."""
    if not stamp:
        return ""
    moment = _parse(stamp)
    if moment is None:
        return stamp
    return when_text(moment, seconds=seconds)


def utc_time(stamp: str | None) -> str:
    """The same moment in UTC, for tooltips."""
    if not stamp:
        return ""
    moment = _parse(stamp)
    if moment is None:
        return stamp
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
