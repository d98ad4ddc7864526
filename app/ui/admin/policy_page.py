"""The effective machine policy; settings that IT fixed in the policy file show a padlock."""

from __future__ import annotations

from dataclasses import fields
from typing import Any, ClassVar

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from app.core.roles import Operation
from app.ui.context import UiContext
from app.ui.icons import icon
from app.ui.pages import SessionPage
from app.ui.widgets import Banner, heading, hint


class PolicyPage(SessionPage):
    operation = Operation.POLICY_VIEW
    icon_name = "settings"

    LABELS: ClassVar[dict[str, object]] = {
        "min_password_length": QT_TRANSLATE_NOOP("PolicyPage", "Shortest password allowed"),
        "totp_required_roles": QT_TRANSLATE_NOOP("PolicyPage",
                                                 "Roles that must use an authenticator app"),
        "autolock_max_minutes": QT_TRANSLATE_NOOP("PolicyPage", "Longest idle time before locking"),
        "clipboard_max_seconds": QT_TRANSLATE_NOOP("PolicyPage",
                                                   "Longest time a copy stays on the clipboard"),
        "kdf_min_memory_kib": QT_TRANSLATE_NOOP("PolicyPage", "Least memory for password hashing"),
        "kdf_min_time_cost": QT_TRANSLATE_NOOP("PolicyPage", "Least passes for password hashing"),
        "workstation_factor": QT_TRANSLATE_NOOP("PolicyPage", "Workstation factor"),
        "erasure": QT_TRANSLATE_NOOP("PolicyPage", "Erasing a patient"),
        "backup_keep": QT_TRANSLATE_NOOP("PolicyPage", "Backups kept"),
        "lock_on_minimise": QT_TRANSLATE_NOOP("PolicyPage", "Lock when minimised"),
        "break_glass_max_minutes": QT_TRANSLATE_NOOP("PolicyPage",
                                                     "Longest break-glass access"),
    }

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.banner = Banner(self, "warning")
        self.source = QLabel(self)
        self.source.setWordWrap(True)
        self.grid = QGridLayout()
        self.grid.setColumnStretch(3, 1)
        self.grid.setHorizontalSpacing(16)
        self.value_labels: dict[str, QLabel] = {}
        self.lock_labels: dict[str, QLabel] = {}
        for row, name in enumerate(self.LABELS):
            lock = QLabel(self)
            lock.setFixedWidth(20)
            self.lock_labels[name] = lock
            self.grid.addWidget(lock, row, 0)
            self.grid.addWidget(QLabel(self.tr(str(self.LABELS[name])), self), row, 1)
            value = QLabel(self)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.value_labels[name] = value
            self.grid.addWidget(value, row, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Machine policy"), self))
        layout.addWidget(hint(self.tr(
            "IT can set these for every vault on this computer. Settings marked with a "
            "padlock come from the policy file and cannot be changed here."), self))
        layout.addWidget(self.banner)
        layout.addWidget(self.source)
        layout.addLayout(self.grid)
        layout.addStretch(1)

    def title(self) -> str:
        return self.tr("Policy")

    def is_managed(self, name: str) -> bool:
        return self.lock_labels[name].property("managed") is True

    def refresh(self) -> None:
        session = self.session
        if session is None:
            return
        from app.core.vault_settings import machine_policy

        load = machine_policy(session)
        # Errors stop sign-in, so a session sees them only if IT broke the file since;
        # warnings (an unknown key, a looser user file) are shown for IT to tidy up.
        if load.errors or load.warnings:
            self.banner.show_message("\n".join(load.errors + load.warnings), "warning")
        else:
            self.banner.clear_message()
        self.source.setText(self.tr("Policy file: {path}").format(path=load.source)
                            if load.source else
                            self.tr("No policy file: MedVault's built-in defaults apply."))
        policy_fields = {f.name for f in fields(load.policy)}
        for name, label in self.value_labels.items():
            value = getattr(load.policy, name) if name in policy_fields else None
            label.setText(self._describe(name, value))
            managed = name in load.managed
            lock = self.lock_labels[name]
            lock.setProperty("managed", managed)
            if managed:
                lock.setPixmap(icon("lock").pixmap(16, 16))
            else:
                lock.clear()
            lock.setToolTip(self.tr("Set by the policy file") if managed else "")
            lock.setAccessibleName(self.tr("Locked by policy") if managed else "")

    def _describe(self, name: str, value: Any) -> str:
        if value is None:
            return self.tr("no limit") if name in ("autolock_max_minutes",
                                                   "clipboard_max_seconds") else \
                self.tr("each vault decides")
        if isinstance(value, bool):
            return self.tr("yes") if value else self.tr("no")
        if isinstance(value, frozenset):
            return ", ".join(sorted(value)) or self.tr("none")
        if name == "kdf_min_memory_kib":
            return self.tr("{n} MiB").format(n=int(value) // 1024)
        if name in ("autolock_max_minutes", "break_glass_max_minutes"):
            return self.tr("{n} min").format(n=value)
        if name == "clipboard_max_seconds":
            return self.tr("{n} s").format(n=value)
        if name == "min_password_length":
            return self.tr("{n} characters").format(n=value)
        return str(value)

    def clear_view(self) -> None:
        for label in self.value_labels.values():
            label.setText("")
        self.source.setText("")
        self.banner.clear_message()
