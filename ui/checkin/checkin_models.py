"""The two lists of the check-in screen: this session's scans, and the day's parcels still missing.

Both change by one row per scan (never a reload on the scan path): the history gains a row at
the top; the missing list loses the parcel just received (or gets it back after an undo).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from ui.common.outcomes import look

_Index = QModelIndex | QPersistentModelIndex
# Roles as plain ints: `data` is called for every cell and role of every paint.
_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_FOREGROUND = Qt.ItemDataRole.ForegroundRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value


@dataclass(frozen=True)
class ScanEntry:
    """One line of the session history."""

    at: str  # local HH:MM:SS
    code: str  # the tracking id, or what was scanned when it was unreadable
    outcome: str
    detail: str


class ScanHistoryModel(QAbstractTableModel):
    """The last scans of this session, newest first."""

    HEADERS = ("Time", "Tracking number", "Answer", "Details")

    def __init__(self, limit: int = 500, parent: Any = None) -> None:
        super().__init__(parent)
        self._limit = limit
        self._rows: list[ScanEntry] = []
        # What the view paints, worked out once per row (a view asks many times per paint).
        self._cells: list[tuple[tuple[str, ...], QColor]] = []

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == _DISPLAY and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        if role == _DISPLAY:
            return self._cells[index.row()][0][index.column()] if index.isValid() else None
        if role == _FOREGROUND and index.column() == 2 and index.isValid():
            return self._cells[index.row()][1]
        if role == _TOOLTIP and index.isValid():
            return self._rows[index.row()].detail
        return None

    def entry(self, row: int) -> ScanEntry:
        return self._rows[row]

    @staticmethod
    def _cells_of(entry: ScanEntry) -> tuple[tuple[str, ...], QColor]:
        answer = look(entry.outcome)
        shown = (entry.at, entry.code, f"{answer.symbol} {answer.title}", entry.detail)
        return shown, QColor(answer.colour)

    def add(self, entry: ScanEntry) -> None:
        self.beginInsertRows(QModelIndex(), 0, 0)
        self._rows.insert(0, entry)
        self._cells.insert(0, self._cells_of(entry))
        self.endInsertRows()
        if len(self._rows) > self._limit:
            last = len(self._rows) - 1
            self.beginRemoveRows(QModelIndex(), last, last)
            self._rows.pop()
            self._cells.pop()
            self.endRemoveRows()

    def revise(self, code: str, outcome: str, detail: str) -> bool:
        """The latest line of `code` says what it became (an address added after F3: no
        longer "Not on the manifest" but received, on its shelf). False if it is not listed."""
        row = next((r for r, entry in enumerate(self._rows) if entry.code == code), -1)
        if row < 0:
            return False
        entry = ScanEntry(self._rows[row].at, code, outcome, detail)
        self._rows[row], self._cells[row] = entry, self._cells_of(entry)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))
        return True


class MissingModel(QAbstractTableModel):
    """Manifest parcels of the day not checked in yet, in tracking-number order."""

    HEADERS = ("Tracking number", "Recipient")
    _KEYS = ("tracking_id", "recipient_name")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._ids: list[str] = []
        self._rows: list[dict[str, Any]] = []

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == _DISPLAY and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        if not index.isValid() or role not in (_DISPLAY, _TOOLTIP):
            return None
        row = self._rows[index.row()]
        if role == _DISPLAY:
            return row.get(self._KEYS[index.column()]) or ""
        if role == _TOOLTIP:
            place = ", ".join(p for p in (row.get("address_line1"), row.get("city")) if p)
            return f"{row['tracking_id']}: {row.get('recipient_name') or ''}, {place}"
        return None

    def tracking_ids(self) -> list[str]:
        return list(self._ids)

    def marked_missing(self) -> int:
        """Rows of parcels the end of day marked missing (kept: one may still turn up)."""
        return sum(1 for row in self._rows if row.get("status") == "missing")

    def reset(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._rows = sorted(rows, key=lambda row: row["tracking_id"])
        self._ids = [row["tracking_id"] for row in self._rows]
        self.endResetModel()

    def remove(self, tracking_id: str) -> bool:
        """Drop a parcel that arrived; False when it was not in the list."""
        position = bisect.bisect_left(self._ids, tracking_id)
        if position == len(self._ids) or self._ids[position] != tracking_id:
            return False
        self.beginRemoveRows(QModelIndex(), position, position)
        del self._ids[position]
        del self._rows[position]
        self.endRemoveRows()
        return True

    def put_back(self, row: dict[str, Any]) -> None:
        """A parcel is missing again (its scan was undone)."""
        tracking_id = row["tracking_id"]
        position = bisect.bisect_left(self._ids, tracking_id)
        if position < len(self._ids) and self._ids[position] == tracking_id:
            return
        self.beginInsertRows(QModelIndex(), position, position)
        self._ids.insert(position, tracking_id)
        self._rows.insert(position, row)
        self.endInsertRows()
