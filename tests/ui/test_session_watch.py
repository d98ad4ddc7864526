"""SessionLockWatcher: handler slots, quiet start without buses, and real D-Bus delivery.

The D-Bus tests run a private dbus-daemon and play logind and a screen saver on it, so
they exercise the real QtDBus subscriptions without touching the machine's buses.
"""

from __future__ import annotations

import logging
import select
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusObjectPath, QDBusVirtualObject
from pytestqt.qtbot import QtBot

from app.ui.session_watch import SessionLockWatcher

SESSION_PATH = "/org/freedesktop/login1/session/_31"


@pytest.fixture
def watcher(qapp: QCoreApplication) -> Iterator[SessionLockWatcher]:
    w = SessionLockWatcher()
    yield w
    w.stop()


# -- handler slots ----------------------------------------------------------------------


def test_screensaver_activation_reports_lock(qtbot: QtBot, watcher: SessionLockWatcher) -> None:
    with qtbot.waitSignal(watcher.screen_locked, timeout=1000):
        watcher.on_screensaver_active_changed(True)


def test_screensaver_deactivation_is_not_a_lock(qtbot: QtBot, watcher: SessionLockWatcher) -> None:
    with qtbot.assertNotEmitted(watcher.screen_locked):
        watcher.on_screensaver_active_changed(False)


def test_repeated_activation_reports_again(qtbot: QtBot, watcher: SessionLockWatcher) -> None:
    # A screen saver that never reports "inactive" must not suppress later locks.
    with qtbot.waitSignals([watcher.screen_locked, watcher.screen_locked], timeout=1000):
        watcher.on_screensaver_active_changed(True)
        watcher.on_screensaver_active_changed(True)


def test_prepare_for_sleep(qtbot: QtBot, watcher: SessionLockWatcher) -> None:
    with qtbot.waitSignal(watcher.sleeping, timeout=1000):
        watcher.on_prepare_for_sleep(True)
    # PrepareForSleep(false) means "resumed": nothing to do.
    with qtbot.assertNotEmitted(watcher.sleeping):
        watcher.on_prepare_for_sleep(False)


def test_session_lock(qtbot: QtBot, watcher: SessionLockWatcher) -> None:
    with qtbot.waitSignal(watcher.screen_locked, timeout=1000):
        watcher.on_session_lock()


# -- without buses ----------------------------------------------------------------------


def test_unavailable_buses_are_silent(
    qapp: QCoreApplication, caplog: pytest.LogCaptureFixture
) -> None:
    dead = QDBusConnection.connectToBus("unix:path=/nonexistent/medvault-test-bus", "mv-dead")
    try:
        assert not dead.isConnected()
        w = SessionLockWatcher(session_bus=dead, system_bus=dead)
        with caplog.at_level(logging.DEBUG, logger="app.ui.session_watch"):
            w.start()
        assert w.is_started()
        assert "system bus unavailable" in caplog.text
        assert "session bus unavailable" in caplog.text
        w.stop()
        assert not w.is_started()
    finally:
        QDBusConnection.disconnectFromBus("mv-dead")


