"""A read-only table model over a list of the store's records (dataclasses, tuples, dicts).

Each screen says which columns it shows (`Column`: a header and how to read the cell from a
record) and, optionally, a tint per record (red for an overdue return, green for a delivered
stop). The model only adapts: the records come from store functions, whole lists at a time
(a run, a stop, the day's returns: tens to a few hundred rows), or one row removed on a scan.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QIcon
from PySide6.QtWidgets import QTableView

_Index = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], object]
    right: bool = False  # numbers line up on the right
    tip: Callable[[Any], str] | None = None
    icon: Callable[[Any], QIcon | None] | None = None  # a mark before the text (≈, …)


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.1f}"
    return str(value)


class RowsModel(QAbstractTableModel):
    """`set_rows(records)`; `record(row)`; `find(key)`; `remove(key)` after a scan."""

    def __init__(
        self,
        columns: Sequence[Column],
        *,
        key: Callable[[Any], Hashable] = lambda record: record,
        tint: Callable[[Any], str | None] = lambda _record: None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._columns = tuple(columns)
        self._key = key
        self._tint = tint
        self._records: list[Any] = []
        self._bold = QFont()
        self._bold.setBold(True)

    # -- the Qt interface ---------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        if role == _DISPLAY:
            return self._columns[section].header
        if role == Qt.ItemDataRole.TextAlignmentRole and self._columns[section].right:
            return _RIGHT
        return None

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        record = self._records[index.row()]
        column = self._columns[index.column()]
        if role == _DISPLAY:
            return cell_text(column.value(record))
        if role == Qt.ItemDataRole.TextAlignmentRole and column.right:
            return _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and column.tip is not None:
            return column.tip(record)
        if role == Qt.ItemDataRole.DecorationRole and column.icon is not None:
            return column.icon(record)
        if role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole):
            colour = self._tint(record)
            if colour is None:
                return None
            return QColor(colour) if role == Qt.ItemDataRole.ForegroundRole else self._bold
        return None

    # -- what the screens call ----------------------------------------------------------

    def set_rows(self, records: Iterable[Any]) -> None:
        self.beginResetModel()
        self._records = list(records)
        self.endResetModel()

    @property
    def records(self) -> list[Any]:
        return list(self._records)

    def record(self, row: int) -> Any:
        return self._records[row]

    def find(self, key: Hashable) -> int:
        """The row of the record with this key, or -1."""
        for row, record in enumerate(self._records):
            if self._key(record) == key:
                return row
        return -1

    def remove(self, key: Hashable) -> bool:
        row = self.find(key)
        if row < 0:
            return False
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._records[row]
        self.endRemoveRows()
        return True

    def replace(self, record: Any) -> int:
        """Put `record` in place of the record with the same key; returns its row (or -1)."""
        row = self.find(self._key(record))
        if row >= 0:
            self._records[row] = record
            self.refresh_row(row)
        return row

    def refresh_row(self, row: int) -> None:
        """The record of `row` shows differently now (its cells are read again)."""
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self._columns) - 1))

    def text(self, row: int, column: int) -> str:
        """What a cell shows (tests and screen code read the table as the clerk does)."""
        return cell_text(self._columns[column].value(self._records[row]))


def table_for(
    model: RowsModel,
    widths: Sequence[int] = (),
    *,
    focus: bool = False,
    table: QTableView | None = None,
) -> QTableView:
    """A read-only table of whole rows for `model` (in `table`, or a new one), with the first
    columns' widths; `focus` lets it take the keyboard (to move with the arrows)."""
    table = table or QTableView()
    table.horizontalHeader().setDefaultSectionSize(70)  # the stretched last column's least
    table.setModel(model)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setStretchLastSection(True)
    if not focus:
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    for column, width in enumerate(widths):
        table.horizontalHeader().resizeSection(column, width)
    return table
