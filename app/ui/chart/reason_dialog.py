"""Break-glass: the reason asked before a restricted record opens."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from app.ui.chart.common import FormDialog, tr
from app.ui.widgets import hint


class ReasonDialog(FormDialog):
    """Core records the reason with the grant, flags the access and queues it for the
    owner's review; this dialog only asks."""

    MINUTES = (15, 30, 60, 120, 240)

    def __init__(self, parent: QWidget | None, name: str) -> None:
        super().__init__(parent, tr("Restricted record"), tr("&Open with this reason"))
        self.setObjectName("reasonDialog")
        self.ok_button.setProperty("role", "danger")
        self.layout_.insertWidget(0, hint(tr(
            "The record of {name} is restricted. To open it, say why. The access lasts the "
            "time you choose, is flagged in the audit log and is reviewed by the vault "
            "owner.").format(name=name), self))
        self.reason = QLineEdit(self)
        self.reason.setAccessibleName(tr("Reason for opening the restricted record"))
        self.reason.setPlaceholderText(tr("e.g. patient in clinic today, urgent results"))
        self.duration = QComboBox(self)
        self.duration.setAccessibleName(tr("Access lasts"))
        for minutes in self.MINUTES:
            self.duration.addItem(tr("{n} minutes").format(n=minutes) if minutes < 60 else
                                  tr("{n} hours").format(n=minutes // 60) if minutes > 60
                                  else tr("1 hour"), minutes)
        self.duration.setCurrentIndex(self.MINUTES.index(60))
        self.form.addRow(tr("&Reason:"), self.reason)
        self.form.addRow(tr("Access &lasts:"), self.duration)
        self.reason.textChanged.connect(
            lambda text: self.ok_button.setEnabled(bool(text.strip())))
        self.ok_button.setEnabled(False)
        self.reason.setFocus()

    def minutes(self) -> float:
        return float(self.duration.currentData())
