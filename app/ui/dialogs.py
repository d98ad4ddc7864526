"""Dialogs that ask for passwords: re-enter your password, choose a new one.

They are opened with ``open()`` (not ``exec()``) and report through ``accepted``, so a lock
can reject them without leaving a nested event loop half-way through an action. Every
dialog wipes its password fields when it closes, whichever way it closes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.widgets import Banner, PasswordEdit, StrengthMeter, hint

if TYPE_CHECKING:
    from app.ui.passphrase_offer import PassphraseOffer
    from app.ui.secure_clipboard import SecureClipboard


def offer_passphrase(parent: QWidget, clipboard: SecureClipboard, form: QFormLayout,
                     new: PasswordEdit, repeat: PasswordEdit, *, min_length: int,
                     context: Callable[[], Sequence[str]]) -> PassphraseOffer:
    """Add "Suggest a passphrase" under a pair of new-password fields: a drawn phrase fills
    both and is shown in the first, so the person can read and note it. `context` gives
    the names (user, vault) the phrase must not contain, read when it is drawn."""
    from app.ui.passphrase_offer import PassphraseOffer

    offer = PassphraseOffer(clipboard, parent, min_length=min_length, context=context)

    def fill(text: str) -> None:
        new.setText(text)
        repeat.setText(text)
        new.show_action.setChecked(True)

    offer.generated.connect(fill)
    new.textChanged.connect(offer.forget_if_changed)
    form.addRow("", offer)
    return offer


class PasswordPromptDialog(QDialog):
    """Ask for the signed-in user's own password right before a sensitive change
    (Electrum's @protected)."""

    def __init__(self, parent: QWidget | None, title: str, explanation: str,
                 action_text: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.password = PasswordEdit(self.tr("Your password"), self)
        form = QFormLayout()
        form.addRow(self.tr("Your &password:"), self.password)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button: QPushButton = self.buttons.addButton(
            action_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setProperty("role", "primary")
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint(explanation, self))
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.password.textChanged.connect(self._update)
        self._update()

    @Slot()
    def _update(self) -> None:
        self.ok_button.setEnabled(bool(self.password.text()))

    def done(self, result: int) -> None:
        super().done(result)
        # Whoever handles `accepted` has read the field by now.
        self.password.wipe()


class NewPasswordDialog(QDialog):
    """Choose a new password (twice), with the live strength meter."""

    def __init__(self, parent: QWidget | None, title: str, explanation: str, *,
                 min_length: int, context: Sequence[str] = (),
                 ask_current: bool = False, action_text: str = "",
                 current_label: str = "", current_name: str = "",
                 clipboard: SecureClipboard | None = None) -> None:
        """`ask_current` adds a first field proving the right to change the password:
        the current password, or what `current_label` / `current_name` (its accessible
        name) say, such as the recovery key. With `clipboard`, a generated passphrase is
        offered (and copied through it)."""
        super().__init__(parent)
        self.setWindowTitle(title)
        self.current = PasswordEdit(current_name or self.tr("Current password"), self)
        self.new = PasswordEdit(self.tr("New password"), self)
        self.repeat = PasswordEdit(self.tr("Repeat the new password"), self)
        self.meter = StrengthMeter(self, min_length=min_length)
        self.meter.context = list(context)
        self.mismatch = QLabel(self)
        self.mismatch.setWordWrap(True)
        self.banner = Banner(self)
        form = QFormLayout()
        if ask_current:
            form.addRow(current_label or self.tr("C&urrent password:"), self.current)
        else:
            self.current.hide()
        form.addRow(self.tr("&New password:"), self.new)
        form.addRow(self.tr("&Repeat it:"), self.repeat)
        self.offer = (offer_passphrase(self, clipboard, form, self.new, self.repeat,
                                       min_length=min_length,
                                       context=lambda: list(context))
                      if clipboard is not None else None)
        form.addRow("", self.meter)
        form.addRow("", self.mismatch)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.addButton(action_text or self.tr("Set password"),
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setProperty("role", "primary")
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint(explanation, self))
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._ask_current = ask_current
        for field in (self.current, self.new, self.repeat):
            field.textChanged.connect(self._update)
        self._update()

    @Slot()
    def _update(self) -> None:
        self.meter.assess(self.new.text())
        matches = self.new.text() == self.repeat.text()
        self.mismatch.setText("" if matches or not self.repeat.text()
                              else self.tr("The two new passwords are not the same."))
        ready = self.meter.acceptable() and matches
        if self._ask_current:
            ready = ready and bool(self.current.text())
        self.ok_button.setEnabled(ready)

    def done(self, result: int) -> None:
        super().done(result)
        for field in (self.current, self.new, self.repeat):
            field.wipe()
        if self.offer is not None:
            self.offer.wipe()
