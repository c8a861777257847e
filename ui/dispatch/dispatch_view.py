"""The Dispatch screen: scan each parcel into the driver's car, then send the run out.

Choose the run (today's runs planned or being loaded), then scan: a parcel of this run is a
quiet green "Loaded" with its stop; a parcel of another car is a loud red "NOT THIS CAR" naming
the run and stop it belongs to; every other answer has its own colour and sound. The list on
the right is what is still to load, in loading order (last stop first). Dispatch sends the run
out; with parcels still missing it lists them and asks first. "Re-order stops" looks for a
shorter order of the chosen run's own stops (`ui.dispatch.run_reorder`).

Keys: Enter in the scan box loads what was typed; Ctrl+Z takes the last loaded parcel back out
of the car; Ctrl+D dispatches the run.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from store import dispatch, runs
from store.dispatch import LoadOutcome, LoadResult
from store.errors import StoreError
from ui.common.day_looks import DISPATCHED, LOAD_LOOKS, ORDER_KEPT, REORDERED, UNLOADED, look_of
from ui.common.rows_model import RowsModel, table_for
from ui.common.run_picker import RunPicker
from ui.common.scan_screen import ScanScreen
from ui.common.session import Session
from ui.common.sounds import SoundPlayer
from ui.dispatch.missing_load_dialog import MISSING_COLUMNS, MissingLoadDialog
from ui.dispatch.run_reorder import RunReorderButton

LOADABLE = ("planned", "loading")
READY = (
    "Choose the run whose car is at the door, then scan each of its parcels as it goes into "
    "the car. The scanner works from this screen; you can also type a tracking number above."
)


class DispatchView(ScanScreen):
    status_message = Signal(str)

    def __init__(self, session: Session, sounds: SoundPlayer, parent: QWidget | None = None):
        super().__init__(session, sounds, READY, parent=parent)
        self._last_loaded: str | None = None  # what Ctrl+Z takes back out of the car
        self.picker = RunPicker()
        self.progress_label = QLabel()
        self.progress_bar = QProgressBar()
        self.to_load = RowsModel(
            MISSING_COLUMNS, key=lambda parcel: parcel.tracking_id, parent=self
        )
        self.to_load_table = table_for(self.to_load, (45, 145, 50, 120))
        self.unload_button = QPushButton("Take the last parcel out (Ctrl+Z)")
        self.dispatch_button = QPushButton("Dispatch the run (Ctrl+D)")
        self.reorder_button = RunReorderButton(session, self.picker.run_id, self)
        for button in (self.unload_button, self.reorder_button, self.dispatch_button):
            button.setMinimumHeight(36)
        self._actions = self._make_actions()
        self._build_layout()
        self._connect_signals()

    def _make_actions(self) -> dict[str, QAction]:
        actions = {}
        for name, key in (
            ("unload", QKeySequence(QKeySequence.StandardKey.Undo)),
            ("dispatch", QKeySequence("Ctrl+D")),
        ):
            action = QAction(self)
            action.setShortcut(key)
            self.addAction(action)
            actions[name] = action
        return actions

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel("Run:"))
        top.addWidget(self.picker)
        top.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.unload_button)
        buttons.addWidget(self.reorder_button)
        buttons.addStretch(1)
        buttons.addWidget(self.dispatch_button)
        left = QVBoxLayout()
        left.addLayout(top)
        left.addWidget(self.scan_box)
        left.addWidget(self.band, 1)
        left.addLayout(buttons)
        right = QVBoxLayout()
        heading = self.progress_label.font()
        heading.setPointSize(14)
        heading.setBold(True)
        self.progress_label.setFont(heading)
        right.addWidget(self.progress_label)
        right.addWidget(self.progress_bar)
        right.addWidget(QLabel("Still to load, in loading order (last stop first):"))
        right.addWidget(self.to_load_table, 1)
        right_box = QWidget()
        right_box.setLayout(right)
        right_box.setFixedWidth(470)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addWidget(right_box)

    def _connect_signals(self) -> None:
        # The run and the scans.
        self.picker.currentIndexChanged.connect(self._on_run_chosen)
        # Taking a parcel back out, and sending the car.
        self.unload_button.clicked.connect(self.unload_last)
        self._actions["unload"].triggered.connect(self.unload_last)
        self.dispatch_button.clicked.connect(self.dispatch_run)
        self._actions["dispatch"].triggered.connect(self.dispatch_run)
        self.reorder_button.reordered.connect(self._reordered)
        self.reorder_button.refused.connect(self._fail)

    # -- what the main window calls -------------------------------------------------------

    def refresh(self) -> None:
        today = runs.runs_of_day(self._session.db, self._session.today())
        loadable = [run for run in today if run.state in LOADABLE]
        self.picker.set_runs(loadable, "No run of today is waiting to be loaded")
        self._show_load()

    def take_scan(self, raw: str) -> None:
        run_id = self.picker.run_id()
        if run_id is None:
            self._fail("Choose the run being loaded first (the list at the top), then scan.")
            return
        try:
            result = dispatch.load_scan(self._session.db, self._session.actor, run_id, raw)
        except StoreError as error:
            self._fail(str(error))
            return
        self._show_scan(result)
        self.picker.show_state(run_id, runs.state_of(self._session.db, run_id))

    # -- the clerk's actions ----------------------------------------------------------------

    def unload_last(self) -> None:
        run_id, tracking_id = self.picker.run_id(), self._last_loaded
        if run_id is None or tracking_id is None:
            self._fail("Nothing to take out: no parcel was loaded since the last one taken out.")
            return
        try:
            dispatch.unload(self._session.db, run_id, tracking_id)
        except StoreError as error:
            self._fail(str(error), tracking_id)
            return
        self._last_loaded = None
        status = self._show_load()
        self._answer(
            UNLOADED,
            outcome="unloaded",
            tracking=tracking_id,
            big="Back on the shelf",
            message=f"{tracking_id} is out of the car ({status.loaded} of {status.total} in).",
        )

    def dispatch_run(self) -> None:
        run_id = self.picker.run_id()
        if run_id is None:
            self._fail("Choose the run to dispatch first.")
            return
        status = dispatch.load_status(self._session.db, run_id)
        label = status.label[:1].upper() + status.label[1:]  # "Run 1 · Dev"
        if status.loaded == 0:
            self._fail(f"Nothing of {label} is in the car yet: scan its parcels first.")
        elif status.missing:
            dialog = MissingLoadDialog(label, status.missing, self)
            dialog.accepted.connect(lambda: self._send(run_id, confirm_missing=True))
            self._open(dialog)
        else:
            self._send(run_id, confirm_missing=False)

    # -- inside ---------------------------------------------------------------------------

    def _on_run_chosen(self) -> None:
        self._last_loaded = None
        self.band.show_ready()
        self._show_load()

    def _show_load(self) -> dispatch.LoadStatus:
        run_id = self.picker.run_id()
        if run_id is None:
            status = dispatch.LoadStatus(0, "", "", 0, 0)
        else:
            status = dispatch.load_status(self._session.db, run_id)
        self.to_load.set_rows(sorted(status.missing, key=lambda p: -p.stop_sequence))
        self._show_count(status.loaded, status.total)
        self.dispatch_button.setEnabled(run_id is not None)
        self.reorder_button.setEnabled(run_id is not None and self.reorder_button.task is None)
        return status

    def _show_count(self, loaded: int, total: int) -> None:
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(loaded)
        self.progress_bar.setFormat(f"{loaded} of {total}")
        words = "all in: ready to dispatch" if total and loaded == total else "in the car"
        self.progress_label.setText(f"{loaded} of {total} parcels {words}")

    def _show_scan(self, result: LoadResult) -> None:
        look = look_of(LOAD_LOOKS, result.outcome)
        big = ""
        if result.outcome in (LoadOutcome.LOADED, LoadOutcome.ALREADY_LOADED):
            big = f"Stop {result.stop_sequence}"
        elif result.outcome is LoadOutcome.OTHER_RUN and result.tracking_id:
            where = runs.current_stop(self._session.db, result.tracking_id)
            if where is not None:
                run, stop = where
                big = f"run {run.number} · {run.driver}, stop {stop.sequence}"
        elif result.outcome in (LoadOutcome.NOT_PLANNED, LoadOutcome.UNKNOWN):
            big = "Keep it off the car"
        self._answer(
            look,
            outcome=str(result.outcome),
            tracking=result.tracking_id or "",
            big=big,
            message=result.message,
        )
        if result.outcome is LoadOutcome.LOADED and result.tracking_id:
            self._last_loaded = result.tracking_id
            self.to_load.remove(result.tracking_id)
        if result.total:
            self._show_count(result.loaded, result.total)

    def _send(self, run_id: int, *, confirm_missing: bool) -> None:
        try:
            sent = dispatch.dispatch(
                self._session.db, self._session.actor, run_id, confirm_missing=confirm_missing
            )
        except StoreError as error:
            self._fail(str(error))
            return
        self.refresh()
        self._answer(DISPATCHED, outcome="dispatched", big=sent.label, message=sent.message)
        self.status_message.emit(sent.message)

    def _reordered(self, message: str, changed: bool) -> None:
        self._show_load()  # the loading order follows the new stop order
        look, outcome = (REORDERED, "reordered") if changed else (ORDER_KEPT, "order_kept")
        self.band.show_answer(look, outcome=outcome, message=message)  # no sound: not a scan
        self.status_message.emit(message)
