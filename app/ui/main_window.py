"""The main window: a sidebar of pages in a QStackedWidget, menus and a status bar.

It lays out; it decides nothing about access. Each page says which operation it needs and
the window asks the session (`SessionPage.visible_for`). The pages' contract is in
app/ui/pages.py.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelectionModel, QSize, Qt, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from app.core.roles import Operation
from app.ui.context import UiContext
from app.ui.core_messages import error_text
from app.ui.icons import icon
from app.ui.pages import SessionPage
from app.ui.role_text import role_name
from app.ui.screen_fit import fit_list_width, fit_to_screen

if TYPE_CHECKING:
    from pathlib import Path

    from app.core.records.patients import PatientSummary
    from app.core.session import Session
    from app.ui.fhir_import import ImportFlow

PageFactory = Callable[[UiContext, QWidget], SessionPage]


def default_pages() -> list[PageFactory]:
    from app.ui.admin.account_page import AccountPage
    from app.ui.admin.administration_page import AdministrationPage
    from app.ui.admin.audit_page import AuditPage
    from app.ui.admin.emergency_page import EmergencyReviewPage
    from app.ui.admin.health_page import HealthPage
    from app.ui.appointments.my_appointments import MyAppointmentsPage
    from app.ui.appointments.page import AppointmentsPage
    from app.ui.contacts_page import ContactsPage
    from app.ui.my_record_page import MyRecordPage
    from app.ui.patients_page import PatientsPage

    # My record shows in personal vaults only, after People (whose first screen offers the
    # portal import a new personal vault starts with); the appointment book in practices,
    # My appointments in personal vaults.
    return [PatientsPage, AppointmentsPage, MyRecordPage, MyAppointmentsPage, ContactsPage,
            AdministrationPage, AuditPage, EmergencyReviewPage, HealthPage, AccountPage]


class MainWindow(QMainWindow):
    lock_requested = Signal()
    close_vault_requested = Signal()
    quit_requested = Signal()
    about_requested = Signal()
    minimised = Signal()

    def __init__(self, ctx: UiContext, pages: Sequence[PageFactory] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("mainWindow")
        self.setWindowIcon(icon("medvault"))
        fit_to_screen(self, 1100, 720)
        self._session: Session | None = None
        self._user_id: str | None = None  # who the pages were last shown to
        self._closing_allowed = False
        self.import_flow: ImportFlow | None = None

        self.sidebar = QListWidget(self)
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setAccessibleName(self.tr("Sections"))
        self.sidebar.setIconSize(QSize(20, 20))
        self.stack = QStackedWidget(self)
        self.pages: list[SessionPage] = []
        for factory in pages if pages is not None else default_pages():
            page = factory(ctx, self.stack)
            self.pages.append(page)
            self.stack.addWidget(page)
            item = QListWidgetItem(icon(page.icon_name), page.title())
            item.setData(Qt.ItemDataRole.AccessibleTextRole, page.title())
            self.sidebar.addItem(item)
            page.vault_changed.connect(self._on_vault_changed)
            account_changed = getattr(page, "account_changed", None)
            if account_changed is not None:
                account_changed.connect(self._on_account_changed)
            open_requested = getattr(page, "open_patient_requested", None)
            if open_requested is not None:
                open_requested.connect(self.open_patient)
            booked_requested = getattr(page, "open_booked_patient_requested", None)
            if booked_requested is not None:
                booked_requested.connect(self.open_booked_patient)
            share_requested = getattr(page, "share_requested", None)
            if share_requested is not None:
                share_requested.connect(self.share_record)
        fit_list_width(self.sidebar, least=140, most=220)
        self.sidebar.currentRowChanged.connect(self._show_row)

        central = QWidget(self)
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.sidebar)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.status_label = QLabel(self)
        self.status_label.setAccessibleName(self.tr("Signed-in user"))
        self.statusBar().addPermanentWidget(self.status_label)
        from app.ui.clipboard_notice import ClipboardNotice

        # "Copied … cleared in 27 s" for every copy made in the window (MRN, note text).
        self.clipboard_notice = ClipboardNotice(ctx.clipboard, self)
        self.statusBar().addWidget(self.clipboard_notice, 1)
        self._build_menus()

    # -- menus ---------------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.lock_action = QAction(icon("lock"), self.tr("&Lock"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.lock_action.triggered.connect(self.lock_requested)
        self.backup_action = QAction(icon("backup"), self.tr("Make a &backup…"), self)
        self.backup_action.triggered.connect(self._backup)
        self.import_action = QAction(icon("import"), self.tr("&Import health records…"), self)
        self.import_action.triggered.connect(lambda _c=False: self.import_health_records())
        self.open_package_action = QAction(icon("export"), self.tr("&Open sharing package…"),
                                           self)
        self.open_package_action.triggered.connect(self.open_sharing_package)
        self.import_card_action = QAction(self.tr("Import contact &card…"), self)
        self.import_card_action.triggered.connect(self.import_contact_card)
        self.close_action = QAction(self.tr("&Close vault"), self)
        self.close_action.triggered.connect(self.close_vault_requested)
        self.quit_action = QAction(self.tr("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.quit_requested)
        for action in (self.lock_action, self.backup_action, self.import_action,
                       self.open_package_action, self.import_card_action, self.close_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        self.addAction(self.lock_action)

        go_menu = self.menuBar().addMenu(self.tr("&Go"))
        self.go_actions: list[QAction] = []
        for number, page in enumerate(self.pages, start=1):
            action = QAction(page.title(), self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _c=False, p=page: self.show_page(p))
            go_menu.addAction(action)
            self.go_actions.append(action)

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.about_action = QAction(icon("medvault"), self.tr("&About MedVault"), self)
        self.about_action.triggered.connect(self.about_requested)
        self.guide_action = QAction(self.tr("&User guide"), self)
        self.guide_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.guide_action.triggered.connect(self.show_guide)
        self.report_action = QAction(self.tr("&Report a problem…"), self)
        self.report_action.triggered.connect(self.show_problem_report)
        help_menu.addAction(self.guide_action)
        help_menu.addAction(self.report_action)
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)

    # -- help ----------------------------------------------------------------------------
    def show_guide(self) -> QDialog:
        from app.ui.help_dialogs import UserGuideDialog

        return self._open_help(UserGuideDialog(self))

    def show_problem_report(self) -> QDialog:
        from app.core.problem_report import VaultFacts
        from app.ui.help_dialogs import ProblemReportDialog

        facts = None if self._session is None else VaultFacts.of(self._session.vault.file)
        return self._open_help(ProblemReportDialog(self, facts))

    def _open_help(self, dialog: QDialog) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()
        return dialog

    # -- session -------------------------------------------------------------------------
    @property
    def session(self) -> Session | None:
        return self._session

    def set_session(self, session: Session) -> None:
        self._session = session
        user = session.user
        vault = session.vault.file
        kind = self.tr("practice vault") if vault.kind == "practice" else \
            self.tr("personal vault")
        self.setWindowTitle(self.tr("{vault} — MedVault").format(vault=vault.name))
        self.status_label.setText(self.tr("{user} · {role} · {kind} “{vault}”").format(
            user=user.full_name or user.name, role=role_name(user.role), kind=kind,
            vault=vault.name))
        previous_user, self._user_id = self._user_id, user.user_id
        self._apply_visibility(session)
        if previous_user is not None and previous_user != user.user_id:
            # Someone else signed in at the lock screen: they start on their own first
            # page, not on whatever the previous person had open.
            visible = self.visible_pages()
            if visible:
                self.show_page(visible[0])
        for page in self.visible_pages():
            page.set_session(session)
        self._retitle()

    def _retitle(self) -> None:
        """Page titles can depend on the vault (a personal vault's "People"): refresh the
        sidebar and the Go menu from them."""
        for row, page in enumerate(self.pages):
            title = page.title()
            item = self.sidebar.item(row)
            item.setText(title)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, title)
            self.go_actions[row].setText(title)

    def _apply_visibility(self, session: Session) -> None:
        account = self._account_page()
        for row, page in enumerate(self.pages):
            # With a factor pending, the policy asks for it first; core refuses the rest.
            shown = (page is account if session.pending_enrolment
                     else page.visible_for(session))
            self.sidebar.item(row).setHidden(not shown)
            self.go_actions[row].setVisible(shown)
        self.backup_action.setVisible(session.allowed(Operation.BACKUP_CREATE)
                                      and not session.pending_enrolment)
        self.import_action.setVisible(session.allowed(Operation.FHIR_IMPORT)
                                      and not session.pending_enrolment)
        self.open_package_action.setVisible(session.allowed(Operation.SHARE_IMPORT)
                                            and not session.pending_enrolment)
        self.import_card_action.setVisible(session.allowed(Operation.CONTACT_WRITE)
                                           and not session.pending_enrolment)
        current = self.stack.currentWidget()
        visible = self.visible_pages()
        if isinstance(current, SessionPage) and current in visible:
            self.show_page(current)  # keeps the sidebar's selection in step
        elif visible:
            self.show_page(visible[0])

    def _account_page(self) -> SessionPage | None:
        from app.ui.admin.account_page import AccountPage

        return next((p for p in self.pages if isinstance(p, AccountPage)), None)

    def visible_pages(self) -> list[SessionPage]:
        return [p for row, p in enumerate(self.pages) if not self.sidebar.item(row).isHidden()]

    def visible_titles(self) -> list[str]:
        return [p.title() for p in self.visible_pages()]

    def page(self, kind: type[SessionPage]) -> SessionPage | None:
        return next((p for p in self.pages if isinstance(p, kind)), None)

    def show_page(self, page: SessionPage) -> None:
        row = self.pages.index(page)
        if self.sidebar.item(row).isHidden():
            return
        # Row 0 is already "current" once items exist; select it explicitly all the same.
        self.sidebar.setCurrentRow(row, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.stack.setCurrentWidget(page)

    @Slot(int)
    def _show_row(self, row: int) -> None:
        if 0 <= row < len(self.pages):
            self.stack.setCurrentWidget(self.pages[row])

    def save_drafts(self) -> None:
        for page in self.pages:
            try:
                page.save_drafts()
            except Exception:  # one page's failure must not stop the others or the lock
                import logging

                logging.getLogger(__name__).exception("saving drafts failed on a page")

    def clear(self) -> None:
        """Forget the session and everything every page shows."""
        self._session = None
        for page in self.pages:
            try:
                page.clear()
            except Exception:  # one page's failure must not leave the others showing
                import logging

                logging.getLogger(__name__).exception("clearing a page failed")
        self._retitle()
        self.status_label.setText("")
        self.setWindowTitle("MedVault")

    @Slot()
    def _on_vault_changed(self) -> None:
        sender = self.sender()
        session = self._session
        if session is None or not session.is_open:
            return
        for page in self.visible_pages():
            if page is not sender:
                page.refresh()

    @Slot()
    def refresh_pages(self) -> None:
        """Reload every shown page (after a change made outside them, e.g. vault settings)."""
        session = self._session
        if session is not None and session.is_open:
            for page in self.visible_pages():
                page.refresh()

    @Slot()
    def _on_account_changed(self) -> None:
        session = self._session
        if session is not None and session.is_open:
            self._apply_visibility(session)
            for page in self.visible_pages():
                page.set_session(session)
            self._retitle()

    @Slot(object, str)
    def open_booked_patient(self, summary: PatientSummary, target: str) -> None:
        """Open a patient chosen on another page (the day list) on the Patients page, at
        the chart or the details, as core's `open_target` said for this user."""
        from app.ui.patients_page import PatientsPage

        patients = self.page(PatientsPage)
        if isinstance(patients, PatientsPage) and patients in self.visible_pages():
            self.show_page(patients)
            patients.open_from_elsewhere(summary, target)

    @Slot()
    def _read_chosen(self, title: str, filters: str, limit: int) -> bytes | None:
        path = self.ctx.prompts.choose_open_file(self, title, Path.home(), filters)
        if path is None:
            return None
        try:
            if not path.is_file() or path.stat().st_size > limit:
                raise OSError(self.tr("not a file, or too large"))
            return path.read_bytes()
        except OSError as exc:
            self.ctx.prompts.warn(self, title, error_text(exc))
            return None

    @Slot(str)
    def open_patient(self, patient_id: str) -> None:
        """Show one patient's chart on the patients page (from My record)."""
        from app.ui.patients_page import PatientsPage

        page = self.page(PatientsPage)
        if isinstance(page, PatientsPage) and page in self.visible_pages():
            self.show_page(page)
            page.open_patient_id(patient_id)

    @Slot(str)
    def share_record(self, patient_id: str) -> None:
        """Chart → Share… for one patient, from wherever it was asked (My record)."""
        from app.ui.share_wizard import ShareWizard

        session = self._session
        if session is None:
            return
        dialog = ShareWizard(self.ctx, session, patient_id, self)
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.finished_sharing.connect(self.refresh_pages)  # My record lists the share
        dialog.open()

    def open_sharing_package(self) -> None:
        from app.core.errors import MedVaultError
        from app.core.sharing.package import MAX_PACKAGE_BYTES
        from app.ui.sharing_dialogs import OpenPackageDialog, package_filter

        session, title = self._session, self.tr("Open sharing package")
        if session is None:
            return
        data = self._read_chosen(title, package_filter(), MAX_PACKAGE_BYTES)
        if data is None:
            return
        try:
            dialog = OpenPackageDialog(self.ctx, session, data, self)
        except MedVaultError as exc:
            self.ctx.prompts.warn(self, title, error_text(exc))
            return
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()

    def import_contact_card(self) -> None:
        from app.core.errors import MedVaultError
        from app.ui.sharing_dialogs import ContactCardDialog, read_card_file

        session, title = self._session, self.tr("Import contact card")
        if session is None:
            return
        data = read_card_file(self.ctx, self, title)
        if data is None:
            return
        try:
            dialog = ContactCardDialog(self.ctx, session, data, self)
        except MedVaultError as exc:
            self.ctx.prompts.warn(self, title, error_text(exc))
            return
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()

    def _backup(self) -> None:
        session = self._session
        if session is None:
            return
        from app.ui.admin.administration_page import AdministrationPage

        admin = self.page(AdministrationPage)
        if isinstance(admin, AdministrationPage) and admin.backups.session is not None:
            self.show_page(admin)
            admin.show_tab(admin.backups)
            admin.backups.make_backup()

    @Slot()
    def import_health_records(self, files: list[Path] | None = None) -> ImportFlow | None:
        """File → Import health records…: core plans, the preview asks, core imports."""
        session = self._session
        if session is None or not session.allowed(Operation.FHIR_IMPORT):
            return None
        from app.ui.fhir_import import ImportFlow

        flow = ImportFlow(self.ctx, session, self, on_imported=self.refresh_pages)
        self.import_flow = flow
        flow.start(files)
        return flow

    # -- window events -------------------------------------------------------------------
    def allow_close(self) -> None:
        self._closing_allowed = True

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.WindowStateChange and self.isMinimized():
            self.minimised.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closing_allowed:
            event.accept()
            return
        # The controller locks, closes the vault and then quits; the window is not
        # destroyed behind its back.
        event.ignore()
        self.quit_requested.emit()
