"""The Runs screen's hand edits as actions: context menus and keys for what a drag does.

"Move to run" lists the other runs (the stop goes where it adds the fewest miles without
breaking a rule); Ctrl+Up/Down reorder; Delete takes a stop off the plan; Ctrl+L locks or
unlocks a stop (so does a click on its Lock cell), Ctrl+Shift+L its whole run; Ctrl+M opens
"Move to run" from the keyboard; F4 (or a right-click on the map) fixes the selected stop's
location with a pin.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QMenu

from ui.runs.plan_rows import StopRow
from ui.runs.runs_model import KEY_ROLE, LOCK
from ui.runs.stop_marker import StopMarker

if TYPE_CHECKING:
    from ui.runs.runs_view import RunsView


class RunActions:
    def __init__(self, view: RunsView) -> None:
        self.view = view
        self._busy = False
        self.move_menu = QMenu("Move to run", view)
        self.move_menu.aboutToShow.connect(self._fill_move_menu)
        self.move_up = self._action("Move up", "Ctrl+Up", lambda: self._shift(-1))
        self.move_down = self._action("Move down", "Ctrl+Down", lambda: self._shift(1))
        self.take_off = self._action("Take off the plan", "Delete", self._take_off)
        self.lock_stop = self._action("Lock stop", "Ctrl+L", self._toggle_stop_lock)
        self.lock_run = self._action("Lock run", "Ctrl+Shift+L", self._toggle_run_lock)
        self.replan = self._action("Re-plan around locks", "Ctrl+R", view.plan)
        self.open_move = self._action("Move to run…", "Ctrl+M", self._pop_move_menu)
        self.fix_location = self._action("Fix location on the map…", "F4", self._fix_location)
        view.leftovers.addAction(self.fix_location)
        view.tree.clicked.connect(self._lock_cell_clicked)
        view.map.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.map.customContextMenuRequested.connect(self._map_menu)
        for table in (view.tree, view.leftovers):
            table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            table.customContextMenuRequested.connect(lambda at, t=table: self._context_menu(t, at))

    def _action(self, text: str, keys: str, slot: object) -> QAction:
        action = QAction(text, self.view)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.view.tree.addAction(action)
        if text.startswith("Move to run"):
            self.view.leftovers.addAction(action)
        return action

    # -- state --------------------------------------------------------------------------

    def update(self, busy: bool | None = None) -> None:
        """Enable what makes sense for the selection; nothing while a plan is made."""
        if busy is not None:
            self._busy = busy
        stop = self._stop()
        run = self.view.selected_vehicle()
        rows = self.view.editor.rows
        on_run = stop if stop is not None and stop.vehicle is not None else None
        if (
            stop is not None
            and not any(stop in r.stops for r in rows.editable_runs)
            and stop not in rows.unassigned
        ):  # a stop of a run that left the shop
            stop = on_run = None
        if run is not None and run not in {r.vehicle for r in rows.editable_runs}:
            run = None
        free = not self._busy
        place, count = (on_run.sequence, len(self._run_stops(on_run))) if on_run else (0, 0)
        self.move_up.setEnabled(free and place > 1)
        self.move_down.setEnabled(free and 0 < place < count)
        self.take_off.setEnabled(free and on_run is not None)
        self.lock_stop.setEnabled(free and on_run is not None)
        self.lock_stop.setText("Unlock stop" if on_run and on_run.locked else "Lock stop")
        self.lock_run.setEnabled(free and run is not None)
        locked_run = run is not None and run in self._locked_runs()
        self.lock_run.setText("Unlock run" if locked_run else "Lock run")
        self.move_menu.setEnabled(free and stop is not None and bool(rows.editable_runs))
        self.open_move.setEnabled(self.move_menu.isEnabled())
        self.replan.setEnabled(free and not self.view.closed_day)
        self.fix_location.setEnabled(free and stop is not None)

    def _stop(self) -> StopRow | None:
        key = self.view.selected_key()
        return self.view.editor.rows.stop(key) if key else None

    def _run_stops(self, stop: StopRow) -> tuple[StopRow, ...]:
        run = self.view.editor.rows.run(stop.vehicle or "")
        return run.stops if run else ()

    def _locked_runs(self) -> set[str]:
        planning = self.view.editor.planning
        return set(planning.locked_vehicles) if planning else set()

    # -- menus --------------------------------------------------------------------------

    def _context_menu(self, table: QAbstractItemView, at: QPoint) -> None:
        menu = self.build_menu(table is self.view.leftovers)
        menu.popup(table.viewport().mapToGlobal(at))

    def build_menu(self, for_leftovers: bool = False) -> QMenu:
        menu = QMenu(self.view)
        self._fill_move_menu()
        self.move_menu.setTitle("Put on run" if for_leftovers else "Move to run")
        menu.addMenu(self.move_menu)
        if not for_leftovers:
            for action in (self.move_up, self.move_down, self.take_off, None, self.lock_stop,
                           self.lock_run, None, self.replan):  # fmt: skip
                menu.addSeparator() if action is None else menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.fix_location)
        return menu

    def _fill_move_menu(self) -> None:
        self.move_menu.clear()
        stop = self._stop()
        for run in self.view.editor.rows.editable_runs:
            action = self.move_menu.addAction(run.title)
            action.setData(run.vehicle)
            action.setEnabled(stop is not None and stop.vehicle != run.vehicle)
            action.triggered.connect(lambda _=False, v=run.vehicle: self.move_to(v))

    def _pop_move_menu(self) -> None:
        table = self.view.tree if self.view.tree.hasFocus() else self.view.leftovers
        rect = table.visualRect(table.currentIndex())
        self._fill_move_menu()
        self.move_menu.popup(table.viewport().mapToGlobal(rect.bottomLeft()))

    # -- the edits ----------------------------------------------------------------------

    def move_to(self, vehicle: str) -> None:
        key = self.view.selected_key()
        if key:
            self.view.apply(lambda: self.view.editor.move(key, vehicle), key)

    def _shift(self, delta: int) -> None:
        key = self.view.selected_key()
        if key:
            self.view.apply(lambda: self.view.editor.shift(key, delta), key)

    def _take_off(self) -> None:
        key = self.view.selected_key()
        if key and self.view.editor.plan.route_of(key) is not None:
            self.view.take_off(key)

    def _toggle_stop_lock(self) -> None:
        stop = self._stop()
        if stop is not None and stop.vehicle is not None:
            locked = not stop.locked
            self.view.apply(lambda: self.view.editor.lock_stop(stop.key, locked), stop.key)

    def _lock_cell_clicked(self, index: QModelIndex) -> None:
        """A click on a stop's Lock cell locks or unlocks it, as Ctrl+L does."""
        if index.column() == LOCK and index.data(KEY_ROLE) and self.lock_stop.isEnabled():
            self.lock_stop.trigger()

    def _toggle_run_lock(self) -> None:
        vehicle, key = self.view.selected_vehicle(), self.view.selected_key()
        if vehicle is not None:
            locked = vehicle not in self._locked_runs()
            self.view.apply(lambda: self.view.editor.lock_run(vehicle, locked), key)
            if not key:
                self.view.tree.setCurrentIndex(self.view.runs_model.index_of_run(vehicle))

    def _map_menu(self, at: QPoint) -> None:
        menu = self.map_menu_at(at)
        if menu is not None:
            menu.popup(self.view.map.viewport().mapToGlobal(at))

    def map_menu_at(self, at: QPoint) -> QMenu | None:
        """Right-click on a stop of the map: select that stop and offer to fix its location
        (None off the stops)."""
        item = self.view.map.itemAt(at)
        if not isinstance(item, StopMarker):
            return None
        self.view.select_stop(item.stop.key)
        self.update()
        menu = QMenu(self.view)
        menu.addAction(self.fix_location)
        return menu

    def _fix_location(self) -> None:
        stop = self._stop()
        if stop is not None and not self._busy:
            self.view.fix_location(stop.key, stop.tracking_ids[0])

    def describe(self, before: StopRow | None, after: StopRow | None) -> str:
        """One line on what an edit did to a stop and what it broke."""
        if after is None:
            return "Saved."
        who = after.label or after.key
        if after.vehicle is None:
            return f"{who}: not planned ({after.reason}). Saved."
        run = self.view.editor.rows.run(after.vehicle)
        where = f"{run.title if run else after.vehicle}, stop {after.sequence}, ETA {after.eta}"
        if before is not None and (before.vehicle, before.sequence) == (
            after.vehicle,
            after.sequence,
        ):
            lock = "locked" if after.locked or after.run_locked else "not locked"
            text = f"{who}: {where}, {lock}."
        else:
            text = f"{who} moved to {where}."
        problems = " ".join(f"⚠ {b}." for b in after.breaches)
        return f"{text} {problems} Saved.".replace("  ", " ")
