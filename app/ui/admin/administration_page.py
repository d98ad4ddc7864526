"""The Administration page: the admin pages the signed-in role may use, as tabs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.ui.admin.backups_page import BackupsPage
from app.ui.admin.fhir_export_page import FhirExportPage
from app.ui.admin.grants_page import GrantsPage
from app.ui.admin.policy_page import PolicyPage
from app.ui.admin.rotation_page import RotationPage
from app.ui.admin.settings_page import SettingsPage
from app.ui.admin.users_page import UsersPage
from app.ui.context import UiContext
from app.ui.pages import SessionPage
from app.ui.sharing_dialogs import ExportPage

if TYPE_CHECKING:
    from app.core.session import Session


class AdministrationPage(SessionPage):
    icon_name = "settings"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.users = UsersPage(ctx, self)
        self.grants = GrantsPage(ctx, self)
        self.rotation = RotationPage(ctx, self)
        self.backups = BackupsPage(ctx, self)
        self.settings = SettingsPage(ctx, self)
        self.export = ExportPage(ctx, self)
        self.policy = PolicyPage(ctx, self)
        self.fhir_export = FhirExportPage(ctx, self)
        self.children_pages: list[SessionPage] = [self.users, self.grants, self.rotation,
                                                  self.backups, self.fhir_export,
                                                  self.export, self.settings, self.policy]
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName(self.tr("Administration sections"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        for page in self.children_pages:
            page.vault_changed.connect(self._refresh_others)
            page.hide()

    def title(self) -> str:
        return self.tr("Administration")

    def _admin_pages(self, session: Session) -> list[SessionPage]:
        # The policy tab alone does not make a role an administrator.
        return [p for p in self.children_pages if p is not self.policy
                and p.visible_for(session)]

    def visible_for(self, session: Session) -> bool:
        return bool(self._admin_pages(session))

    def set_session(self, session: Session) -> None:
        self._session = session
        shown = [*self._admin_pages(session)]
        if self.policy.visible_for(session):
            shown.append(self.policy)
        current = self.tabs.currentWidget()
        self.tabs.clear()
        for page in self.children_pages:
            page.setVisible(page in shown)
        for page in shown:
            self.tabs.addTab(page, page.title())
            page.set_session(session)
        if current in shown:
            self.tabs.setCurrentWidget(current)

    def visible_tabs(self) -> list[str]:
        return [self.tabs.tabText(i) for i in range(self.tabs.count())]

    def show_tab(self, page: SessionPage) -> None:
        self.tabs.setCurrentWidget(page)

    def clear(self) -> None:
        self._session = None
        for page in self.children_pages:
            page.clear()

    def save_drafts(self) -> None:
        for page in self.children_pages:
            page.save_drafts()

    def _refresh_others(self) -> None:
        sender = self.sender()
        session = self.session
        if session is None:
            return
        for page in self.children_pages:
            if page is not sender and self.tabs.indexOf(page) >= 0:
                page.refresh()
