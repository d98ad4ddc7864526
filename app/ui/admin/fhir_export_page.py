"""Administration → Export: the whole practice as FHIR R4 Bulk Data (NDJSON + manifest).

The owner's decision (core requires `export.all`); core writes into a hidden folder and
renames it into place, audits once, and leaves restricted records out. This page picks a
folder and runs the export on a worker thread with progress and Cancel.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from app.core.roles import Operation
from app.ui.context import UiContext
from app.ui.icons import icon
from app.ui.pages import SessionPage

if TYPE_CHECKING:
    from app.core.session import Session


class FhirExportPage(SessionPage):
    operation = Operation.EXPORT_ALL
    icon_name = "export"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.explain = QLabel(self)
        self.explain.setWordWrap(True)
        self.export_button = QPushButton(icon("export"), "", self)
        self.personal = False
        self._words()
        self.export_button.clicked.connect(lambda _c=False: self.export())
        self.result = QLabel(self)
        self.result.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explain)
        layout.addWidget(self.export_button)
        layout.addWidget(self.result)
        layout.addStretch(1)

    def title(self) -> str:
        return self.tr("FHIR export")

    def set_session(self, session: Session) -> None:
        # A personal vault holds one person's record: no "practice" in its words.
        self.personal = session.vault.file.kind == "personal"
        self._words()
        super().set_session(session)

    def _words(self) -> None:
        if self.personal:
            self.explain.setText(self.tr(
                "Export your whole record as FHIR R4 Bulk Data: one NDJSON file per "
                "resource type and a manifest, readable by any system that takes FHIR. "
                "The files are not encrypted: write them to an encrypted disk, or use a "
                "full export package to send them."))
            self.export_button.setText(self.tr("&Export everything as FHIR…"))
            return
        self.explain.setText(self.tr(
            "Export every patient's record as FHIR R4 Bulk Data: one NDJSON file per "
            "resource type and a manifest, readable by any system that takes FHIR. "
            "Restricted records are left out. The files are not encrypted: write them to "
            "an encrypted disk, or use a full export package to send them."))
        self.export_button.setText(self.tr("&Export the whole practice as FHIR…"))

    def clear_view(self) -> None:
        self.result.clear()

    def export(self, folder: Path | None = None) -> None:
        session = self.session
        if session is None:
            return
        if folder is None:
            parent = self.ctx.prompts.choose_directory(
                self, self.tr("Choose where to put the FHIR export"), Path.home())
            if parent is None:
                return
            folder = parent / f"medvault-fhir-{date.today().isoformat()}"
        from app.core.fhir import write_bulk

        target = folder

        def done(result: Any) -> None:
            self.result.setText(self.tr(
                "Exported {total} resources about {patients} patients to {path}. "
                "{left} restricted entries were left out.").format(
                total=result.total, patients=result.patients, path=target,
                left=result.left_out_restricted))

        self.run_measured_task(self.tr("Exporting as FHIR…") if self.personal
                               else self.tr("Exporting the practice as FHIR…"),
                               lambda s, progress: write_bulk(s, target, progress=progress),
                               on_done=done)
