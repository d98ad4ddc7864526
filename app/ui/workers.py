"""Long work off the GUI thread: a QThread-based worker, a progress dialog, a task runner.

Argon2, backups, key rotation, demo generation and exports take from a second to minutes;
the window must keep painting meanwhile. A work function receives a `Progress` it may
report through and poll for Cancel (cancellation is cooperative: core code that takes no
progress callback simply runs to the end).

Threading rule: the SQLCipher connection is opened with ``check_same_thread=False`` but is
not safe for two threads at once. While a task runs, its progress dialog is window-modal,
so the GUI cannot start a second operation on the same session, and the lock controller
defers locking until the runner is idle (see `TaskRunner.busy_changed`).

Signals of a QObject that lives on the GUI thread, emitted from the worker thread, are
delivered on the GUI thread. The thread only emits its own signals; the `Worker` (a GUI
thread object) re-emits them, so whatever callable a caller connects runs on the GUI thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import MedVaultError
from app.core.progress import FINAL

_log = logging.getLogger(__name__)


class Cancelled(MedVaultError):
    """The person pressed Cancel; the work function stopped at a safe point."""

    def __init__(self) -> None:
        super().__init__(QCoreApplication.translate("workers", "Cancelled."))


def describe_error(exc: BaseException) -> str:
    """The plain sentence to show for an error raised by work on a worker thread."""
    if isinstance(exc, MedVaultError):
        from app.ui.core_messages import error_text

        return error_text(exc)
    from app.core.database import DatabaseError, damage_from

    if isinstance(exc, DatabaseError):
        return str(damage_from(exc))
    if isinstance(exc, OSError):
        what = exc.strerror or type(exc).__name__
        where = f" ({exc.filename})" if exc.filename else ""
        return QCoreApplication.translate(
            "workers", "A file could not be read or written: {what}{where}."
        ).format(what=what, where=where)
    return QCoreApplication.translate(
        "workers", "An unexpected error stopped this step ({name}). The details are in the log."
    ).format(name=type(exc).__name__)


class Progress:
    """Handed to a work function: report progress, and check whether Cancel was pressed.

    It is also callable as ``progress(done, total, text)``, so it can be passed to core
    functions that accept a progress callback.
    """

    def __init__(self, emit: Callable[[int, int, str], None], cancel: threading.Event) -> None:
        self._emit = emit
        self._cancel = cancel

    def report(self, done: int, total: int, text: str = "") -> None:
        self._emit(int(done), int(total), text)

    def __call__(self, done: int, total: int, text: str = "") -> None:
        # Check first: a call marked FINAL is the last chance to stop.
        self.check()
        self.report(done, total, text)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise `Cancelled` if Cancel was pressed; call it between safe steps."""
        if self._cancel.is_set():
            raise Cancelled()


WorkFunction = Callable[[Progress], Any]


class _Thread(QThread):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    errored = Signal(object)

    def __init__(self, fn: WorkFunction, cancel: threading.Event) -> None:
        super().__init__()
        self._fn = fn
        self._cancel = cancel

    def run(self) -> None:
        progress = Progress(self.progressed.emit, self._cancel)
        try:
            result = self._fn(progress)
        except BaseException as exc:
            if not isinstance(exc, MedVaultError):
                _log.exception("work on a worker thread failed")
            self.errored.emit(exc)
        else:
            self.succeeded.emit(result)


class Worker(QObject):
    """Run one function on its own thread. Signals arrive on the GUI thread.

    ``finished(result)`` or ``failed(message)`` is emitted exactly once; after
    ``failed`` the exception itself is in `error` (the unlock screen needs its type).
    """

    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, fn: WorkFunction, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self._thread = _Thread(fn, self._cancel)
        self._thread.progressed.connect(self._on_progress)
        self._thread.succeeded.connect(self._on_succeeded)
        self._thread.errored.connect(self._on_errored)
        self._running = False
        self.error: BaseException | None = None

    def start(self) -> None:
        self._running = True
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def is_running(self) -> bool:
        return self._running

    def wait(self, ms: int = -1) -> bool:
        """Block until the thread ends (shutdown only; never while the GUI should paint)."""
        if ms < 0:
            return bool(self._thread.wait())
        return bool(self._thread.wait(ms))

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, text: str) -> None:
        self.progress.emit(done, total, text)

    @Slot(object)
    def _on_succeeded(self, result: object) -> None:
        self._thread.wait()
        self._running = False
        self.finished.emit(result)

    @Slot(object)
    def _on_errored(self, exc: object) -> None:
        self._thread.wait()
        self._running = False
        assert isinstance(exc, BaseException)
        self.error = exc
        self.failed.emit(describe_error(exc))


