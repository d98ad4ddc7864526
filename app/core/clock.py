"""The one clock core reads: records' times and expiries, audit entry times, the emergency
window, sign-in throttling, TOTP steps, backup names, the health check, monitoring and
sharing packages' creation and expiry. Tests move it with `set_clock` instead of patching
several `now` functions.

File ages (leftover staging folders) are compared with file modification times, which the
file system writes from the system clock, so those comparisons read the system clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Source = Callable[[], datetime]


def _system() -> datetime:
    return datetime.now(UTC)


_source: Source = _system


def now() -> datetime:
    """The current time, timezone-aware UTC."""
    return _source()


def timestamp() -> float:
    """`now()` as POSIX seconds, for the stores that keep times as numbers (the throttle)
    and the TOTP time step."""
    return now().timestamp()


def parse_utc(text: object) -> datetime | None:
    """An ISO 8601 time read back from the vault (audit entries, grants, backups), or None
    if it is not one. A time without a zone was written as UTC."""
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def set_clock(source: Source | None) -> Source:
    """Tests only: read time from `source` (None restores the system clock). Returns the
    previous source so a fixture can put it back."""
    global _source
    previous, _source = _source, source or _system
    return previous
