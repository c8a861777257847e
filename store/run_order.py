"""Re-order one run's stops when the owner asks: the seam between the shop file and
`routing.resequence`, in three steps like the day's plan (`store.planning`).

A run being loaded keeps its order through every re-plan of the day (its parcels are in the
car in load order). When the owner still wants it looked at again, `read` takes the run's
stops as they are, `solve` searches a better order (no database: a worker thread may run
it) and `commit` saves it, refusing if the run changed meanwhile. Parcels whose stop number
changed get an event, and "Reprint changed labels" finds them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

import sqlite_utils

import routing
from store import area, planning, runs
from store import drivers as driver_store
from store.events import Actor


@dataclass(frozen=True)
class RunOrder:
    """One run's stops in their saved order, with everything the search needs."""

    run: runs.RunView
    depot: routing.Depot
    vehicle: routing.Vehicle
    stops: tuple[routing.Stop, ...]
    travel: routing.TravelModel
    radius_mi: float
    street_map: str | None = None  # what `travel` drives on (None: straight-line estimates)

    @property
    def saved(self) -> routing.Route:
        """The run as it is now, timed with today's settings."""
        return routing.evaluate_route(self.depot, self.vehicle, self.stops, travel=self.travel)


@dataclass(frozen=True)
class Reordered:
    """What `commit` saved: the miles before and after, and the parcels that got a new stop
    number (their labels need reprinting)."""

    before_mi: float
    after_mi: float
    renumbered: int


def read(db: sqlite_utils.Database, run_id: int) -> RunOrder:
    """The run's stops as saved; `BadInput` when it left the shop or is locked."""
    settings = planning.configured_settings(db)
    run = runs.require_reorderable(runs.get_run(db, run_id))
    day = date.fromisoformat(run.plan_date)
    ids = [p["tracking_id"] for stop in run.stops for p in stop.parcels]
    parcels = planning.parcel_rows(db, ids)
    stops = tuple(
        planning.stop_from_store(
            stop, tuple(p["tracking_id"] for p in stop.parcels), parcels, day, settings
        )
        for stop in run.stops
    )
    travel, street_map = area.travel_for(db, settings)
    return RunOrder(
        run=run,
        depot=routing.Depot(*settings.location),
        vehicle=planning.vehicle_of(driver_store.get(db, run.driver)),
        stops=stops,
        travel=travel,
        radius_mi=settings.radius_mi,
        street_map=street_map.source,
    )


def solve(
    order: RunOrder,
    *,
    seconds: float,
    seed: int = 0,
    cancel: Callable[[], bool] | None = None,
) -> routing.Route:
    """The best order found (never worse than the saved one); touches no database."""
    return routing.resequence(
        order.depot,
        order.vehicle,
        order.stops,
        seconds=seconds,
        seed=seed,
        radius_mi=order.radius_mi,
        cancel=cancel,
        travel=order.travel,
    )


def commit(
    db: sqlite_utils.Database,
    actor: Actor,
    order: RunOrder,
    route: routing.Route,
    *,
    at: datetime | None = None,
) -> Reordered:
    """Save `route` as the run's order (one transaction); see `runs.reorder_run`."""
    locked_keys = frozenset(stop.stop_key for stop in order.run.stops if stop.locked)
    record = planning.run_record(
        route, locked_stop_keys=locked_keys, locked=False, street_map=order.street_map
    )
    renumbered = runs.reorder_run(db, actor, order.run.id, record, at=at)
    return Reordered(order.saved.distance_mi, route.distance_mi, renumbered)
