"""InactivityTimer: fires after a quiet period, defers on input, stops when deactivated."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from app.ui.inactivity import InactivityTimer

# Short enough for a quick suite, long enough that a busy CI machine does not see a
# 20 ms input cadence as a quiet period.
TIMEOUT_MS = 800  # generous: a loaded CI machine can stall a 20 ms timer for a while
INPUT_INTERVAL_MS = 20


@pytest.fixture
def timer(qapp: QApplication) -> Iterator[InactivityTimer]:
    t = InactivityTimer()
    t.set_timeout_ms(TIMEOUT_MS)
    yield t
    t.deactivate()


@pytest.fixture
def line_edit(qtbot: QtBot) -> QLineEdit:
    widget = QLineEdit()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.setFocus()
    return widget


def test_fires_after_timeout_without_input(qtbot: QtBot, timer: InactivityTimer) -> None:
    start = time.monotonic()
    timer.activate()
    assert timer.is_active()
    with qtbot.waitSignal(timer.inactive, timeout=5000):
        pass
    # Never early: the timer re-checks the idle time before emitting.
    assert time.monotonic() - start >= TIMEOUT_MS / 1000


def _key(widget: QLineEdit, tick: int) -> None:
    QTest.keyClick(widget, Qt.Key.Key_A)


def _click(widget: QLineEdit, tick: int) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def _move(widget: QLineEdit, tick: int) -> None:
    QTest.mouseMove(widget, QPoint(2 + tick % 10, 3))


def _wheel(widget: QLineEdit, tick: int) -> None:
    pos = QPointF(3, 3)
    event = QWheelEvent(
        pos,
        QPointF(widget.mapToGlobal(pos)),
        QPoint(),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    assert event.type() == QEvent.Type.Wheel
    QApplication.sendEvent(widget, event)


@pytest.mark.parametrize("send_input", [_key, _click, _move, _wheel], ids=lambda f: f.__name__)
def test_input_keeps_deferring(
    qtbot: QtBot,
    timer: InactivityTimer,
    line_edit: QLineEdit,
    send_input: Callable[[QLineEdit, int], None],
) -> None:
    ticks = 0
    last_input = 0.0

    def type_something() -> None:
        nonlocal ticks, last_input
        send_input(line_edit, ticks)
        last_input = time.monotonic()
        ticks += 1

    driver = QTimer()
    driver.setInterval(INPUT_INTERVAL_MS)
    driver.timeout.connect(type_something)

    timer.activate()
    driver.start()
    # Keep the user "busy" for well over two timeouts: no inactivity may be reported.
    with qtbot.assertNotEmitted(timer.inactive):
        qtbot.waitUntil(lambda: ticks * INPUT_INTERVAL_MS >= 2.5 * TIMEOUT_MS, timeout=10_000)
    driver.stop()

    with qtbot.waitSignal(timer.inactive, timeout=5000):
        pass
    assert time.monotonic() - last_input >= TIMEOUT_MS / 1000


def test_fires_once_per_idle_period(
    qtbot: QtBot, timer: InactivityTimer, line_edit: QLineEdit
) -> None:
    timer.activate()
    with qtbot.waitSignal(timer.inactive, timeout=5000):
        pass
    # Spent: no repeat while the user stays away...
    with qtbot.assertNotEmitted(timer.inactive, wait=2 * TIMEOUT_MS):
        pass
    # ...but input starts a new period, which ends in a new signal.
    QTest.keyClick(line_edit, Qt.Key.Key_B)
    with qtbot.waitSignal(timer.inactive, timeout=5000):
        pass
    assert timer.is_active()


def test_deactivate_stops_it(qtbot: QtBot, timer: InactivityTimer) -> None:
    timer.set_timeout_ms(50)
    timer.activate()
    timer.deactivate()
    assert not timer.is_active()
    with qtbot.assertNotEmitted(timer.inactive, wait=300):
        pass


def test_input_while_deactivated_is_ignored(
    qtbot: QtBot, timer: InactivityTimer, line_edit: QLineEdit
) -> None:
    timer.activate()
    timer.deactivate()
    QTest.keyClick(line_edit, Qt.Key.Key_C)
    with qtbot.assertNotEmitted(timer.inactive, wait=2 * TIMEOUT_MS):
        pass


def test_reactivate_starts_a_fresh_period(qtbot: QtBot, timer: InactivityTimer) -> None:
    timer.activate()
    timer.deactivate()
    timer.activate()
    start = time.monotonic()
    with qtbot.waitSignal(timer.inactive, timeout=5000):
        pass
    assert time.monotonic() - start >= TIMEOUT_MS / 1000 - 0.001


def test_shorter_timeout_applies_while_active(qtbot: QtBot, timer: InactivityTimer) -> None:
    timer.set_timeout_ms(60_000)
    timer.activate()
    with qtbot.waitSignal(timer.inactive, timeout=5000):
        timer.set_timeout_ms(50)
    assert timer.timeout_ms() == 50


@pytest.mark.parametrize("bad", [0, -1])
def test_rejects_non_positive_timeout(timer: InactivityTimer, bad: int) -> None:
    with pytest.raises(ValueError):
        timer.set_timeout_ms(bad)
