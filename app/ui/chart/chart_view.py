"""The chart window area: who the patient is, their allergies, and the sections.

Sections are listed on the left and built the first time they are shown. Which sections
are listed is asked of the session (each section names its operation) and of the
snapshot (clinical sections need the clinical key); the view offers nothing else.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.roles import Operation
from app.ui.chart.common import age_text, reporting, status_text, tr, user_names
from app.ui.chart.controller import ChartController
from app.ui.chart.documents_section import DocumentsSection
from app.ui.chart.entry_form import choice_text
from app.ui.chart.entry_sections import ENTRY_SECTIONS
from app.ui.chart.merge_dialog import MergeDialog
from app.ui.chart.notes_section import NotesSection
from app.ui.chart.observations_section import ObservationsSection
from app.ui.chart.overview_sections import DetailsSection, SummarySection
from app.ui.chart.reason_dialog import BreakGlassBanner, ReasonDialog
from app.ui.chart.registry_sections import AccessReportSection, ConsentsSection
from app.ui.chart.section import ChartSection
from app.ui.chart.timeline_section import TimelineSection
from app.ui.context import UiContext
from app.ui.dates import date_text
from app.ui.icons import icon
from app.ui.patient_list import PatientListModel
from app.ui.screen_fit import fit_list_width
from app.ui.widgets import Banner

if TYPE_CHECKING:
    from app.core.records.patients import PatientSummary
    from app.core.session import Session

# The registry's kinds with forms sit between the notes and the observations.
SECTIONS: tuple[type[ChartSection], ...] = (
    SummarySection, DetailsSection, TimelineSection, NotesSection,
    *ENTRY_SECTIONS.values(), ObservationsSection, DocumentsSection,
    ConsentsSection, AccessReportSection)


def section_title(key: str) -> str:
    kinds_titles = {cls.spec.key: tr(cls.spec.title) for cls in ENTRY_SECTIONS.values()}
    return {
        "summary": tr("Summary"), "details": tr("Details"), "timeline": tr("Timeline"),
        "notes": tr("Notes"), **kinds_titles,
        "observations": tr("Observations"), "documents": tr("Documents"),
        "consents": tr("Consents"), "access": tr("Access report"),
    }.get(key, key)


class ChartView(QWidget):
    back_requested = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None, *,
                 autosave_ms: int | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chartView")
        self.ctx = ctx
        self.autosave_ms = autosave_ms
        self.controller = ChartController(self)
        self.controller.changed.connect(self._on_changed)
        self.sections: dict[str, ChartSection] = {}
        self._stale: set[str] = set()

        self.back_button = QPushButton(tr("◀ &Patients"), self)
        self.back_button.setAccessibleName(tr("Back to the patient list"))
        self.back_button.setToolTip(tr("Back to the patient list (Alt+Left)"))
        self.back_button.clicked.connect(self.back_requested)
        self.name_label = QLabel(self)
        self.name_label.setObjectName("chartPatientName")
        self.name_label.setProperty("role", "heading")
        self.name_label.setAccessibleName(tr("Patient"))
        font = self.name_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        self.name_label.setFont(font)
        self.facts_label = QLabel(self)
        self.facts_label.setObjectName("chartPatientFacts")
        self.facts_label.setAccessibleName(tr("Patient details"))
        # Wraps rather than widening the window past a 1024-pixel screen.
        self.facts_label.setWordWrap(True)
        self.name_label.setWordWrap(True)
        self.restricted_label = QLabel(self)
        self.restricted_label.setPixmap(icon("lock").pixmap(QSize(18, 18)))
        self.restricted_label.setToolTip(tr("Restricted record"))
        self.restricted_label.setAccessibleName(tr("Restricted record"))
        self.new_note_button = QPushButton(icon("note"), tr("&New note"), self)
        self.new_note_button.setToolTip(tr("New note (Ctrl+N)"))
        self.new_note_button.clicked.connect(self.new_note)
        self.print_button = QToolButton(self)
        self.print_button.setText(tr("P&rint summary"))
        self.print_button.setIcon(icon("print"))
        self.print_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        # One Tab stop that opens the menu (Space or Enter): the arrow of a split button
        # cannot be reached with the keyboard.
        self.print_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        # Drawn like the push buttons next to it (the style sheet's framed tool buttons).
        self.print_button.setProperty("framed", True)
        self.print_button.setToolTip(tr("Print the patient summary (Ctrl+P)"))
        print_menu = QMenu(self.print_button)
        self.pdf_action = print_menu.addAction(icon("export"), tr("Save as &PDF…"))
        self.paper_action = print_menu.addAction(icon("print"), tr("&Print…"))
        self.pdf_action.triggered.connect(self.save_summary_pdf)
        self.paper_action.triggered.connect(self.print_summary)
        self.print_button.setMenu(print_menu)
        self.print_button.clicked.connect(self.print_summary)
        self.fhir_button = QPushButton(icon("export"), tr("Export as &FHIR…"), self)
        self.fhir_button.setToolTip(tr("Save this record as a FHIR R4 Bundle for the "
                                       "patient's next doctor or app"))
        self.fhir_button.clicked.connect(self.export_fhir)

        self.allergy_banner = Banner(self, "alert")
        self.allergy_banner.setObjectName("allergyBanner")
        self.break_glass_banner = BreakGlassBanner(self)
        self.restricted_banner = Banner(self, "warning")
        self.show_restricted_button = QPushButton(tr("Show restricted entries…"), self)
        self.show_restricted_button.clicked.connect(self.ask_show_restricted)
        self.message_banner = Banner(self, "info")
        # After a merge into this record, until it changes: say so and offer Undo.
        self.merge_banner = Banner(self, "info")
        self.merge_banner.setObjectName("mergeBanner")
        self.undo_merge_button = QPushButton(tr("&Undo merge"), self)
        self.undo_merge_button.clicked.connect(self.undo_merge)
        self.undo_merge_button.hide()
        self.merge_dialog: MergeDialog | None = None
        self._merge_id: str | None = None

        self.nav = QListWidget(self)
        self.nav.setObjectName("chartSections")
        self.nav.setAccessibleName(tr("Chart sections"))
        self.nav.setIconSize(QSize(18, 18))
        self.nav.setFixedWidth(170)  # until the sections are known (_show_sections)
        self.stack = QStackedWidget(self)
        self.nav.currentRowChanged.connect(self._on_nav)

        header = QHBoxLayout()
        header.addWidget(self.back_button)
        header.addSpacing(8)
        names = QVBoxLayout()
        names.setSpacing(0)
        name_row = QHBoxLayout()
        name_row.addWidget(self.name_label)
        name_row.addWidget(self.restricted_label)
        name_row.addStretch(1)
        names.addLayout(name_row)
        names.addWidget(self.facts_label)
        header.addLayout(names, 1)
        header.addWidget(self.new_note_button)
        header.addWidget(self.print_button)
        header.addWidget(self.fhir_button)
        # In the summary button's menu: the header must fit a 1024-pixel screen.
        self.share_action = self.print_button.menu().addAction(icon("export"), tr("S&hare…"))
        self.share_action.setToolTip(tr("Send part of this record as an encrypted, signed "
                                        "package"))
        self.share_action.triggered.connect(self.share)
        self.merge_action = self.print_button.menu().addAction(
            icon("patient"), tr("&Merge a duplicate into this record…"))
        self.merge_action.triggered.connect(self.ask_merge)
        restricted_row = QHBoxLayout()
        restricted_row.addWidget(self.restricted_banner, 1)
        restricted_row.addWidget(self.show_restricted_button)
        body = QHBoxLayout()
        body.addWidget(self.nav)
        body.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.break_glass_banner)
        layout.addWidget(self.allergy_banner)
        layout.addLayout(restricted_row)
        layout.addWidget(self.message_banner)
        merge_row = QHBoxLayout()
        merge_row.addWidget(self.merge_banner, 1)
        merge_row.addWidget(self.undo_merge_button)
        layout.addLayout(merge_row)
        layout.addLayout(body, 1)
        self.setTabOrder(self.back_button, self.new_note_button)
        self.setTabOrder(self.new_note_button, self.print_button)
        self.setTabOrder(self.print_button, self.fhir_button)
        self.setTabOrder(self.fhir_button, self.nav)
        self.setTabOrder(self.nav, self.stack)

        QShortcut(QKeySequence.StandardKey.New, self, self.new_note)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_summary)
        QShortcut(QKeySequence.StandardKey.Back, self, self.back_requested.emit)
        self.reason_dialog: ReasonDialog | None = None
        self._apply()

    # -- opening ---------------------------------------------------------------------------
    def open(self, session: Session, patient_id: str,
             summary: PatientSummary | None = None) -> None:
        """Read the chart (raises PermissionDenied for a restricted patient without a
        grant) and show its first section."""
        with reporting(self.ctx, self, tr("Save draft")):
            self.save_drafts()  # the note being written for the previous patient
        self._drop_sections()
        try:
            self.controller.open(session, patient_id, summary)
        except Exception:
            self.controller.clear()
            raise
        keys = self.section_keys()
        if keys:
            self.show_section(keys[0])

    def is_open(self) -> bool:
        return self.controller.is_open

    @property
    def patient_id(self) -> str | None:
        return self.controller.patient_id

    # -- sections ----------------------------------------------------------------------------
    def available(self) -> list[type[ChartSection]]:
        if not self.controller.is_open:
            return []
        return [cls for cls in SECTIONS if cls.available(self.controller)]

    def section_keys(self) -> list[str]:
        return [cls.key for cls in self.available()]

    def section_titles(self) -> list[str]:
        return [section_title(k) for k in self.section_keys()]

    def current_key(self) -> str | None:
        item = self.nav.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def show_section(self, key: str) -> ChartSection | None:
        for row in range(self.nav.count()):
            if self.nav.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.nav.setCurrentRow(row)
                return self.sections.get(key)
        return None

    def section(self, key: str) -> ChartSection | None:
        """The section widget, built (and loaded) if it is offered."""
        if key not in self.section_keys():
            return None
        return self._ensure(key)

    def _ensure(self, key: str) -> ChartSection:
        section = self.sections.get(key)
        if section is None:
            cls = next(c for c in SECTIONS if c.key == key)
            if cls is NotesSection:
                section = NotesSection(self.ctx, self.controller, self.stack,
                                       autosave_ms=self.autosave_ms)
            else:
                section = cls(self.ctx, self.controller, self.stack)
            self.sections[key] = section
            self.stack.addWidget(section)
            self._stale.add(key)
        if key in self._stale:
            self._stale.discard(key)
            with reporting(self.ctx, self, section_title(key)):
                section.load()
        return section

    @Slot(int)
    def _on_nav(self, row: int) -> None:
        item = self.nav.item(row) if row >= 0 else None
        if item is None:
            return
        section = self._ensure(str(item.data(Qt.ItemDataRole.UserRole)))
        self.stack.setCurrentWidget(section)

    def _show_allergy_status(self) -> None:
        """Allergies, or core's statement about them: an empty list is never "none"."""
        from app.core.records.absence import absence_of, allergy_status

        chart = self.controller.chart
        if chart is None:
            self.allergy_banner.clear_message()
            return
        status = allergy_status(chart.allergies)
        if status.state == "recorded":
            allergies = [a for a in chart.allergies if a.data.clinical_status in
                         (None, "active") and absence_of(a) is None
                         and a.data.verification_status not in ("refuted", "entered-in-error")]
            self.allergy_banner.show_message(tr("Allergies: {list}").format(list="; ".join(
                a.data.code.text + (f" — {a.data.reaction.text}" if a.data.reaction else "")
                + (f" ({choice_text(a.data.severity)})" if a.data.severity else "")
                for a in allergies)),
                "alert")
        else:
            self.allergy_banner.show_message(
                status_text(status, user_names(self.controller.session)),
                "warning" if status.warning else "info")

    @Slot()
    def _on_changed(self) -> None:
        self._stale.update(self.sections)
        self._apply()
        current = self.current_key()
        if current is not None and current in self.sections:
            self._ensure(current)

    def _apply(self) -> None:
        """Header, banners and the list of sections, from the controller."""
        c = self.controller
        chart, patient = c.chart, c.patient
        self.name_label.setText(c.display_name())
        facts = []
        if patient is not None:
            if patient.birth_date:
                facts.append(tr("Born {date} ({age})").format(date=date_text(patient.birth_date),
                                                             age=age_text(patient.birth_date)))
            if patient.sex:
                # The same words as the patient list's Sex column, in the same language.
                label = PatientListModel.SEX_LABELS.get(patient.sex)
                facts.append(QCoreApplication.translate("PatientListModel", str(label))
                             if label else choice_text(patient.sex))
            if patient.mrn:
                facts.append(tr("MRN {mrn}").format(mrn=patient.mrn))
        self.facts_label.setText(" · ".join(facts))
        self.restricted_label.setVisible(c.is_open and c.restricted())

        self._show_allergy_status()
        self.break_glass_banner.watch(c.session, c.patient_id)
        hidden = chart.hidden_restricted if chart is not None else 0
        if hidden:
            self.restricted_banner.show_message(tr(
                "{n} restricted entries are hidden.").format(n=hidden), "warning")
        else:
            self.restricted_banner.clear_message()
        self.show_restricted_button.setVisible(
            bool(hidden) and c.allowed(Operation.RESTRICTED_ACCESS))
        if c.clinical_message:
            self.message_banner.show_message(c.clinical_message, "info")
        else:
            self.message_banner.clear_message()
        self.new_note_button.setVisible(chart is not None and
                                        c.allowed(Operation.CLINICAL_WRITE))
        self.print_button.setVisible(chart is not None and c.allowed(Operation.SUMMARY_PRINT))
        self.fhir_button.setVisible(c.is_open and c.allowed(Operation.FHIR_EXPORT))
        self.share_action.setVisible(chart is not None and c.allowed(Operation.EXPORT_PATIENT))
        self.merge_action.setVisible(chart is not None and c.allowed(Operation.PATIENT_MERGE))
        self._show_merge()
        self.back_button.setVisible(True)

        keys = self.section_keys()
        shown = [str(self.nav.item(r).data(Qt.ItemDataRole.UserRole))
                 for r in range(self.nav.count())]
        if keys != shown:
            current = self.current_key()
            self.nav.blockSignals(True)
            self.nav.clear()
            for key in keys:
                cls = next(c for c in SECTIONS if c.key == key)
                item = QListWidgetItem(icon(cls.icon_name), section_title(key))
                item.setData(Qt.ItemDataRole.UserRole, key)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, section_title(key))
                self.nav.addItem(item)
            fit_list_width(self.nav, least=120, most=190)
            self.nav.blockSignals(False)
            for key in list(self.sections):
                if key not in keys:
                    self._remove(key)
            if current in keys:
                self.show_section(current)

    # -- actions ----------------------------------------------------------------------------
    @Slot()
    def new_note(self) -> None:
        if self.controller.chart is None or not self.controller.allowed(
                Operation.CLINICAL_WRITE):
            return
        self.show_section("notes")
        notes = self.sections.get("notes")
        if isinstance(notes, NotesSection):
            notes.new_note()

    @Slot()
    def ask_show_restricted(self) -> ReasonDialog | None:
        if not self.controller.is_open:
            return None
        from app.core.records.breakglass import duration_choices

        dialog = ReasonDialog(self, self.controller.display_name(),
                              duration_choices(self.controller.require_session()))
        dialog.submit = lambda: self.controller.show_restricted_entries(
            dialog.reason.text(), dialog.minutes())
        self.reason_dialog = dialog

        def finished(_result: int) -> None:
            if self.reason_dialog is dialog:  # a lock must not reject a deleted dialog
                self.reason_dialog = None
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()
        return dialog

    def _show_merge(self) -> None:
        merge = None
        with reporting(self.ctx, self, tr("Merge")):
            merge = self.controller.undoable_merge()
        self._merge_id = merge.merge_id if merge is not None else None
        if merge is None:
            self.merge_banner.clear_message()
            self.undo_merge_button.hide()
            return
        self.merge_banner.show_message(tr(
            "A duplicate record was merged into this one ({n} rows moved with it). Until "
            "this record changes, the merge can be undone.").format(
                n=sum(merge.moved.values())), "info")
        self.undo_merge_button.show()

    @Slot()
    def ask_merge(self) -> MergeDialog | None:
        session, patient_id = self.controller.session, self.controller.patient_id
        if session is None or patient_id is None or not session.allowed(
                Operation.PATIENT_MERGE):
            return None
        dialog: MergeDialog | None = None
        with reporting(self.ctx, self, tr("Merge")):
            dialog = MergeDialog(self, session, patient_id, self.controller.display_name())
        if dialog is None:
            return None
        merging = dialog

        def submit() -> None:
            chosen = merging.chosen()
            if chosen is not None:
                self.controller.merge_into(chosen, merging.reason.text())

        def finished(_result: int) -> None:
            if self.merge_dialog is merging:
                self.merge_dialog = None
            merging.deleteLater()

        dialog.submit = submit
        dialog.finished.connect(finished)
        self.merge_dialog = dialog
        dialog.open()
        return dialog

    @Slot()
    def undo_merge(self) -> None:
        merge_id = self._merge_id
        if merge_id is None:
            return
        if not self.ctx.prompts.confirm(
                self, tr("Undo merge"), tr("Move everything the merge brought in back to the "
                                           "duplicate record?"), yes_text=tr("&Undo merge")):
            return
        with reporting(self.ctx, self, tr("Undo merge")):
            self.controller.undo_merge(merge_id)

    @Slot()
    def print_summary(self) -> None:
        from app.ui.chart.summary_doc import print_summary

        session, chart = self.controller.session, self.controller.chart
        if session is None or chart is None or not session.allowed(Operation.SUMMARY_PRINT):
            return
        printer = self.ctx.prompts.printer_for(self)
        if printer is None:
            return
        with reporting(self.ctx, self, tr("Print summary")):
            print_summary(session, chart, printer)

    @Slot()
    def share(self) -> None:
        from app.ui.share_wizard import ShareWizard

        session, patient_id = self.controller.session, self.controller.patient_id
        if session is None or patient_id is None:
            return
        with reporting(self.ctx, self, tr("Share")):
            dialog = ShareWizard(self.ctx, session, patient_id, self)
            # Window-modal but not blocking (open, not exec): a lock closes it like any
            # other dialog.
            dialog.finished.connect(lambda _result: dialog.deleteLater())
            dialog.open()

    @Slot()
    def save_summary_pdf(self) -> Path | None:
        from app.ui.chart.summary_doc import print_summary_pdf

        session, chart = self.controller.session, self.controller.chart
        if session is None or chart is None or not session.allowed(Operation.SUMMARY_PRINT):
            return None
        safe = "".join(ch if ch.isalnum() else "-" for ch in chart.patient.family)[:40]
        path = self.ctx.prompts.choose_save_file(
            self, tr("Save the patient summary as PDF"),
            Path.home() / f"summary-{safe or 'patient'}.pdf", tr("PDF (*.pdf)"))
        if path is None:
            return None
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        with reporting(self.ctx, self, tr("Save the patient summary as PDF")):
            print_summary_pdf(session, chart, path)
            self.message_banner.show_message(tr("Summary saved to {path}. It is not "
                                                "encrypted: keep it safe.").format(
                path=path), "info")
            return path
        return None

    @Slot()
    def export_fhir(self) -> Path | None:
        """One patient as a FHIR Bundle: what this role may export (core decides), written
        atomically, audited by core."""
        from app.core.fhir import write_bundle

        session, patient_id = self.controller.session, self.controller.patient_id
        if session is None or patient_id is None or not session.allowed(
                Operation.FHIR_EXPORT):
            return None
        patient = self.controller.patient
        safe = "".join(ch if ch.isalnum() else "-" for ch in (
            patient.family if patient else ""))[:40]
        path = self.ctx.prompts.choose_save_file(
            self, tr("Export as FHIR"), Path.home() / f"fhir-{safe or 'patient'}.json",
            tr("FHIR JSON (*.json)"))
        if path is None:
            return None
        if path.suffix.lower() != ".json":
            path = path.with_suffix(".json")
        with reporting(self.ctx, self, tr("Export as FHIR")):
            result = write_bundle(session, patient_id, path)
            self.message_banner.show_message(tr(
                "Saved {count} FHIR resources to {path}. The file is not encrypted: keep it "
                "safe, or send it as a sharing package.").format(count=result.total,
                                                                  path=path), "info")
            return path
        return None

    # -- lock -----------------------------------------------------------------------------------
    def save_drafts(self) -> str | None:
        """Save the note being written; its id, if it reached the vault."""
        notes = self.sections.get("notes")
        if isinstance(notes, NotesSection) and notes.editor.draft.active:
            notes.save_drafts()
            return notes.open_draft_id()
        return None

    def clear(self) -> None:
        """Forget the patient: every section is cleared and destroyed."""
        if self.reason_dialog is not None:
            self.reason_dialog.reject()
            self.reason_dialog = None
        if self.merge_dialog is not None:
            self.merge_dialog.reject()
            self.merge_dialog = None
        self._drop_sections()
        self.controller.clear()
        self.break_glass_banner.stop()
        self.name_label.setText("")
        self.facts_label.setText("")
        self.allergy_banner.clear_message()
        self.restricted_banner.clear_message()
        self.message_banner.clear_message()
        self.merge_banner.clear_message()
        self.undo_merge_button.hide()
        self._merge_id = None

    def _drop_sections(self) -> None:
        for key in list(self.sections):
            self._remove(key)
        self.nav.blockSignals(True)
        self.nav.clear()
        self.nav.blockSignals(False)

    def _remove(self, key: str) -> None:
        section = self.sections.pop(key)
        self._stale.discard(key)
        section.clear_view()
        self.stack.removeWidget(section)
        section.hide()
        section.deleteLater()
