"""The Runs screen: plan the day, see it on the map and as stop lists, and edit it by hand.

Services come in through the constructor (the shop file, who is at the counter, asked at each
action, and today's date); the screen holds no SQL. Reading the day and saving plans happen on
the GUI thread through `RunEditor`; only the search runs in a worker thread (`Planner`). Every
hand edit is timed again and saved at once, and whatever rule it breaks shows on the stop in
red.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

import sqlite_utils
from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from labels.words import counted
from routing.streets import load_streets
from store import area, end_of_day, locate
from store import drivers as store_drivers
from store import planning as store_planning
from store import settings as shop_settings
from store.errors import StoreError
from store.events import Actor
from store.timeutil import parse_iso_z
from ui.runs.drivers_dialog import DriversDialog
from ui.runs.leftovers_model import LeftoversModel
from ui.runs.plan_controls import PlanControls
from ui.runs.plan_worker import Planner
from ui.runs.route_map import RouteMap
from ui.runs.run_actions import RunActions
from ui.runs.run_editor import RunEditor
from ui.runs.runs_model import RunsModel
from ui.runs.runs_tables import LeftoversTable, RunsTree, selected_key

if TYPE_CHECKING:
    import routing
    from store.location_fix import FixResult

QUEUED = Qt.ConnectionType.QueuedConnection
AWAY = ("loading", "out")  # a driver on such a run cannot get another one yet


class RunsView(QWidget):
    #: "saved", "cancelled", "failed" or "nothing" once a press of Plan has been dealt with.
    planFinished = Signal(str)
    #: A hand edit was made (and saved) or refused; the message line says which.
    edited = Signal()
    #: The hand edits (the menu and the keys of the tree and the map).
    actions: RunActions  # type: ignore[assignment]  # shadows QWidget.actions(), which nothing calls on it

    def __init__(
        self,
        db: sqlite_utils.Database,
        who: Callable[[], Actor],
        today: Callable[[], date],
        *,
        iterations: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """`who` is the clerk at the counter at the moment of an action (plans and edits are
        logged under that name); `iterations` caps each plan's search (tests); the owner sets
        the time budget."""
        super().__init__(parent)
        self.db, self.iterations, self.who = db, iterations, who
        self.pin_dialog: QWidget | None = None
        self.editor = RunEditor(db, who)
        self.closed_day = ""  # the sentence saying the day shown is closed ("" while open)
        self.planner = Planner(self)
        self.controls = PlanControls()
        self.map = RouteMap()
        self.runs_model = RunsModel(self)
        self.tree = RunsTree(self.runs_model)
        self.leftovers_model = LeftoversModel(self)
        self.leftovers = LeftoversTable(self.leftovers_model)
        self.leftovers_title = QLabel()
        self.message = QLabel()
        #: Says when miles and times are straight-line estimates (no usable street map).
        self.distances = QLabel()
        self.dialog: DriversDialog | None = None
        self.actions = RunActions(self)
        self._lay_out()
        self.controls.set_day(today())
        self.controls.budget.setValue(shop_settings.load(db).plan_seconds)
        self._connect_signals()
        self.load()

    def _lay_out(self) -> None:
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(36)
        below = QWidget()
        below_layout = QVBoxLayout(below)
        below_layout.setContentsMargins(0, 4, 0, 0)
        below_layout.addWidget(self.leftovers_title)
        below_layout.addWidget(self.leftovers)
        self.distances.setWordWrap(True)
        self.distances.setStyleSheet(
            "QLabel { background: #fff3cd; color: #664d03; padding: 3px 6px; }"
        )
        self.distances.hide()
        above = QWidget()
        above_layout = QVBoxLayout(above)
        above_layout.setContentsMargins(0, 0, 0, 0)
        above_layout.setSpacing(2)
        above_layout.addWidget(self.distances)
        above_layout.addWidget(self.map, 1)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(above)
        left.addWidget(below)
        left.setSizes([560, 160])
        main = QSplitter(Qt.Orientation.Horizontal)
        main.addWidget(left)
        main.addWidget(self.tree)
        main.setSizes([380, 580])
        right = QVBoxLayout()
        right.addWidget(main, 1)
        right.addWidget(self.message)
        layout = QHBoxLayout(self)
        layout.addWidget(self.controls)
        layout.addLayout(right, 1)

    def _connect_signals(self) -> None:
        # choosing and planning
        self.controls.dayChanged.connect(self.load)
        self.controls.planClicked.connect(self.plan)
        self.controls.cancelClicked.connect(self.planner.cancel)
        self.controls.driversClicked.connect(self.open_drivers)
        self.planner.progressed.connect(self.controls.show_progress)
        self.planner.done.connect(self._on_planned)
        # hand edits by drag and drop (queued: the views finish the drop before the change)
        self.runs_model.stopDropped.connect(self._on_drop, QUEUED)
        self.leftovers_model.takeOffRequested.connect(self.take_off, QUEUED)
        # one selection across map, runs and leftovers
        self.tree.selectionModel().selectionChanged.connect(self._on_tree_selection)
        self.leftovers.selectionModel().selectionChanged.connect(self._on_leftover_selection)
        self.map.stopPicked.connect(self.select_stop)

    # -- the day ------------------------------------------------------------------------

    def load(self, day: date | None = None) -> None:
        """Show the saved plan of `day` (default: the day chosen above)."""
        day = day or self.controls.current_day()
        try:
            self.editor.load(day)
            self.closed_day = closed_words(self.db, day)
            gone = ", ".join(f"{run.label} ({run.state})" for run in self.editor.gone)
            gone = f"Already left the shop, not editable here: {gone}." if gone else ""
            self.say(" ".join(text for text in (self.closed_day, gone) if text))
        except StoreError as error:
            self.say(str(error))
        planned = {run.vehicle for run in self.editor.rows.editable_runs}
        away = {r.driver: f"{r.label} is {r.state}" for r in self.editor.gone if r.state in AWAY}
        self.controls.set_drivers(store_drivers.all_drivers(self.db), planned or None, away)
        self.refresh()
        self._show_streets()

    def _show_streets(self) -> None:
        """The street map's roads under the runs (read once, then kept in memory)."""
        try:
            loaded = area.current(self.db)
            self.map.set_streets(load_streets(loaded.streets) if loaded else None)
        except (StoreError, OSError, ValueError) as error:
            self.map.set_streets(None)
            self.say(f"The street map cannot be drawn: {error}")

    def refresh(self, select: str = "") -> None:
        rows = self.editor.rows
        self.tree.show_rows(rows)
        self.leftovers.show_stops(rows.unassigned)
        n = len(rows.unassigned)
        held = len(locate.held_for_location(self.db))
        self.leftovers_title.setText(
            (
                f"Not planned today: {n} stop{'s' * (n != 1)} (drag onto a run to add)"
                if n
                else "Not planned today: none. Drop a stop here to take it off the plan."
            )
            + (f"\n≈ {held} held for a location, not planned: pin them on Parcels" if held else "")
        )
        self.map.set_rows(rows)
        self.distances.setText(
            f"{rows.note[:1].upper()}{rows.note[1:]}: miles and times are straight-line "
            "estimates. Shop → Street map… imports the shop's roads."
        )
        self.distances.setVisible(bool(rows.note))
        self.controls.set_plan_label(bool(rows.runs), self.editor.has_locks)
        self._check_closed()
        self.actions.update()
        if select:
            self.select_stop(select)

    def _check_closed(self) -> None:
        """Re-plan off once the day shown is closed (End of day may close it while this
        screen is built but hidden), with the sentence that says so."""
        was = self.closed_day
        self.closed_day = closed_words(self.db, self.editor.day) if self.editor.day else ""
        self.controls.set_closed(self.closed_day)
        self.actions.update()
        if self.closed_day and not was:
            self.say(self.closed_day)

    def showEvent(self, event: QShowEvent) -> None:
        self._check_closed()
        super().showEvent(event)

    def say(self, text: str) -> None:
        self.message.setText(text)

    # -- planning -----------------------------------------------------------------------

    def plan(self) -> None:
        """Plan the chosen drivers' runs around what is locked (the search in a thread)."""
        if self.planner.running or self.closed_day:
            return
        day, names = self.controls.current_day(), self.controls.chosen_drivers()
        try:
            if not self.controls.driver_boxes:
                raise StoreError("no drivers yet: add one with Drivers…")
            if not names:
                raise StoreError("tick at least one driver to plan with")
            planning = store_planning.prepare(self.db, day, names)
        except StoreError as error:
            self.say(str(error))
            self.planFinished.emit("nothing")
            return
        if not planning.problem.stops:
            self.say(f"Nothing to plan on {day:%a %d %b}: no parcel on the shelf can go out.")
            self.planFinished.emit("nothing")
            return
        self._set_busy(True)
        self.say(f"Planning {counted(len(planning.problem.stops), 'stop')}…")
        seconds = self.controls.budget.value()
        shop_settings.update(self.db, plan_seconds=seconds)  # the next start offers it again
        self.planner.start(planning, seconds=seconds, iterations=self.iterations)

    def _on_planned(
        self,
        planning: store_planning.PlanningInput,
        plan: routing.Plan | None,
        error: str | None,
        cancelled: bool,
    ) -> None:
        self._set_busy(False)
        if cancelled or error or plan is None:
            why = f"the planner failed ({error})" if error else "planning was cancelled"
            self.say(f"Nothing changed: {why}. The saved plan is as it was.")
            self.planFinished.emit("failed" if error else "cancelled")
            return
        try:
            self.editor.adopt(planning, plan)
        except StoreError as error:
            self.refresh()
            self.say(f"The plan could not be saved: {error}")
            self.planFinished.emit("failed")
            return
        self.refresh()
        rows = self.editor.rows
        stops = sum(len(run.stops) for run in rows.runs)
        miles = sum(run.route.distance_mi for run in rows.runs)
        left = f"; {len(rows.unassigned)} not planned (listed below)" if rows.unassigned else ""
        self.say(
            f"Planned and saved: {counted(stops, 'stop')} on {counted(len(rows.runs), 'run')}, "
            f"{miles:.1f} mi{left}."
        )
        self.planFinished.emit("saved")

    def _set_busy(self, busy: bool) -> None:
        self.controls.set_planning(busy)
        self.tree.set_editable(not busy)
        self.leftovers.set_editable(not busy)
        self.actions.update(busy=busy)

    def shutdown(self) -> None:
        """Stop a plan in progress and wait for its thread (call before the window goes)."""
        self.planner.shutdown()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    # -- drivers ------------------------------------------------------------------------

    def open_drivers(self) -> DriversDialog:
        """The drivers dialog (non-modal); the check boxes follow its changes."""
        dialog = DriversDialog(
            lambda: store_drivers.all_drivers(self.db),
            lambda *a, **k: store_drivers.add(self.db, *a, **k),
            lambda name: store_drivers.remove(self.db, name),
            self,
        )
        dialog.changed.connect(
            lambda: self.controls.set_drivers(store_drivers.all_drivers(self.db), None)
        )
        self.dialog = dialog
        dialog.open()
        return dialog

    # -- selection ----------------------------------------------------------------------

    def selected_key(self) -> str:
        """The stop selected in either list ("" if none)."""
        return selected_key(self.tree) or selected_key(self.leftovers)

    def selected_vehicle(self) -> str | None:
        run = self.runs_model.run_of(self.tree.currentIndex())
        return run.vehicle if run else None

    def select_stop(self, key: str) -> None:
        """Select a stop in the lists and on the map ("" clears the selection)."""
        index = self.runs_model.index_of_stop(key) if key else QModelIndex()
        row = self.leftovers_model.row_of(key) if key else -1
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
        else:
            self.tree.clearSelection()
        if row >= 0:
            self.leftovers.selectRow(row)
            self.leftovers.scrollTo(self.leftovers_model.index(row, 0))
        else:
            self.leftovers.clearSelection()
        self.map.select_stop(key)

    def _on_tree_selection(self) -> None:
        key = selected_key(self.tree)
        if key:
            self.leftovers.clearSelection()
        self.map.select_stop(key)
        self.actions.update()

    def _on_leftover_selection(self) -> None:
        key = selected_key(self.leftovers)
        if key:
            self.tree.clearSelection()
            self.map.select_stop(key)
        self.actions.update()

    # -- locations ----------------------------------------------------------------------

    def fix_location(self, key: str, tracking_id: str) -> None:
        """Open the pin dialog for a stop's parcel; once saved, show the day again (the stop
        where the pin is) and say what the fix did."""
        from ui.locating.fix_location import open_fix_dialog, result_words

        def saved(result: FixResult) -> None:
            self.load()
            self.select_stop(key)
            self.say(result_words(result))
            self.edited.emit()

        self.pin_dialog = open_fix_dialog(self.db, self.who(), tracking_id, self, saved)

    # -- hand edits ---------------------------------------------------------------------

    def _on_drop(self, key: str, vehicle: str, row: int) -> None:
        self.apply(lambda: self.editor.drop(key, vehicle, row), key)

    def take_off(self, key: str) -> None:
        self.apply(lambda: self.editor.move(key, None), key)

    def apply(self, edit: Callable[[], None], key: str) -> None:
        """Make one edit (saved by the editor), show it and say what it did."""
        if self.planner.running:
            return
        before = self.editor.rows.stop(key)
        try:
            edit()
        except (StoreError, ValueError) as error:
            self.refresh(select=key)
            self.say(f"Not changed: {error}")
            self.edited.emit()
            return
        self.refresh(select=key)
        self.say(self.actions.describe(before, self.editor.rows.stop(key)))
        self.edited.emit()


def closed_words(db: sqlite_utils.Database, day: date) -> str:
    """The sentence that says `day` is closed and not planned again ("" while it is open)."""
    closed = end_of_day.closed_by(db, day)
    if closed is None:
        return ""
    at, staff = closed
    local = parse_iso_z(at).astimezone(shop_settings.load(db).tz)
    return (
        f"This day is closed (End of day, {local:%H:%M on %a %d %b} by {staff}): "
        "its runs are kept as they were and Re-plan is off."
    )
