"""The Patients page: the patient list, and the chart of the patient opened from it.

It keeps the `SessionPage` contract (app/ui/pages.py). On lock it saves the note being
written (an encrypted draft in the vault, through core) and remembers only its id, the
patient's id and the user's id; then it clears the list, destroys the chart's sections
and drops the session. After the same user unlocks, the chart and the draft reopen.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from app.core.errors import MedVaultError, PermissionDenied
from app.core.roles import Operation
from app.ui.chart.chart_view import ChartView
from app.ui.chart.reason_dialog import ReasonDialog
from app.ui.context import UiContext
from app.ui.core_messages import error_text
from app.ui.icons import icon
from app.ui.pages import SessionPage
from app.ui.patient_dialog import PatientDialog
from app.ui.patient_list import PatientListView
from app.ui.widgets import Banner

if TYPE_CHECKING:
    from pathlib import Path

    from app.core.records.patients import PatientSummary
    from app.core.session import Session
    from app.ui.fhir_import import ImportFlow

_log = logging.getLogger(__name__)


class PatientsPage(SessionPage):
    operation = Operation.PATIENT_SEARCH
    icon_name = "patient"
    #: Autosave interval for the note editor (None: the editor's default); tests shorten it.
    autosave_ms: int | None = None

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("patientsPage")
        self.list_view = PatientListView(ctx.clipboard, self)
        self.chart_view = ChartView(ctx, self, autosave_ms=self.autosave_ms)
        self.drafts_banner = Banner(self, "info")
        self.drafts_button = QPushButton(self.tr("Open my latest &draft"), self)
        self.drafts_button.clicked.connect(self.open_latest_draft)
        self.drafts_button.hide()
        # A personal vault's first screen: the obvious way in for a portal download.
        self.portal_banner = Banner(self, "info")
        self.portal_button = QPushButton(icon("import"), self.tr(
            "&Bring in records from a patient portal or app…"), self)
        self.portal_button.setToolTip(self.tr(
            "Import the FHIR file (JSON or NDJSON) your hospital portal, insurer or health "
            "app lets you download"))
        self.portal_button.clicked.connect(lambda _c=False: self.bring_in_records())
        self.portal_button.hide()
        self.import_flow: ImportFlow | None = None
        list_page = QWidget(self)
        portal_row = QHBoxLayout()
        portal_row.addWidget(self.portal_banner, 1)
        portal_row.addWidget(self.portal_button)
        drafts_row = QHBoxLayout()
        drafts_row.addWidget(self.drafts_banner, 1)
        drafts_row.addWidget(self.drafts_button)
        # The banners line up with the list below them (its own margins), not the edge.
        inner = self.list_view.layout()
        if inner is not None:
            edge = inner.contentsMargins()
            for row in (portal_row, drafts_row):
                row.setContentsMargins(edge.left(), 0, edge.right(), 0)
        list_layout = QVBoxLayout(list_page)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addLayout(portal_row)
        list_layout.addLayout(drafts_row)
        list_layout.addWidget(self.list_view, 1)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(list_page)
        self.stack.addWidget(self.chart_view)
        self._list_page = list_page
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self.list_view.open_patient.connect(self.open_patient)
        self.list_view.new_patient_requested.connect(self.new_patient)
        self.chart_view.back_requested.connect(self.show_list)
        # Ctrl+F from a chart goes back to the search box.
        QShortcut(QKeySequence.StandardKey.Find, self.chart_view, self.focus_search)

        self.dialog: PatientDialog | ReasonDialog | None = None
        self._restore: tuple[str, str, str] | None = None  # user, patient, draft ids
        self._latest_draft: tuple[str, str] | None = None  # patient, draft ids

    def title(self) -> str:
        # A personal vault holds its owner and their family: "People", not a practice's
        # "Patients" (the main window re-reads titles after each unlock).
        session = self._session
        if session is not None and session.vault.file.kind == "personal":
            return self.tr("People")
        return self.tr("Patients")

    # -- the contract ------------------------------------------------------------------------
    def set_session(self, session: Session) -> None:
        super().set_session(session)
        self.chart_view.back_button.setText(
            self.tr("◀ &People") if session.vault.file.kind == "personal"
            else self.tr("◀ &Patients"))
        personal = session.vault.file.kind == "personal" and session.allowed(
            Operation.FHIR_IMPORT)
        self.portal_button.setVisible(personal)
        if personal:
            self.portal_banner.show_message(self.tr(
                "Have records at a hospital, a doctor's portal or a health app? Download "
                "them there (FHIR, JSON or NDJSON) and bring them in here: you see what "
                "will come in before anything is saved."), "info")
        else:
            self.portal_banner.clear_message()
        restore, self._restore = self._restore, None
        if restore is not None and restore[0] == session.user.user_id:
            self._reopen_draft(restore[1], restore[2])
        else:
            self._offer_drafts(session)
        if not self.is_chart_shown():
            # Whoever unlocks usually looks for a patient next.
            self.list_view.search.setFocus(Qt.FocusReason.OtherFocusReason)

    def bring_in_records(self, files: list[Path] | None = None) -> ImportFlow | None:
        session = self.session
        if session is None:
            return None
        from app.ui.fhir_import import ImportFlow

        def imported() -> None:
            self.refresh()
            self.vault_changed.emit()

        flow = ImportFlow(self.ctx, session, self, on_imported=imported)
        self.import_flow = flow
        flow.start(files)
        return flow

    def refresh(self) -> None:
        session = self.session
        if session is None:
            return
        with self.reporting():
            self.list_view.set_session(session)

    def save_drafts(self) -> None:
        session = self.session
        if session is None:
            return
        note_id = self.chart_view.save_drafts()
        patient_id = self.chart_view.patient_id
        if note_id is not None and patient_id is not None:
            self._restore = (session.user.user_id, patient_id, note_id)

    def clear_view(self) -> None:
        if self.dialog is not None:
            self.dialog.reject()
            self.dialog = None
        self.chart_view.clear()
        self.list_view.clear()
        self.drafts_banner.clear_message()
        self.drafts_button.hide()
        self.portal_banner.clear_message()
        self.portal_button.hide()
        self.import_flow = None
        self._latest_draft = None
        self.stack.setCurrentWidget(self._list_page)

    # -- navigation -----------------------------------------------------------------------------
    def is_chart_shown(self) -> bool:
        return self.stack.currentWidget() is self.chart_view

    @Slot()
    def show_list(self) -> None:
        # The draft being written is saved (it is in the vault); the chart is forgotten.
        saved = None
        with self.reporting():
            saved = self.chart_view.save_drafts()
        self.chart_view.clear()
        self.stack.setCurrentWidget(self._list_page)
        self.list_view.table.setFocus(Qt.FocusReason.OtherFocusReason)
        session = self.session
        if session is not None and saved is not None:
            self._offer_drafts(session)

    @Slot()
    def focus_search(self) -> None:
        if self.is_chart_shown():
            self.show_list()
        self.list_view.focus_search()

    @Slot(object)
    def open_patient(self, summary: PatientSummary) -> bool:
        """Open the chart; a restricted patient first needs a reason. True if shown."""
        session = self.session
        if session is None:
            return False
        if isinstance(self.dialog, ReasonDialog) and self.dialog.isVisible():
            return False  # the reason is being asked already: never a second question
        may_break_glass = session.allowed(Operation.RESTRICTED_ACCESS)
        if summary.masked:
            if may_break_glass:
                self.ask_reason(summary)
            else:
                self.show_error(self.tr(
                    "The record of {name} is restricted. Your role cannot open restricted "
                    "records; a clinician or the vault owner can, giving a reason.").format(
                    name=summary.display_name))
            return False
        try:
            self._open(session, summary.id, summary)
        except PermissionDenied as exc:
            if summary.restricted and may_break_glass:
                self.ask_reason(summary)  # the grant may have expired meanwhile
            else:
                self.show_error(error_text(exc))
            return False
        except MedVaultError as exc:
            self.show_error(error_text(exc))
            return False
        return True

    def open_patient_id(self, patient_id: str) -> bool:
        """Open a chart by id (from another page); core's refusal is shown. True if shown."""
        session = self.session
        if session is None:
            return False
        self.show_list()
        try:
            self._open(session, patient_id, None)
        except MedVaultError as exc:
            self.show_error(error_text(exc))
            return False
        return True

    def open_from_elsewhere(self, summary: PatientSummary, target: str) -> bool:
        """Open a patient chosen on another page: the chart ("chart") or the registry
        details ("details"), as core's `appointment_book.open_target` decided."""
        if self.is_chart_shown():
            self.show_list()  # saves the draft of the chart being left
        if not self.open_patient(summary):
            return False
        keys = self.chart_view.section_keys()
        wanted = "details" if target == "details" else "summary"
        self.chart_view.show_section(wanted if wanted in keys else keys[0])
        return True

    def _open(self, session: Session, patient_id: str,
              summary: PatientSummary | None) -> None:
        self.chart_view.open(session, patient_id, summary)
        self.stack.setCurrentWidget(self.chart_view)
        self.drafts_banner.clear_message()
        self.drafts_button.hide()
        self.chart_view.nav.setFocus(Qt.FocusReason.OtherFocusReason)

    def ask_reason(self, summary: PatientSummary) -> ReasonDialog:
        from app.core.records.breakglass import DURATIONS, duration_choices

        session = self.session
        # Core's durations, capped by the machine policy.
        dialog = ReasonDialog(self, summary.display_name,
                              duration_choices(session) if session is not None else DURATIONS)

        def submit() -> None:
            session = self.session
            if session is None:
                from app.core.session import SessionClosed

                raise SessionClosed()
            self.chart_view.controller.open_restricted(session, summary.id,
                                                       dialog.reason.text(), dialog.minutes())

        def finished(result: int) -> None:
            if self.dialog is dialog:
                self.dialog = None
            dialog.deleteLater()
            session = self.session
            if result and session is not None:
                with self.reporting():
                    self._open(session, summary.id, summary)

        dialog.submit = submit
        dialog.finished.connect(finished)
        self.dialog = dialog
        dialog.open()
        return dialog

    # -- new patient -----------------------------------------------------------------------------
    @Slot()
    def new_patient(self) -> PatientDialog | None:
        session = self.session
        if session is None or not session.allowed(Operation.PATIENT_WRITE):
            return None
        dialog = PatientDialog(self, personal=session.vault.file.kind == "personal")
        added: list[str] = []

        def submit() -> None:
            from app.core.records.patients import PossibleDuplicate, add_patient

            active = self.session
            if active is None:
                from app.core.session import SessionClosed

                raise SessionClosed()
            try:
                added.append(add_patient(
                    active, dialog.patient_input(),
                    not_a_duplicate=dialog.duplicates.different.isChecked()).id)
            except PossibleDuplicate as exc:
                dialog.duplicates.show_candidates(exc.candidates)
                raise  # core's words in the banner; what was typed stays

        def open_existing() -> None:
            chosen = dialog.duplicates.chosen()
            if chosen is not None:
                added.append(chosen)
                dialog.done(1)

        dialog.duplicates.open_button.clicked.connect(open_existing)

        def finished(result: int) -> None:
            if self.dialog is dialog:
                self.dialog = None
            dialog.deleteLater()
            active = self.session
            if result and added and active is not None:
                self.list_view.model.refresh()
                self.vault_changed.emit()
                with self.reporting():
                    self._open(active, added[0], None)

        dialog.submit = submit
        dialog.finished.connect(finished)
        self.dialog = dialog
        dialog.open()
        return dialog

    # -- drafts ------------------------------------------------------------------------------------
    def _reopen_draft(self, patient_id: str, note_id: str) -> None:
        session = self.session
        if session is None:
            return
        try:
            self._open(session, patient_id, None)
        except MedVaultError as exc:
            self.show_error(error_text(exc))
            return
        chart = self.chart_view.controller.chart
        note = next((n for n in chart.notes if n.id == note_id), None) if chart else None
        if note is None or note.status != "draft":
            return
        self.chart_view.show_section("notes")
        from app.ui.chart.notes_section import NotesSection

        notes = self.chart_view.sections.get("notes")
        if isinstance(notes, NotesSection):
            notes.open_draft(note)

    def _offer_drafts(self, session: Session) -> None:
        self.drafts_banner.clear_message()
        self.drafts_button.hide()
        self._latest_draft = None
        if not session.allowed(Operation.CLINICAL_WRITE) or not session.holds("clinical"):
            return
        from app.core.database import DatabaseError
        from app.core.records.notes import my_drafts

        try:
            drafts = my_drafts(session)
        except (MedVaultError, DatabaseError):
            _log.warning("could not list the user's drafts", exc_info=True)
            return
        if not drafts:
            return
        self._latest_draft = (drafts[0].patient_id, drafts[0].id)
        self.drafts_banner.show_message(
            self.tr("You have {n} unsigned note drafts, saved encrypted in the vault.")
            .format(n=len(drafts)) if len(drafts) != 1 else
            self.tr("You have an unsigned note draft, saved encrypted in the vault."), "info")
        self.drafts_button.show()

    @Slot()
    def open_latest_draft(self) -> None:
        if self._latest_draft is not None:
            self._reopen_draft(*self._latest_draft)
