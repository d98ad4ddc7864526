"""Consents (who may receive which parts of the record) and the access report (who opened
or changed it). Both live in the registry, so reception and auditors see them too, as
the permission matrix allows."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import MedVaultError, UsageError
from app.core.records.access_report import AccessEvent, AccessReport
from app.core.records.consent import SECTIONS, Consent, Purpose
from app.core.roles import Operation
from app.ui.chart.common import (
    FormDialog,
    core_order,
    empty_filler,
    reporting,
    set_table_defaults,
    tr,
)
from app.ui.chart.controller import ChartController
from app.ui.chart.entry_form import choice_text
from app.ui.chart.section import ChartSection, Column, RowsModel
from app.ui.context import UiContext
from app.ui.core_messages import error_text
from app.ui.dates import day_text, moment_text
from app.ui.icons import icon
from app.ui.widgets import Banner, heading


class ConsentsSection(ChartSection):
    key = "consents"
    icon_name = "consent"
    operation = Operation.CONSENT_READ
    clinical = False

    def __init__(self, ctx: UiContext, chart: ChartController,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, chart, parent)
        self._recipients: dict[str, str] = {}
        self.model: RowsModel[Consent] = RowsModel([
            Column(tr("Recipient"), lambda c: self._recipients.get(c.recipient_id,
                                                                   c.recipient_id)),
            Column(tr("Sections"), lambda c: ", ".join(choice_text(s) for s in c.sections)),
            Column(tr("Purpose"), lambda c: choice_text(c.purpose)),
            Column(tr("From"), lambda c: day_text(c.valid_from), sort=lambda c: c.valid_from),
            Column(tr("Until"), lambda c: day_text(c.valid_until) or tr("no end"),
                   sort=lambda c: c.valid_until or "9999"),
            Column(tr("State"), self._state),
        ], self, emphasis=lambda c: c.in_force())
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(tr("Consents"))
        set_table_defaults(self.table)
        # Purpose, From, Until and State are short and must be read whole; the recipient
        # and the sections share the rest (the Until column was cut off on a 1024-pixel
        # screen).
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        for column in range(self.model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel(tr("No consents recorded for this patient."), self)
        self.add_button = QPushButton(icon("add"), tr("&Record consent…"), self)
        self.withdraw_button = QPushButton(tr("&Withdraw…"), self)
        self.withdraw_button.setProperty("role", "danger")
        self.add_button.clicked.connect(self.add)
        self.withdraw_button.clicked.connect(self.withdraw_selected)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update())
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.withdraw_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(tr("Consents to share"), self))
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.filler = empty_filler(self, layout)
        self.dialog: ConsentDialog | None = None

    def _state(self, consent: Consent) -> str:
        if consent.withdrawn_at:
            return tr("Withdrawn {when}").format(when=day_text(consent.withdrawn_at))
        return tr("In force") if consent.in_force() else tr("Not in force")

    def load(self) -> None:
        from app.core.records.consent import list_consents

        session, patient_id = self.chart.session, self.chart.patient_id
        if session is None or patient_id is None:
            self.clear_view()
            return
        consents: list[Consent] = []
        with reporting(self.ctx, self, tr("Consents")):
            consents = list_consents(session, patient_id)
            self._recipients = self._recipient_names(consents)
        self.model.set_rows(consents)
        self.empty.setVisible(not consents)
        self.table.setVisible(bool(consents))
        self.filler.setVisible(not consents)
        if consents:
            self.table.resizeColumnsToContents()
            self.table.selectRow(0)
        writable = self.chart.allowed(Operation.CONSENT_WRITE)
        self.add_button.setVisible(writable)
        self.withdraw_button.setVisible(writable and bool(consents))
        self._update()

    def _recipient_names(self, consents: list[Consent]) -> dict[str, str]:
        if not consents or not self.chart.allowed(Operation.CONTACT_READ):
            return {}
        from app.core.records.contacts import list_contacts

        session = self.chart.require_session()
        return {c.id: c.name + (f" ({c.organisation})" if c.organisation else "")
                for c in list_contacts(session, limit=1000)}

    def selected(self) -> Consent | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _update(self) -> None:
        consent = self.selected()
        self.withdraw_button.setEnabled(consent is not None and consent.withdrawn_at is None)

    def clear_view(self) -> None:
        if self.dialog is not None:
            self.dialog.reject()
            self.dialog = None
        self._recipients = {}
        self.model.clear()

    @Slot()
    def withdraw_selected(self) -> None:
        from app.core.records.consent import withdraw_consent

        consent = self.selected()
        session = self.chart.session
        if consent is None or session is None:
            return
        who = self._recipients.get(consent.recipient_id, consent.recipient_id)
        if not self.ctx.prompts.confirm(
                self, tr("Withdraw consent"),
                tr("Record that the patient withdrew their consent to share with {who}? The "
                   "consent is kept in the history, marked withdrawn.").format(who=who),
                yes_text=tr("Withdraw"), danger=True):
            return
        with reporting(self.ctx, self, tr("Withdraw consent")):
            withdraw_consent(session, consent.id)
        self.load()

    @Slot()
    def add(self) -> ConsentDialog | None:
        from app.core.records.consent import add_consent
        from app.core.records.contacts import ContactInput, add_contact, list_contacts

        session = self.chart.session
        if session is None or self.chart.patient_id is None:
            return None
        contacts = []
        if self.chart.allowed(Operation.CONTACT_READ):
            with reporting(self.ctx, self, tr("Record consent")):
                contacts = list_contacts(session, limit=1000)
        dialog = ConsentDialog(self, [(c.id, c.name + (f" ({c.organisation})"
                                                       if c.organisation else ""))
                                      for c in contacts],
                               can_add_recipient=self.chart.allowed(Operation.CONTACT_WRITE))

        def submit() -> None:
            patient_id = self.chart.patient_id
            active = self.chart.require_session()
            assert patient_id is not None
            recipient_id: Any = dialog.recipient.currentData()
            if dialog.new_name.text().strip():
                recipient_id = add_contact(active, ContactInput(
                    name=dialog.new_name.text().strip(),
                    organisation=dialog.new_org.text().strip() or None)).id
            if not recipient_id:
                raise UsageError(tr("Choose who receives the information, or type a new "
                                    "recipient."))
            add_consent(active, patient_id, str(recipient_id), dialog.sections(),
                        str(dialog.purpose.currentData()),
                        valid_until=dialog.until.text().strip() or None,
                        note=dialog.note.text().strip() or None)

        dialog.submit = submit
        self.dialog = dialog

        def closed(result: int) -> None:
            if self.dialog is dialog:
                self.dialog = None
            dialog.deleteLater()
            if result and self.chart.session is not None:
                self.load()

        dialog.finished.connect(closed)
        dialog.open()
        return dialog


class ConsentDialog(FormDialog):
    """Who receives which sections, for what purpose, until when."""

    def __init__(self, parent: QWidget | None, recipients: list[tuple[str, str]], *,
                 can_add_recipient: bool) -> None:
        super().__init__(parent, tr("Record consent"), tr("Record"))
        self.recipient = QComboBox(self)
        self.recipient.setAccessibleName(tr("Recipient"))
        for recipient_id, name in recipients:
            self.recipient.addItem(name, recipient_id)
        self.new_name = QLineEdit(self)
        self.new_name.setAccessibleName(tr("New recipient's name"))
        self.new_name.setPlaceholderText(tr("or type a new recipient (doctor, hospital…)"))
        self.new_org = QLineEdit(self)
        self.new_org.setAccessibleName(tr("New recipient's organisation"))
        self.new_org.setPlaceholderText(tr("organisation"))
        self.section_boxes: dict[str, QCheckBox] = {}
        grid_widget = QWidget(self)
        grid = QGridLayout(grid_widget)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, section in enumerate(SECTIONS):
            box = QCheckBox(choice_text(section), grid_widget)
            self.section_boxes[section] = box
            grid.addWidget(box, i // 3, i % 3)
        self.purpose = QComboBox(self)
        self.purpose.setAccessibleName(tr("Purpose"))
        for p in Purpose:
            self.purpose.addItem(choice_text(p.value), p.value)
        self.until = QLineEdit(self)
        self.until.setAccessibleName(tr("Valid until"))
        self.until.setPlaceholderText(tr("YYYY-MM-DD, or empty for no end date"))
        self.note = QLineEdit(self)
        self.note.setAccessibleName(tr("Note"))
        self.form.addRow(tr("&Recipient"), self.recipient)
        if can_add_recipient:
            self.form.addRow("", self.new_name)
            self.form.addRow("", self.new_org)
        else:
            self.new_name.hide()
            self.new_org.hide()
        self.form.addRow(tr("&Sections"), grid_widget)
        self.form.addRow(tr("&Purpose"), self.purpose)
        self.form.addRow(tr("Valid &until"), self.until)
        self.form.addRow(tr("&Note"), self.note)

    def sections(self) -> list[str]:
        return [key for key, box in self.section_boxes.items() if box.isChecked()]


class AccessReportSection(ChartSection):
    key = "access"
    icon_name = "audit"
    operation = Operation.ACCESS_REPORT
    clinical = False

    def __init__(self, ctx: UiContext, chart: ChartController,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, chart, parent)
        self.model: RowsModel[AccessEvent] = RowsModel([
            Column(tr("When"), lambda e: moment_text(e.ts), sort=lambda e: e.ts),
            Column(tr("Who"), lambda e: e.actor),
            Column(tr("Role"), lambda e: e.role),
            Column(tr("What"), lambda e: e.description),
            Column(tr("Why"), lambda e: e.reason or ""),
        ], self, emphasis=lambda e: e.flagged)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(tr("Access report"))
        set_table_defaults(self.table)
        self.table.setSortingEnabled(True)
        self.explain = QLabel(tr(
            "Everyone who opened or changed this record, from the vault's tamper-evident "
            "audit log. Bold rows are break-glass or emergency access, which the owner "
            "reviews. The patient may have a copy."), self)
        self.explain.setWordWrap(True)
        self.banner = Banner(self)
        self.refresh_button = QPushButton(tr("&Refresh"), self)
        self.export_button = QPushButton(icon("export"), tr("E&xport…"), self)
        self.refresh_button.clicked.connect(self.load)
        self.export_button.clicked.connect(self.export)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(tr("Access report"), self))
        layout.addWidget(self.explain)
        layout.addWidget(self.banner)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.report: AccessReport | None = None

    @Slot()
    def load(self) -> None:
        from app.core.records.access_report import access_report

        session, patient_id = self.chart.session, self.chart.patient_id
        self.report = None
        if session is None or patient_id is None:
            self.clear_view()
            return
        try:
            self.report = access_report(session, patient_id)
        except MedVaultError as exc:
            self.banner.show_message(error_text(exc), "warning")
            self.model.clear()
            return
        self.banner.clear_message()
        events = list(reversed(self.report.events))  # newest first
        self.model.set_rows(events)
        core_order(self.table)
        self.table.resizeColumnsToContents()

    def clear_view(self) -> None:
        self.report = None
        self.model.clear()
        self.banner.clear_message()

    @Slot()
    def export(self) -> None:
        from pathlib import Path

        from app.core.records.access_report import export_access_report

        session, report = self.chart.session, self.report
        if session is None or report is None:
            return
        path = self.ctx.prompts.choose_save_file(
            self, tr("Export the access report"),
            Path.home() / "access-report.html",
            tr("Web page (*.html);;CSV (*.csv);;JSON (*.json);;Text (*.txt)"))
        if path is None:
            return
        with reporting(self.ctx, self, tr("Export the access report")):
            export_access_report(session, report, Path(path))
            self.banner.show_message(tr("Saved to {path}.").format(path=path), "info")
