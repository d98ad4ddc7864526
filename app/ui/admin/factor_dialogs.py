"""The dialogs that set up a second factor or a way back in: the authenticator app
(TOTP enrolment with its QR code), a new recovery key shown once, and a PIN for
quick unlock. My account (`account_page.py`) opens them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.ui.context import UiContext
from app.ui.widgets import Banner, PasswordEdit, hint

if TYPE_CHECKING:
    from app.core.factors import TotpEnrolment


def grouped_secret(secret: str) -> str:
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


class TotpEnrolDialog(QDialog):
    """Scan the QR code, then prove the app works with a code before anything is saved."""

    confirm_requested = Signal()

    def __init__(self, parent: QWidget | None, enrolment: TotpEnrolment) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Set up an authenticator app"))
        from app.ui.qr import qr_image

        self.enrolment = enrolment
        self.qr = QLabel(self)
        image = qr_image(enrolment.uri, 240)
        self.qr.setPixmap(QPixmap.fromImage(image))
        self.qr.setAccessibleName(self.tr("QR code for your authenticator app"))
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.secret = QLabel(grouped_secret(enrolment.secret), self)
        self.secret.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.secret.setAccessibleName(self.tr("Secret for typing into the app"))
        self.banner = Banner(self, "warning")
        # Created in the order they are shown: the focus chain follows creation order, so
        # the dialog opens on the code field and Tab goes code, password, Turn on.
        self.code = QLineEdit(self)
        self.code.setMaxLength(7)
        self.code.setAccessibleName(self.tr("Code from the app"))
        self.code.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.password = PasswordEdit(self.tr("Your password"), self)
        form = QFormLayout()
        form.addRow(self.tr("Or type this key:"), self.secret)
        form.addRow(self.tr("&Code shown by the app:"), self.code)
        form.addRow(self.tr("Your &password:"), self.password)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.addButton(self.tr("Turn on"),
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setProperty("role", "primary")
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self.confirm_requested)
        self.buttons.rejected.connect(self.reject)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        # Tab from the last field reaches Turn on before Cancel, whatever order the
        # platform lays the buttons out in. Cancel never becomes the default on focus:
        # Enter must not quietly throw the enrolment away.
        QWidget.setTabOrder(self.code, self.password)
        QWidget.setTabOrder(self.password, self.ok_button)
        QWidget.setTabOrder(self.ok_button, cancel)
        cancel.setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.addWidget(hint(self.tr(
            "Scan this code with an authenticator app on your phone (for example FreeOTP, "
            "Aegis, Google or Microsoft Authenticator). From then on, signing in asks for "
            "the 6-digit code the app shows."), self))
        layout.addWidget(self.qr)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.code.textChanged.connect(self._update)
        self.password.textChanged.connect(self._update)
        self._update()

    @Slot()
    def _update(self) -> None:
        digits = "".join(self.code.text().split())
        self.ok_button.setEnabled(len(digits) == 6 and digits.isdigit()
                                  and bool(self.password.text()))

    def set_busy(self, busy: bool) -> None:
        self.ok_button.setEnabled(not busy)

    def done(self, result: int) -> None:
        super().done(result)
        self.password.wipe()
        self.qr.clear()
        self.secret.clear()


class NewRecoveryKeyDialog(QDialog):
    """The owner's new recovery key, shown once, with Print and Save as PDF; the old key
    stopped working when this one was made."""

    def __init__(self, ctx: UiContext, parent: QWidget | None, key: str, *, vault_name: str,
                 vault_path: Path, owner: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New recovery key"))
        from datetime import datetime

        from app.ui.emergency_kit import kit_document
        from app.ui.recovery_key_view import RecoveryKeyView

        made = datetime.now().strftime("%Y-%m-%d %H:%M")
        self.view = RecoveryKeyView(
            ctx, self, file_name=lambda: f"MedVault emergency kit - {vault_path.name}",
            document=lambda: kit_document(vault_name=vault_name, vault_path=vault_path,
                                          owner=owner, recovery_key=self.view.key.text(),
                                          created=made, replaces_earlier=True))
        self.view.set_key(key)
        self.confirm = QCheckBox(self.tr(
            "I have &printed or saved the new key and destroyed the old emergency kit."), self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.close_button = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self.confirm.toggled.connect(self.close_button.setEnabled)
        self.close_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(hint(self.tr(
            "Your old recovery key no longer works. This is the new one, shown only now: "
            "print it or save the emergency kit."), self))
        layout.addWidget(self.view)
        layout.addWidget(self.confirm)
        layout.addWidget(self.buttons)

    def done(self, result: int) -> None:
        super().done(result)
        self.view.set_key("")  # shown once: gone from the window when it closes


class SetPinDialog(QDialog):
    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Set a quick-unlock PIN"))
        self.password = PasswordEdit(self.tr("Your password"), self)
        self.pin = PasswordEdit(self.tr("PIN"), self)
        self.pin.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.repeat = PasswordEdit(self.tr("Repeat the PIN"), self)
        self.repeat.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Your &password:"), self.password)
        form.addRow(self.tr("&PIN:"), self.pin)
        form.addRow(self.tr("&Repeat the PIN:"), self.repeat)
        form.addRow("", self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.addButton(self.tr("Set PIN"),
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setProperty("role", "primary")
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint(self.tr(
            "After MedVault locks itself because you were away, this PIN unlocks it again. "
            "Three wrong tries and the full password is needed. A manual lock, a screen lock "
            "or sleep always asks for the password. The PIN lasts until MedVault closes."),
            self))
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        for field in (self.password, self.pin, self.repeat):
            field.textChanged.connect(self._update)
        self._update()

    @Slot()
    def _update(self) -> None:
        from app.ui.pin_unlock import pin_problem

        pin = self.pin.text()
        problem = pin_problem(pin) if pin else None
        if problem is None and self.repeat.text() and self.repeat.text() != pin:
            problem = self.tr("The two PINs are not the same.")
        self.problem.setText(problem or "")
        self.ok_button.setEnabled(bool(pin) and problem is None and pin == self.repeat.text()
                                  and bool(self.password.text()))

    def done(self, result: int) -> None:
        super().done(result)
        for field in (self.password, self.pin, self.repeat):
            field.wipe()
