"""Emergency review: break-glass openings wait here for the owner to look at them.

Every emergency access is a flagged audit entry whose action starts with "emergency"; the
queue lists them newest first, paged like the audit log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.roles import Operation
from app.ui.admin.audit_page import AuditTableModel
from app.ui.context import UiContext
from app.ui.pages import SessionPage
from app.ui.widgets import heading, hint

if TYPE_CHECKING:
    from app.core.session import Session


class EmergencyQueueModel(AuditTableModel):
    """The audit model, asking for the review permission instead of the audit one."""

    def set_review_query(self, session: Session) -> None:
        session.require(Operation.EMERGENCY_REVIEW)
        self.beginResetModel()
        try:
            self._session = session
            self._rows = []
            self._filters = {"action_prefix": "emergency", "flagged_only": True}
            self._total = session.audit.count(**self._filters)
        finally:
            self.endResetModel()
        session.record("emergency.review.open", detail={"entries": self._total})
        while self.canFetchMore(QModelIndex()) and self.rowCount() < 200:
            self.fetchMore(QModelIndex())


class EmergencyReviewPage(SessionPage):
    operation = Operation.EMERGENCY_REVIEW
    icon_name = "emergency"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.model = EmergencyQueueModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAccessibleName(self.tr("Emergency accesses"))
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.empty = QLabel(self.tr("No emergency access has been used."), self)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Emergency access review"), self))
        layout.addWidget(hint(self.tr(
            "Each time someone opened a restricted record or used the emergency account, "
            "they gave a reason. Check that each one was justified."), self))
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)

    def title(self) -> str:
        return self.tr("Emergency review")

    def refresh(self) -> None:
        session = self.session
        if session is None:
            return
        with self.reporting():
            self.model.set_review_query(session)
        self.empty.setVisible(self.model.total() == 0)

    def clear_view(self) -> None:
        self.model.clear()
