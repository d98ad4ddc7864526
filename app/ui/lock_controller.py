"""Auto-lock: idle timer, screen lock and sleep, minimising, and Ctrl+L.

Locking, in order:
  1. ``locking`` is emitted and every page saves its drafts (encrypted, through core)
     while the session is still open;
  2. every open dialog is rejected;
  3. every page clears its models and fields;
  4. the clipboard is cleared if it still holds what MedVault put there;
  5. the session closes: the lock is audited, the audit head saved, the connection closed
     and the key bytearrays overwritten;
  6. the main window hides and ``locked(reason)`` is emitted, so the application shows
     only the unlock screen.

Every step runs whatever the steps before it raised, and the session is closed in every
case (`end_session`): a failure is logged, never a reason to skip the lock. Closing the
vault goes through the same steps.

A lock requested while a worker still uses the session waits until it ends (and asks it
to cancel), because pulling the connection from under it would corrupt nothing but would
fail the work half-way. Repeated requests (a screen saver plus logind) are harmless.

The quick-unlock PIN (app/core/quick_unlock.py) is offered only after an *idle* lock; a
lock keeps its seal only while the vault's settings allow it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Signal, Slot
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog

from app.ui.context import UiContext
from app.ui.inactivity import InactivityTimer
from app.ui.session_watch import SessionLockWatcher

if TYPE_CHECKING:
    from app.core.session import Session
    from app.ui.main_window import MainWindow

_log = logging.getLogger(__name__)


class LockReason(StrEnum):
    IDLE = "idle"
    MANUAL = "manual"
    SCREEN = "screen"
    SLEEP = "sleep"
    MINIMISE = "minimise"


class _LockKeys(QObject):
    """Ctrl+L from any window of the program. The main window's shortcut is blocked while
    one of its dialogs is open (Qt skips shortcuts of a window a modal dialog blocks), and
    a person locking in a hurry presses it wherever the focus is."""

    def __init__(self, lock: Callable[[], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = lock
        self.sequence = QKeySequence("Ctrl+L")
        self._installed = False

    def install(self, sequence: QKeySequence) -> None:
        self.sequence = sequence
        app = QCoreApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True

    def remove(self) -> None:
        app = QCoreApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
        self._installed = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Called for every event: keep the common path to one comparison. A KeyPress only
        # arrives here when no shortcut took the keys (the main window's did not).
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and \
                QKeySequence(event.keyCombination()) == self.sequence:
            self._lock()
            return True
        return False


class LockController(QObject):
    locking = Signal(str)
    locked = Signal(str)

    def __init__(self, ctx: UiContext, parent: QObject | None = None, *,
                 watcher: SessionLockWatcher | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.timer = InactivityTimer(self)
        self.timer.inactive.connect(lambda: self.lock(LockReason.IDLE))
        self.watcher = watcher if watcher is not None else SessionLockWatcher(self)
        self.watcher.screen_locked.connect(lambda: self.lock(LockReason.SCREEN))
        self.watcher.sleeping.connect(lambda: self.lock(LockReason.SLEEP))
        ctx.tasks.busy_changed.connect(self._on_busy_changed)
        self._session: Session | None = None
        self._window: MainWindow | None = None
        self._pending: LockReason | None = None
        self._timeout_override_ms: int | None = None
        self.lock_on_minimise = False
        self.last_reason: LockReason | None = None
        self._lock_keys = _LockKeys(self._on_manual, self)

    # -- wiring ----------------------------------------------------------------------
    def attach(self, session: Session, window: MainWindow) -> None:
        """Watch for locking while ``session`` is open in ``window``."""
        if self._window is not window:
            self._forget_window()
            window.minimised.connect(self._on_minimised)
            window.lock_requested.connect(self._on_manual)
        self._session = session
        self._window = window
        self._pending = None
        self.apply_settings()
        self.timer.activate()
        self.watcher.start()
        self._lock_keys.install(window.lock_action.shortcut())

    def apply_settings(self) -> None:
        session = self._session
        if session is None or not session.is_open:
            return
        from app.core.vault_settings import current_settings

        settings = current_settings(session)
        # Core bounds it by the machine policy; the notice counts down from it.
        self.ctx.clipboard.set_clear_after_ms(settings.clipboard_seconds * 1000)
        self.lock_on_minimise = settings.lock_on_minimise
        self.timer.set_timeout_ms(self._timeout_override_ms
                                  or settings.autolock_minutes * 60_000)

    def override_timeout_ms(self, ms: int | None) -> None:
        """For tests and the demo: a shorter idle time than any setting allows."""
        self._timeout_override_ms = ms
        if ms is not None:
            self.timer.set_timeout_ms(ms)

    def detach(self) -> None:
        """The vault is closing for good: stop watching."""
        self.timer.deactivate()
        self.watcher.stop()
        self._lock_keys.remove()
        self._session = None
        self._pending = None
        self._forget_window()

    def _forget_window(self) -> None:
        if self._window is not None:
            self._window.minimised.disconnect(self._on_minimised)
            self._window.lock_requested.disconnect(self._on_manual)
            self._window = None

    def is_locked(self) -> bool:
        return self._session is None

    # -- triggers --------------------------------------------------------------------
    @Slot()
    def _on_manual(self) -> None:
        self.lock(LockReason.MANUAL)

    @Slot()
    def _on_minimised(self) -> None:
        if self.lock_on_minimise:
            self.lock(LockReason.MINIMISE)

    @Slot(bool)
    def _on_busy_changed(self, busy: bool) -> None:
        if not busy and self._pending is not None:
            reason, self._pending = self._pending, None
            self.lock(reason)

    # -- locking ---------------------------------------------------------------------
    def lock(self, reason: LockReason | str) -> bool:
        """Lock now (or as soon as the running worker ends). True if locked now."""
        reason = LockReason(reason)
        session = self._session
        if session is None or not session.is_open:
            return False
        if self.ctx.tasks.is_busy():
            # A stricter reason wins: after a manual lock, no PIN.
            if self._pending is None or self._pending is LockReason.IDLE:
                self._pending = reason
            self.ctx.tasks.cancel_all()
            return False
        self._session = None
        self.timer.deactivate()
        self._lock_keys.remove()
        self.last_reason = reason
        window = self._window
        try:
            end_session(self.ctx, session, window, "lock",
                        announce=lambda: self.locking.emit(reason.value),
                        before_close=lambda: self.ctx.quick_unlock.keep_only_if_allowed(
                            session))
        finally:
            # Whatever failed above, the person sees the lock screen, never the vault.
            if window is not None:
                _step("hiding the main window", window.hide)
            self.locked.emit(reason.value)
        return True


def _step(what: str, fn: Callable[[], object]) -> bool:
    """Run one step of a lock; a failure is logged and the lock goes on (issue 8.1: a
    page that raised once stopped every later lock while the chart stayed on screen)."""
    try:
        fn()
    except Exception:
        _log.exception("locking went on after %s failed", what)
        return False
    return True


def end_session(ctx: UiContext, session: Session, window: MainWindow | None, reason: str, *,
                announce: Callable[[], object] | None = None,
                before_close: Callable[[], object] | None = None) -> None:
    """Save drafts, close dialogs, clear every page and the clipboard, then close the
    session (audit, keys wiped). Each step runs whatever the one before raised, and the
    session is closed in every case; a lock and closing the vault share this."""
    try:
        if announce is not None:
            _step("announcing the lock", announce)
        if window is not None:
            _step("saving drafts", window.save_drafts)
        _step("closing dialogs", close_dialogs)
        if window is not None:
            _step("clearing the pages", window.clear)
        _step("clearing the clipboard", ctx.clipboard.clear_now)
        _step("resetting the clipboard time",
              lambda: _clipboard_time_before_signin(ctx, session))
        if before_close is not None:
            _step("keeping the quick-unlock PIN", before_close)
    finally:
        try:
            session.close(reason)
        except Exception:
            # Session.close drops the keys in its own `finally`; what failed here was
            # the audit entry or the head, which the next sign-in's chain check sees.
            _log.exception("closing the session raised; its keys were dropped")


def _clipboard_time_before_signin(ctx: UiContext, session: Session) -> None:
    """Locked, the vault's own setting is out of reach: the default, within the policy."""
    from app.core.vault_settings import clipboard_seconds

    ctx.clipboard.set_clear_after_ms(
        1000 * clipboard_seconds(None, session.vault.policy.policy))


def close_dialogs() -> None:
    """Close any open menu and reject every visible dialog (each on its own: one that
    raises or refuses to close is logged and hidden, and the rest still close)."""
    popup = QApplication.activePopupWidget()
    while popup is not None:
        popup.close()
        next_popup = QApplication.activePopupWidget()
        if next_popup is popup:
            break
        popup = next_popup
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            _step(f"rejecting {type(widget).__name__}", widget.reject)
            if widget.isVisible():
                # Hiding also ends a nested exec() loop (a message box asked meanwhile).
                _step(f"hiding {type(widget).__name__}", widget.hide)
