"""The audit viewer's *Incident package…*: what to put into an incident evidence package.

Core's `app.core.incident.export_incident` decides everything (permission, bounds, what
goes in, the audit entry); this dialog only gathers the window, the moment of discovery,
an optional account or patient, and whom to encrypt to.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QDateTime, Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.ui.sharing_dialogs import MIN_PASSPHRASE, passphrase_field
from app.ui.widgets import Banner, hint


@dataclass(frozen=True)
class IncidentRequest:
    start: datetime
    end: datetime
    discovered: datetime
    account: str | None
    patient_id: str | None
    recipient: str | None
    passphrase: str | None


def _utc(value: QDateTime, *, end_of_minute: bool = False) -> datetime:
    """The minute the field shows (its hidden seconds dropped), or for a window's end the
    last millisecond of it: "to 14:05" takes in what happened during 14:05, such as the
    entries written just before the dialog opened with "now" as its end."""
    minute = value.toSecsSinceEpoch() // 60 * 60
    moment = datetime.fromtimestamp(minute, UTC)
    return moment + timedelta(seconds=59, milliseconds=999) if end_of_minute else moment


def _edit(parent: QWidget, value: QDateTime, name: str) -> QDateTimeEdit:
    edit = QDateTimeEdit(value, parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd HH:mm")
    edit.setAccessibleName(name)
    return edit


class IncidentDialog(QDialog):
    def __init__(self, start: QDateTime, end: QDateTime, accounts: list[str],
                 account: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Incident evidence package"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.start = _edit(self, start, self.tr("Window start"))
        self.end = _edit(self, end, self.tr("Window end"))
        self.discovered = _edit(self, QDateTime.currentDateTime(),
                                self.tr("Discovered at"))
        self.account = QComboBox(self)
        self.account.setAccessibleName(self.tr("Account"))
        self.account.addItem(self.tr("Every account"), None)
        for name in accounts:
            self.account.addItem(name, name)
        if account is not None:
            self.account.setCurrentIndex(max(0, self.account.findData(account)))
        self.patient = QLineEdit(self)
        self.patient.setAccessibleName(self.tr("Patient id"))
        self.patient.setPlaceholderText(self.tr("optional: one patient's id"))
        self.recipient = QLineEdit(self)
        self.recipient.setPlaceholderText(self.tr("age1…"))
        self.recipient.setAccessibleName(self.tr("Recipient key"))
        self.passphrase, self.strength = passphrase_field(self)
        self.error = Banner(self, "alert")
        form = QFormLayout()
        form.addRow(self.tr("&From:"), self.start)
        form.addRow(self.tr("&To:"), self.end)
        form.addRow(self.tr("&Discovered:"), self.discovered)
        form.addRow(self.tr("&Account:"), self.account)
        form.addRow(self.tr("&Patient id:"), self.patient)
        form.addRow(self.tr("Encrypt to a &key:"), self.recipient)
        form.addRow(self.tr("or to a pa&ssphrase:"), self.passphrase)
        form.addRow("", self.strength)
        self.buttons = QDialogButtonBox(self)
        self.buttons.addButton(self.tr("&Write package…"),
                               QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint(self.tr(
            "An encrypted package for investigators or the supervisory authority: the "
            "audit entries of the window with what proves them complete and unaltered, "
            "the affected patients, the monitoring flags and a GDPR Art. 33 worksheet. "
            "The 72 hours for notifying the authority run from the moment of discovery."),
            self))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

    def request(self) -> IncidentRequest:
        key, phrase = self.recipient.text().strip(), self.passphrase.text()
        return IncidentRequest(
            _utc(self.start.dateTime()), _utc(self.end.dateTime(), end_of_minute=True),
            _utc(self.discovered.dateTime()), self.account.currentData(),
            self.patient.text().strip() or None, key or None, phrase or None)

    @Slot()
    def accept(self) -> None:
        request = self.request()
        if bool(request.recipient) == bool(request.passphrase) or (
                request.passphrase and len(request.passphrase) < MIN_PASSPHRASE):
            self.error.show_message(self.tr(
                "Give a recipient key or a passphrase of at least 12 characters, not "
                "both."), "alert")
            return
        if request.start > request.end:
            self.error.show_message(self.tr("The window starts after it ends."), "alert")
            return
        super().accept()

    def wipe(self) -> None:
        self.passphrase.clear()

