"""Vault settings the owner chooses: idle lock, clipboard time, lock on minimise, PIN unlock,
TOTP roles.

The machine policy always wins; a setting it fixes is shown locked, with the reason.
"""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.roles import Operation, Role
from app.ui.context import UiContext
from app.ui.icons import icon
from app.ui.pages import SessionPage
from app.ui.role_text import role_name
from app.ui.widgets import Banner, heading, hint


class SettingsPage(SessionPage):
    operation = Operation.SETTINGS_EDIT
    icon_name = "settings"

    #: The settings changed: the lock controller re-reads the idle time.
    settings_saved = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.banner = Banner(self, "info")
        self.autolock = QSpinBox(self)
        self.autolock.setMinimum(1)  # the maximum comes from core in refresh()
        self.autolock.setSuffix(self.tr(" min"))
        self.autolock.setAccessibleName(self.tr("Lock after this many idle minutes"))
        self.autolock_note = QLabel(self)
        self.clipboard = QSpinBox(self)
        self.clipboard.setSuffix(self.tr(" s"))  # the bounds come from core in refresh()
        self.clipboard.setAccessibleName(self.tr(
            "Clear what MedVault copied after this many seconds"))
        self.clipboard_note = QLabel(self)
        self.lock_on_minimise = QCheckBox(self.tr("Lock when the window is &minimised"), self)
        self.pin_unlock = QCheckBox(self.tr(
            "Allow a short &PIN to unlock again after an idle lock"), self)
        # How laboratory results are shown and entered (core's units.py converts).
        self.lab_units = QComboBox(self)
        self.lab_units.setAccessibleName(self.tr("Laboratory units"))
        self.lab_units.addItem(self.tr("Conventional (mg/dL, %)"), "conventional")
        self.lab_units.addItem(self.tr("SI (mmol/L, µmol/L, mmol/mol)"), "si")
        self.totp_roles: dict[str, QCheckBox] = {}
        roles_grid = QGridLayout()
        for i, role in enumerate(Role):
            box = QCheckBox(role_name(role), self)
            box.setAccessibleName(self.tr("Require an authenticator app for {role}")
                                  .format(role=role_name(role)))
            self.totp_roles[role.value] = box
            roles_grid.addWidget(box, i // 3, i % 3)
        # A personal vault has one person, its owner: one box in their words instead of a
        # grid of practice roles. It sets the same owner-role entry.
        self.totp_mine = QCheckBox(self.tr(
            "Require an &authenticator code when I sign in"), self)
        self.totp_mine.hide()
        self.save_button = QPushButton(self.tr("&Save settings"), self)
        self.save_button.setProperty("role", "primary")
        self.save_button.clicked.connect(self.save)
        autolock_row = QHBoxLayout()
        autolock_row.addWidget(self.autolock)
        autolock_row.addWidget(self.autolock_note, 1)
        form = QFormLayout()
        autolock_label = QLabel(self.tr("&Idle lock:"), self)
        autolock_label.setBuddy(self.autolock)
        form.addRow(autolock_label, autolock_row)
        clipboard_row = QHBoxLayout()
        clipboard_row.addWidget(self.clipboard)
        clipboard_row.addWidget(self.clipboard_note, 1)
        clipboard_label = QLabel(self.tr("&Clear the clipboard after:"), self)
        clipboard_label.setBuddy(self.clipboard)
        form.addRow(clipboard_label, clipboard_row)
        form.addRow("", self.lock_on_minimise)
        form.addRow("", self.pin_unlock)
        units_label = QLabel(self.tr("&Laboratory units:"), self)
        units_label.setBuddy(self.lab_units)
        form.addRow(units_label, self.lab_units)
        self.roles_label = QLabel(self.tr("Authenticator app required for:"), self)
        self.roles_box = QWidget(self)
        self.roles_box.setLayout(roles_grid)
        roles_grid.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.roles_label, self.roles_box)
        form.addRow("", self.totp_mine)
        self.intro = hint(self.tr(
            "These apply to everyone who uses this vault. The machine policy can tighten "
            "them."), self)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Vault settings"), self))
        layout.addWidget(self.intro)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)

    def title(self) -> str:
        return self.tr("Vault settings")

    def refresh(self) -> None:
        session = self.session
        if session is None:
            return
        from app.core.vault_settings import (
            CLIPBOARD_MIN_SECONDS,
            autolock_limit,
            clipboard_limit,
            stored_settings,
        )

        policy = session.vault.policy.policy
        mine = stored_settings(session)
        maximum = autolock_limit(policy)
        self.autolock.setMaximum(maximum)
        self.autolock.setValue(min(mine.autolock_minutes, maximum))
        self.autolock_note.setText(
            self.tr("machine policy limit: {n} min").format(n=maximum)
            if policy.autolock_max_minutes == maximum else "")
        most = clipboard_limit(policy)
        self.clipboard.setRange(CLIPBOARD_MIN_SECONDS, most)
        self.clipboard.setValue(min(mine.clipboard_seconds, most))
        self.clipboard_note.setText(
            self.tr("machine policy limit: {n} s").format(n=most)
            if policy.clipboard_max_seconds == most else "")
        self.lock_on_minimise.setChecked(mine.lock_on_minimise
                                         if policy.lock_on_minimise is None
                                         else policy.lock_on_minimise)
        self.lock_on_minimise.setEnabled(policy.lock_on_minimise is None)
        self._lock_hint(self.lock_on_minimise, policy.lock_on_minimise is not None)
        self.pin_unlock.setChecked(mine.pin_unlock)
        self.lab_units.setCurrentIndex(max(0, self.lab_units.findData(mine.lab_units)))
        for role, box in self.totp_roles.items():
            forced = role in policy.totp_required_roles
            box.setChecked(forced or role in mine.totp_required_roles)
            box.setEnabled(not forced)
            self._lock_hint(box, forced)
        personal = session.vault.file.kind == "personal"
        self.roles_label.setVisible(not personal)
        self.roles_box.setVisible(not personal)
        self.totp_mine.setVisible(personal)
        owner_box = self.totp_roles[Role.OWNER.value]
        self.totp_mine.setChecked(owner_box.isChecked())
        self.totp_mine.setEnabled(owner_box.isEnabled())
        self._lock_hint(self.totp_mine, not owner_box.isEnabled())
        self.intro.setText(
            self.tr("The machine policy can tighten these settings.") if personal else
            self.tr("These apply to everyone who uses this vault. The machine policy can "
                    "tighten them."))
        self.banner.clear_message()

    def _lock_hint(self, box: QCheckBox, managed: bool) -> None:
        box.setIcon(icon("lock") if managed else QIcon())
        box.setToolTip(self.tr("Set by the machine policy") if managed else "")

    def clear_view(self) -> None:
        self.banner.clear_message()

    @Slot()
    def save(self) -> None:
        session = self.session
        if session is None:
            return
        from app.core.vault_settings import VaultSettings, save_settings

        policy = session.vault.policy.policy
        if session.vault.file.kind == "personal":
            self.totp_roles[Role.OWNER.value].setChecked(self.totp_mine.isChecked())
        wanted = VaultSettings(
            totp_required_roles=frozenset(r for r, box in self.totp_roles.items()
                                          if box.isChecked()
                                          and r not in policy.totp_required_roles),
            autolock_minutes=self.autolock.value(),
            lock_on_minimise=self.lock_on_minimise.isChecked(),
            pin_unlock=self.pin_unlock.isChecked(),
            lab_units=str(self.lab_units.currentData()),
            clipboard_seconds=self.clipboard.value())
        with self.reporting():
            save_settings(session, wanted)
            self.banner.show_message(self.tr("Saved."), "info")
            self.settings_saved.emit()
