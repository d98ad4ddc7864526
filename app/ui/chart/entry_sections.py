"""Problems, medications, allergies and immunizations: a table each, with add and edit."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from PySide6.QtCore import QT_TR_NOOP, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from app.core.records.clinical import Allergy, Condition, Immunization, Medication
from app.core.records.codes import CodeSystem
from app.core.records.entries import Entry
from app.core.roles import Operation
from app.ui.chart.common import core_order, day_text, empty_filler, set_table_defaults, tr
from app.ui.chart.controller import ChartController
from app.ui.chart.entry_form import EntryDialog, Field, choice_text, system_name
from app.ui.chart.section import ChartSection, Column, RowsModel
from app.ui.context import UiContext
from app.ui.icons import icon
from app.ui.widgets import heading

_E = Entry[Any]


def _codes(entry: _E) -> str:
    concept = entry.data.code
    return ", ".join(f"{system_name(c.system)} {c.code}" for c in concept.codings) \
        if concept else ""


class EntrySection(ChartSection):
    """A table of one kind of entry from the chart snapshot, with Add and Edit."""

    kind: ClassVar[type[Any]]
    list_name: ClassVar[str]
    fields: ClassVar[Sequence[Field]]

    def __init__(self, ctx: UiContext, chart: ChartController,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, chart, parent)
        self.model: RowsModel[_E] = RowsModel(self.columns(), self,
                                              restricted=lambda e: e.restricted,
                                              emphasis=self.emphasised)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        set_table_defaults(self.table)
        self.table.setSortingEnabled(True)
        self.table.setAccessibleName(self.heading_text())
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.empty = QLabel(self.empty_text(), self)
        self.empty.setWordWrap(True)
        self.add_button = QPushButton(icon("add"), self.add_text(), self)
        self.edit_button = QPushButton(icon("edit"), tr("&Edit…"), self)
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_selected)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.heading_text(), self))
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.filler = empty_filler(self, layout)
        self.dialog: EntryDialog | None = None

    # -- per kind ---------------------------------------------------------------------------
    def heading_text(self) -> str:
        raise NotImplementedError

    def add_text(self) -> str:
        raise NotImplementedError

    def empty_text(self) -> str:
        raise NotImplementedError

    def columns(self) -> list[Column[_E]]:
        raise NotImplementedError

    def emphasised(self, entry: _E) -> bool:
        return False

    # -- section ---------------------------------------------------------------------------
    def load(self) -> None:
        chart = self.chart.chart
        entries: list[_E] = list(getattr(chart, self.list_name)) if chart else []
        self.model.set_rows(entries)
        core_order(self.table)
        self.empty.setVisible(not entries)
        self.table.setVisible(bool(entries))
        self.filler.setVisible(not entries)
        writable = self.chart.allowed(Operation.CLINICAL_WRITE)
        self.add_button.setVisible(writable)
        self.edit_button.setVisible(writable)
        if entries:
            self.table.resizeColumnsToContents()
            self.table.selectRow(0)
        self._update_buttons()

    def clear_view(self) -> None:
        if self.dialog is not None:
            self.dialog.reject()
            self.dialog = None
        self.model.clear()

    def _update_buttons(self) -> None:
        self.edit_button.setEnabled(self.selected() is not None)

    def selected(self) -> _E | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    # -- add and edit -----------------------------------------------------------------------
    @Slot()
    def add(self) -> EntryDialog:
        dialog = EntryDialog(self, self.add_text().replace("&", "").rstrip("…"),
                             tr("Add"), self.kind, self.fields, offer_restricted=True)

        def submit() -> None:
            with_reporting = dialog.build()
            self.chart.add_entry(with_reporting, restricted=dialog.restricted.isChecked())

        dialog.submit = submit
        self._show(dialog)
        return dialog

    @Slot()
    def edit_selected(self) -> EntryDialog | None:
        entry = self.selected()
        if entry is None or not self.chart.allowed(Operation.CLINICAL_WRITE):
            return None
        dialog = EntryDialog(self, tr("Edit {what}").format(what=entry.data.code.text),
                             tr("Save"), self.kind, self.fields)
        dialog.set_values(entry.data)
        dialog.submit = lambda: self._update(entry, dialog)
        self._show(dialog)
        return dialog

    def _update(self, entry: _E, dialog: EntryDialog) -> None:
        self.chart.update_entry(entry.id, dialog.build(entry.data))

    def _show(self, dialog: EntryDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda _r: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: EntryDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()


# -- the four kinds ----------------------------------------------------------------------------
class ProblemsSection(EntrySection):
    key = "problems"
    icon_name = "problem"
    kind = Condition
    list_name = "conditions"
    fields = (
        Field("code", QT_TR_NOOP("Problem"),
              "concept", systems=(CodeSystem.SNOMED, CodeSystem.ICD10)),
        Field("clinical_status", QT_TR_NOOP("Status"), "choice",
              choices=("active", "recurrence", "relapse", "inactive", "remission", "resolved")),
        Field("verification_status", QT_TR_NOOP("Verification"), "choice",
              choices=("unconfirmed", "provisional", "differential", "confirmed", "refuted",
                       "entered-in-error")),
        Field("severity", QT_TR_NOOP("Severity"),
              "choice", choices=("mild", "moderate", "severe")),
        Field("onset", QT_TR_NOOP("Onset"), "date"),
        Field("abatement", QT_TR_NOOP("Resolved"), "date"),
        Field("note", QT_TR_NOOP("Note"), "long"),
    )

    def heading_text(self) -> str:
        return tr("Problems")

    def add_text(self) -> str:
        return tr("&Add problem…")

    def empty_text(self) -> str:
        return tr("No problems recorded.")

    def columns(self) -> list[Column[_E]]:
        return [Column(tr("Problem"), lambda e: e.data.code.text),
                Column(tr("Status"), lambda e: choice_text(e.data.clinical_status)),
                Column(tr("Onset"), lambda e: e.data.onset or ""),
                Column(tr("Severity"), lambda e: choice_text(e.data.severity)),
                Column(tr("Codes"), _codes)]

    def emphasised(self, entry: _E) -> bool:
        return bool(entry.data.clinical_status in ("active", "recurrence", "relapse"))


class MedicationsSection(EntrySection):
    key = "medications"
    icon_name = "medication"
    kind = Medication
    list_name = "medications"
    fields = (
        Field("code", QT_TR_NOOP("Medication"),
              "concept", systems=(CodeSystem.RXNORM, CodeSystem.SNOMED)),
        Field("dosage_text", QT_TR_NOOP("Dosage"),
              hint=QT_TR_NOOP("e.g. 500 mg twice daily with food")),
        Field("route", QT_TR_NOOP("Route"),
              hint=QT_TR_NOOP("e.g. oral")),
        Field("status", QT_TR_NOOP("Status"), "choice", optional_choice=False,
              choices=("active", "completed", "intended", "stopped", "on-hold", "unknown",
                       "not-taken", "entered-in-error")),
        Field("effective_start", QT_TR_NOOP("Started"), "date"),
        Field("effective_end", QT_TR_NOOP("Stopped"), "date"),
        Field("reason_text", QT_TR_NOOP("Reason")),
        Field("note", QT_TR_NOOP("Note"), "long"),
    )

    def heading_text(self) -> str:
        return tr("Medications")

    def add_text(self) -> str:
        return tr("&Add medication…")

    def empty_text(self) -> str:
        return tr("No medications recorded.")

    def columns(self) -> list[Column[_E]]:
        return [Column(tr("Medication"), lambda e: e.data.code.text),
                Column(tr("Dosage"), lambda e: e.data.dosage_text or ""),
                Column(tr("Status"), lambda e: choice_text(e.data.status)),
                Column(tr("Since"), lambda e: e.data.effective_start or ""),
                Column(tr("Reason"), lambda e: e.data.reason_text or "")]

    def emphasised(self, entry: _E) -> bool:
        return bool(entry.data.status == "active")


class AllergiesSection(EntrySection):
    key = "allergies"
    icon_name = "allergy"
    kind = Allergy
    list_name = "allergies"
    fields = (
        Field("code", QT_TR_NOOP("Substance"),
              "concept", systems=(CodeSystem.SNOMED, CodeSystem.RXNORM)),
        Field("reaction", QT_TR_NOOP("Reaction"),
              "concept", systems=(CodeSystem.SNOMED,)),
        Field("severity", QT_TR_NOOP("Severity"),
              "choice", choices=("mild", "moderate", "severe")),
        Field("criticality", QT_TR_NOOP("Criticality"), "choice",
              choices=("low", "high", "unable-to-assess")),
        Field("category", QT_TR_NOOP("Category"), "choice",
              choices=("food", "medication", "environment", "biologic")),
        Field("type", QT_TR_NOOP("Type"),
              "choice", choices=("allergy", "intolerance")),
        Field("clinical_status", QT_TR_NOOP("Status"), "choice",
              choices=("active", "inactive", "resolved")),
        Field("verification_status", QT_TR_NOOP("Verification"), "choice",
              choices=("unconfirmed", "presumed", "confirmed", "refuted", "entered-in-error")),
        Field("onset", QT_TR_NOOP("Onset"), "date"),
        Field("note", QT_TR_NOOP("Note"), "long"),
    )

    def heading_text(self) -> str:
        return tr("Allergies and intolerances")

    def add_text(self) -> str:
        return tr("&Add allergy…")

    def empty_text(self) -> str:
        return tr("No known allergies recorded.")

    def columns(self) -> list[Column[_E]]:
        return [Column(tr("Substance"), lambda e: e.data.code.text),
                Column(tr("Reaction"), lambda e: e.data.reaction.text if e.data.reaction
                       else ""),
                Column(tr("Severity"), lambda e: choice_text(e.data.severity)),
                Column(tr("Criticality"), lambda e: choice_text(e.data.criticality)),
                Column(tr("Status"), lambda e: choice_text(e.data.clinical_status))]

    def emphasised(self, entry: _E) -> bool:
        return bool(entry.data.criticality == "high" or entry.data.severity == "severe")


class ImmunizationsSection(EntrySection):
    key = "immunizations"
    icon_name = "immunization"
    kind = Immunization
    list_name = "immunizations"
    fields = (
        Field("code", QT_TR_NOOP("Vaccine"),
              "concept", systems=(CodeSystem.CVX, CodeSystem.SNOMED)),
        Field("occurrence", QT_TR_NOOP("Given on"), "date"),
        Field("dose_number", QT_TR_NOOP("Dose number"), "int"),
        Field("lot_number", QT_TR_NOOP("Lot number")),
        Field("site", QT_TR_NOOP("Site"),
              hint=QT_TR_NOOP("e.g. left deltoid")),
        Field("route", QT_TR_NOOP("Route"),
              hint=QT_TR_NOOP("e.g. intramuscular")),
        Field("performer", QT_TR_NOOP("Given by")),
        Field("status", QT_TR_NOOP("Status"), "choice", optional_choice=False,
              choices=("completed", "not-done", "entered-in-error")),
        Field("note", QT_TR_NOOP("Note"), "long"),
    )

    def heading_text(self) -> str:
        return tr("Immunizations")

    def add_text(self) -> str:
        return tr("&Add immunization…")

    def empty_text(self) -> str:
        return tr("No immunizations recorded.")

    def columns(self) -> list[Column[_E]]:
        return [Column(tr("Vaccine"), lambda e: e.data.code.text),
                Column(tr("Date"), lambda e: day_text(e.data.occurrence)),
                Column(tr("Dose"), lambda e: str(e.data.dose_number or "")),
                Column(tr("Lot"), lambda e: e.data.lot_number or ""),
                Column(tr("Status"), lambda e: choice_text(e.data.status))]
