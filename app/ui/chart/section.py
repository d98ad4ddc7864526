"""The base of every chart section and the table model most of them use."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QWidget

from app.core.roles import Operation
from app.ui.icons import icon

if TYPE_CHECKING:
    from app.ui.chart.controller import ChartController
    from app.ui.context import UiContext

_Index = QModelIndex | QPersistentModelIndex
T = TypeVar("T")


class ChartSection(QWidget):
    """One part of the chart. Built when first shown; ``load`` (re)fills it from the
    controller's snapshot; ``clear_view`` forgets everything shown."""

    key: ClassVar[str] = ""
    icon_name: ClassVar[str] = "chart"
    #: The operation that decides whether the section is offered at all.
    operation: ClassVar[Operation] = Operation.CLINICAL_READ
    #: Whether it shows clinical data, and so needs the clinical snapshot.
    clinical: ClassVar[bool] = True

    def __init__(self, ctx: UiContext, chart: ChartController,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.chart = chart
        self.setObjectName(f"section-{self.key}")

    @classmethod
    def available(cls, chart: ChartController) -> bool:
        if not chart.allowed(cls.operation):
            return False
        return not cls.clinical or chart.chart is not None

    def load(self) -> None:
        raise NotImplementedError

    def clear_view(self) -> None:
        raise NotImplementedError

    def save_drafts(self) -> None:
        """Only the notes section has anything to save."""


class Column(Generic[T]):
    """One column of a `RowsModel`: a header and how to show a row in it."""

    def __init__(self, header: str, text: Callable[[T], str], *,
                 sort: Callable[[T], Any] | None = None) -> None:
        self.header = header
        self.text = text
        self.sort = sort or text


ROW_ROLE = Qt.ItemDataRole.UserRole + 1


class RowsModel(QAbstractTableModel, Generic[T]):
    """A small in-memory table (a chart's allergies, a patient's consents). Lists that can
    grow without bound use paged models instead (the patient list, the audit log)."""

    def __init__(self, columns: Sequence[Column[T]], parent: QObject | None = None, *,
                 restricted: Callable[[T], bool] | None = None,
                 emphasis: Callable[[T], bool] | None = None,
                 source: Callable[[T], str | None] | None = None) -> None:
        super().__init__(parent)
        self._source = source  # where an imported row came from, in words
        self.columns = list(columns)
        self.rows: list[T] = []
        self._given: list[T] = []  # in the order core returned them
        self._restricted = restricted
        self._emphasis = emphasis

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._given = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def row_at(self, row: int) -> T:
        return self.rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return column.text(row)
        if role == Qt.ItemDataRole.UserRole:
            return column.sort(row)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 0:
            if self._restricted is not None and self._restricted(row):
                return icon("lock")
            if self._source is not None and self._source(row):
                return icon("import")
        if role == Qt.ItemDataRole.ToolTipRole:
            tips = []
            if self._restricted is not None and self._restricted(row):
                tips.append(self.tr("Restricted entry"))
            source = self._source(row) if self._source is not None else None
            if source:
                tips.append(source)
            return "\n".join(tips) or None
        if role == Qt.ItemDataRole.FontRole and self._emphasis is not None and \
                self._emphasis(row):
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column, empty values last; column -1 restores core's own order."""
        self.layoutAboutToBeChanged.emit()
        if column < 0 or column >= len(self.columns):
            self.rows = list(self._given)
        else:
            key = self.columns[column].sort
            present = [r for r in self._given if key(r) not in (None, "")]
            missing = [r for r in self._given if key(r) in (None, "")]
            present.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
            self.rows = present + missing
        self.layoutChanged.emit()
