"""Tell the application when the desktop session locks or the machine goes to sleep.

The vault must lock with the screen: a locked workstation left in a corridor should not
hold an open vault. Where the operating system says nothing (no D-Bus, an unusual
desktop), the watcher stays silent and the inactivity timer remains the safety net.

Linux (and other D-Bus desktops):
  * system bus, ``org.freedesktop.login1``: ``Manager.PrepareForSleep(true)`` before
    suspend, ``Session.Lock`` on our session (``loginctl lock-session``, most lock
    screens);
  * session bus: ``ActiveChanged(true)`` from the freedesktop, GNOME, MATE and Xfce
    screen savers.

Windows: ``WM_WTSSESSION_CHANGE`` / ``WTS_SESSION_LOCK`` after
``WTSRegisterSessionNotification`` on a hidden window, and ``WM_POWERBROADCAST`` /
``PBT_APMSUSPEND`` before sleep.

Signals may repeat (several screen savers, a logind lock plus a screen saver), so
whatever locks the vault must treat locking an already locked vault as a no-op.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final, cast

from PySide6.QtCore import QAbstractNativeEventFilter, QCoreApplication, QObject, Signal, Slot

if TYPE_CHECKING:
    from PySide6.QtDBus import QDBusConnection, QDBusPendingCallWatcher
    from PySide6.QtGui import QWindow

_log = logging.getLogger(__name__)

_LOGIND_SERVICE: Final = "org.freedesktop.login1"
_LOGIND_PATH: Final = "/org/freedesktop/login1"
_LOGIND_MANAGER: Final = "org.freedesktop.login1.Manager"
_LOGIND_SESSION: Final = "org.freedesktop.login1.Session"
# "auto" is logind's name for the caller's session, or the user's graphical session when
# the caller runs outside one (apps started by systemd --user or a D-Bus activation).
_LOGIND_OWN_SESSION: Final = "auto"
_DBUS_CALL_TIMEOUT_MS: Final = 5000

# (path, interface) of screen savers that emit ActiveChanged(bool). The sender is left
# open: a spoofed signal can only lock the vault, and the owning service name differs
# between desktops.
_SCREENSAVERS: Final[tuple[tuple[str, str], ...]] = (
    ("/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver"),
    ("/ScreenSaver", "org.freedesktop.ScreenSaver"),
    ("/org/gnome/ScreenSaver", "org.gnome.ScreenSaver"),
    ("/org/mate/ScreenSaver", "org.mate.ScreenSaver"),
    ("/org/xfce/ScreenSaver", "org.xfce.ScreenSaver"),
)

# QtDBus finds the receiving slot by its normalised signature, written as Qt's SLOT()
# macro would: the "1" prefix marks a slot.
_SLOT_ACTIVE_CHANGED: Final = "1on_screensaver_active_changed(bool)"
_SLOT_PREPARE_FOR_SLEEP: Final = "1on_prepare_for_sleep(bool)"
_SLOT_SESSION_LOCK: Final = "1on_session_lock()"


class _DBusSubscription:
    """One signal match, remembered so stop() can remove exactly what start() added."""

    def __init__(
        self, bus: QDBusConnection, service: str, path: str, interface: str, name: str, slot: str
    ) -> None:
        self.bus = bus
        self.args = (service, path, interface, name)
        self.slot = slot

    def connect(self, receiver: QObject) -> bool:
        # The stubs type the slot as bytes, but PySide6 accepts only str here.
        return bool(cast(Any, self.bus).connect(*self.args, receiver, self.slot))

    def disconnect(self, receiver: QObject) -> None:
        cast(Any, self.bus).disconnect(*self.args, receiver, self.slot)


class SessionLockWatcher(QObject):
    """Emit ``screen_locked`` when the session locks and ``sleeping`` before suspend.

    The buses can be given for tests (a private ``dbus-daemon``); by default the
    system and session buses are used.
    """

    screen_locked = Signal()
    sleeping = Signal()

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        session_bus: QDBusConnection | None = None,
        system_bus: QDBusConnection | None = None,
    ) -> None:
        super().__init__(parent)
        self._session_bus = session_bus
        self._system_bus = system_bus
        self._started = False
        self._subscriptions: list[_DBusSubscription] = []
        self._pending_session: QDBusPendingCallWatcher | None = None
        self._windows: _WindowsSessionHook | None = None

    # -- public slots, called by the OS hooks (and directly by tests) -------------------

    @Slot(bool)
    def on_screensaver_active_changed(self, active: bool) -> None:
        # Emitted on every activation, even a repeated one: a screen saver that never
        # reports deactivation must not be able to suppress the next lock.
        if active:
            self.screen_locked.emit()

    @Slot(bool)
    def on_prepare_for_sleep(self, starting: bool) -> None:
        # logind sends PrepareForSleep(false) on resume; only the way down matters.
        if starting:
            self.sleeping.emit()

    @Slot()
    def on_session_lock(self) -> None:
        self.screen_locked.emit()

    # -- lifecycle -----------------------------------------------------------------------

    def start(self) -> None:
        """Subscribe to the platform's notifications; does nothing if already started."""
        if self._started:
            return
        if QCoreApplication.instance() is None:
            raise RuntimeError("SessionLockWatcher needs a QCoreApplication")
        self._started = True
        if sys.platform == "win32":
            self._start_windows()
        elif sys.platform == "darwin":
            _log.debug("no screen-lock notifications on macOS yet; relying on idle lock")
        else:
            self._start_dbus()

    def stop(self) -> None:
        """Remove every subscription made by start(); safe to call at any time."""
        if not self._started:
            return
        self._started = False
        for subscription in self._subscriptions:
            subscription.disconnect(self)
        self._subscriptions.clear()
        if self._pending_session is not None:
            # Dropping the watcher abandons the call: a reply that arrives after stop()
            # must not subscribe again.
            self._pending_session.deleteLater()
            self._pending_session = None
        if self._windows is not None:
            self._windows.close()
            self._windows = None

    def is_started(self) -> bool:
        return self._started

    # -- D-Bus ---------------------------------------------------------------------------

    def _start_dbus(self) -> None:
        try:
            from PySide6.QtDBus import QDBusConnection
        except ImportError:
            _log.debug("QtDBus is not available; no screen-lock notifications")
            return

        system_bus = QDBusConnection.systemBus() if self._system_bus is None else self._system_bus
        if system_bus.isConnected():
            self._subscribe(
                system_bus,
                _LOGIND_SERVICE,
                _LOGIND_PATH,
                _LOGIND_MANAGER,
                "PrepareForSleep",
                _SLOT_PREPARE_FOR_SLEEP,
            )
            self._resolve_logind_session(system_bus)
        else:
            _log.debug("system bus unavailable: %s", system_bus.lastError().message())

        session_bus = (
            QDBusConnection.sessionBus() if self._session_bus is None else self._session_bus
        )
        if session_bus.isConnected():
            for path, interface in _SCREENSAVERS:
                self._subscribe(
                    session_bus, "", path, interface, "ActiveChanged", _SLOT_ACTIVE_CHANGED
                )
        else:
            _log.debug("session bus unavailable: %s", session_bus.lastError().message())

    def _subscribe(
        self, bus: QDBusConnection, service: str, path: str, interface: str, name: str, slot: str
    ) -> None:
        subscription = _DBusSubscription(bus, service, path, interface, name, slot)
        if subscription.connect(self):
            self._subscriptions.append(subscription)
        else:
            _log.debug(
                "could not subscribe to %s.%s: %s", interface, name, bus.lastError().message()
            )

    def _resolve_logind_session(self, bus: QDBusConnection) -> None:
        # Lock is emitted on the session object, whose path we must ask for. Asked
        # asynchronously so a slow or wedged logind never freezes the window.
        from PySide6.QtDBus import QDBusMessage, QDBusPendingCallWatcher

        message = QDBusMessage.createMethodCall(
            _LOGIND_SERVICE, _LOGIND_PATH, _LOGIND_MANAGER, "GetSession"
        )
        message.setArguments([_LOGIND_OWN_SESSION])
        watcher = QDBusPendingCallWatcher(bus.asyncCall(message, _DBUS_CALL_TIMEOUT_MS), self)
        watcher.finished.connect(lambda: self._on_session_resolved(bus, watcher))
        self._pending_session = watcher

    def _on_session_resolved(self, bus: QDBusConnection, watcher: QDBusPendingCallWatcher) -> None:
        if self._pending_session is not watcher:
            return
        self._pending_session = None
        watcher.deleteLater()
        if watcher.isError():
            _log.debug("no logind session to watch: %s", watcher.error().message())
            return
        from PySide6.QtDBus import QDBusObjectPath

        arguments = watcher.reply().arguments()
        first: object = arguments[0] if arguments else None
        # An object path arrives as QDBusObjectPath; accept a plain string too.
        path = first.path() if isinstance(first, QDBusObjectPath) else first
        if not isinstance(path, str) or not path.startswith("/"):
            _log.debug("unexpected reply from logind GetSession: %r", arguments)
            return
        self._subscribe(bus, _LOGIND_SERVICE, path, _LOGIND_SESSION, "Lock", _SLOT_SESSION_LOCK)

    # -- Windows -------------------------------------------------------------------------

    def _start_windows(self) -> None:
        hook = _WindowsSessionHook(self.on_session_lock, self.on_prepare_for_sleep)
        if hook.open():
            self._windows = hook
        else:
            hook.close()


