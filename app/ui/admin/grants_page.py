"""Pending grants: compartment keys waiting for a holder to seal them to a new user."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    Slot,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.roles import Operation
from app.ui.admin.vault_kind import TeamPage
from app.ui.context import UiContext
from app.ui.icons import icon
from app.ui.table_model import RowTableModel
from app.ui.widgets import configure_table, heading, hint, set_danger_enabled

if TYPE_CHECKING:
    from app.core.grants import GrantInfo



class GrantsTableModel(RowTableModel):
    COLUMNS = (
        QT_TRANSLATE_NOOP("GrantsTableModel", "User"),
        QT_TRANSLATE_NOOP("GrantsTableModel", "Records"),
        QT_TRANSLATE_NOOP("GrantsTableModel", "Requested by"),
        QT_TRANSLATE_NOOP("GrantsTableModel", "Requested at"),
    )

    def set_grants(self, grants: list[GrantInfo]) -> None:
        self.set_rows(grants)

    def grant_at(self, row: int) -> GrantInfo:
        return cast("GrantInfo", self.row_at(row))

    def cells(self, row: Any) -> tuple[Any, ...]:
        g = cast("GrantInfo", row)
        return (g.name, g.compartment, g.requested_by, g.requested_at[:16].replace("T", " "))


class GrantsPage(TeamPage):
    operation = Operation.GRANT_LIST
    icon_name = "key"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.model = GrantsTableModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        configure_table(self.table)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAccessibleName(self.tr("Pending grants"))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel(self.tr("Nobody is waiting for access."), self)
        self.approve_button = QPushButton(icon("key"), self.tr("&Approve"), self)
        self.approve_button.setProperty("role", "primary")
        self.approve_button.clicked.connect(self.approve_selected)
        self.reject_button = QPushButton(self.tr("&Reject…"), self)
        self.reject_button.setProperty("role", "danger")
        self.reject_button.clicked.connect(self.reject_selected)
        row = QHBoxLayout()
        row.addWidget(self.approve_button)
        row.addWidget(self.reject_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Access waiting for approval"), self))
        layout.addWidget(hint(self.tr(
            "Approving seals the key to the records to that person, so only someone who "
            "holds it can approve. Check that the person and their role are right."), self))
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

    def title(self) -> str:
        return self.tr("Pending grants")

    def refresh(self) -> None:
        session = self.session
        if session is None:
            return
        from app.core.grants import list_grants

        with self.reporting():
            self.model.set_grants(list_grants(session))
        self.empty.setVisible(self.model.rowCount() == 0)
        self.approve_button.setVisible(session.allowed(Operation.GRANT_APPROVE))
        self.reject_button.setVisible(session.allowed(Operation.GRANT_REJECT))
        if self.model.rowCount():
            self.table.selectRow(0)
        self._update_buttons()

    def clear_view(self) -> None:
        self.model.clear()

    @Slot()
    def _update_buttons(self) -> None:
        selected = bool(self.table.selectionModel().selectedRows())
        self.approve_button.setEnabled(selected)
        set_danger_enabled(self.reject_button, selected)

    @Slot()
    def approve_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or self.session is None:
            return
        grant = self.model.grant_at(rows[0].row())
        if not self.ctx.prompts.confirm(self, self.tr("Approve access"), self.tr(
                "Give {name} the key to the {records} records?").format(
                    name=grant.name, records=grant.compartment),
                yes_text=self.tr("Approve")):
            return
        from app.core.grants import approve_grant

        def done(_result: object) -> None:
            self.refresh()
            self.vault_changed.emit()

        self.run_task(self.tr("Approving…"),
                      lambda session: approve_grant(session, grant.name, grant.compartment),
                      on_done=done)

    @Slot()
    def reject_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or self.session is None:
            return
        grant = self.model.grant_at(rows[0].row())
        if not self.ctx.prompts.confirm(self, self.tr("Reject access"), self.tr(
                "Turn down {name}'s access to the {records} records? The key is not given "
                "to them; their account stays as it is.").format(
                    name=grant.name, records=grant.compartment),
                yes_text=self.tr("Reject"), danger=True):
            return
        from app.core.grants import reject_grant

        def done(_result: object) -> None:
            self.refresh()
            self.vault_changed.emit()

        self.run_task(self.tr("Rejecting…"),
                      lambda session: reject_grant(session, grant.name, grant.compartment),
                      on_done=done)
