"""The unlock screen (view only): vault name, user, password, code and PIN fields.

Behaviour lives in `UnlockController`; this widget lays out and exposes its parts.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

# `Qt` (the namespace) is imported only in `_set_up_input`: PySide6 builds its ~90 enums
# the first time it is touched (~15 ms), and this window shows without it at start-up.
from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.icons import icon
from app.ui.widgets import Banner, PasswordEdit

if TYPE_CHECKING:
    # Typing only: the QCloseEvent wrapper builds QEvent.Type (~180 members, ~1.5 ms)
    # at import, and start-up has a target; Qt hands the event in at close time.
    from PySide6.QtGui import QCloseEvent, QPaintEvent


class UnlockWindow(QWidget):
    unlock_clicked = Signal()
    restore_clicked = Signal()
    other_vault_clicked = Signal()
    use_password_clicked = Signal()
    forgot_clicked = Signal()
    close_requested = Signal()
    #: The window has been painted for the first time and that paint is on screen. At
    #: start-up the vault is opened only then (see `AppController.start`).
    first_painted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._painted = False
        self.setObjectName("lockScreen")
        self.setWindowTitle(self.tr("Unlock — MedVault"))
        self.setWindowIcon(icon("medvault"))
        self.resize(560, 460)

        self.logo = QLabel(self)
        self.logo.setPixmap(icon("lock").pixmap(48, 48))
        self.logo.setAccessibleName(self.tr("Locked"))
        self.vault_name = QLabel(self)
        font = QFont(self.vault_name.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.vault_name.setFont(font)
        self.vault_name.setWordWrap(True)
        self.vault_path = QLabel(self)
        self.vault_path.setWordWrap(True)
        self.banner = Banner(self)
        self.demo_hint = Banner(self, "info")

        self.user = QLineEdit(self)
        self.user.setAccessibleName(self.tr("User name"))
        self.user.setMaxLength(64)
        self.password = PasswordEdit(self.tr("Password"), self)
        self.totp = QLineEdit(self)
        self.totp.setAccessibleName(self.tr("Authenticator code"))
        self.totp.setMaxLength(7)
        self.totp.setPlaceholderText("123456")
        self.pin = PasswordEdit(self.tr("PIN"), self)
        self.form = QFormLayout()
        self.form.addRow(self.tr("&User:"), self.user)
        self.form.addRow(self.tr("&Password:"), self.password)
        self.form.addRow(self.tr("&PIN:"), self.pin)
        self.form.addRow(self.tr("&Code from your app:"), self.totp)
        # Hidden rows do not count towards the label column, so without this the fields
        # would shift sideways when the code or PIN row appears.
        labels = [self.form.labelForField(f) for f in (self.user, self.password, self.pin,
                                                        self.totp)]
        widest = max(label.sizeHint().width() for label in labels if label is not None)
        for label in labels:
            if label is not None:
                label.setMinimumWidth(widest)

        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setAccessibleName(self.tr("Unlocking"))
        self.busy.setMaximumHeight(8)
        self.countdown = Banner(self, "warning")
        self.countdown.setAccessibleName(self.tr("Wait before trying again"))

        self.unlock_button = QPushButton(icon("unlock"), self.tr("&Unlock"), self)
        self.unlock_button.setProperty("role", "primary")
        self.unlock_button.setDefault(True)
        self.unlock_button.setAutoDefault(True)
        self.restore_button = QPushButton(icon("backup"), self.tr("&Restore from backup…"),
                                          self)
        self.use_password_button = QPushButton(self.tr("Use my p&assword instead"), self)
        self.other_vault_button = QPushButton(self.tr("&Open another vault…"), self)
        self.forgot_button = QPushButton(self.tr("&Forgot your password?"), self)
        self.forgot_button.setFlat(True)
        self.forgot_button.setAccessibleName(self.tr("Forgot your password"))

        self.unlock_button.clicked.connect(self.unlock_clicked)
        self.restore_button.clicked.connect(self.restore_clicked)
        self.other_vault_button.clicked.connect(self.other_vault_clicked)
        self.use_password_button.clicked.connect(self.use_password_clicked)
        self.forgot_button.clicked.connect(self.forgot_clicked)
        for field in (self.user, self.password, self.totp, self.pin):
            field.returnPressed.connect(self.unlock_clicked)

        header = QHBoxLayout()
        logo_column = QVBoxLayout()  # keeps the logo at the top when the path wraps
        logo_column.addWidget(self.logo)
        logo_column.addStretch(1)
        header.addLayout(logo_column)
        titles = QVBoxLayout()
        titles.addWidget(self.vault_name)
        titles.addWidget(self.vault_path)
        header.addLayout(titles, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.other_vault_button)
        buttons.addStretch(1)
        buttons.addWidget(self.use_password_button)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.unlock_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(12)
        layout.addLayout(header)
        layout.addWidget(self.demo_hint)
        layout.addWidget(self.banner)
        layout.addWidget(self.countdown)  # every message in one place, above the fields
        layout.addLayout(self.form)
        forgot_row = QHBoxLayout()
        forgot_row.addStretch(1)
        forgot_row.addWidget(self.forgot_button)
        layout.addLayout(forgot_row)
        layout.addWidget(self.busy)
        layout.addStretch(1)
        layout.addLayout(buttons)

        QWidget.setTabOrder(self.user, self.password)
        QWidget.setTabOrder(self.password, self.pin)
        QWidget.setTabOrder(self.pin, self.totp)
        QWidget.setTabOrder(self.totp, self.unlock_button)
        QWidget.setTabOrder(self.unlock_button, self.restore_button)
        QWidget.setTabOrder(self.restore_button, self.use_password_button)
        QWidget.setTabOrder(self.use_password_button, self.forgot_button)
        QWidget.setTabOrder(self.forgot_button, self.other_vault_button)

        self.set_pin_mode(False)
        self.show_totp(False)
        self.set_busy(False)
        self.set_countdown(None)
        self.restore_button.hide()
        self.first_painted.connect(self._set_up_input)

    def _set_up_input(self) -> None:
        """What needs the `Qt` namespace, set once the window is on screen (nothing can be
        selected or typed before)."""
        from PySide6.QtCore import Qt

        self.vault_path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.totp.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.pin.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)

    # -- state setters -------------------------------------------------------------------
    def set_vault_info(self, name: str, path: Path, kind: str | None) -> None:
        self.vault_name.setText(name)
        kind_text = {"practice": self.tr("Practice vault"),
                     "personal": self.tr("Personal vault")}.get(kind or "", "")
        self.vault_path.setText(f"{kind_text} · {path}" if kind_text else str(path))
        self.setWindowTitle(self.tr("Unlock {name} — MedVault").format(name=name))

    def set_pin_mode(self, on: bool) -> None:
        self.form.setRowVisible(self.password, not on)
        self.form.setRowVisible(self.pin, on)
        self.user.setReadOnly(on)
        self.use_password_button.setVisible(on)
        self.forgot_button.setVisible(not on)
        if on:
            self.pin.setFocus()

    def pin_mode(self) -> bool:
        return not self.pin.isHidden()

    def show_totp(self, on: bool) -> None:
        self.form.setRowVisible(self.totp, on)

    def totp_shown(self) -> bool:
        return not self.totp.isHidden()

    def set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for widget in (self.user, self.password, self.totp, self.pin, self.unlock_button,
                       self.restore_button, self.other_vault_button, self.use_password_button,
                       self.forgot_button):
            widget.setEnabled(not busy)

    def set_countdown(self, seconds: int | None) -> None:
        if seconds is None or seconds <= 0:
            # When a wait ends, say so: a banner that just vanished left people unsure
            # whether they may try again (issue 15). A screen shown afresh says nothing.
            if seconds is not None and self.countdown.isVisibleTo(self) and \
                    self.countdown.text():
                self.countdown.show_message(self.tr("You can try again now."), "info")
            else:
                self.countdown.hide()
                self.countdown.setText("")
            self.unlock_button.setEnabled(True)
            return
        self.countdown.show_message(self.tr(
            "Too many failed attempts. You can try again in {n} s.").format(n=seconds),
            "warning")
        self.unlock_button.setEnabled(False)

    def focus_first_empty(self) -> None:
        if self.pin_mode():
            self.pin.setFocus()
        elif not self.user.text():
            self.user.setFocus()
        else:
            self.password.setFocus()

    def allow_close(self) -> None:
        self._closing_allowed = True

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            # On the next turn of the event loop: this paint reaches the screen only after
            # paintEvent returns, and a receiver may keep the GUI thread busy.
            QTimer.singleShot(0, self.first_painted.emit)

    def closeEvent(self, event: QCloseEvent) -> None:
        if getattr(self, "_closing_allowed", False):
            event.accept()
            return
        event.ignore()
        self.close_requested.emit()