class ProgressDialog(QDialog):
    """Window-modal progress with an optional Cancel; it appears only if the work takes
    a moment, so quick work does not flash a dialog."""

    SHOW_AFTER_MS = 300
    canceled = Signal()

    def __init__(self, parent: QWidget | None, title: str, *, cancellable: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        if parent is not None:
            self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(380)
        self._label = QLabel(title, self)
        self._label.setWordWrap(True)
        self._bar = QProgressBar(self)
        self._bar.setRange(0, 0)
        self._bar.setAccessibleName(self.tr("Progress"))
        layout = QVBoxLayout(self)
        layout.addWidget(self._label)
        layout.addWidget(self._bar)
        self.cancel_button: QPushButton | None = None
        if cancellable:
            buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
            self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
            buttons.rejected.connect(self._on_cancel)
            layout.addWidget(buttons)
        self._cancellable = cancellable
        self._show_timer = QTimer(self)
        self._show_timer.setSingleShot(True)
        self._show_timer.timeout.connect(self.show)

    def begin(self) -> None:
        self._show_timer.start(self.SHOW_AFTER_MS)

    def label_text(self) -> str:
        return self._label.text()

    @Slot()
    def _on_cancel(self) -> None:
        if self.cancel_button is not None:
            self.cancel_button.setEnabled(False)
        self._label.setText(self.tr("Cancelling at the next safe point…"))
        self.canceled.emit()

    def reject(self) -> None:
        # Escape, the window's close button or a lock: never hide work that still runs.
        if self._cancellable:
            self._on_cancel()

    @Slot(int, int, str)
    def update_progress(self, done: int, total: int, text: str) -> None:
        if total > 0:
            self._bar.setRange(0, total)
            self._bar.setValue(min(done, total))
        else:
            self._bar.setRange(0, 0)
        if text == FINAL:
            # Core passed its last safe point: offering Cancel now would be a false promise.
            self._cancellable = False
            if self.cancel_button is not None:
                self.cancel_button.setEnabled(False)
            self._label.setText(self.tr("Finishing. This step cannot be stopped; it runs "
                                        "to the end."))
        elif text:
            self._label.setText(text)

    def end(self) -> None:
        self._show_timer.stop()
        self.hide()
        self.deleteLater()


class TaskRunner(QObject):
    """Runs workers for the application and says when none is running.

    The lock controller listens to ``busy_changed``: locking while a worker still uses the
    session would pull the connection from under it, so a lock waits until idle.
    """

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._workers: list[Worker] = []

    def is_busy(self) -> bool:
        return bool(self._workers)

    def cancel_all(self) -> None:
        for worker in self._workers:
            worker.cancel()

    def wait_all(self, ms: int = 30_000) -> None:
        """Shutdown only: block until every worker thread has ended."""
        for worker in list(self._workers):
            worker.wait(ms)

    def run(self, parent: QWidget | None, title: str, fn: WorkFunction, *,
            on_done: Callable[[Any], None] | None = None,
            on_failed: Callable[[str, BaseException | None], None] | None = None,
            cancellable: bool = False, show_progress: bool = True) -> Worker:
        worker = Worker(fn, self)
        dialog = ProgressDialog(parent, title, cancellable=cancellable) if show_progress else None
        if dialog is not None:
            worker.progress.connect(dialog.update_progress)
            dialog.canceled.connect(worker.cancel)

        def finish() -> None:
            if dialog is not None:
                dialog.end()
            self._workers.remove(worker)
            worker.deleteLater()
            if not self._workers:
                self.busy_changed.emit(False)

        def done(result: object) -> None:
            finish()
            if on_done is not None:
                on_done(result)

        def failed(message: str) -> None:
            finish()
            if on_failed is not None:
                on_failed(message, worker.error)

        worker.finished.connect(done)
        worker.failed.connect(failed)
        was_busy = self.is_busy()
        self._workers.append(worker)
        if not was_busy:
            self.busy_changed.emit(True)
        if dialog is not None:
            dialog.begin()
        worker.start()
        return worker
