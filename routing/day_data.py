"""Translate a shop day into PyVRP's integer problem data.

PyVRP wants whole numbers: distances go in as thousandths of a mile, times as seconds since
midnight, weight as tenths of a pound. The cost of a run is its miles plus its hours (from
leaving the shop to coming back, waits included) times the problem's ``hour_cost_mi``; a
run may leave the shop later than the shift starts, so that a wait for a window becomes a
later start. Required stops must be served; the others carry a prize larger than any detour
to them, so the search serves as many as fit and drops what does not. A stop locked to a
car is made unreachable (at a prohibitive distance) for every other car.

Time goes into the edges. A run's hours are its drives, its hand-overs and its waits; the
first two belong to the legs (a leg's drive, and the hand-over at the stop it leads to), so
the engine's "distance" matrix holds each leg's whole cost (miles and minutes) and only the
waits are left to PyVRP's duration cost. The plan's cost is the same, but PyVRP's local
search can then reject a bad move from its legs alone: its quick bound ignores the duration
cost of the changed runs, so with the hours on the duration side it had to time nearly every
move in full (4 × fewer iterations on road days without windows, and plans 0.1–0.5 %
dearer at equal CPU; bench/ROUTING.md). A day without windows never waits, so its whole cost is in
the legs. On a window day PyVRP cannot price a wait apart from the run's duration, so there
the legs hold the miles and the duration cost the hours, as a PyVRP user would write it.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np
from pyvrp import Client, Depot, Location, ProblemData, Solution, VehicleType

from routing.engine import length
from routing.model import HOUR_COST_MI, Stop, Vehicle

MILLI = 1000  # engine distance unit: 1/1000 mile
WEIGHT_UNIT = 10  # engine weight unit: 1/10 lb
UNLIMITED = 10**12
FORBIDDEN = 10**9  # a million miles: no search keeps such an edge in a plan
#: Cost units: a thousandth of a mile costs DISTANCE_COST, a second 10 × hour_cost_mi, so an
#: hour costs exactly hour_cost_mi miles (3600 × 10 × h = 1000 × 36 × h).
DISTANCE_COST = 36
DURATION_COST_PER_HOUR_MI = 10


def duration_cost(hour_cost_mi: float) -> int:
    """PyVRP's unit_duration_cost for an hour worth ``hour_cost_mi`` miles (to 0.1 mile)."""
    return round(DURATION_COST_PER_HOUR_MI * hour_cost_mi)


@dataclass(frozen=True, slots=True)
class DayData:
    """The engine's problem data and how its clients and vehicle types map back to ours."""

    data: ProblemData
    stop_of_client: tuple[int, ...]  # client i is problem stop stop_of_client[i]
    vehicle_of_type: tuple[int, ...]  # vehicle type k is problem vehicle vehicle_of_type[k]
    milli_miles: np.ndarray  # over [shop, *candidates]: the legs' length, for progress reports

    def miles(self, solution: Solution) -> float:
        """The miles a solution of ``data`` drives."""
        return length(solution, self.milli_miles) / MILLI


def build_day_data(
    stops: Sequence[Stop],
    vehicles: Sequence[Vehicle],
    candidates: Sequence[int],
    free_vehicles: Sequence[int],
    pinned: dict[int, int],
    distance_mi: np.ndarray,
    duration_s: np.ndarray,
    *,
    required: set[int],
    hour_cost_mi: float = HOUR_COST_MI,
    due: Collection[int] = (),
) -> DayData:
    """Build the engine's data for ``candidates`` (stop indices) and ``free_vehicles``.

    Matrices are over [shop, *stops]. ``pinned`` maps a stop index to the only vehicle index
    allowed to serve it; ``required`` are the stop indices that must be served. A stop not
    required carries a prize: those in ``due`` one worth any detour and any wait per parcel
    (``due_prize``; so when not every due stop fits, due parcels go before optional ones),
    the others one worth any detour without a wait (``detour_prize``).
    """
    nodes = [0, *(i + 1 for i in candidates)]
    dist = np.rint(np.asarray(distance_mi, float)[np.ix_(nodes, nodes)] * MILLI).astype(np.int64)
    dur = np.asarray(duration_s, np.int64)[np.ix_(nodes, nodes)]
    with_weight = any(vehicles[v].capacity_weight_lb is not None for v in free_vehicles)
    per_second = duration_cost(hour_cost_mi)
    prize = detour_prize(dist, dur, [stops[i] for i in candidates], per_second)
    due_set = set(due)
    big_prize = due_prize(prize, [vehicles[v] for v in free_vehicles], per_second)
    clients = [
        _client(
            stops[i],
            n + 1,
            with_weight,
            i in required,
            big_prize * stops[i].parcels if i in due_set else prize,
        )
        for n, i in enumerate(candidates)
    ]
    locations = [Location(x=0.0, y=0.0)] + [
        Location(x=stops[i].lon, y=stops[i].lat) for i in candidates
    ]
    service = np.array([0, *(stops[i].service_s for i in candidates)], np.int64)
    windows = any(stops[i].window is not None for i in candidates)
    wait_cost = per_second if windows else 0  # the duration cost: zero when no run waits
    legs = DISTANCE_COST * dist + (per_second - wait_cost) * (dur + service[None, :])
    np.fill_diagonal(legs, 0)
    matrices = [legs]
    profile_of_vehicle = dict.fromkeys(free_vehicles, 0)
    if pinned:
        matrices, profile_of_vehicle = _pinned_profiles(legs, candidates, free_vehicles, pinned)
    types = [
        _vehicle_type(vehicles[v], with_weight, profile_of_vehicle[v], wait_cost, name=str(v))
        for v in free_vehicles
    ]
    durations = [dur] * len(matrices)
    data = ProblemData(locations, clients, [Depot(location=0)], types, matrices, durations)  # type: ignore[arg-type]  # PyVRP's stub says ndarray[int]: a shape no array has
    return DayData(data, tuple(candidates), tuple(free_vehicles), dist)


