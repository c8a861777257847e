"""The owner's hand edits on a plan: move a stop, reorder a run, lock what should stay.

Each edit returns a new plan whose changed runs are timed again by ``evaluate_route``, so the
owner sees the miles, ETAs and any breach ("late for window 10:00–11:00 by 12 min") the edit
causes; nothing is refused or hidden. To re-plan around the edits, turn them into locks
(``lock_stops``, ``lock_route``), put those on the problem and call ``plan`` again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from routing.model import Depot, Lock, LockedRoute, Plan, Route, Stop, Unassigned
from routing.schedule import DEFAULT_TRAVEL, evaluate_route
from routing.travel import TravelModel

REMOVED_BY_HAND = "taken off the plan by hand"


def move_stop(
    plan: Plan,
    depot: Depot,
    stop_key: str,
    to_vehicle: str | None,
    position: int | None = None,
    *,
    travel: TravelModel = DEFAULT_TRAVEL,
) -> Plan:
    """Move a stop (planned or unassigned) to ``to_vehicle`` at ``position`` (default: last).

    ``to_vehicle=None`` takes the stop off the plan; it is listed as unassigned.
    """
    stop = _find_stop(plan, stop_key)
    names = [r.vehicle.name for r in plan.routes]
    if to_vehicle is not None and to_vehicle not in names:
        raise ValueError(f"to_vehicle {to_vehicle!r} is not a run of this plan")
    routes = []
    for route in plan.routes:
        stops = [v.stop for v in route.visits if v.stop.key != stop_key]
        if route.vehicle.name == to_vehicle:
            at = len(stops) if position is None else position
            if not 0 <= at <= len(stops):
                raise ValueError(f"position must lie in 0..{len(stops)}, got {position}")
            stops.insert(at, stop)
        changed = [v.stop for v in route.visits] != stops
        routes.append(_timed(route, stops, depot, travel) if changed else route)
    unassigned = [u for u in plan.unassigned if u.stop.key != stop_key]
    if to_vehicle is None:
        unassigned.append(Unassigned(stop, REMOVED_BY_HAND))
    return replace(plan, routes=tuple(routes), unassigned=tuple(unassigned))


def reorder(
    plan: Plan,
    depot: Depot,
    vehicle: str,
    stop_keys: Sequence[str],
    *,
    travel: TravelModel = DEFAULT_TRAVEL,
) -> Plan:
    """Drive ``vehicle``'s run in the order given by ``stop_keys`` (the same stops)."""
    route = _route(plan, vehicle)
    by_key = {v.stop.key: v.stop for v in route.visits}
    if sorted(stop_keys) != sorted(by_key):
        raise ValueError(f"stop_keys must list exactly the stops of {vehicle!r}'s run")
    new = _timed(route, [by_key[k] for k in stop_keys], depot, travel)
    routes = tuple(new if r.vehicle.name == vehicle else r for r in plan.routes)
    return replace(plan, routes=routes)


def lock_stops(plan: Plan, stop_keys: Iterable[str]) -> tuple[Lock, ...]:
    """Locks that keep these planned stops on their current car, in their current order."""
    wanted = set(stop_keys)
    locks = [
        Lock(v.stop.key, route.vehicle.name)
        for route in plan.routes
        for v in route.visits
        if v.stop.key in wanted
    ]
    missing = wanted - {lock.stop_key for lock in locks}
    if missing:
        raise ValueError(f"cannot lock stops that are not planned: {sorted(missing)}")
    return tuple(locks)


def lock_route(plan: Plan, vehicle: str) -> LockedRoute:
    """A lock that freezes ``vehicle``'s run exactly as it is in this plan."""
    return LockedRoute(vehicle, _route(plan, vehicle).stop_keys)


def _timed(route: Route, stops: list[Stop], depot: Depot, travel: TravelModel) -> Route:
    return evaluate_route(depot, route.vehicle, stops, travel=travel)


def _route(plan: Plan, vehicle: str) -> Route:
    for route in plan.routes:
        if route.vehicle.name == vehicle:
            return route
    raise ValueError(f"vehicle {vehicle!r} is not a run of this plan")


def _find_stop(plan: Plan, stop_key: str) -> Stop:
    for route in plan.routes:
        for visit in route.visits:
            if visit.stop.key == stop_key:
                return visit.stop
    for item in plan.unassigned:
        if item.stop.key == stop_key:
            return item.stop
    raise ValueError(f"stop_key {stop_key!r} is neither planned nor unassigned in this plan")
