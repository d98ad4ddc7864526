"""Backups: make one now, verify one, restore one into a new folder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
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
from app.ui.admin.times import local_time, utc_time
from app.ui.context import UiContext
from app.ui.icons import icon
from app.ui.pages import SessionPage
from app.ui.table_model import RowTableModel
from app.ui.widgets import configure_table, heading, hint

if TYPE_CHECKING:
    from app.core.backup import BackupInfo
    from app.core.session import Session
    from app.ui.workers import Progress

_Index = QModelIndex | QPersistentModelIndex



class BackupsTableModel(RowTableModel):
    COLUMNS = (
        QT_TRANSLATE_NOOP("BackupsTableModel", "Made"),
        QT_TRANSLATE_NOOP("BackupsTableModel", "Audit entries"),
        QT_TRANSLATE_NOOP("BackupsTableModel", "Folder"),
    )

    def order(self, rows: list[Any]) -> list[Any]:
        return sorted(rows, key=lambda b: b.created, reverse=True)

    def set_backups(self, backups: list[BackupInfo]) -> None:
        self.set_rows(backups)

    def backup_at(self, row: int) -> BackupInfo:
        return cast("BackupInfo", self.row_at(row))

    def cells(self, row: Any) -> tuple[Any, ...]:
        b = cast("BackupInfo", row)
        return (local_time(b.created), str(b.head.seq) if b.head else "—", b.path.name)

    def decoration(self, row: Any, column: int) -> Any:
        return icon("backup") if column == 0 else None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Local time in the column, as everywhere; UTC (the folder name's) on hover.
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid() and index.column() == 0:
            return utc_time(self.backup_at(index.row()).created)
        return super().data(index, role)


class BackupsPage(SessionPage):
    operation = Operation.BACKUP_CREATE
    icon_name = "backup"

    #: A backup was restored into this folder; the application offers to open it.
    restored = Signal(Path)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.directory: Path | None = None
        self.model = BackupsTableModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        configure_table(self.table)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAccessibleName(self.tr("Backups"))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.
                                                           ResizeToContents)

        self.folder_label = QLabel(self)
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_button = QPushButton(self.tr("&Change folder…"), self)
        self.make_button = QPushButton(icon("backup"), self.tr("&Make a backup now"), self)
        self.make_button.setProperty("role", "primary")
        self.verify_button = QPushButton(self.tr("&Verify"), self)
        self.restore_button = QPushButton(self.tr("&Restore into a new folder…"), self)
        self.choose_button.clicked.connect(self.choose_folder)
        self.make_button.clicked.connect(self.make_backup)
        self.verify_button.clicked.connect(self.verify_selected)
        self.restore_button.clicked.connect(self.restore_selected)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(self.choose_button)
        buttons = QHBoxLayout()
        for button in (self.make_button, self.verify_button, self.restore_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Backups"), self))
        layout.addWidget(hint(self.tr(
            "A backup is an encrypted copy of the vault, checked by opening it. Keep one "
            "on a drive that does not stay next to this computer."), self))
        layout.addLayout(folder_row)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

    def title(self) -> str:
        return self.tr("Backups")

    def refresh(self) -> None:
        session = self.session
        if session is None:
            return
        from app.core.backup import default_backup_dir, list_backups

        if self.directory is None:
            self.directory = default_backup_dir(session.vault.directory)
        self.folder_label.setText(self.tr("Folder: {path}").format(path=self.directory))
        self.model.set_backups(list_backups(self.directory, session.vault.file.vault_id))
        if self.model.rowCount():
            self.table.selectRow(0)
        self._update_buttons()

    def clear_view(self) -> None:
        self.model.clear()
        self.folder_label.setText("")

    @Slot()
    def _update_buttons(self) -> None:
        selected = bool(self.table.selectionModel().selectedRows())
        self.verify_button.setEnabled(selected)
        self.restore_button.setEnabled(selected)

    def selected_backup(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.backup_at(rows[0].row()) if rows else None

    @Slot()
    def choose_folder(self) -> None:
        chosen = self.ctx.prompts.choose_directory(self, self.tr("Folder for backups"),
                                                   self.directory)
        if chosen is not None:
            self.directory = chosen
            self.refresh()

    @Slot()
    def make_backup(self) -> None:
        from app.core.backup import create_backup

        target = self.directory

        def done(info: BackupInfo) -> None:
            self.refresh()
            self.ctx.prompts.inform(self, self.tr("Backup made"), self.tr(
                "The backup was made and verified:\n{path}").format(path=info.path))

        self.run_measured_task(
            self.tr("Making a backup…"),
            lambda session, progress: create_backup(session, target, progress=progress),
            on_done=done)

    @Slot()
    def verify_selected(self) -> None:
        backup = self.selected_backup()
        if backup is None:
            return
        from app.core.backup import verify_backup

        def done(_info: object) -> None:
            self.ctx.prompts.inform(self, self.tr("Backup verified"), self.tr(
                "The backup opens and every page and audit entry checks out."))

        self.run_measured_task(
            self.tr("Verifying the backup…"),
            lambda session, progress: verify_backup(session, backup.path, progress=progress),
            on_done=done)

    @Slot()
    def restore_selected(self) -> None:
        backup = self.selected_backup()
        session = self.session
        if backup is None or session is None:
            return
        parent = self.ctx.prompts.choose_directory(
            self, self.tr("Restore into which folder? (a new vault folder is made inside)"),
            session.vault.directory.parent)
        if parent is None:
            return
        target = restore_target(parent, session.vault.directory.name)
        from app.core.backup import restore_backup

        def work(_session: Session, progress: Progress) -> Path:
            restore_backup(backup.path, target, progress=progress)
            return target

        def done(path: Path) -> None:
            if self.ctx.prompts.confirm(self, self.tr("Backup restored"), self.tr(
                    "The backup was restored to {path}. Open it now? This vault will be "
                    "locked.").format(path=path), yes_text=self.tr("Open restored vault")):
                self.restored.emit(path)

        self.run_measured_task(self.tr("Restoring the backup…"), work, on_done=done)


def restore_target(parent: Path, name: str) -> Path:
    """A folder name next to nothing else: restore never overwrites a vault."""
    candidate = parent / f"{name}-restored"
    number = 2
    while candidate.exists():
        candidate = parent / f"{name}-restored-{number}"
        number += 1
    return candidate