def detour_prize(dist: np.ndarray, dur: np.ndarray, stops: Sequence[Stop], per_second: int) -> int:
    """A prize larger than the cost of any detour to one stop (two longest legs and the
    longest hand-over), so that an optional stop is served whenever it fits without a wait."""
    longest_service = max((s.service_s for s in stops), default=0)
    return (
        DISTANCE_COST * 2 * int(dist.max(initial=0))
        + per_second * (2 * int(dur.max(initial=0)) + longest_service)
        + 1
    )


def due_prize(detour: int, vehicles: Sequence[Vehicle], per_second: int) -> int:
    """A prize for a due stop: any detour, plus waiting the longest shift at its door, plus
    one mile — leaving a due stop out never pays while it fits."""
    longest_shift = max((v.shift_end_s - v.shift_start_s for v in vehicles), default=0)
    return detour + per_second * longest_shift + DISTANCE_COST * MILLI


def _client(stop: Stop, location: int, with_weight: bool, required: bool, prize: int) -> Client:
    demand = [stop.parcels]
    if with_weight:
        demand.append(math.ceil(stop.weight_lb * WEIGHT_UNIT - 1e-9))  # never under-count
    early, late = stop.window if stop.window is not None else (0, np.iinfo(np.int64).max)
    return Client(
        location=location,
        delivery=demand,
        service_duration=stop.service_s,
        tw_early=early,
        tw_late=late,
        prize=0 if required else prize,
        required=required,
        name=stop.key,
    )


def _vehicle_type(
    vehicle: Vehicle, with_weight: bool, profile: int, wait_cost: int, name: str
) -> VehicleType:
    capacity = [vehicle.capacity_parcels]
    if with_weight:
        limit = vehicle.capacity_weight_lb
        capacity.append(UNLIMITED if limit is None else math.floor(limit * WEIGHT_UNIT + 1e-9))
    return VehicleType(
        num_available=1,
        capacity=capacity,
        tw_early=vehicle.shift_start_s,  # the run may leave later: start_late is the shift end
        tw_late=vehicle.shift_end_s,
        unit_distance_cost=1,  # the legs' matrix holds costs (miles and minutes)
        unit_duration_cost=wait_cost,
        profile=profile,
        name=name,
    )


def _pinned_profiles(
    dist: np.ndarray,
    candidates: Sequence[int],
    free_vehicles: Sequence[int],
    pinned: dict[int, int],
) -> tuple[list[np.ndarray], dict[int, int]]:
    """One leg matrix per car, in which stops pinned to other cars cost a fortune."""
    node_of_stop = {stop: n + 1 for n, stop in enumerate(candidates)}
    matrices = []
    for vehicle in free_vehicles:
        matrix = dist.copy()
        for stop, owner in pinned.items():
            if owner != vehicle and stop in node_of_stop:
                matrix[:, node_of_stop[stop]] = FORBIDDEN * DISTANCE_COST
                matrix[node_of_stop[stop], node_of_stop[stop]] = 0
        matrices.append(matrix)
    return matrices, {v: k for k, v in enumerate(free_vehicles)}
