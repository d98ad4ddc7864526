"""The one table model for short lists shown whole (users, grants, backups, reviews).

Subclasses name their columns and say what each row shows; this class does the Qt
bookkeeping. Lists that can grow without bound page through core instead: the audit
log's model adds fetchMore on top of this one; the patient list has its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QWidget

_Index = QModelIndex | QPersistentModelIndex
_TEXT_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)


class RowTableModel(QAbstractTableModel):
    #: Header texts marked with QT_TRANSLATE_NOOP under the subclass's name; translated
    #: when shown, so `self.tr` finds them in the subclass's context.
    COLUMNS: ClassVar[tuple[object, ...]] = ()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    # -- what subclasses say ---------------------------------------------------------
    def order(self, rows: list[Any]) -> list[Any]:
        """The display order; the order given, unless a subclass sorts."""
        return rows

    def cells(self, row: Any) -> tuple[Any, ...]:
        raise NotImplementedError

    def decoration(self, row: Any, column: int) -> Any:
        return None

    # -- contents --------------------------------------------------------------------
    def set_rows(self, rows: Iterable[Any]) -> None:
        self.beginResetModel()
        self._rows = self.order(list(rows))
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    # -- Qt ----------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(str(self.COLUMNS[section]))
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role in _TEXT_ROLES:
            return self.cells(row)[index.column()]
        if role == Qt.ItemDataRole.DecorationRole:
            return self.decoration(row, index.column())
        return None
