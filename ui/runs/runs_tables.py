"""The two lists of the Runs screen, set up once: the runs tree and the not-planned table.

Both take and give stops by drag and drop (the models turn a drop into a move request) and
keep one row selected at a time. The tree shows each run as a spanned header row over its
stops; the address column takes the width the others leave.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSize, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QTreeView

from ui.runs.leftovers_model import LeftoversModel
from ui.runs.plan_rows import DayRows, StopRow
from ui.runs.runs_model import ETA, KEY_ROLE, LEG, LOCK, PARCELS, SEQ, WHO, WINDOW, RunsModel

#: Starting widths of the tree's columns, in pixels; the address takes what is left.
WIDTHS = {SEQ: 64, ETA: 46, WINDOW: 86, PARCELS: 52, LEG: 50, LOCK: 36}


def _take_drops(view: QAbstractItemView) -> None:
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
    view.setDefaultDropAction(Qt.DropAction.MoveAction)
    view.setDropIndicatorShown(True)


def selected_key(view: QAbstractItemView) -> str:
    """The key of the stop selected in a list ("" for none, or for a run's row)."""
    picked = view.selectionModel().selectedIndexes()
    return (picked[0].data(KEY_ROLE) or "") if picked else ""


class RunsTree(QTreeView):
    def __init__(self, model: RunsModel) -> None:
        super().__init__()
        self.setModel(model)
        self.setUniformRowHeights(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setIndentation(14)
        self.setIconSize(QSize(13, 13))  # a padlock or a breach mark keeps rows one line high
        _take_drops(self)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(WHO, QHeaderView.ResizeMode.Stretch)
        for column, width in WIDTHS.items():
            header.resizeSection(column, width)

    def show_rows(self, rows: DayRows) -> None:
        model = self.model()
        assert isinstance(model, RunsModel)
        model.set_rows(rows)
        self.expandAll()
        for row in range(len(rows.runs)):
            self.setFirstColumnSpanned(row, QModelIndex(), True)

    def set_editable(self, editable: bool) -> None:
        mode = QAbstractItemView.DragDropMode
        self.setDragDropMode(mode.DragDrop if editable else mode.NoDragDrop)


class LeftoversTable(QTableView):
    def __init__(self, model: LeftoversModel) -> None:
        super().__init__()
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setWordWrap(False)
        _take_drops(self)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.horizontalHeader().setStretchLastSection(True)

    def show_stops(self, stops: tuple[StopRow, ...]) -> None:
        model = self.model()
        assert isinstance(model, LeftoversModel)
        model.set_stops(stops)
        self.resizeColumnsToContents()
        self.setColumnWidth(0, min(self.columnWidth(0), 200))

    def set_editable(self, editable: bool) -> None:
        mode = QAbstractItemView.DragDropMode
        self.setDragDropMode(mode.DragDrop if editable else mode.NoDragDrop)
