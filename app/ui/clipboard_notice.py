"""Says that something was copied and counts down to the moment the clipboard is cleared
(issue 15.3), with a button to clear it at once.

It only reads the `SecureClipboard` it is given: the time itself is the vault's setting,
bounded by the machine policy in core (`vault_settings.clipboard_clear_seconds`).
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from app.ui.secure_clipboard import SecureClipboard


class ClipboardNotice(QWidget):
    """Hidden until something is copied; then "Copied — cleared in 27 s" ticking down."""

    def __init__(self, clipboard: SecureClipboard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clipboardNotice")
        self._clipboard = clipboard
        self.label = QLabel(self)
        self.label.setAccessibleName(self.tr("Clipboard"))
        self.clear_button = QPushButton(self.tr("Clear &now"), self)
        self.clear_button.setAccessibleName(self.tr("Clear the clipboard now"))
        self.clear_button.clicked.connect(clipboard.clear_now)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.clear_button)
        # Once a second is enough for a countdown in whole seconds; the clear itself is the
        # clipboard's own single-shot timer, not this one.
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._update)
        clipboard.copied.connect(self._start)
        clipboard.finished.connect(self._stop)
        self.hide()

    def seconds_left(self) -> int:
        # Nearest second (a fresh timer may report a millisecond over), never 0 while pending.
        left = self._clipboard.remaining_ms()
        return max(1, round(left / 1000)) if left else 0

    @Slot(int)
    def _start(self, ms: int) -> None:
        self._tick.start()
        # The whole time first, as set: a busy machine must not make the first words of
        # the notice say less than the setting.
        self._say(max(1, round(ms / 1000)))
        self.show()

    @Slot()
    def _stop(self) -> None:
        self._tick.stop()
        self.label.setText("")
        self.hide()

    @Slot()
    def _update(self) -> None:
        if not self._clipboard.is_pending():
            self._stop()
            return
        self._say(self.seconds_left())

    def _say(self, seconds: int) -> None:
        self.label.setText(self.tr(
            "Copied. The clipboard is cleared in {n} s (hidden from clipboard history).")
            .format(n=seconds))
