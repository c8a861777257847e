"""The Results screen's lists: a run's stops, the chosen stop's parcels, and what the result
keys apply to (the stop's parcels still out, or the one parcel picked)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from labels.words import counted
from store.runs import RunView
from ui.common.rows_model import RowsModel, table_for
from ui.results.result_keys import KeyTable
from ui.results.results_rows import (
    PARCEL_COLUMNS,
    STOP_COLUMNS,
    StopRow,
    parcel_result,
    parcel_tint,
    progress_text,
    stop_rows,
)


class RunStops(QWidget):
    """`show_run(run)`; the keys pressed in either table come out as `result_key(letter)`."""

    result_key = Signal(str)
    name_key = Signal()
    #: What the keys apply to needs a signature (True) or not: the keys show it.
    signature_needed = Signal(bool)

    def __init__(self, below: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._target: str | None = None  # one parcel the keys apply to; None: the stop
        self.stops = RowsModel(
            STOP_COLUMNS, key=lambda row: row.sequence, tint=lambda row: row.tint, parent=self
        )
        self.stops_table = KeyTable()
        table_for(self.stops, (58, 190, 58), focus=True, table=self.stops_table)
        self.parcels = RowsModel(
            PARCEL_COLUMNS, key=lambda p: p["tracking_id"], tint=parcel_tint, parent=self
        )
        self.parcels_table = KeyTable()
        table_for(self.parcels, (150, 110, 170, 45), focus=True, table=self.parcels_table)
        self.progress = QLabel()
        self.stop_heading = QLabel()
        font = self.stop_heading.font()
        font.setPointSize(12)
        font.setBold(True)
        for label in (self.progress, self.stop_heading):
            label.setFont(font)
        self.stop_heading.setWordWrap(True)  # a long place wraps; the window keeps its width
        self.applies = QLabel()
        self.applies.setWordWrap(True)
        right = QVBoxLayout()
        right.addWidget(self.stop_heading)
        right.addWidget(self.parcels_table, 1)
        right.addWidget(self.applies)
        right.addWidget(below)
        left = QVBoxLayout()
        left.addWidget(self.progress)
        left.addWidget(self.stops_table, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left, 5)
        layout.addLayout(right, 6)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.stops_table.selectionModel().currentRowChanged.connect(self._on_stop_changed)
        self.stops_table.clicked.connect(lambda _index: self._aim_at(None))
        self.parcels_table.selectionModel().currentRowChanged.connect(self._on_parcel_changed)
        for table in (self.stops_table, self.parcels_table):
            table.result_key.connect(self.result_key)
            table.name_key.connect(self.name_key)

    def show_run(self, run: RunView | None, sequence: int | None, parcel: str | None) -> None:
        """List `run`'s stops; select the stop `sequence` (else the first) and `parcel`."""
        rows = stop_rows(run) if run else []
        self.stops.set_rows(rows)
        self.progress.setText(progress_text(rows) if run else "")
        row = self.stops.find(sequence) if sequence is not None else -1
        self.select_row(max(row, 0) if rows else -1)
        if parcel is not None:
            self.select_parcel(parcel)

    def select_row(self, row: int) -> None:
        if row < 0:
            self._on_stop_changed(QModelIndex())
            return
        self.stops_table.setCurrentIndex(self.stops.index(row, 0))
        self._on_stop_changed(self.stops.index(row, 0))  # also when the row was current

    def select_stop(self, sequence: int) -> bool:
        row = self.stops.find(sequence)
        if row >= 0:
            self.select_row(row)
            self.stops_table.setFocus()
        return row >= 0

    def select_parcel(self, tracking_id: str) -> bool:
        row = self.parcels.find(tracking_id)
        if row >= 0:
            self.parcels_table.setCurrentIndex(self.parcels.index(row, 0))
            self.parcels_table.setFocus()
        return row >= 0

    def select_next_out(self, from_row: int | None = None) -> None:
        """Select the next stop with parcels still out (after the current one, wrapping)."""
        rows = self.stops.records
        start = self.stops_table.currentIndex().row() if from_row is None else from_row
        for row in list(range(start + 1, len(rows))) + list(range(0, start + 1)):
            if rows[row].out:
                self.select_row(row)
                return

    def current_stop(self) -> StopRow | None:
        index = self.stops_table.currentIndex()
        return self.stops.record(index.row()) if index.isValid() else None

    def target_parcel(self) -> dict | None:
        """The parcel the keys apply to, or None when they apply to the stop."""
        row = self.parcels.find(self._target) if self._target else -1
        return self.parcels.record(row) if row >= 0 else None

    def _on_stop_changed(self, current: QModelIndex, _previous: object = None) -> None:
        row: StopRow | None = self.stops.record(current.row()) if current.isValid() else None
        self.parcels.set_rows(row.parcels if row else [])
        self.stop_heading.setText(row.heading if row else "")
        self._aim_at(None)

    def _on_parcel_changed(self, current: QModelIndex, _previous: object = None) -> None:
        if current.isValid():
            self._aim_at(self.parcels.record(current.row())["tracking_id"])

    def _aim_at(self, tracking_id: str | None) -> None:
        self._target = tracking_id
        stop, parcel = self.current_stop(), self.target_parcel()
        if parcel is not None:
            text = f"Keys record <b>{tracking_id}</b> only ({parcel_result(parcel)})."
            signature = bool(parcel["signature_required"])
        elif stop is None:
            text, signature = "", False
        elif stop.out:
            out = counted(len(stop.out), "parcel")
            text = f"Keys record <b>stop {stop.sequence}</b>: {out} still out."
            signature = any(
                p["signature_required"] for p in stop.parcels if p["tracking_id"] in stop.out
            )
        else:
            text = f"Stop {stop.sequence} is recorded; pick a parcel to change its result."
            signature = False
        self.applies.setText(text)
        self.signature_needed.emit(signature)