class _WindowsSessionHook(QAbstractNativeEventFilter):
    """Receive session and power messages through a hidden native window.

    Windows sends WM_WTSSESSION_CHANGE only to windows registered with
    WTSRegisterSessionNotification, so the hook owns a never-shown QWindow whose handle
    it registers; Qt passes that window's messages to native event filters.
    """

    def __init__(self, on_lock: Callable[[], None], on_sleep: Callable[[bool], None]) -> None:
        super().__init__()
        self._on_lock = on_lock
        self._on_sleep = on_sleep
        self._window: QWindow | None = None
        self._hwnd = 0

    def open(self) -> bool:
        if sys.platform != "win32":
            return False
        from PySide6.QtGui import QGuiApplication, QWindow

        app = QGuiApplication.instance()
        if not isinstance(app, QGuiApplication):
            _log.debug("session notifications need a QGuiApplication")
            return False
        self._window = QWindow()
        self._hwnd = int(self._window.winId())  # creates the native window, unshown
        app.installNativeEventFilter(self)
        if not _wts_register(self._hwnd):
            _log.debug("WTSRegisterSessionNotification failed")
            return False
        return True

    def close(self) -> None:
        app = QCoreApplication.instance()
        if app is not None:
            app.removeNativeEventFilter(self)
        if self._hwnd:
            _wts_unregister(self._hwnd)
        self._hwnd = 0
        if self._window is not None:
            self._window.destroy()
            self._window.deleteLater()
            self._window = None

    def nativeEventFilter(self, eventType: Any, message: Any) -> tuple[bool, int]:
        if bytes(eventType) == b"windows_generic_MSG":
            msg = _read_msg(int(message))
            if msg is not None:
                kind, wparam = msg
                if kind == _WM_WTSSESSION_CHANGE and wparam == _WTS_SESSION_LOCK:
                    self._on_lock()
                elif kind == _WM_POWERBROADCAST and wparam == _PBT_APMSUSPEND:
                    self._on_sleep(True)
        # Observe only: Qt and other filters still get every message.
        return False, 0


