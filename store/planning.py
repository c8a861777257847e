"""From the shop file to the planner and back: the day's problem, and saving its plan.

The planner (`routing/`) knows nothing of SQL; the store knows nothing of PyVRP. This module
is the seam: `prepare` reads the plannable parcels, today's cars and the owner's locks into a
`routing.Problem`; `routing.plan` solves it (off the GUI thread, with no database access);
`commit` turns the result into runs and stops with their events. Splitting it this way lets
the console run the slow middle step in a worker thread while reads and writes stay on one
connection.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

import sqlite_utils

import routing
from routing.roads import OsrmTravel, check_on_roads
from store import area, locate, runs
from store import drivers as driver_store
from store.errors import BadInput
from store.events import Actor
from store.settings import ShopSettings
from store.settings import load as load_settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PlanningInput:
    """Everything the planner needs for one day, read from the shop file in one go."""

    day: date
    settings: ShopSettings
    problem: routing.Problem
    travel: routing.TravelModel
    #: Stops the owner locked one by one (a locked run pins its stops without locking each).
    locked_stop_keys: frozenset[str] = field(default_factory=frozenset)
    #: Drivers whose whole run is locked.
    locked_vehicles: frozenset[str] = field(default_factory=frozenset)
    #: The street map `travel` drives on (its source file), or None: straight-line estimates.
    street_map: str | None = None
    #: "distances estimated: …" when there is no usable street map, else "".
    note: str = ""
    #: Per parcel, how exactly it is located and any warning (the screens mark a stop that
    #: is not exact: `store.locate`).
    locations: Mapping[str, tuple[str, str]] = field(default_factory=dict)

    def location_of(self, tracking_ids: Sequence[str]) -> tuple[str, str]:
        """A stop's precision (its least precise parcel's) and what to tell about it."""
        found = [self.locations.get(t, ("given", "")) for t in tracking_ids]
        precision = locate.worst(p for p, _ in found)
        notes = [locate.approximate_words(precision), *sorted({w for _, w in found if w})]
        return precision, "; ".join(note for note in notes if note)


def hhmm_to_seconds(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 3600 + int(minutes) * 60


def _is_due(parcel: dict, day: date) -> bool:
    """Due today: a due date today or past; or a same/next-day service without a due date."""
    if parcel["due_date"]:
        return parcel["due_date"] <= day.isoformat()
    return parcel["service"] in ("same_day", "next_day")


_PARCEL_COLUMNS = (
    "p.tracking_id, p.latitude, p.longitude, p.weight_lb, p.window_start, p.window_end, "
    "p.due_date, p.service, p.recipient_name, p.address_line1, p.postal_code, "
    "p.location_precision, p.location_warning"
)


def plannable_parcels(db: sqlite_utils.Database, day: date) -> list[dict]:
    """Parcels that can go out: on the shelf (see runs.PLANNABLE_WHERE) and those already on
    the editable plan of this day (or an earlier one never dispatched)."""
    on_shelf = db.conn.execute(
        f"SELECT {_PARCEL_COLUMNS} FROM parcels p INDEXED BY parcels_status "
        f"WHERE {runs.PLANNABLE_WHERE} AND p.latitude IS NOT NULL"
    )
    names = [column[0] for column in on_shelf.description]
    found = {row[0]: dict(zip(names, row, strict=True)) for row in on_shelf}
    on_plan = db.conn.execute(
        f"SELECT {_PARCEL_COLUMNS} FROM stop_parcels sp JOIN stops s ON s.id = sp.stop_id "
        "JOIN runs r ON r.id = s.run_id JOIN parcels p ON p.tracking_id = sp.tracking_id "
        "WHERE r.state = ? AND r.plan_date <= ? AND p.status = 'planned'",
        (runs.EDITABLE, day.isoformat()),
    )
    found.update({row[0]: dict(zip(names, row, strict=True)) for row in on_plan})
    return [found[key] for key in sorted(found)]


def parcel_rows(db: sqlite_utils.Database, tracking_ids: Sequence[str]) -> dict[str, dict]:
    """What the planner needs of these parcels (place, weight, window, due date, label)."""
    cursor = db.conn.execute(
        f"SELECT {_PARCEL_COLUMNS} FROM parcels p "
        "WHERE p.tracking_id IN (SELECT value FROM json_each(?))",
        (json.dumps(list(tracking_ids)),),
    )
    names = [column[0] for column in cursor.description]
    return {row[0]: dict(zip(names, row, strict=True)) for row in cursor}


def prepare(
    db: sqlite_utils.Database, day: date, driver_names: Sequence[str] | None = None
) -> PlanningInput:
    """The day's problem. `driver_names` None means every active driver; drivers with a
    locked run or stop are always included (what the owner locked stays where it is)."""
    settings = configured_settings(db)
    editable = _editable_runs(db, day)
    keeps = [r.driver for r in editable if r.locked or any(stop.locked for stop in r.stops)]
    chosen = _chosen_drivers(db, driver_names, keeps, _busy_drivers(db, day))
    planning, _ = _read_day(db, day, settings, editable, chosen, keep_all=False)
    return planning


def current_plan(db: sqlite_utils.Database, day: date) -> tuple[PlanningInput, routing.Plan]:
    """The day's saved plan as a `routing.Plan`, so that hand edits start from what is saved.

    Each editable run is timed again in its saved order (`routing.evaluate_route`), so ETAs,
    miles and breaches reflect today's cars and settings. Plannable parcels on no saved stop
    are unassigned, with the reason the last plan gave (or "not planned yet"). The problem's
    cars are the drivers of the saved runs, in run order; a day without runs has none.
    """
    settings = configured_settings(db)
    editable = _editable_runs(db, day)
    chosen = [driver_store.get(db, run.driver) for run in editable]
    planning, kept = _read_day(db, day, settings, editable, chosen, keep_all=True)
    problem = planning.problem
    if isinstance(planning.travel, OsrmTravel) and kept:
        # One road table for the day's runs: each run's figures are cut from it.
        shop = (problem.depot.lat, problem.depot.lon)
        planning.travel.table([shop, *((s.lat, s.lon) for run in kept.values() for s in run)])
    routes = tuple(
        routing.evaluate_route(
            problem.depot, vehicle, kept.get(vehicle.name, []), travel=planning.travel
        )
        for vehicle in problem.vehicles
    )
    on_runs = {stop.key for stops in kept.values() for stop in stops}
    reasons = dict(runs.leftovers(db, day))
    unassigned = tuple(
        routing.Unassigned(stop, _left_out_reason(stop, reasons))
        for stop in problem.stops
        if stop.key not in on_runs
    )
    return planning, routing.Plan(routes=routes, unassigned=unassigned)


def set_lock(
    planning: PlanningInput,
    *,
    locked: bool,
    stop_key: str | None = None,
    vehicle: str | None = None,
) -> PlanningInput:
    """The same input with one stop or one whole run locked or unlocked.

    `commit` stores the flags with the plan; the next `prepare` pins what is locked.
    """
    if (stop_key is None) == (vehicle is None):
        raise ValueError("give exactly one of stop_key or vehicle")

    def toggled(current: frozenset[str], name: str) -> frozenset[str]:
        return current | {name} if locked else current - {name}

    if stop_key is not None:
        return replace(planning, locked_stop_keys=toggled(planning.locked_stop_keys, stop_key))
    assert vehicle is not None
    return replace(planning, locked_vehicles=toggled(planning.locked_vehicles, vehicle))


NOT_PLANNED_YET = "not planned yet"


def _left_out_reason(stop: routing.Stop, reasons: dict[str, str]) -> str:
    for tracking_id in stop.tracking_ids:
        if tracking_id in reasons:
            return reasons[tracking_id]
    return NOT_PLANNED_YET


def configured_settings(db: sqlite_utils.Database) -> ShopSettings:
    settings = load_settings(db)
    if not settings.configured:
        raise BadInput("set up the shop first (its location is the start of every run)")
    return settings


def _editable_runs(db: sqlite_utils.Database, day: date) -> list[runs.RunView]:
    return [run for run in runs.runs_of_day(db, day) if run.state == runs.EDITABLE]


def _read_day(
    db: sqlite_utils.Database,
    day: date,
    settings: ShopSettings,
    editable: list[runs.RunView],
    chosen: list[driver_store.Driver],
    *,
    keep_all: bool,
) -> tuple[PlanningInput, dict[str, list[routing.Stop]]]:
    """The day's stops and locks. Saved stops that are locked (or, with `keep_all`, every
    saved stop) keep their key and run; the other plannable parcels are grouped afresh.
    Returns the input and the kept stops per driver, in run order."""
    parcels = {p["tracking_id"]: p for p in plannable_parcels(db, day)}
    stops: list[routing.Stop] = []
    kept: dict[str, list[routing.Stop]] = {}
    locks: list[routing.Lock | routing.LockedRoute] = []
    own_locks: set[str] = set()
    taken: set[str] = set()
    for run in editable:
        pinned = []
        for stop in run.stops:
            locked = run.locked or stop.locked
            ids = tuple(p["tracking_id"] for p in stop.parcels if p["tracking_id"] in parcels)
            if not (ids and (keep_all or locked)):
                continue
            made = stop_from_store(stop, ids, parcels, day, settings)
            stops.append(made)
            kept.setdefault(run.driver, []).append(made)
            taken.update(ids)
            if locked:
                pinned.append(stop.stop_key)
            if stop.locked:
                own_locks.add(stop.stop_key)
        if run.locked and pinned:
            locks.append(routing.LockedRoute(run.driver, tuple(pinned)))
        else:
            locks.extend(routing.Lock(key, run.driver) for key in pinned)
    drops = [
        _drop(parcel, day, settings)
        for tracking_id, parcel in parcels.items()
        if tracking_id not in taken
    ]
    stops += routing.group_stops(
        drops, base_s=settings.service_base_s, per_extra_s=settings.service_per_parcel_s
    )
    problem = routing.Problem(
        depot=routing.Depot(*settings.location),
        stops=tuple(stops),
        vehicles=tuple(vehicle_of(driver) for driver in chosen),
        radius_mi=settings.radius_mi,
        locks=tuple(locks),
    )
    travel, street_map = area.travel_for(db, settings)
    planning = PlanningInput(
        day=day,
        settings=settings,
        problem=problem,
        travel=travel,
        locked_stop_keys=frozenset(own_locks),
        locked_vehicles=frozenset(r.driver for r in editable if r.locked),
        street_map=street_map.source,
        note=street_map.note,
        locations={
            t: (p["location_precision"] or "given", p["location_warning"] or "")
            for t, p in parcels.items()
        },
    )
    return planning, kept


def _busy_drivers(db: sqlite_utils.Database, day: date) -> dict[str, str]:
    """Drivers whose run of the day has left the shelf (loading or out): name -> why."""
    return {
        run.driver: f"{run.driver} is {run.state} on run {run.number}"
        for run in runs.runs_of_day(db, day)
        if run.state in ("loading", "out")
    }


def _chosen_drivers(
    db: sqlite_utils.Database,
    names: Sequence[str] | None,
    must: list[str],
    busy: dict[str, str],
) -> list[driver_store.Driver]:
    """The cars of the plan: all free drivers by default (a loaded run keeps its parcels and
    its order, unless the owner asks for a new order: `store.run_order`; its driver is
    planned again once back), or the named ones."""
    if names is None:
        chosen = [driver for driver in driver_store.all_drivers(db) if driver.name not in busy]
    else:
        chosen = [driver_store.get(db, name) for name in names]
        taken = [busy[driver.name] for driver in chosen if driver.name in busy]
        if taken:
            raise BadInput(f"{taken[0]}: plan them after they return")
    known = {driver.name for driver in chosen}
    chosen += [driver_store.get(db, name) for name in must if name not in known]
    if not chosen:
        raise BadInput("no drivers to plan with: add one (drivers add NAME --capacity ...)")
    return chosen


def vehicle_of(driver: driver_store.Driver) -> routing.Vehicle:
    return routing.Vehicle(
        name=driver.name,
        capacity_parcels=driver.capacity_parcels,
        capacity_weight_lb=driver.capacity_weight_lb,
        shift_start_s=hhmm_to_seconds(driver.shift_start),
        shift_end_s=hhmm_to_seconds(driver.shift_end),
    )


def _window(parcel: dict) -> tuple[int, int] | None:
    if parcel["window_start"] and parcel["window_end"]:
        return hhmm_to_seconds(parcel["window_start"]), hhmm_to_seconds(parcel["window_end"])
    return None


def _label(parcel: dict) -> str:
    return f"{parcel['recipient_name']}, {parcel['address_line1']}".strip(", ")


def _drop(parcel: dict, day: date, settings: ShopSettings) -> routing.ParcelDrop:
    return routing.ParcelDrop(
        tracking_id=parcel["tracking_id"],
        lat=parcel["latitude"],
        lon=parcel["longitude"],
        weight_lb=parcel["weight_lb"] or 0.0,
        window=_window(parcel),
        due=_is_due(parcel, day),
        label=_label(parcel),
        address_key=locate.door_key(parcel),
    )


def stop_from_store(
    stop: runs.StopView,
    ids: tuple[str, ...],
    parcels: dict[str, dict],
    day: date,
    settings: ShopSettings,
) -> routing.Stop:
    members = [parcels[t] for t in ids]
    return routing.Stop(
        key=stop.stop_key,
        lat=stop.latitude,
        lon=stop.longitude,
        tracking_ids=ids,
        service_s=routing.service_seconds(
            len(ids), settings.service_base_s, settings.service_per_parcel_s
        ),
        weight_lb=sum(p["weight_lb"] or 0.0 for p in members),
        window=stop.window,
        due=any(_is_due(p, day) for p in members),
        label=stop.label or _label(members[0]),
    )


MIN_SEARCH_SHARE = 0.25  # of a plan's budget, however long the road check took


def solve(
    planning: PlanningInput,
    *,
    seconds: float,
    seed: int = 0,
    iterations: int | None = None,
    workers: int | None = None,
    on_progress: Callable[[routing.Progress], None] | None = None,
    cancel: routing.CancelSignal | None = None,
) -> routing.Plan:
    """Run the planner; touches no database, so it may run in a worker thread. `workers`:
    searches side by side (None: two when a core is free, see routing.parallel).

    On a street map, stops no car can reach on its roads (far from any road, or cut off from
    the shop) are set aside first with their reason, never planned on a made-up number.
    `seconds` counts from this call, the road check (the day's OSRM table) included; the
    search keeps at least `MIN_SEARCH_SHARE` of it."""
    started = time.monotonic()
    checked = check_on_roads(planning.problem, planning.travel)
    if checked.shop:
        raise BadInput(
            f"cannot plan on the street map: {checked.shop}; check the shop's location or "
            "import the street map again"
        )
    if seconds > 0:  # a budget that is not is refused by routing.plan, in its own words
        seconds = max(seconds * MIN_SEARCH_SHARE, seconds - (time.monotonic() - started))
    plan = routing.plan(
        checked.problem,
        seconds=seconds,
        seed=seed,
        iterations=iterations,
        workers=workers,
        on_progress=on_progress,
        cancel=cancel,
        travel=planning.travel,
    )
    return replace(plan, unassigned=plan.unassigned + checked.set_aside)


def to_records(
    planning: PlanningInput, plan: routing.Plan
) -> tuple[list[runs.RunRecord], dict[str, str]]:
    """The plan as the store keeps it: runs with timed stops, and what was left out, why."""
    records = [
        run_record(
            route,
            locked_stop_keys=planning.locked_stop_keys,
            locked=route.vehicle.name in planning.locked_vehicles,
            street_map=planning.street_map,
        )
        for route in plan.routes
        if route.visits
    ]
    left_out = {
        tracking_id: item.reason
        for item in plan.unassigned
        for tracking_id in item.stop.tracking_ids
    }
    return records, left_out


def run_record(
    route: routing.Route,
    *,
    locked_stop_keys: frozenset[str],
    locked: bool,
    street_map: str | None = None,
) -> runs.RunRecord:
    """One timed route as the store keeps a run: its breaches on the stops they concern."""
    stop_breaches: dict[str, list[str]] = {}
    run_breaches = []
    for breach in route.breaches:
        if breach.stop_key is None:
            run_breaches.append(breach.message)
        else:
            stop_breaches.setdefault(breach.stop_key, []).append(breach.message)
    stops = tuple(
        runs.StopRecord(
            stop_key=visit.stop.key,
            latitude=visit.stop.lat,
            longitude=visit.stop.lon,
            tracking_ids=visit.stop.tracking_ids,
            arrival_s=visit.arrival_s,
            start_s=visit.start_s,
            depart_s=visit.depart_s,
            service_s=visit.stop.service_s,
            window=visit.stop.window,
            leg_mi=visit.leg_mi,
            label=visit.stop.label,
            locked=visit.stop.key in locked_stop_keys,
            breaches=tuple(stop_breaches.get(visit.stop.key, ())),
        )
        for visit in route.visits
    )
    return runs.RunRecord(
        driver=route.vehicle.name,
        stops=stops,
        distance_mi=route.distance_mi,
        duration_s=route.duration_s,
        start_s=route.start_s,
        end_s=route.end_s,
        locked=locked,
        breaches=tuple(run_breaches),
        street_map=street_map,
    )


def commit(
    db: sqlite_utils.Database,
    actor: Actor,
    planning: PlanningInput,
    plan: routing.Plan,
    *,
    at: datetime | None = None,
    expected_version: str | None = None,
) -> list[int]:
    """Save the plan as the day's runs (one transaction); returns the run ids. See
    `runs.save_plan` for `expected_version` (refuses a plan changed at another counter)."""
    records, left_out = to_records(planning, plan)
    saved = runs.save_plan(
        db, actor, planning.day, records, left_out, at=at, expected_version=expected_version
    )
    log.info(
        "plan saved for %s: %d runs, %d stops, %d parcels left out",
        planning.day, len(saved), sum(len(r.visits) for r in plan.routes), len(left_out),
    )  # fmt: skip
    return saved
