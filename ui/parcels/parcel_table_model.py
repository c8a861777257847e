"""The parcel table's model: a window onto `store.parcels.page`, 200 rows at a time.

Never all rows: the view asks `canFetchMore`/`fetchMore` as it scrolls, and each fetch continues
from the last row's keyset (sort value, id), so the 250,000th row costs what the first did.
A new search, filter or sort resets the model and starts again from the top. The reads run on a
`BackgroundReader` (a search of five years of parcels can take most of a second): rows and the
total arrive a moment later, and a question replaced by a newer one is dropped.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from store import locate, parcels
from store.parcels import PageQuery
from store.statuses import in_words
from ui.common import location_mark
from ui.common.background_reader import BackgroundReader

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
ADDRESS = KEYS.index("address_line1")
#: The address cell of a parcel not located exactly carries the "≈" badge and its words.
_DECORATION = Qt.ItemDataRole.DecorationRole.value
_MARK_ROLES = (_DECORATION, Qt.ItemDataRole.ToolTipRole.value)
_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_SEP = "\x1f"  # unit separator: never in a parcel's text (the store refuses control characters)


def status_words(status: str, reason: str | None) -> str:
    """A status as Check-in and Today say it: `exception` + `out_of_zone` reads "held: outside
    the delivery area", `received` "on the shelf"."""
    return in_words(status, reason)


def local_time(stamp: str | None, tz: ZoneInfo, pattern: str = "%Y-%m-%d %H:%M") -> str:
    """A stored UTC stamp (`...Z`) as the shop's wall clock shows it."""
    if not stamp:
        return ""
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone(tz)
    return moment.strftime(pattern)


class ParcelTableModel(QAbstractTableModel):
    """Rows of `store.parcels.page`. `total_changed(n)` when the count is known (-1: counting);
    `failed(message)` when a read failed."""

    total_changed = Signal(int)
    failed = Signal(str)

    def __init__(
        self,
        reader: BackgroundReader,
        tz: ZoneInfo,
        page_size: int = PAGE_SIZE,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._reader = reader
        self._tz = tz
        self._page_size = page_size
        self._query = PageQuery()
        # One string per row, the cells joined by _SEP: a quarter of the memory of a tuple of
        # strings, so scrolling through 500,000 parcels stays well under the memory budget.
        self._rows: list[str] = []
        self._after: tuple[Any, int] | None = None  # the keyset of the last row read
        self._exhausted = True
        self._count_ticket: int | None = None
        self._page_ticket: int | None = None
        self.total = 0
        reader.done.connect(self._on_done)
        reader.failed.connect(self._on_failed)

    @property
    def query(self) -> PageQuery:
        return self._query

    @property
    def loading(self) -> bool:
        """True while the count or a page is being read."""
        return self._count_ticket is not None or self._page_ticket is not None

    def set_query(self, query: PageQuery) -> None:
        """Show the parcels of `query` from the top (the count and first page come later)."""
        self._reader.interrupt()  # whatever was being read is for an older question
        self.beginResetModel()
        self._query = query
        self._rows, self._after = [], None
        self._exhausted = False
        self._page_ticket = None
        self.endResetModel()
        self._count_ticket = self._reader.submit(lambda db: parcels.count(db, query))
        self.total_changed.emit(-1)
        self._request_page()

    def reload(self) -> None:
        self.set_query(self._query)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and not self._exhausted and self._page_ticket is None

    def fetchMore(self, parent: _Index) -> None:
        if self.canFetchMore(parent):
            self._request_page()

    def _request_page(self) -> None:
        query, after, limit = self._query, self._after, self._page_size
        self._page_ticket = self._reader.submit(
            lambda db: parcels.page(db, query, after=after, limit=limit)
        )

    def _on_done(self, ticket: int, result: Any) -> None:
        if ticket == self._count_ticket:
            self._count_ticket = None
            self.total = result
            self.total_changed.emit(result)
        elif ticket == self._page_ticket:
            self._add_rows(result)  # still "loading": a view reacting may not fetch twice
            self._page_ticket = None

    def _on_failed(self, ticket: int, message: str) -> None:
        if ticket in (self._count_ticket, self._page_ticket):
            self._count_ticket = self._page_ticket = None
            self._exhausted = True
            self.failed.emit(message)

    def _add_rows(self, batch: list[dict[str, Any]]) -> None:
        if len(batch) < self._page_size:
            self._exhausted = True
        if not batch:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(batch) - 1)
        self._rows.extend(self._cells(row) for row in batch)
        self._after = (batch[-1][self._query.sort], batch[-1]["id"])
        self.endInsertRows()

    def _cells(self, row: dict[str, Any]) -> str:
        """What the table shows for a parcel, worked out once when it arrives; after the
        cells, its location note (the address cell's "≈" badge and tooltip)."""
        note = locate.location_note([row])
        mark = location_mark.short_words(locate.worst([row["location_precision"]]), note)
        shown = {
            **row,
            "status": status_words(row["status"], row["status_reason"]),
            "status_at": local_time(row["status_at"], self._tz),
            "address_line1": " · ".join(p for p in (row["address_line1"], mark) if p),
        }
        cells = ("" if shown[key] is None else str(shown[key]) for key in KEYS)
        return _SEP.join(text.replace(_SEP, " ") for text in (*cells, note))

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        key, title = COLUMNS[section]
        if role == _DISPLAY:
            return title
        if role == Qt.ItemDataRole.ToolTipRole:
            return "Click to sort" if key in parcels.SORTABLE else None
        return None

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        if role == _DISPLAY and index.isValid():
            return self._rows[index.row()].split(_SEP)[index.column()]
        if index.isValid() and index.column() == ADDRESS and role in _MARK_ROLES:
            note = self._rows[index.row()].rsplit(_SEP, 1)[1]
            if not note:
                return None
            if role == _DECORATION:
                return location_mark.approximate_icon()
            return location_mark.tooltip(note)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == len(KEYS) - 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a sortable column (others are left as they are): re-query from the top."""
        if not 0 <= column < len(COLUMNS) or KEYS[column] not in parcels.SORTABLE:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        self.set_query(PageQuery(self._query.search, self._query.status, KEYS[column], descending))

    def tracking_id(self, row: int) -> str:
        return self._rows[row].split(_SEP, 1)[0]
