"""The Summary (clinical at a glance) and Details (registry: who the person is) sections."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from app.core.roles import Operation
from app.ui.chart.common import SecureTextBrowser, age_text, esc, tr, user_names
from app.ui.chart.controller import ChartController
from app.ui.chart.entry_form import choice_text
from app.ui.chart.section import ChartSection
from app.ui.chart.summary_doc import summary_html
from app.ui.context import UiContext
from app.ui.dates import date_text, day_text
from app.ui.icons import icon
from app.ui.patient_dialog import PatientDialog
from app.ui.widgets import heading


class SummarySection(ChartSection):
    key = "summary"
    icon_name = "chart"

    def __init__(self, ctx: UiContext, chart: ChartController,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, chart, parent)
        self.view = SecureTextBrowser(ctx.clipboard, self)
        self.view.setAccessibleName(tr("Patient summary"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def load(self) -> None:
        chart = self.chart.chart
        self.view.setHtml(summary_html(chart, names=user_names(self.chart.session))
                          if chart is not None else "")

    def clear_view(self) -> None:
        self.view.clear_all()


class DetailsSection(ChartSection):
    """Registry details; what reception works with."""

    key = "details"
    icon_name = "patient"
    operation = Operation.PATIENT_READ
    clinical = False

    def __init__(self, ctx: UiContext, chart: ChartController,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, chart, parent)
        self.view = SecureTextBrowser(ctx.clipboard, self)
        self.view.setAccessibleName(tr("Personal details"))
        self.edit_button = QPushButton(icon("edit"), tr("&Edit details…"), self)
        self.edit_button.clicked.connect(self.edit)
        self.copy_mrn = QPushButton(tr("Copy &MRN"), self)
        self.copy_mrn.setToolTip(tr(
            "Copied for the time set in Vault settings, hidden from clipboard history"))
        self.copy_mrn.clicked.connect(self._copy_mrn)
        buttons = QHBoxLayout()
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.copy_mrn)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(tr("Personal details"), self))
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.dialog: PatientDialog | None = None

    def load(self) -> None:
        p = self.chart.patient
        self.edit_button.setVisible(p is not None and
                                    self.chart.allowed(Operation.PATIENT_WRITE))
        self.copy_mrn.setVisible(p is not None and bool(p.mrn))
        if p is None:
            self.view.clear_all()
            return
        rows: list[tuple[str, str]] = [
            (tr("Name"), p.display_name),
            (tr("Birth date"), f"{date_text(p.birth_date)} ({age_text(p.birth_date)})"
             if p.birth_date else ""),
            (tr("Sex"), choice_text(p.sex)), (tr("Gender identity"), p.gender or ""),
            (tr("MRN"), p.mrn or ""),
        ]
        rows += [(i.type or i.system, i.value) for i in p.identifiers]
        rows += [(tr("Phone"), p.phone or ""), (tr("E-mail"), p.email or "")]
        if p.address is not None:
            a = p.address
            place = " ".join(x for x in (a.postal_code, a.city) if x)
            rows.append((tr("Address"), "\n".join(x for x in (*a.lines, place, a.state or "",
                                                              a.country or "") if x)))
        if p.emergency_contact is not None:
            c = p.emergency_contact
            rows.append((tr("Emergency contact"), " · ".join(
                x for x in (c.name, c.relationship or "", c.phone or "") if x)))
        if p.restricted:
            rows.append((tr("Access"), tr("Restricted record: every opening is flagged for "
                                          "the vault owner's review.")))
        rows.append((tr("Record created"), day_text(p.created_at)))
        body = "".join(
            f"<tr><td valign='top'><b>{esc(label)}</b></td>"
            f"<td>{esc(value).replace(chr(10), '<br>')}</td></tr>"
            for label, value in rows if value)
        self.view.setHtml(f"<table cellpadding='4' cellspacing='0'>{body}</table>")

    def clear_view(self) -> None:
        if self.dialog is not None:
            self.dialog.reject()
            self.dialog = None
        self.view.clear_all()

    @Slot()
    def _copy_mrn(self) -> None:
        if self.chart.patient is not None and self.chart.patient.mrn:
            self.ctx.clipboard.copy(self.chart.patient.mrn)

    @Slot()
    def edit(self) -> PatientDialog | None:
        patient = self.chart.patient
        if patient is None:
            return None
        session = self.chart.session
        dialog = PatientDialog(self, patient=patient, personal=session is not None and
                               session.vault.file.kind == "personal")
        dialog.submit = lambda: self._save(dialog)
        self.dialog = dialog

        def finished(_result: int) -> None:
            # Forget it before it is deleted: a lock rejects `self.dialog`, and a
            # deleted one raised there and stopped every later lock (issue 8.1).
            if self.dialog is dialog:
                self.dialog = None
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()
        return dialog

    def _save(self, dialog: PatientDialog) -> None:
        self.chart.update_patient(dialog.patient_input())
