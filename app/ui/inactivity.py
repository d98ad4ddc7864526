"""Detect that the user has stopped using the application, so the vault can auto-lock.

The idea follows KeePassXC's InactivityTimer: an event filter on the application object
sees every input event for every window, and a single-shot timer measures the quiet
period since the last one.

Restarting a QTimer from Python on every event would be costly: a single mouse move is
delivered to several objects (the window, the widget under the cursor, its parents) and
each delivery passes through the filter. So the filter only stamps the time of the latest
input, which is a cheap monotonic clock read. When the timer expires it compares that
stamp with the timeout: if the user was active in the meantime the timer is re-armed for
the remaining time, otherwise ``inactive`` is emitted. This restarts the timer at most
once per timeout period while the user is busy, yet never fires early.
"""

from __future__ import annotations

import time
from typing import Final

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

# Events that show a person is at the keyboard or mouse. Key releases, hover and focus
# changes are left out on purpose: they also happen without anybody present (a window
# appearing under a resting cursor, a dialog taking focus).
_ACTIVITY_EVENTS: Final[frozenset[QEvent.Type]] = frozenset(
    {
        QEvent.Type.KeyPress,
        # A key that triggers a shortcut (Ctrl+F, say) may never arrive as a KeyPress.
        QEvent.Type.ShortcutOverride,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
        QEvent.Type.TabletMove,
    }
)

DEFAULT_TIMEOUT_MS: Final = 5 * 60 * 1000


def _now_ns() -> int:
    # Monotonic, so a wall-clock change (NTP, daylight saving) cannot lock early or late.
    return time.monotonic_ns()


class InactivityTimer(QObject):
    """Emit ``inactive`` once the user has given no input for the configured timeout.

    While active, the timer fires once per idle period: after ``inactive`` it stays
    quiet until the user does something again, and only then starts a new period.
    """

    inactive = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timeout_ms = DEFAULT_TIMEOUT_MS
        self._active = False
        # True after ``inactive`` was emitted and before the next input: the timer is not
        # running then, so the next input must start it again.
        self._expired = False
        self._last_input_ns = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timeout)

    def set_timeout_ms(self, ms: int) -> None:
        """Set the idle period; if already active, it applies from the latest input."""
        if ms <= 0:
            raise ValueError("the inactivity timeout must be a positive number of ms")
        self._timeout_ms = ms
        if self._active and not self._expired:
            self._arm(self._remaining_ms())

    def timeout_ms(self) -> int:
        return self._timeout_ms

    def activate(self) -> None:
        """Start watching input; the idle period starts now."""
        if self._active:
            return
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("InactivityTimer needs a QCoreApplication")
        self._active = True
        self._expired = False
        self._last_input_ns = _now_ns()
        # On the application object, the filter sees events for every window and dialog.
        app.installEventFilter(self)
        self._arm(self._timeout_ms)

    def deactivate(self) -> None:
        """Stop watching; no ``inactive`` will be emitted until ``activate`` again."""
        if not self._active:
            return
        self._active = False
        self._expired = False
        self._timer.stop()
        # Removing the filter (rather than ignoring events) keeps a locked application
        # free of the per-event Python call.
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def is_active(self) -> bool:
        return self._active

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Called for every event in the application: keep the common path short.
        if event.type() in _ACTIVITY_EVENTS and self._active:
            self._last_input_ns = _now_ns()
            if self._expired:
                self._expired = False
                self._arm(self._timeout_ms)
        # Never swallow the event: we only observe.
        return False

    def _remaining_ms(self) -> int:
        idle_ns = _now_ns() - self._last_input_ns
        # Rounded up, so "no time left" really means the whole timeout has passed.
        return -((idle_ns - self._timeout_ms * 1_000_000) // 1_000_000)

    def _arm(self, ms: int) -> None:
        self._timer.start(max(ms, 0))

    def _on_timeout(self) -> None:
        if not self._active:
            return
        remaining = self._remaining_ms()
        if remaining > 0:
            # Input arrived since the timer was armed (or a coarse timer woke a little
            # early): wait for the rest of the period instead of locking.
            self._arm(remaining)
            return
        # Mark the period as spent before emitting: a slot may open a dialog with its own
        # event loop, and input seen there must start a fresh period, not re-emit.
        self._expired = True
        self.inactive.emit()
