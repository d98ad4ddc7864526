"""Copy secrets (recovery codes, passwords, identifiers) to the clipboard for a short time.

Two defences against the clipboard outliving the need:
  * hints that clipboard managers and history tools honour, so they do not record it:
    KDE's ``x-kde-passwordManagerHint: secret`` (Klipper, and others that adopted it),
    and on Windows ``ExcludeClipboardContentFromMonitorProcessing`` plus the two formats
    that keep it out of clipboard history (Win+V) and cloud clipboard sync;
  * a single-shot timer that clears the clipboard, but only if it still holds what we
    put there: text the user copied since then, from anywhere, is left alone.

We keep a digest of the copied text, not the text itself, so this object does not
become one more place where the secret lingers in memory.
"""

from __future__ import annotations

import hashlib
import hmac
import sys
from typing import Final

from PySide6.QtCore import QCoreApplication, QMimeData, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QClipboard, QGuiApplication

DEFAULT_CLEAR_AFTER_MS: Final = 30_000

KDE_CONCEAL_MIME: Final = "x-kde-passwordManagerHint"
KDE_CONCEAL_VALUE: Final = b"secret"


def _windows_format(name: str) -> str:
    # Qt's Windows clipboard maps this MIME form onto the registered format ``name``.
    return f'application/x-qt-windows-mime;value="{name}"'


# Documented by Microsoft for clipboard monitors and the Windows 10+ clipboard history:
# the presence of the first format is enough; the other two hold a DWORD 0 for "no".
_WINDOWS_HINTS: Final[tuple[tuple[str, bytes], ...]] = (
    (_windows_format("ExcludeClipboardContentFromMonitorProcessing"), b"\x01\x00\x00\x00"),
    (_windows_format("CanIncludeInClipboardHistory"), b"\x00\x00\x00\x00"),
    (_windows_format("CanUploadToCloudClipboard"), b"\x00\x00\x00\x00"),
)


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


def _clipboard() -> QClipboard:
    if not isinstance(QCoreApplication.instance(), QGuiApplication):
        raise RuntimeError("SecureClipboard needs a QGuiApplication")
    return QGuiApplication.clipboard()


class SecureClipboard(QObject):
    """Put text on the clipboard, hidden from clipboard managers, and clear it later."""

    #: Emitted when this object removed its text from the clipboard (timer or clear_now).
    cleared = Signal()
    #: Emitted after each copy with the milliseconds until it is cleared (for the notice).
    copied = Signal(int)
    #: Emitted when nothing of ours is pending any more: cleared, or replaced by the user.
    finished = Signal()

    def __init__(
        self, parent: QObject | None = None, clear_after_ms: int = DEFAULT_CLEAR_AFTER_MS
    ) -> None:
        super().__init__(parent)
        if clear_after_ms <= 0:
            raise ValueError("clear_after_ms must be a positive number of ms")
        self._clear_after_ms = clear_after_ms
        self._copied: bytes | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear_now)
        app = QCoreApplication.instance()
        if app is not None:
            # On X11, Qt hands the clipboard to a clipboard manager at exit: clear first,
            # even if the owner forgot to call clear_now() on quit.
            app.aboutToQuit.connect(self.clear_now)

    def clear_after_ms(self) -> int:
        return self._clear_after_ms

    def set_clear_after_ms(self, clear_after_ms: int) -> None:
        """The vault's setting, applied at sign-in (core bounds it by the policy). A copy
        already waiting keeps the shorter of its remaining time and the new one."""
        if clear_after_ms <= 0:
            raise ValueError("clear_after_ms must be a positive number of ms")
        self._clear_after_ms = clear_after_ms
        if self._timer.isActive() and self._timer.remainingTime() > clear_after_ms:
            self._timer.start(clear_after_ms)

    def remaining_ms(self) -> int:
        """How long until what we copied is cleared (0 when nothing is pending)."""
        if self._copied is None or not self._timer.isActive():
            return 0
        return max(0, self._timer.remainingTime())

    def copy(self, text: str) -> None:
        """Put ``text`` on the clipboard and schedule its removal."""
        mime = QMimeData()
        mime.setText(text)
        mime.setData(KDE_CONCEAL_MIME, KDE_CONCEAL_VALUE)
        if sys.platform == "win32":
            for format_name, value in _WINDOWS_HINTS:
                mime.setData(format_name, value)
        # Only the clipboard proper: the X11 primary selection would paste the secret
        # on any middle click.
        _clipboard().setMimeData(mime, QClipboard.Mode.Clipboard)
        self._copied = _digest(text)
        self._timer.start(self._clear_after_ms)
        self.copied.emit(self._clear_after_ms)

    def is_pending(self) -> bool:
        """Whether something we copied may still be on the clipboard."""
        return self._copied is not None

    @Slot()
    def clear_now(self) -> None:
        """Clear the clipboard if it still holds our text; forget it either way."""
        self._timer.stop()
        copied, self._copied = self._copied, None
        if copied is None:
            return
        clipboard = _clipboard()
        # Compare contents rather than trusting ownsClipboard(): not every platform
        # reports ownership, and a missed clear would leave the secret behind.
        current = clipboard.text(QClipboard.Mode.Clipboard)
        if current and hmac.compare_digest(_digest(current), copied):
            clipboard.clear(QClipboard.Mode.Clipboard)
            self.cleared.emit()
        self.finished.emit()
