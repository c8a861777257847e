"""Time a run: from an ordered list of stops to times at the door, miles, load and breaches.

The solver's runs and the owner's hand-edited runs go through this one function, so the
figures on screen and on the printed manifest are computed the same way whoever made the
order, and a breach is always shown rather than hidden.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import pairwise

import numpy as np

from routing.model import Breach, Depot, Route, Stop, Vehicle, Visit, clock
from routing.travel import GreatCircleTravel, TravelModel

DEFAULT_TRAVEL = GreatCircleTravel()


def whole_seconds(duration: np.ndarray) -> np.ndarray:
    """Round a duration matrix to whole seconds, as both the solver and the ETAs use it."""
    return np.rint(np.asarray(duration, dtype=float)).astype(np.int64)


def evaluate_route(
    depot: Depot,
    vehicle: Vehicle,
    stops: Sequence[Stop],
    *,
    travel: TravelModel = DEFAULT_TRAVEL,
    start_s: int | None = None,
) -> Route:
    """Recompute a run driven in exactly this order: legs, ETAs, duration, load and breaches.

    The car leaves the shop at ``start_s`` (default: the departure that makes the run
    shortest, see ``best_departure``), waits where it arrives before a window opens, and
    drives back to the shop after the last stop.
    """
    points = [(depot.lat, depot.lon), *((s.lat, s.lon) for s in stops)]
    distance, duration = travel.matrices(points)
    order = list(range(1, len(stops) + 1))
    return route_from_matrices(
        vehicle, stops, order, np.asarray(distance, float), whole_seconds(duration), start_s
    )


def best_departure(vehicle: Vehicle, stops: Sequence[Stop], drives: Sequence[int]) -> int:
    """When to leave the shop: as late as helps, so that waits at doors become a later start.

    Leaving at the shift start, the car waits W seconds in all at doors whose window is not
    open yet. Leaving up to W later shortens the run by as much, as long as no stop is pushed
    past its window's end (nor further past it, if it is late already) and the car leaves
    before the shift ends. This is the start PyVRP's schedule takes (the earliest departure
    of least duration), so the planner's costs and the times shown agree.
    ``drives[i]`` is the drive to stop i (``drives[0]`` from the shop).
    """
    shift_start = vehicle.shift_start_s
    clock_s = shift_start
    waited = 0  # waits so far, which a later departure would absorb
    room = vehicle.shift_end_s - shift_start
    for stop, drive in zip(stops, drives, strict=False):
        arrival = clock_s + drive
        begin = arrival if stop.window is None else max(arrival, stop.window[0])
        waited += begin - arrival
        if stop.window is not None:
            room = min(room, waited + max(0, stop.window[1] - begin))
        clock_s = begin + stop.service_s
    return shift_start + max(0, min(waited, room))


def route_from_matrices(
    vehicle: Vehicle,
    stops: Sequence[Stop],
    order: Sequence[int],
    distance_mi: np.ndarray,
    duration_s: np.ndarray,
    start_s: int | None = None,
) -> Route:
    """Time a run given matrices over [depot, ...]; ``order[i]`` is stop i's matrix index.

    The one schedule of the product: the planner's runs, hand edits and re-plans are all
    timed here, so a screen, a manifest and ``plan --json`` show the same times.
    """
    if len(order) != len(stops):
        raise ValueError("order must give one matrix index per stop")
    indices = [0, *order, 0]
    legs = [float(distance_mi[a, b]) for a, b in pairwise(indices)]
    drives = [int(duration_s[a, b]) for a, b in pairwise(indices)]
    depart = best_departure(vehicle, stops, drives) if start_s is None else start_s

    visits: list[Visit] = []
    breaches: list[Breach] = []
    clock_s = depart
    for stop, leg, drive in zip(stops, legs, drives, strict=False):
        arrival = clock_s + drive
        begin = arrival if stop.window is None else max(arrival, stop.window[0])
        clock_s = begin + stop.service_s
        visits.append(Visit(stop, arrival, begin, clock_s, leg))
        if stop.window is not None and begin > stop.window[1]:
            breaches.append(_late(stop, begin - stop.window[1]))
    end = clock_s + drives[-1]

    load = sum(s.parcels for s in stops)
    weight = float(sum(s.weight_lb for s in stops))
    breaches.extend(_over_load(vehicle, load, weight))
    if end > vehicle.shift_end_s:
        breaches.append(Breach("shift", f"past shift end by {_minutes(end - vehicle.shift_end_s)}"))
    if not stops:
        end = depart
    return Route(
        vehicle=vehicle,
        visits=tuple(visits),
        distance_mi=sum(legs) if stops else 0.0,
        duration_s=end - depart,
        load_parcels=load,
        load_weight_lb=weight,
        start_s=depart,
        end_s=end,
        breaches=tuple(breaches),
    )


def _late(stop: Stop, seconds: int) -> Breach:
    assert stop.window is not None
    window = f"{clock(stop.window[0])}–{clock(stop.window[1])}"
    return Breach("window", f"late for window {window} by {_minutes(seconds)}", stop.key)


def _over_load(vehicle: Vehicle, load: int, weight: float) -> list[Breach]:
    found = []
    if load > vehicle.capacity_parcels:
        extra = load - vehicle.capacity_parcels
        found.append(Breach("capacity", f"over capacity by {extra} parcel{'s' * (extra != 1)}"))
    limit = vehicle.capacity_weight_lb
    if limit is not None and weight > limit + 1e-9:
        found.append(Breach("weight", f"over the weight limit by {math.ceil(weight - limit)} lb"))
    return found


def _minutes(seconds: int) -> str:
    """Whole minutes, rounded up so that a breach of a few seconds still reads as one."""
    return f"{max(1, math.ceil(seconds / 60))} min"
