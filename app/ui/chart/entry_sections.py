"""The chart sections of the registry's kinds with forms (`kinds.with_forms()`): problems,
medications, allergies, immunizations, procedures... A table each, with add and edit, built
from the kind's definition: its words, columns, emphasis and form fields."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.records import kinds
from app.core.records.absence import ABSENCES
from app.core.records.entries import Entry
from app.core.records.kinds import Field, Kind
from app.core.roles import Operation
from app.ui.chart.common import (
    FormDialog,
    core_order,
    empty_filler,
    reporting,
    set_table_defaults,
    tr,
    user_names,
)
from app.ui.chart.controller import ChartController
from app.ui.chart.entry_form import EntryDialog, field_text, system_name
from app.ui.chart.section import ChartSection, Column, RowsModel
from app.ui.context import UiContext
from app.ui.dates import day_text
from app.ui.icons import icon
from app.ui.widgets import heading, hint

_E = Entry[Any]


def _codes(entry: _E) -> str:
    concept = entry.data.code
    return ", ".join(f"{system_name(c.system)} {c.code}" for c in concept.codings) \
        if concept else ""


def _shows(field: Field) -> Callable[[_E], str]:
    return lambda entry: field_text(field, getattr(entry.data, field.name))


def _raw(field: Field) -> Callable[[_E], str]:
    return lambda entry: str(getattr(entry.data, field.name) or "")


def show_in_error(label: QLabel, chart: ChartController, kind: str) -> None:
    """The chart's entries of `kind` marked entered in error, with who, when and why."""
    snapshot = chart.chart
    marks = [m for m in (snapshot.in_error if snapshot else []) if m.kind == kind]
    names = user_names(chart.session)
    lines = [tr("{what}: marked entered in error by {who} on {date}: “{why}”").format(
        what=m.summary or tr("(no name)"), who=names.get(m.marked_by, m.marked_by),
        date=day_text(m.marked_at), why=m.reason) for m in marks]
    label.setText("\n".join([tr("Entered in error (kept in the history):"), *lines])
                  if lines else "")
    label.setVisible(bool(lines))


class ErrorReasonDialog(FormDialog):
    """Asks why an entry was entered in error; core keeps the reason with the entry."""

    def __init__(self, parent: QWidget | None, what: str) -> None:
        super().__init__(parent, tr("Entered in error"), tr("&Mark entered in error"))
        self.setObjectName("errorReasonDialog")
        self.ok_button.setProperty("role", "danger")
        self.layout_.insertWidget(0, hint(tr(
            "“{what}” stays in the record's history, marked entered in error with your "
            "name and reason. It leaves the active lists, the allergy banner, the "
            "prescribing checks and exports as active. Nothing is deleted.").format(
                what=what), self))
        self.reason = QLineEdit(self)
        self.reason.setAccessibleName(tr("Why it was entered in error"))
        self.reason.setPlaceholderText(tr("e.g. recorded on the wrong patient"))
        self.form.addRow(tr("&Reason:"), self.reason)
        self.reason.textChanged.connect(
            lambda text: self.ok_button.setEnabled(bool(text.strip())))
        self.ok_button.setEnabled(False)
        self.reason.setFocus()


