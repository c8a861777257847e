"""What is not on any run today, and why: a table the owner can drag stops from and onto.

Dragging a stop from here onto a run puts it on the plan; dropping a planned stop here takes
it off the plan (the screen makes both moves with the editor).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from ui.runs.plan_rows import StopRow, stop_tooltip
from ui.runs.runs_model import KEY_ROLE, RIGHT, STOP_MIME, dropped_key, stop_mime

COLUMNS = ("Recipient, address", "Why not planned", "Parcels", "Window")
WHO, REASON, PARCELS, WINDOW = range(len(COLUMNS))
_Index = QModelIndex | QPersistentModelIndex


class LeftoversModel(QAbstractTableModel):
    #: A planned stop was dropped here: take it off the plan.
    takeOffRequested = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.stops: tuple[StopRow, ...] = ()

    def set_stops(self, stops: tuple[StopRow, ...]) -> None:
        self.beginResetModel()
        self.stops = stops
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.stops)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        stop = self.stops[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (stop.label, stop.reason, str(len(stop.tracking_ids)), stop.window)[
                index.column()
            ]
        if role == Qt.ItemDataRole.ToolTipRole:
            return stop_tooltip(stop)
        if role == KEY_ROLE:
            return stop.key
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == PARCELS:
            return RIGHT
        return None

    def row_of(self, key: str) -> int:
        return next((n for n, stop in enumerate(self.stops) if stop.key == key), -1)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [STOP_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData | None:  # type: ignore[override]  # Qt takes None as "nothing to drag"; PySide's stub says QMimeData
        rows = sorted({i.row() for i in indexes if i.isValid()})
        return stop_mime(self.stops[rows[0]].key) if rows else None

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index
    ) -> bool:
        key = dropped_key(data)
        return key is not None and self.row_of(key) < 0 and action == Qt.DropAction.MoveAction

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index
    ) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        key = dropped_key(data)
        assert key is not None
        self.takeOffRequested.emit(key)
        return True
