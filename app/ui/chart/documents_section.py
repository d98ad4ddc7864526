"""Documents: PDFs and images stored encrypted in the vault, added from a file and viewed
from memory (see document_viewer.py)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TR_NOOP, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.records.documents import Document
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
from app.ui.chart.document_viewer import DocumentViewer
from app.ui.chart.entry_form import choice_text
from app.ui.chart.section import ChartSection, Column, RowsModel
from app.ui.context import UiContext
from app.ui.dates import DateField, day_text
from app.ui.icons import icon
from app.ui.widgets import heading

_TYPES = {"application/pdf": QT_TR_NOOP("PDF"),
          "image/png": QT_TR_NOOP("PNG image"),
          "image/jpeg": QT_TR_NOOP("JPEG image")}


def size_text(size: int) -> str:
    if size < 1024:
        return tr("{n} B").format(n=size)
    if size < 1024 * 1024:
        return tr("{n} KB").format(n=round(size / 1024))
    return tr("{n:.1f} MB").format(n=size / 1048576)


class DocumentsSection(ChartSection):
    key = "documents"
    icon_name = "document"

    def __init__(self, ctx: UiContext, chart: ChartController,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, chart, parent)
        self.model: RowsModel[Document] = RowsModel([
            Column(tr("Title"), lambda d: d.title),
            Column(tr("Date"), lambda d: day_text(d.doc_date or d.created_at),
                   sort=lambda d: d.doc_date or d.created_at),
            Column(tr("Type"), lambda d: tr(_TYPES.get(d.content_type, d.content_type))),
            Column(tr("Size"), lambda d: size_text(d.size), sort=lambda d: d.size),
            Column(tr("Status"), lambda d: choice_text(d.status)),
        ], self, restricted=lambda d: d.restricted, source=lambda d: chart.source_of(d.id))
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(tr("Documents"))
        set_table_defaults(self.table)
        self.table.setSortingEnabled(True)
        self.table.doubleClicked.connect(lambda _i: self.view_selected())
        self.table.activated.connect(lambda _i: self.view_selected())
        self.empty = QLabel(tr("No documents yet. Add a PDF, PNG or JPEG file: it is stored "
                               "encrypted in the vault."), self)
        self.empty.setWordWrap(True)
        self.add_button = QPushButton(icon("add"), tr("&Add document…"), self)
        self.view_button = QPushButton(icon("document"), tr("&View"), self)
        self.error_button = QPushButton(tr("Entered in e&rror…"), self)
        self.add_button.clicked.connect(self.add)
        self.view_button.clicked.connect(self.view_selected)
        self.error_button.clicked.connect(self.mark_selected_in_error)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update())
        # A document filed on the wrong patient stays, marked, with who and why.
        self.in_error = QLabel(self)
        self.in_error.setWordWrap(True)
        self.in_error.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.view_button)
        buttons.addWidget(self.error_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(tr("Documents"), self))
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.in_error)
        layout.addLayout(buttons)
        self.filler = empty_filler(self, layout)
        self.viewer: DocumentViewer | None = None
        self.dialog: FormDialog | None = None

    def load(self) -> None:
        chart = self.chart.chart
        documents = list(chart.documents) if chart else []
        self.model.set_rows(documents)
        core_order(self.table)
        self.empty.setVisible(not documents)
        self.table.setVisible(bool(documents))
        self.filler.setVisible(not documents)
        self.view_button.setVisible(bool(documents))
        self.add_button.setVisible(self.chart.allowed(Operation.CLINICAL_WRITE))
        self.error_button.setVisible(bool(documents)
                                     and self.chart.allowed(Operation.ENTRY_MARK_ERROR))
        from app.ui.chart.entry_sections import show_in_error

        show_in_error(self.in_error, self.chart, "document")
        if documents:
            self.table.resizeColumnsToContents()
            self.table.selectRow(0)
        self._update()

    def _update(self) -> None:
        chosen = self.selected() is not None
        self.view_button.setEnabled(chosen)
        self.error_button.setEnabled(chosen)

    @Slot()
    def mark_selected_in_error(self) -> FormDialog | None:
        from app.ui.chart.entry_sections import ErrorReasonDialog

        document = self.selected()
        if document is None or not self.chart.allowed(Operation.ENTRY_MARK_ERROR):
            return None
        dialog = ErrorReasonDialog(self, document.title)
        dialog.submit = lambda: self.chart.mark_entered_in_error(document.id,
                                                                 dialog.reason.text())
        self._open(dialog)
        return dialog

    def _open(self, dialog: FormDialog) -> None:
        """Window-modal, not blocking (open()), so a lock rejects it."""
        self.dialog = dialog

        def closed(_result: int) -> None:
            if self.dialog is dialog:
                self.dialog = None
            dialog.deleteLater()

        dialog.finished.connect(closed)
        dialog.open()

    def selected(self) -> Document | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def clear_view(self) -> None:
        self.close_viewer()
        if self.dialog is not None:
            self.dialog.reject()
            self.dialog = None
        self.model.clear()
        self.in_error.clear()

    # -- viewing ---------------------------------------------------------------------------------
    @Slot()
    def view_selected(self) -> DocumentViewer | None:
        document = self.selected()
        if document is None:
            return None
        data = b""
        with reporting(self.ctx, self, tr("Open document")):
            data = self.chart.read_document(document.id)
        if not data:
            return None
        self.close_viewer()
        self.viewer = DocumentViewer(self, document.title, document.content_type, data)
        del data
        self.viewer.finished.connect(lambda _r: self.close_viewer())
        self.viewer.open()
        return self.viewer

    def close_viewer(self) -> None:
        viewer, self.viewer = self.viewer, None
        if viewer is not None:
            viewer.release()
            viewer.hide()
            viewer.deleteLater()

    # -- adding ----------------------------------------------------------------------------------
    @Slot()
    def add(self) -> None:
        path = self.ctx.prompts.choose_open_file(
            self, tr("Add a document"), Path.home(),
            tr("Documents (*.pdf *.png *.jpg *.jpeg);;All files (*)"))
        if path is not None:
            self.add_from_path(path)

    def add_from_path(self, path: Path) -> FormDialog | None:
        from app.core.records.documents import MAX_DOCUMENT_BYTES

        try:
            with path.open("rb") as handle:
                # One byte over the limit is enough for core to refuse a large file,
                # without reading all of it.
                data = handle.read(MAX_DOCUMENT_BYTES + 1)
        except OSError as exc:
            self.ctx.prompts.warn(self, tr("Add a document"), tr(
                "The file could not be read: {why}").format(why=exc.strerror or exc))
            return None
        dialog = FormDialog(self, tr("Add a document"), tr("Add"))
        title = QLineEdit(path.stem.replace("_", " "), dialog)
        title.setAccessibleName(tr("Title"))
        # In the user's date format or from a calendar (app/ui/dates.py); optional.
        doc_date = DateField(dialog, tr("Document date"))
        description = QLineEdit(dialog)
        description.setAccessibleName(tr("Description"))
        restricted = QCheckBox(tr("Restricted: opening it will need a reason"), dialog)
        dialog.form.addRow(tr("File"), QLabel(path.name, dialog))
        dialog.form.addRow(tr("&Title"), title)
        dialog.form.addRow(tr("&Date"), doc_date)
        dialog.form.addRow(tr("D&escription"), description)
        dialog.form.addRow("", restricted)

        def submit() -> None:
            self.chart.add_document(data, title=title.text(),
                                    doc_date=doc_date.iso(),
                                    description=description.text().strip() or None,
                                    restricted=restricted.isChecked())

        dialog.submit = submit
        self._open(dialog)
        return dialog