def test_default_buses_start_and_stop_quietly(
    watcher: SessionLockWatcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Whatever this machine offers (often nothing in CI), start/stop must not raise or
    # make Qt warn (Qt warnings fail the suite).
    monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/nonexistent/medvault-system")
    watcher.start()
    watcher.start()  # idempotent
    watcher.stop()
    watcher.stop()
    assert not watcher.is_started()


# -- a private bus ----------------------------------------------------------------------

_BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


@pytest.fixture
def bus_address(tmp_path: Path) -> Iterator[str]:
    daemon = shutil.which("dbus-daemon")
    if daemon is None:
        pytest.skip("dbus-daemon is not installed")
    config = tmp_path / "bus.conf"
    config.write_text(_BUS_CONFIG)
    proc = subprocess.Popen(
        [daemon, f"--config-file={config}", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        ready, _, _ = select.select([proc.stdout], [], [], 10)
        address = proc.stdout.readline().strip() if ready else ""
        if not address:
            pytest.skip("dbus-daemon did not start")
        yield address
    finally:
        proc.terminate()
        proc.wait(timeout=10)


class FakeLogind(QDBusVirtualObject):
    """Answers Manager.GetSession with a fixed session path, as logind would."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[list[object]] = []

    def handleMessage(self, message: QDBusMessage, connection: QDBusConnection) -> bool:
        self.calls.append(list(message.arguments()))
        if message.member() == "GetSession":
            connection.send(message.createReply(QDBusObjectPath(SESSION_PATH)))
        else:
            connection.send(
                message.createErrorReply("org.freedesktop.DBus.Error.UnknownMethod", "")
            )
        return True

    def introspect(self, path: str) -> str:
        return ""


class PrivateBus:
    """Two connections to the private daemon: one for the watcher, one for the fakes."""

    def __init__(self, address: str) -> None:
        suffix = uuid.uuid4().hex
        self.names = (f"mv-watcher-{suffix}", f"mv-system-{suffix}")
        self.watcher_side = QDBusConnection.connectToBus(address, self.names[0])
        self.system_side = QDBusConnection.connectToBus(address, self.names[1])
        assert self.watcher_side.isConnected() and self.system_side.isConnected()
        self.logind = FakeLogind()
        assert self.system_side.registerService("org.freedesktop.login1")
        assert self.system_side.registerVirtualObject("/org/freedesktop/login1", self.logind)

    def emit(self, path: str, interface: str, name: str, *args: object) -> None:
        message = QDBusMessage.createSignal(path, interface, name)
        message.setArguments(list(args))
        assert self.system_side.send(message)

    def close(self) -> None:
        self.system_side.unregisterObject("/org/freedesktop/login1")
        for name in self.names:
            QDBusConnection.disconnectFromBus(name)


@pytest.fixture
def bus(bus_address: str, qapp: QCoreApplication) -> Iterator[PrivateBus]:
    b = PrivateBus(bus_address)
    yield b
    b.close()


@pytest.fixture
def bus_watcher(bus: PrivateBus) -> Iterator[SessionLockWatcher]:
    w = SessionLockWatcher(session_bus=bus.watcher_side, system_bus=bus.watcher_side)
    w.start()
    yield w
    w.stop()


def _repeat(action: QTimer, every_ms: int = 25) -> QTimer:
    # Subscriptions reach the daemon asynchronously; re-sending until the signal shows
    # up avoids guessing how long that takes.
    action.setInterval(every_ms)
    action.start()
    return action


def _emitter(bus: PrivateBus, *signal: object) -> QTimer:
    timer = QTimer()
    path, interface, name, *args = signal
    assert isinstance(path, str) and isinstance(interface, str) and isinstance(name, str)
    timer.timeout.connect(lambda: bus.emit(path, interface, name, *args))
    return _repeat(timer)


@pytest.mark.parametrize(
    ("path", "interface"),
    [
        ("/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver"),
        ("/ScreenSaver", "org.freedesktop.ScreenSaver"),
        ("/org/gnome/ScreenSaver", "org.gnome.ScreenSaver"),
    ],
)
def test_screensaver_signal_over_dbus(
    qtbot: QtBot, bus: PrivateBus, bus_watcher: SessionLockWatcher, path: str, interface: str
) -> None:
    emitter = _emitter(bus, path, interface, "ActiveChanged", True)
    try:
        with qtbot.waitSignal(bus_watcher.screen_locked, timeout=5000):
            pass
    finally:
        emitter.stop()


def test_prepare_for_sleep_over_dbus(
    qtbot: QtBot, bus: PrivateBus, bus_watcher: SessionLockWatcher
) -> None:
    emitter = _emitter(
        bus, "/org/freedesktop/login1", "org.freedesktop.login1.Manager", "PrepareForSleep", True
    )
    try:
        with qtbot.waitSignal(bus_watcher.sleeping, timeout=5000):
            pass
    finally:
        emitter.stop()


def test_logind_session_lock_over_dbus(
    qtbot: QtBot, bus: PrivateBus, bus_watcher: SessionLockWatcher
) -> None:
    # The watcher asks logind for its own session, then listens for Lock on it.
    qtbot.waitUntil(lambda: bus.logind.calls == [["auto"]], timeout=5000)
    emitter = _emitter(bus, SESSION_PATH, "org.freedesktop.login1.Session", "Lock")
    try:
        with qtbot.waitSignal(bus_watcher.screen_locked, timeout=5000):
            pass
    finally:
        emitter.stop()


def _barrier(qtbot: QtBot, bus: PrivateBus, watcher: SessionLockWatcher) -> None:
    """Wait until everything sent so far has reached the watcher.

    Signals from one connection arrive in order, so once a PrepareForSleep sent now is
    seen, every earlier signal has been handled too.
    """
    with qtbot.waitSignal(watcher.sleeping, timeout=5000):
        bus.emit(
            "/org/freedesktop/login1", "org.freedesktop.login1.Manager", "PrepareForSleep", True
        )


def test_other_sessions_do_not_lock_us(
    qtbot: QtBot, bus: PrivateBus, bus_watcher: SessionLockWatcher
) -> None:
    qtbot.waitUntil(lambda: bus.logind.calls == [["auto"]], timeout=5000)
    # Prove our own Lock gets through first, so the negative check below means something.
    ours = _emitter(bus, SESSION_PATH, "org.freedesktop.login1.Session", "Lock")
    with qtbot.waitSignal(bus_watcher.screen_locked, timeout=5000):
        pass
    ours.stop()
    _barrier(qtbot, bus, bus_watcher)
    with qtbot.assertNotEmitted(bus_watcher.screen_locked):
        bus.emit("/org/freedesktop/login1/session/c2", "org.freedesktop.login1.Session", "Lock")
        _barrier(qtbot, bus, bus_watcher)


def test_stop_unsubscribes(qtbot: QtBot, bus: PrivateBus, bus_watcher: SessionLockWatcher) -> None:
    emitter = _emitter(
        bus, "/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver", "ActiveChanged", True
    )
    try:
        with qtbot.waitSignal(bus_watcher.screen_locked, timeout=5000):
            pass
        bus_watcher.stop()
        with qtbot.assertNotEmitted(bus_watcher.screen_locked, wait=300):
            pass
    finally:
        emitter.stop()
