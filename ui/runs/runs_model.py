"""The runs as a tree for a QTreeView: a row per run, its stops under it in driving order.

A thin adapter over `plan_rows.DayRows`: it never changes the plan itself. A stop dragged
to another place asks for the move (`stopDropped`); the screen makes it with the editor and
hands the model the new rows. A stop that breaks a rule is drawn on a pink ground with a red
mark, the rule's words under its address. Stops have internal id 1 + their run's row; runs 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import overload

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from ui.common import location_mark
from ui.runs import run_marks
from ui.runs.plan_rows import EMPTY, DayRows, RunRow, StopRow, short_breach, stop_tooltip

STOP_MIME = "application/x-parcel-desk-stop"
KEY_ROLE = Qt.ItemDataRole.UserRole + 1  # a stop's key (None on a run row)
VEHICLE_ROLE = Qt.ItemDataRole.UserRole + 2  # the run's driver (None when not planned)
COLUMNS = ("#", "ETA", "Window", "Recipient, address", "Parcels", "Leg mi", "Lock")
SEQ, ETA, WINDOW, WHO, PARCELS, LEG, LOCK = range(len(COLUMNS))
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
BREACH_BACKGROUND = QColor("#fdecec")
BREACH_TEXT = QColor("#b71c1c")
LEFT_TEXT = QColor("#546e7a")  # a run that left the shop: shown, not edited
_Index = QModelIndex | QPersistentModelIndex


def stop_mime(key: str) -> QMimeData:
    mime = QMimeData()
    mime.setData(STOP_MIME, QByteArray(key.encode("utf-8")))
    return mime


def dropped_key(mime: QMimeData) -> str | None:
    if not mime.hasFormat(STOP_MIME):
        return None
    return bytes(mime.data(STOP_MIME).data()).decode("utf-8") or None


class RunsModel(QAbstractItemModel):
    #: (stop key, driver of the run it was dropped on, row before which; -1: on the run)
    stopDropped = Signal(str, str, int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: DayRows = EMPTY

    def set_rows(self, rows: DayRows) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    # -- shape --------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self.rows.runs)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self.rows.runs[parent.row()].stops)
        return 0

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, parent.row() + 1)

    @overload
    def parent(self) -> QObject | None: ...
    @overload
    def parent(self, child: _Index) -> QModelIndex: ...
    def parent(self, child: _Index | None = None) -> QObject | QModelIndex | None:
        """The model's QObject parent, or the index of a stop's run (a run has none)."""
        if child is None:
            return super().parent()
        if not child.isValid() or child.internalId() == 0:
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, 0)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def run_of(self, index: _Index) -> RunRow | None:
        if not index.isValid():
            return None
        return self.rows.runs[index.row() if index.internalId() == 0 else index.internalId() - 1]

    def stop_of(self, index: _Index) -> StopRow | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        return self.rows.runs[index.internalId() - 1].stops[index.row()]

    def index_of_stop(self, key: str) -> QModelIndex:
        for r, run in enumerate(self.rows.runs):
            for s, stop in enumerate(run.stops):
                if stop.key == key:
                    return self.index(s, 0, self.index(r, 0))
        return QModelIndex()

    def index_of_run(self, vehicle: str) -> QModelIndex:
        for r, run in enumerate(self.rows.runs):
            if run.vehicle == vehicle:
                return self.index(r, 0)
        return QModelIndex()

    # -- data ---------------------------------------------------------------------------

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        stop = self.stop_of(index)
        if stop is None:
            return self._run_data(self.rows.runs[index.row()], index.column(), role)
        return self._stop_data(stop, index.column(), role)

    def _run_data(self, run: RunRow, column: int, role: int) -> object:
        if role == VEHICLE_ROLE:
            return run.vehicle
        if column != SEQ:
            return None
        state = f" · {run.left}" if run.left else " · locked" if run.locked else ""
        text = f"{run.title}{state}\n{run.summary}"
        warnings = "".join(f"\n⚠ {b}" for b in run.breaches)
        if role == Qt.ItemDataRole.DisplayRole:
            return text + warnings
        if role == Qt.ItemDataRole.ToolTipRole:
            if run.left:
                return f"{text}\nIt left the shop: its stops are not edited here."
            return text + warnings + "\nDrop a stop here to add it where it fits best."
        if role == Qt.ItemDataRole.ForegroundRole and run.left:
            return QBrush(LEFT_TEXT)
        if role == Qt.ItemDataRole.DecorationRole:
            return run_marks.swatch(run.colour)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _stop_data(self, stop: StopRow, column: int, role: int) -> object:
        if role == KEY_ROLE:
            return stop.key
        if role == VEHICLE_ROLE:
            return stop.vehicle
        if role == Qt.ItemDataRole.DisplayRole:
            return self._stop_text(stop, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            run = self.rows.run(stop.vehicle or "")
            return stop_tooltip(stop, run.title if run else "")
        if role == Qt.ItemDataRole.DecorationRole:
            if column == SEQ and stop.breaches:
                return run_marks.breach_mark()
            if column == LOCK and (stop.locked or stop.run_locked):
                return run_marks.padlock(faint=not stop.locked)
            if column == WHO and stop.location_note:
                return location_mark.approximate_icon()
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (SEQ, PARCELS, LEG):
            return RIGHT
        if role == Qt.ItemDataRole.BackgroundRole and stop.breaches:
            return QBrush(BREACH_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and column == WHO and stop.breaches:
            return QBrush(BREACH_TEXT)
        return None

    @staticmethod
    def _stop_text(stop: StopRow, column: int) -> str | None:
        mark = location_mark.short_words(stop.precision, stop.location_note)
        values = {
            SEQ: str(stop.sequence),
            ETA: stop.eta,
            WINDOW: stop.window,
            WHO: stop.label
            + (f"\n{stop.wait}" if stop.wait else "")
            + "".join(f"\n⚠ {short_breach(text)}" for text in stop.breaches)
            + (f"\n{mark}" if mark else ""),
            PARCELS: str(len(stop.tracking_ids)),
            LEG: "" if stop.leg_mi is None else f"{stop.leg_mi:.1f}",
        }
        return values.get(column)

    # -- drag and drop ------------------------------------------------------------------

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        run = self.run_of(index)
        editable = run is not None and run.editable
        if index.internalId() == 0:
            return base | Qt.ItemFlag.ItemIsDropEnabled if editable else base
        base |= Qt.ItemFlag.ItemNeverHasChildren
        return base | Qt.ItemFlag.ItemIsDragEnabled if editable else base

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [STOP_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData | None:  # type: ignore[override]  # Qt takes None as "nothing to drag"; PySide's stub says QMimeData
        stops = [stop for stop in map(self.stop_of, indexes) if stop is not None]
        return stop_mime(stops[0].key) if stops else None

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index
    ) -> bool:
        return (
            dropped_key(data) is not None
            and parent.isValid()
            and parent.internalId() == 0
            and self.rows.runs[parent.row()].editable
            and action == Qt.DropAction.MoveAction
        )

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index
    ) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        key = dropped_key(data)
        assert key is not None
        run = self.rows.runs[parent.row()]
        self.stopDropped.emit(key, run.vehicle, row)  # queued: the model changes afterwards
        return True
