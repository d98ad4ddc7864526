"""Workers: results, errors and progress arrive on the GUI thread; Cancel is cooperative."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.core.errors import VaultDamaged
from app.ui.workers import Cancelled, Progress, ProgressDialog, TaskRunner, Worker, describe_error


def test_result_and_progress_on_the_gui_thread(qtbot: QtBot) -> None:
    seen: list[tuple[int, int, str, bool]] = []
    gui = QThread.currentThread()

    def work(progress: Progress) -> int:
        assert QThread.currentThread() is not gui
        for i in range(3):
            progress.report(i + 1, 3, f"step {i}")
        return 42

    worker = Worker(work)
    worker.progress.connect(lambda d, t, s: seen.append((d, t, s,
                                                         QThread.currentThread() is gui)))
    with qtbot.waitSignal(worker.finished, timeout=5000) as blocker:
        worker.start()
    assert blocker.args == [42]
    qtbot.waitUntil(lambda: len(seen) == 3)
    assert all(on_gui for *_rest, on_gui in seen)
    assert not worker.is_running()


def test_core_errors_become_their_message(qtbot: QtBot) -> None:
    def work(progress: Progress) -> None:
        raise VaultDamaged("The registry is damaged. Restore it from a backup.")

    worker = Worker(work)
    with qtbot.waitSignal(worker.failed, timeout=5000) as blocker:
        worker.start()
    assert blocker.args == ["The registry is damaged. Restore it from a backup."]
    assert isinstance(worker.error, VaultDamaged)


def test_unexpected_errors_say_so_without_details() -> None:
    assert "KeyError" in describe_error(KeyError("secret value"))
    assert "secret value" not in describe_error(KeyError("secret value"))
    assert "could not be read or written" in describe_error(
        FileNotFoundError(2, "No such file", "/x"))


def test_cancel_is_cooperative(qtbot: QtBot) -> None:
    started = threading.Event()

    def work(progress: Progress) -> str:
        started.set()
        while True:
            progress.check()
            threading.Event().wait(0.005)

    worker = Worker(work)
    with qtbot.waitSignal(worker.failed, timeout=5000) as blocker:
        worker.start()
        started.wait(5)
        worker.cancel()
    assert blocker.args == ["Cancelled."]
    assert isinstance(worker.error, Cancelled)


def test_runner_reports_busy_and_shows_a_cancellable_dialog(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    runner = TaskRunner()
    release = threading.Event()
    states: list[bool] = []
    runner.busy_changed.connect(states.append)
    done: list[object] = []

    def work(progress: Progress) -> str:
        progress.report(1, 2, "Halfway")
        release.wait(5)
        progress.check()
        return "ok"

    runner.run(parent, "Working", work, on_done=done.append,
               on_failed=lambda m, e: done.append(m), cancellable=True)
    assert runner.is_busy() and states == [True]
    # This runner's dialog: another test's may not be deleted yet in the same process.
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, ProgressDialog) and w.parentWidget() is parent)
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    qtbot.waitUntil(lambda: dialog.label_text() == "Halfway")
    assert dialog.cancel_button is not None
    dialog.cancel_button.click()
    release.set()
    qtbot.waitUntil(lambda: not runner.is_busy(), timeout=5000)
    assert done == ["Cancelled."]
    assert states == [True, False]


def test_past_the_final_safe_point_cancel_is_withdrawn(qtbot: QtBot) -> None:
    from app.core.progress import FINAL

    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    runner = TaskRunner()
    release = threading.Event()
    done: list[object] = []

    def work(progress: Progress) -> str:
        progress(0, 0, FINAL)  # as rotate_key does just before PRAGMA rekey
        release.wait(5)
        return "rotated"

    runner.run(parent, "Rotating", work, on_done=done.append,
               on_failed=lambda m, e: done.append(m), cancellable=True)
    # This runner's dialog: another test's may not be deleted yet in the same process.
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, ProgressDialog) and w.parentWidget() is parent)
    qtbot.waitUntil(lambda: "cannot be stopped" in dialog.label_text(), timeout=3000)
    assert dialog.cancel_button is not None and not dialog.cancel_button.isEnabled()
    dialog.reject()  # Escape or the close button: no "Cancelling…" promise either
    assert "cannot be stopped" in dialog.label_text()
    release.set()
    qtbot.waitUntil(lambda: not runner.is_busy(), timeout=5000)
    assert done == ["rotated"]


def test_cancel_before_the_final_point_stops_there(qtbot: QtBot) -> None:
    from app.core.progress import FINAL

    cancel = threading.Event()
    cancel.set()
    progress = Progress(lambda *_a: None, cancel)
    with pytest.raises(Cancelled):
        progress(0, 0, FINAL)
