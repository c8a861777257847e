"""The day's plan under the owner's hands: every edit is timed again and saved at once.

Plain Python (no Qt), so the Runs screen stays a thin layer and the rules of an edit can be
read in one place. The editor holds the saved plan of one day (`store.planning.current_plan`);
a move, reorder or lock makes a new `routing.Plan` with `routing.move_stop`/`reorder` (which
re-time the changed runs and report breaches) and saves it with `store.planning.commit`, so a
crash loses no edit. If saving fails, the editor reloads what the shop file holds.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import sqlite_utils

import routing
from routing.roads import NO_ROAD, off_the_roads
from store import planning as store_planning
from store import runs as store_runs
from store.events import Actor
from store.planning import PlanningInput
from ui.runs.plan_rows import EMPTY, DayRows, day_rows, with_runs_that_left


class RunEditor:
    def __init__(self, db: sqlite_utils.Database, who: Callable[[], Actor]) -> None:
        """`who` says who is at the counter at the moment of each save (it is logged)."""
        self.db = db
        self.who = who
        self.day: date | None = None
        self.planning: PlanningInput | None = None
        self.plan = routing.Plan((), ())
        self.numbers: dict[str, int] = {}
        #: Runs of the day that left the shop (loading, out, back, closed): not editable here.
        self.gone: list[store_runs.RunView] = []
        self.rows: DayRows = EMPTY
        #: The saved plan's version this editor shows; a save from another counter in between
        #: makes the next edit fail (store.runs.PlanChanged) instead of overwriting it.
        self.version: str | None = None

    # -- reading and saving --------------------------------------------------------------

    def load(self, day: date) -> None:
        """Read the day's saved plan (StoreError if the shop is not set up)."""
        self.day = day
        self.planning = None
        self.plan = routing.Plan((), ())
        self.rows = EMPTY
        self.version = store_runs.plan_version(self.db, day)
        planning, plan = store_planning.current_plan(self.db, day)
        self._read_numbers()
        self._show(planning, plan)

    def _read_numbers(self) -> None:
        assert self.day is not None
        day_runs = store_runs.runs_of_day(self.db, self.day)
        editable = store_runs.EDITABLE
        self.numbers = {run.driver: run.number for run in day_runs if run.state == editable}
        self.gone = [run for run in day_runs if run.state != editable]

    def adopt(self, planning: PlanningInput, plan: routing.Plan) -> None:
        """Save a plan fresh from the planner, then show it as the shop file holds it."""
        store_planning.commit(self.db, self.who(), planning, plan)
        self.load(planning.day)

    def _save(self, plan: routing.Plan, planning: PlanningInput | None = None) -> None:
        planning = planning or self.planning
        assert planning is not None and self.day is not None
        try:
            store_planning.commit(
                self.db, self.who(), planning, plan, expected_version=self.version
            )
        except Exception:
            self.load(self.day)  # show what is really saved, then say what went wrong
            raise
        self.version = store_runs.plan_version(self.db, self.day)
        self._read_numbers()  # a run emptied by hand is cancelled; one refilled is new
        self._show(planning, plan)

    def _show(self, planning: PlanningInput, plan: routing.Plan) -> None:
        self.planning, self.plan = planning, plan
        self.rows = with_runs_that_left(
            day_rows(planning, plan, self.numbers), self.gone, planning.travel
        )

    @property
    def has_locks(self) -> bool:
        p = self.planning
        return p is not None and bool(p.locked_stop_keys or p.locked_vehicles)

    # -- edits -------------------------------------------------------------------------

    def move(self, key: str, vehicle: str | None, position: int | None = None) -> None:
        """Put a stop on `vehicle`'s run at `position` (None: where it adds the fewest miles
        without breaking a rule), or off the plan with `vehicle` None."""
        planning = self._planning()
        if vehicle is not None:
            self._check_on_roads(key)
        if vehicle is not None and position is None:
            position = self.best_position(key, vehicle)
        plan = routing.move_stop(
            self.plan, planning.problem.depot, key, vehicle, position, travel=planning.travel
        )
        if vehicle is None:
            planning = store_planning.set_lock(planning, stop_key=key, locked=False)
        self._save(plan, planning)

    def drop(self, key: str, vehicle: str | None, row: int) -> None:
        """A stop dropped on `vehicle`'s list before `row` (-1: on the run itself)."""
        if vehicle is None or row < 0:
            self.move(key, vehicle)
            return
        route = self.plan.route_of(key)
        if route is not None and route.vehicle.name == vehicle:
            old = route.stop_keys.index(key)
            position = row - 1 if old < row else row
            if position == old:
                return
            self.move(key, vehicle, position)
            return
        self.move(key, vehicle, row)

    def shift(self, key: str, delta: int) -> None:
        """Move a stop `delta` places earlier (negative) or later on its run."""
        route = self.plan.route_of(key)
        if route is None:
            return
        keys = list(route.stop_keys)
        old = keys.index(key)
        new = max(0, min(len(keys) - 1, old + delta))
        if new == old:
            return
        keys.insert(new, keys.pop(old))
        planning = self._planning()
        plan = routing.reorder(
            self.plan, planning.problem.depot, route.vehicle.name, keys, travel=planning.travel
        )
        self._save(plan)

    def lock_stop(self, key: str, locked: bool) -> None:
        if self.plan.route_of(key) is None:
            raise ValueError("only a stop on a run can be locked")
        self._save(
            self.plan, store_planning.set_lock(self._planning(), stop_key=key, locked=locked)
        )

    def lock_run(self, vehicle: str, locked: bool) -> None:
        planning = store_planning.set_lock(self._planning(), vehicle=vehicle, locked=locked)
        self._save(self.plan, planning)

    def best_position(self, key: str, vehicle: str) -> int:
        """Where on `vehicle`'s run the stop breaks the fewest rules, then adds the fewest
        miles (each place is timed the way the run would be driven)."""
        planning = self._planning()
        route = next(r for r in self.plan.routes if r.vehicle.name == vehicle)
        others = [v.stop for v in route.visits if v.stop.key != key]
        stop = self._stop(key)

        def cost(at: int) -> tuple[int, float]:
            stops = [*others[:at], stop, *others[at:]]
            timed = routing.evaluate_route(
                planning.problem.depot, route.vehicle, stops, travel=planning.travel
            )
            return len(timed.breaches), timed.distance_mi

        return min(range(len(others) + 1), key=cost)

    def _check_on_roads(self, key: str) -> None:
        """On a street map, a stop no road joins with the shop cannot go on a run: its drives
        would be made up. One far from the roads may (the driver walks the rest); its row
        says so (`plan_rows`)."""
        planning = self._planning()
        stop = self._stop(key)
        if off_the_roads(planning.travel, planning.problem.depot, [stop]).get(key) == NO_ROAD:
            raise ValueError(
                f"no road on the street map joins {stop.label or 'this stop'} with the shop, "
                "so no drive to it can be timed; check its location"
            )

    def _stop(self, key: str) -> routing.Stop:
        for route in self.plan.routes:
            for visit in route.visits:
                if visit.stop.key == key:
                    return visit.stop
        return next(u.stop for u in self.plan.unassigned if u.stop.key == key)

    def _planning(self) -> PlanningInput:
        if self.planning is None:
            raise ValueError("no day is loaded")
        return self.planning