_WM_WTSSESSION_CHANGE: Final = 0x02B1
_WTS_SESSION_LOCK: Final = 0x7
_WM_POWERBROADCAST: Final = 0x0218
_PBT_APMSUSPEND: Final = 0x0004
_NOTIFY_FOR_THIS_SESSION: Final = 0

# ctypes.windll and wintypes exist only on Windows; keep them out of every other platform
# (mypy checks this block with --platform win32).
if sys.platform == "win32":
    import ctypes
    from ctypes import wintypes

    _wtsapi32 = ctypes.WinDLL("wtsapi32", use_last_error=True)
    _wtsapi32.WTSRegisterSessionNotification.argtypes = (wintypes.HWND, wintypes.DWORD)
    _wtsapi32.WTSRegisterSessionNotification.restype = wintypes.BOOL
    _wtsapi32.WTSUnRegisterSessionNotification.argtypes = (wintypes.HWND,)
    _wtsapi32.WTSUnRegisterSessionNotification.restype = wintypes.BOOL

    def _wts_register(hwnd: int) -> bool:
        return bool(_wtsapi32.WTSRegisterSessionNotification(hwnd, _NOTIFY_FOR_THIS_SESSION))

    def _wts_unregister(hwnd: int) -> None:
        _wtsapi32.WTSUnRegisterSessionNotification(hwnd)

    def _read_msg(address: int) -> tuple[int, int] | None:
        if not address:
            return None
        msg = wintypes.MSG.from_address(address)
        return int(msg.message), int(msg.wParam)

else:
    # Stand-ins so the module imports everywhere; the hook never opens off Windows.

    def _wts_register(hwnd: int) -> bool:
        return False

    def _wts_unregister(hwnd: int) -> None:
        return None

    def _read_msg(address: int) -> tuple[int, int] | None:
        return None