class EntrySection(ChartSection):
    """A table of one kind of entry from the chart snapshot, with Add and Edit."""

    spec: ClassVar[Kind]

    def __init__(self, ctx: UiContext, chart: ChartController,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, chart, parent)
        self.model: RowsModel[_E] = RowsModel(self.columns(), self,
                                              restricted=lambda e: e.restricted,
                                              emphasis=self.emphasised,
                                              source=lambda e: chart.source_of(e.id))
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
        self.error_button = QPushButton(tr("Entered in e&rror…"), self)
        self.error_button.setToolTip(tr("Mark the selected entry as entered in error: it "
                                        "stays in the record's history, marked, with your "
                                        "reason"))
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_selected)
        self.error_button.clicked.connect(self.mark_selected_in_error)
        # The history keeps entries marked entered in error, with who marked them and why.
        self.in_error = QLabel(self)
        self.in_error.setObjectName("enteredInError")
        self.in_error.setWordWrap(True)
        self.in_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.in_error.hide()
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.error_button)
        buttons.addStretch(1)
        # "None known" is recorded, never assumed from an empty list (core's absence.py).
        # A row of their own: with Add, Edit and Entered in error they would not fit a
        # 1024-pixel screen.
        absences = QHBoxLayout()
        self.absence_buttons: dict[str, QPushButton] = {}
        for absence in ABSENCES.values():
            if absence.kind == self.spec.name:
                button = QPushButton(tr(absence.label), self)
                button.clicked.connect(lambda _c=False, key=absence.key: self.record_absence(key))
                self.absence_buttons[absence.key] = button
                absences.addWidget(button)
        absences.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.heading_text(), self))
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.in_error)
        layout.addLayout(buttons)
        if self.absence_buttons:
            layout.addLayout(absences)
        self.filler = empty_filler(self, layout)
        self.dialog: EntryDialog | ErrorReasonDialog | None = None

    # -- from the kind's definition ---------------------------------------------------------
    @property
    def kind(self) -> type[Any]:
        data = self.spec.data
        assert data is not None, self.spec.name
        return data

    @property
    def fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.spec.fields if f.form)

    def heading_text(self) -> str:
        return tr(self.spec.heading or self.spec.title)

    def add_text(self) -> str:
        return tr(self.spec.add_text)

    def empty_text(self) -> str:
        return tr(self.spec.empty_text)

    def columns(self) -> list[Column[_E]]:
        # Dates sort by the stored ISO value: the shown text (14.03.1968) would not.
        columns = [Column(tr(f.column or f.label), _shows(f),
                          sort=_raw(f) if f.widget == "date" else None)
                   for f in self.spec.columns]
        if self.spec.codes_column:
            columns.append(Column(tr("Codes"), _codes))
        return columns

    def emphasised(self, entry: _E) -> bool:
        return any(getattr(entry.data, name) in values for name, values in self.spec.emphasis)

    # -- section ---------------------------------------------------------------------------
    def load(self) -> None:
        chart = self.chart.chart
        entries: list[_E] = chart.entries(self.spec.name) if chart else []
        self.model.set_rows(entries)
        core_order(self.table)
        self.empty.setVisible(not entries)
        self.table.setVisible(bool(entries))
        self.filler.setVisible(not entries)
        writable = self.chart.allowed(Operation.CLINICAL_WRITE)
        self.add_button.setVisible(writable)
        self.edit_button.setVisible(writable)
        self.error_button.setVisible(self.chart.allowed(Operation.ENTRY_MARK_ERROR))
        self._show_in_error()
        for button in self.absence_buttons.values():
            button.setVisible(writable)
        if entries:
            self.table.resizeColumnsToContents()
            self.table.selectRow(0)
        self._update_buttons()

    def clear_view(self) -> None:
        if self.dialog is not None:
            self.dialog.reject()
            self.dialog = None
        self.model.clear()
        self.in_error.clear()

    def _update_buttons(self) -> None:
        self.edit_button.setEnabled(self.selected() is not None)
        self.error_button.setEnabled(self.selected() is not None)

    def _show_in_error(self) -> None:
        show_in_error(self.in_error, self.chart, self.spec.name)

    def selected(self) -> _E | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    @Slot()
    def record_absence(self, key: str) -> None:
        with reporting(self.ctx, self, tr(self.spec.title)):
            self.chart.record_absence(key)

    # -- add and edit -----------------------------------------------------------------------
    @Slot()
    def add(self) -> EntryDialog:
        dialog = EntryDialog(self, self.add_text().replace("&", "").rstrip("…"),
                             tr("Add"), self.kind, self.fields, offer_restricted=True)

        def submit() -> None:
            from app.core.records.prescribing import NeedsAcknowledgement

            try:
                self.chart.add_entry(dialog.build(), restricted=dialog.restricted.isChecked(),
                                     acknowledged=dialog.acknowledged())
            except NeedsAcknowledgement as exc:
                dialog.show_warnings([w.code for w in exc.warnings])
                raise  # core's warnings in the banner; the entry is not added yet

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

    @Slot()
    def mark_selected_in_error(self) -> ErrorReasonDialog | None:
        entry = self.selected()
        if entry is None or not self.chart.allowed(Operation.ENTRY_MARK_ERROR):
            return None
        text = entry.data.code.text if entry.data.code is not None else ""
        dialog = ErrorReasonDialog(self, text)
        dialog.submit = lambda: self.chart.mark_entered_in_error(entry.id,
                                                                 dialog.reason.text())
        self._show(dialog)
        return dialog

    def _update(self, entry: _E, dialog: EntryDialog) -> None:
        self.chart.update_entry(entry.id, dialog.build(entry.data))

    def _show(self, dialog: EntryDialog | ErrorReasonDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda _r: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: EntryDialog | ErrorReasonDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()


# -- one section class per kind with forms ---------------------------------------------------
def _section_class(spec: Kind) -> type[EntrySection]:
    name = "".join(part.capitalize() for part in spec.section.split("_")) + "Section"
    return type(name, (EntrySection,), {"key": spec.key, "icon_name": spec.icon, "spec": spec})


#: The section class of each kind with forms, by kind name, in the registry's order.
ENTRY_SECTIONS: dict[str, type[EntrySection]] = {
    spec.name: _section_class(spec) for spec in kinds.with_forms()}
