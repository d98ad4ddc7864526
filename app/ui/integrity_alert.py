"""The owner's tampering alert at sign-in (issue 8, item 4).

Core decides what the owner must be told (`Session.integrity_alerts()`: an audit head the
log no longer extends; empty for everyone but the owner) and records that they saw it
(`audit_heads.acknowledge_alerts`, audited, evidence kept). This dialog only shows the
findings with what to do, and asks core to acknowledge them. It opens window-modal without
blocking (`open`, not `exec`), so a lock closes it like any other dialog; closing it
without acknowledging shows it again at the next sign-in.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import MedVaultError
from app.ui.core_messages import error_text
from app.ui.widgets import Banner


class IntegrityAlertDialog(QDialog):
    def __init__(self, parent: QWidget | None, alerts: list[str],
                 acknowledge: Callable[[], int]) -> None:
        super().__init__(parent)
        self._acknowledge = acknowledge
        self.setObjectName("integrity-alert")
        self.setWindowTitle(self.tr("The audit log was changed"))
        self.setWindowModality(Qt.WindowModality.WindowModal)

        icon = QLabel(self)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
        icon.setPixmap(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(size, size))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)

        self.heading = QLabel(self.tr(
            "<b>Entries of this vault's audit log were removed or changed outside "
            "MedVault since it was last locked.</b>"), self)
        self.heading.setWordWrap(True)
        # The findings are core's sentences (core's messages are not translated).
        self.findings = QLabel("\n\n".join(alerts), self)
        self.findings.setTextFormat(Qt.TextFormat.PlainText)
        self.findings.setWordWrap(True)
        self.findings.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.advice = QLabel(self.tr(
            "What to do now:\n"
            "1. Delete nothing: the old head is kept as evidence, and every verification "
            "keeps reporting it.\n"
            "2. Open the Audit log page and press Verify chain to see what no longer "
            "matches.\n"
            "3. Compare with a backup kept off this computer, and find out who could reach "
            "this vault's files since it was last locked.\n\n"
            "Acknowledge once you have taken note: you will not be shown this again at "
            "sign-in. Remind me later shows it at your next sign-in."), self)
        self.advice.setWordWrap(True)
        self.error = Banner(self, "alert")

        text = QVBoxLayout()
        text.addWidget(self.heading)
        text.addWidget(self.findings)
        text.addWidget(self.advice)
        text.addWidget(self.error)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addLayout(text, 1)

        self.buttons = QDialogButtonBox(self)
        self.acknowledge_button = QPushButton(self.tr("&Acknowledge"), self)
        self.later_button = QPushButton(self.tr("&Remind me later"), self)
        self.buttons.addButton(self.acknowledge_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.later_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.acknowledge_button.clicked.connect(self._on_acknowledge)
        self.later_button.clicked.connect(self.reject)
        # Enter must not acknowledge by accident: the safe default is to be reminded.
        self.acknowledge_button.setAutoDefault(False)
        self.later_button.setDefault(True)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

    def _on_acknowledge(self) -> None:
        try:
            self._acknowledge()
        except MedVaultError as exc:
            # Not acknowledged (a full disk, a lost permission): say so and stay open.
            self.error.show_message(self.tr("Could not record the acknowledgement: {error}")
                                    .format(error=error_text(exc)), "alert")
            return
        self.accept()
