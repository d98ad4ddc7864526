"""Merging a duplicate record into the chart's patient: pick it from core's duplicate
candidates (same MRN, or same birth date and names) or find it by name, give a reason,
confirm. Core moves every entry, audits it and keeps what is needed to undo it
(`app.core.records.merge`); this dialog only asks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QPushButton, QWidget

from app.ui.chart.common import FormDialog, tr
from app.ui.core_messages import error_text
from app.ui.dates import date_text
from app.ui.widgets import hint

if TYPE_CHECKING:
    from app.core.records.patients import PatientSummary
    from app.core.session import Session


def summary_text(p: PatientSummary) -> str:
    parts = [p.display_name]
    if p.birth_date:
        parts.append(tr("born {date}").format(date=date_text(p.birth_date)))
    if p.mrn:
        parts.append(tr("MRN {mrn}").format(mrn=p.mrn))
    if p.masked:
        parts.append(tr("restricted record"))
    return ", ".join(parts)


class MergeDialog(FormDialog):
    def __init__(self, parent: QWidget | None, session: Session, patient_id: str,
                 name: str) -> None:
        super().__init__(parent, tr("Merge a duplicate record"), tr("&Merge into this record"))
        self.setObjectName("mergeDialog")
        self.session, self.patient_id = session, patient_id
        self.ok_button.setProperty("role", "danger")
        self.layout_.insertWidget(0, hint(tr(
            "Choose the duplicate record of {name}. Everything recorded in it (every entry, "
            "appointments, consents) moves into this record, and the duplicate disappears "
            "from searches. The merge is recorded in the audit log and can be undone until "
            "this record is next changed.").format(name=name), self))
        self.candidates = QListWidget(self)
        self.candidates.setAccessibleName(tr("Records to merge"))
        self.query = QLineEdit(self)
        self.query.setAccessibleName(tr("Find another record"))
        self.query.setPlaceholderText(tr("Name, birth date or MRN"))
        self.find_button = QPushButton(tr("&Find"), self)
        self.find_button.setAutoDefault(False)
        self.find_button.clicked.connect(self.find_records)
        self.query.returnPressed.connect(self.find_records)
        self.reason = QLineEdit(self)
        self.reason.setAccessibleName(tr("Reason for the merge"))
        self.reason.setPlaceholderText(tr("e.g. registered twice at the front desk"))
        self.form.addRow(tr("Possible &duplicates:"), self.candidates)
        self.form.addRow(tr("Or f&ind:"), self.query)
        self.form.addRow("", self.find_button)
        self.form.addRow(tr("&Reason:"), self.reason)
        self.candidates.currentItemChanged.connect(lambda *_a: self._update())
        from app.core.records.merge import possible_duplicates

        self._fill(possible_duplicates(session, patient_id))
        if self.candidates.count():
            self.candidates.setCurrentRow(0)
        else:
            self.banner.show_message(tr(
                "No record with the same MRN, or the same birth date and names, was found. "
                "Find the duplicate by name."), "info")
        self._update()

    def _fill(self, found: list[PatientSummary]) -> None:
        self.candidates.clear()
        for p in found:
            if p.id == self.patient_id:
                continue
            item = QListWidgetItem(summary_text(p))
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            self.candidates.addItem(item)

    @Slot()
    def find_records(self) -> None:
        from app.core.errors import MedVaultError
        from app.core.records.search import find_patients

        try:
            self._fill(find_patients(self.session, self.query.text()))
        except MedVaultError as exc:
            self.banner.show_message(error_text(exc), "warning")
            return
        self.banner.clear_message()
        if self.candidates.count():
            self.candidates.setCurrentRow(0)
        self._update()

    def chosen(self) -> str | None:
        item = self.candidates.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def _update(self) -> None:
        self.ok_button.setEnabled(self.chosen() is not None)
