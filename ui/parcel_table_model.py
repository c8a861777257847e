"""The parcel table's model: a window onto `store.parcels.page`, 200 rows at a time.

Never all rows: the view asks `canFetchMore`/`fetchMore` as it scrolls, and each fetch continues
from the last row's keyset (sort value, id), so the 250,000th row costs what the first did.
A new search, filter or sort resets the model and starts again from the top.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlite_utils
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from store import parcels
from store.parcels import PageQuery

_Index = QModelIndex | QPersistentModelIndex
PAGE_SIZE = 200

#: (column key, header) as the table shows them.
COLUMNS = (
    ("tracking_id", "Tracking number"),
    ("status", "Status"),
    ("recipient_name", "Recipient"),
    ("address_line1", "Address"),
    ("city", "City"),
    ("zone", "Zone"),
    ("expected_date", "Expected"),
    ("status_at", "Last change"),
    ("attempts", "Attempts"),
)
KEYS = tuple(key for key, _ in COLUMNS)


def status_words(status: str, reason: str | None) -> str:
    """`exception` + `out_of_zone` reads "held: out of zone"."""
    if status == "exception":
        return f"held: {(reason or '').replace('_', ' ')}".rstrip(": ")
    return status.replace("_", " ")


def local_time(stamp: str | None, tz: ZoneInfo, pattern: str = "%Y-%m-%d %H:%M") -> str:
    """A stored UTC stamp (`...Z`) as the shop's wall clock shows it."""
    if not stamp:
        return ""
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone(tz)
    return moment.strftime(pattern)


class ParcelTableModel(QAbstractTableModel):
    """Rows of `store.parcels.page`; `total_changed(n)` after each new query."""

    total_changed = Signal(int)

    def __init__(
        self,
        db: sqlite_utils.Database,
        tz: ZoneInfo,
        page_size: int = PAGE_SIZE,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._tz = tz
        self._page_size = page_size
        self._query = PageQuery()
        self._rows: list[dict[str, Any]] = []
        self._exhausted = False
        self._fetching = False
        self.total = 0

    @property
    def query(self) -> PageQuery:
        return self._query

    def set_query(self, query: PageQuery) -> None:
        """Show the parcels of `query` from the top (one count, one first page)."""
        self.beginResetModel()
        self._query = query
        self._rows = []
        self._exhausted = False
        self.total = parcels.count(self._db, query)
        self.endResetModel()
        self.total_changed.emit(self.total)
        if self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())

    def reload(self) -> None:
        self.set_query(self._query)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and not self._exhausted and not self._fetching

    def fetchMore(self, parent: _Index) -> None:
        if not self.canFetchMore(parent):
            return
        self._fetching = True  # a view reacting to the insert must not fetch inside it
        try:
            self._fetch_page()
        finally:
            self._fetching = False

    def _fetch_page(self) -> None:
        after = None
        if self._rows:
            last = self._rows[-1]
            after = (last[self._query.sort], last["id"])
        batch = parcels.page(self._db, self._query, after=after, limit=self._page_size)
        if len(batch) < self._page_size:
            self._exhausted = True
        if not batch:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(batch) - 1)
        self._rows.extend(batch)
        self.endInsertRows()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        key, title = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return title
        if role == Qt.ItemDataRole.ToolTipRole:
            return "Click to sort" if key in parcels.SORTABLE else None
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        key = KEYS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "status":
                return status_words(row["status"], row["status_reason"])
            if key == "status_at":
                return local_time(row["status_at"], self._tz)
            value = row[key]
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and key == "attempts":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return row["tracking_id"]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a sortable column (others are left as they are): re-query from the top."""
        if not 0 <= column < len(COLUMNS) or KEYS[column] not in parcels.SORTABLE:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        self.set_query(PageQuery(self._query.search, self._query.status, KEYS[column], descending))

    def sort_column(self) -> int:
        return KEYS.index(self._query.sort)

    def tracking_id(self, row: int) -> str:
        return self._rows[row]["tracking_id"]
