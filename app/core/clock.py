"""The one clock core reads: records' times and expiries, audit entry times, the emergency
window. Tests move it with `set_clock` instead of patching several `now` functions."""

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


def set_clock(source: Source | None) -> Source:
    """Tests only: read time from `source` (None restores the system clock). Returns the
    previous source so a fixture can put it back."""
    global _source
    previous, _source = _source, source or _system
    return previous
