"""The shared row table model: order, cells, decoration and headers from the subclass."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt

from app.ui.table_model import RowTableModel


class NumbersModel(RowTableModel):
    COLUMNS = (QT_TRANSLATE_NOOP("NumbersModel", "Number"),
               QT_TRANSLATE_NOOP("NumbersModel", "Square"))

    def order(self, rows: list[Any]) -> list[Any]:
        return sorted(rows, reverse=True)

    def cells(self, row: Any) -> tuple[Any, ...]:
        return (str(row), str(row * row))

    def decoration(self, row: Any, column: int) -> Any:
        return "odd" if column == 0 and row % 2 else None


def test_rows_are_ordered_and_shown(qapp: object) -> None:
    model = NumbersModel()
    model.set_rows([2, 3, 1])
    assert model.rowCount() == 3 and model.columnCount() == 2
    assert model.row_at(0) == 3
    assert model.data(model.index(0, 1)) == "9"
    assert model.data(model.index(0, 1), Qt.ItemDataRole.AccessibleTextRole) == "9"
    assert model.data(model.index(0, 0), Qt.ItemDataRole.DecorationRole) == "odd"
    assert model.data(model.index(1, 0), Qt.ItemDataRole.DecorationRole) is None
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Square"
    model.clear()
    assert model.rowCount() == 0
