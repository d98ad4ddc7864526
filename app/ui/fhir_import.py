"""Import health records (FHIR R4): pick files, preview, choose the patient, import.

The flow asks core for everything: `plan_import` reads and matches on a worker thread
(progress, Cancel), the preview shows core's plan (the patient match with a choice, counts
by type, what will not be imported and why, duplicates), and `apply_import` writes it in
one transaction on a worker thread (progress, Cancel undoes it all). Nothing here decides
what may be imported: core's report already says what the role may not bring in.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TR_NOOP, QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.ui.context import UiContext

if TYPE_CHECKING:
    from app.core.fhir import ImportPlan, ImportReport
    from app.core.session import Session


def tr(text: object) -> str:
    """The unnamed context, where lupdate files a bare tr("...") and QT_TR_NOOP."""
    return QCoreApplication.translate("", str(text))


HOW: dict[str, object] = {"identifier": QT_TR_NOOP("matched by identifier"),
       # core's IDENTIFIER_DISAGREES (core is imported only once a flow starts)
       "identifier, but another name or birth date":
           QT_TR_NOOP("same identifier, but another name or birth date"),
       "name and birth date": QT_TR_NOOP("matched by name and birth date"),
       # core's EARLIER_IMPORT
       "same source as an earlier import":
           QT_TR_NOOP("matched by name to the patient an earlier import of the same "
                      "source created"),
       # core's SIMILAR
       "similar name and the same birth date":
           QT_TR_NOOP("similar name and the same birth date: choose"),
       # core's RESTRICTED_NAME
       "restricted record with the same name":
           QT_TR_NOOP("restricted record with the same name: opening it asks for a reason"),
       "chosen": QT_TR_NOOP("chosen"), "new": QT_TR_NOOP("new patient"),
       "ambiguous": QT_TR_NOOP("more than one match: choose")}


def _rows_model(rows: list[list[str]], headers: list[str], parent: QWidget
                ) -> QStandardItemModel:
    model = QStandardItemModel(len(rows), len(headers), parent)
    model.setHorizontalHeaderLabels(headers)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QStandardItem(value)
            item.setEditable(False)
            item.setToolTip(value)
            model.setItem(r, c, item)
    return model


def _table(rows: list[list[str]], headers: list[str], parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setModel(_rows_model(rows, headers, parent))
    view.setTabKeyNavigation(False)  # Tab moves on to the buttons
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    view.resizeColumnsToContents()
    return view


class ImportPreviewDialog(QDialog):
    """Core's plan, before anything is written: who, how many of what, and what not."""

    def __init__(self, plan: ImportPlan, parent: QWidget | None = None, *,
                 warn: Callable[[str], None] | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.warn = warn or (lambda text: None)  # the app's prompts (tests script them)
        self.setWindowTitle(tr("Import health records"))
        self.resize(760, 560)
        report = plan.report()
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        people = QGroupBox(tr("Patient"), self)
        form = QFormLayout(people)
        self.choices: dict[str, QComboBox] = {}
        for group in plan.groups.values():
            if group.data is None:
                continue
            combo = QComboBox(people)
            combo.setAccessibleName(tr("Import {name} into").format(name=group.label))
            if group.how == "ambiguous":
                combo.addItem(tr("Choose a patient…"), None)
            for candidate in group.candidates:
                combo.addItem(tr("{name}, born {born} ({how})").format(
                    name=candidate.name, born=candidate.birth_date or "?",
                    how=tr(HOW.get(candidate.how, candidate.how))), candidate.patient_id)
            combo.addItem(tr("A new patient"), "")
            if group.target is not None:
                combo.setCurrentIndex(combo.findData(group.target))
            elif group.how == "new":
                combo.setCurrentIndex(combo.findData(""))
            combo.currentIndexChanged.connect(self._changed)
            self.choices[group.key] = combo
            born = group.data.birth_date or "?"
            form.addRow(tr("{name}, born {born}: {how}").format(
                name=group.label, born=born, how=tr(HOW.get(group.how, group.how))), combo)
        if not self.choices:
            form.addRow(QLabel(tr("The files name no patient; their records go to the "
                                  "patient you chose."), people))
        layout.addWidget(people)

        self.counts = _table([], [], self)
        self.counts.setAccessibleName(tr("What will be imported"))
        layout.addWidget(self.counts, 1)
        self.skipped = _table([], [], self)
        self.skipped.setAccessibleName(tr("What will not be imported, and why"))
        layout.addWidget(self.skipped, 1)
        self._show(report)
        self.buttons = QDialogButtonBox(self)
        self.import_button = self.buttons.addButton(tr("&Import"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update()

    def _show(self, report: ImportReport) -> None:
        """The summary and both tables, for the plan as the choices now stand."""
        files = ", ".join(s.name for s in self.plan.sources[:3]) + (
            "…" if len(self.plan.sources) > 3 else "")
        self.summary.setText(tr(
            "{read} resources read from {files}. {imported} will be imported, "
            "{duplicates} are already here, {skipped} will not be imported.").format(
                read=report.read, files=files, imported=sum(report.imported.values()),
                duplicates=report.duplicate_count, skipped=report.not_imported_count))
        self.counts.setModel(_rows_model(
            [[t, str(n)] for t, n in sorted(report.imported.items())],
            [tr("Will import"), tr("Count")], self))
        self.skipped.setModel(_rows_model(
            [[line.reason, " ".join(x for x in (line.resource_type, line.resource_id) if x),
              # A part of a resource counted elsewhere (a report's result) is indented.
              ("↳ " if line.part else "") + f"{line.source} {line.where}", line.message]
             for line in report.not_imported],
            [tr("Not imported"), tr("Resource"), tr("Where"), tr("Why")], self))
        for view in (self.counts, self.skipped):
            view.resizeColumnsToContents()

    def _changed(self) -> None:
        """A choice changed: what is a duplicate depends on where the records go, so the
        plan is worked out again and the counts shown are the ones Import will write."""
        if all(c.currentData() is not None for c in self.choices.values()):
            from app.core.errors import MedVaultError

            try:
                self.apply_choices()
            except MedVaultError as exc:
                # A restricted record is opened with a reason first, from its chart.
                self.warn(str(exc))
                for combo in self.choices.values():
                    combo.blockSignals(True)
                    combo.setCurrentIndex(max(0, combo.findData(None)))
                    combo.blockSignals(False)
            else:
                self._show(self.plan.report())
        self._update()

    def _update(self) -> None:
        chosen = all(c.currentData() is not None for c in self.choices.values())
        self.import_button.setEnabled(chosen and bool(
            self.plan.planned or self.plan.tighten or any(
                g.target is None and g.data is not None for g in self.plan.groups.values())
            or any(c.currentData() == "" for c in self.choices.values())))

    def choose(self, key: str, patient_id: str | None) -> None:
        """Pick in the combo box as a person would (tests use this)."""
        combo = self.choices[key]
        combo.setCurrentIndex(combo.findData(patient_id or ""))

    def apply_choices(self) -> None:
        self.plan.choose_many({key: combo.currentData() or None
                               for key, combo in self.choices.items()})


class ImportFlow(QObject):
    """Files → plan (worker) → preview → apply (worker) → a summary message."""

    finished = Signal(object)  # the ImportReport, or None when nothing was imported

    def __init__(self, ctx: UiContext, session: Session, parent: QWidget,
                 on_imported: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.session = session
        self.window = parent
        self.on_imported = on_imported
        self.plan: ImportPlan | None = None
        self.dialog: ImportPreviewDialog | None = None
        self.report: ImportReport | None = None

    def start(self, files: list[Path] | None = None) -> bool:
        if files is None:
            files = self.ctx.prompts.choose_open_files(
                self.window, tr("Import health records"), Path.home(),
                tr("FHIR JSON or NDJSON (*.json *.ndjson *.jsonl);;All files (*)"))
        if not files:
            return False
        from app.core.fhir import plan_import

        chosen = list(files)
        # Translated here, on the GUI thread; the count is filled in as core reads.
        so_far = tr("Reading health records… {n} resources so far")

        def plan(progress: Any) -> Any:
            def counted(done: int, total: int, text: str) -> None:
                progress(done, total, text or so_far.format(n=f"{done:,}"))

            return plan_import(self.session, chosen, progress=counted)

        self.ctx.tasks.run(self.window, tr("Reading health records…"), plan,
                           on_done=self._preview, on_failed=self._failed, cancellable=True)
        return True

    def _failed(self, message: str, exc: BaseException | None) -> None:
        from app.ui.workers import Cancelled

        if not isinstance(exc, Cancelled):
            self.ctx.prompts.warn(self.window, tr("Import health records"), message)
        elif self.session.is_open and self.window.isVisible():
            # Cancel pressed (a lock cancels too, but then nothing is shown over it).
            self.ctx.prompts.inform(self.window, tr("Import health records"),
                                    tr("The import was cancelled: nothing was saved."))
        self.finished.emit(None)

    def _preview(self, plan: Any) -> None:
        self.plan = plan
        dialog = ImportPreviewDialog(
            plan, self.window, warn=lambda text: self.ctx.prompts.warn(
                self.dialog or self.window, tr("Import health records"), text))
        self.dialog = dialog
        dialog.accepted.connect(self._apply)
        dialog.rejected.connect(lambda: self.finished.emit(None))
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()

    def _apply(self) -> None:
        from app.core.fhir import apply_import

        assert self.dialog is not None and self.plan is not None
        self.dialog.apply_choices()
        plan = self.plan
        self.ctx.tasks.run(self.window, tr("Importing health records…"),
                           lambda progress: apply_import(self.session, plan,
                                                         progress=progress),
                           on_done=self._done, on_failed=self._failed, cancellable=True)

    def _done(self, report: Any) -> None:
        self.report = report
        total = sum(report.imported.values())
        words = [tr("Imported {total} records ({entries} entries). {duplicates} were already "
                    "here; {skipped} were not imported.").format(
            total=total, entries=report.entries, duplicates=report.duplicate_count,
            skipped=report.not_imported_count)]
        if report.entries:
            words.append(tr("Each imported entry shows where it came from."))
        left = report.left_for_a_clinician
        if left:
            words.append(tr("{n} clinical records were left out: your role brings in "
                            "demographics only. Give the file to a clinician to import "
                            "them.").format(n=left))
        self.ctx.prompts.inform(self.window, tr("Import health records"), " ".join(words))
        if self.on_imported is not None:
            self.on_imported()
        self.finished.emit(report)
