"""The Parcels screen: find any parcel of the shop's history, and open its full story.

A search field (tracking number prefix, name, address, city), a status filter and a table that
pages itself; clicking a sortable header sorts on it. Double-click or Enter opens the parcel.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from store import parcels
from store.parcels import PageQuery
from store.statuses import Status, in_words
from ui.common.background_reader import BackgroundReader
from ui.common.session import Session
from ui.parcels.parcel_table_model import KEYS, ParcelTableModel

SEARCH_DELAY_MS = 250
_WIDTHS = {"tracking_id": 170, "status": 215, "recipient_name": 190, "address_line1": 210}


class ParcelsView(QWidget):
    """`open_parcel(tracking_id)` when the clerk asks for a parcel's details."""

    open_parcel = Signal(str)

    def __init__(
        self,
        session: Session,
        reader: BackgroundReader,
        parent: QWidget | None = None,
        *,
        search_delay_ms: int = SEARCH_DELAY_MS,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self.model = ParcelTableModel(reader, session.settings.tz, parent=self)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search: tracking number, name, address or city")
        self.search.setClearButtonEnabled(True)
        self.status = QComboBox()
        self.status.addItem("All statuses", None)
        for status in Status:
            self.status.addItem(in_words(status), str(status))
        self.total = QLabel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(search_delay_ms)
        self._shown_once = False
        self._setup_table()
        self._build_layout()
        self._connect_signals()

    def _setup_table(self) -> None:
        table = self.table
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        header = table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        for column, key in enumerate(KEYS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, _WIDTHS.get(key, 110))
        self._show_sort_indicator()

    def _build_layout(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(self.search, 3)
        bar.addWidget(self.status, 1)
        bar.addWidget(self.total)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

    def _connect_signals(self) -> None:
        # Typing waits for a pause; the filter applies at once.
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(self.apply_filters)
        self._search_timer.timeout.connect(self.apply_filters)
        self.status.currentIndexChanged.connect(self.apply_filters)
        # Sorting by header, as the store allows.
        self.table.horizontalHeader().sectionClicked.connect(self._on_header_clicked)
        # Opening a parcel (double-click or Enter).
        self.table.activated.connect(self._on_activated)
        self.model.total_changed.connect(self._show_total)
        self.model.failed.connect(self._show_failure)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:  # the first query waits until the screen is opened
            self._shown_once = True
            self.apply_filters()

    def refresh(self) -> None:
        """Re-read the rows (after an import or a check-in elsewhere)."""
        if self._shown_once:
            self.model.reload()

    def apply_filters(self) -> None:
        self._search_timer.stop()
        current = self.model.query
        query = PageQuery(
            self.search.text().strip(), self.status.currentData(), current.sort, current.descending
        )
        self._shown_once = True
        self.model.set_query(query)
        self._show_sort_indicator()

    def _on_header_clicked(self, column: int) -> None:
        key = KEYS[column]
        if key not in parcels.SORTABLE:
            self._show_sort_indicator()  # not sortable: keep showing the real sort
            return
        current = self.model.query
        descending = not current.descending if current.sort == key else False
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        self.model.sort(column, order)
        self._show_sort_indicator()

    def _show_sort_indicator(self) -> None:
        query = self.model.query
        order = Qt.SortOrder.DescendingOrder if query.descending else Qt.SortOrder.AscendingOrder
        self.table.horizontalHeader().setSortIndicator(KEYS.index(query.sort), order)

    def _show_total(self, total: int) -> None:
        if total < 0:
            self.total.setText("counting…")
        else:
            self.total.setText(f"{total:,} parcel{'s' if total != 1 else ''}")

    def _show_failure(self, message: str) -> None:
        self.total.setText("search failed")
        self.total.setToolTip(message)

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_parcel.emit(self.model.tracking_id(index.row()))
