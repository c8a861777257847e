"""Plan the day: ``plan(problem, seconds=...)`` turns stops and cars into runs.

Steps: compute travel matrices; set aside stops no car could serve (with reasons); freeze
locked runs; search with PyVRP on both cores (days of 200+ stops from a sweep start, see
``construction``); put locked stops back in their locked order;
time every run with the same function the manual edits use.

Due stops come first. The search first requires every stop (an ordinary day fits, and the
search converges fastest so); if that finds nothing feasible within its share of the budget,
due stops are required and optional ones carry a prize; if even the due stops do not all
fit, the rest of the budget plans as many due stops as fit and the optional ones wait.
Whatever is left out is listed with its reason.

Determinism: with ``iterations=`` and no binding time limit the result depends only on the
problem and the seed. With a time budget the search does as many iterations as the machine
allows, so results can differ between machines and runs.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from pyvrp import Solution

from routing.construction import sweep_start
from routing.day_data import MILLI, DayData, build_day_data
from routing.engine import Budget, SearchConfig, Snapshot, missing_due, objective
from routing.model import (
    Lock,
    LockedRoute,
    Plan,
    Problem,
    Progress,
    Route,
    Unassigned,
    Vehicle,
)
from routing.parallel import search_in_parallel, spare_workers
from routing.schedule import DEFAULT_TRAVEL, route_from_matrices, whole_seconds
from routing.screening import screen
from routing.travel import TravelModel

CancelSignal = Callable[[], bool] | threading.Event
NO_ROOM_DUE = "due today but no room left in today's shifts"
NO_ROOM_OPTIONAL = "optional today: no room left in today's shifts"
NEEDS_TIME_DUE = (
    "due today: needs more time (no plan with it was found in {seconds:g} s; "
    "plan again with a longer budget)"
)
STOPPED_DUE = "due today: planning was stopped before a place was found for it"
PROGRESS_EVERY_S = 0.1
SWEEP_FROM_STOPS = 200  # larger days start from a sweep, not a random plan (bench/ROUTING.md)


@dataclass(frozen=True, slots=True)
class _Day:
    """A problem with its matrices and the split the locks impose."""

    problem: Problem
    distance_mi: np.ndarray  # over [shop, *stops]
    duration_s: np.ndarray
    frozen: dict[int, tuple[int, ...]]  # vehicle index -> stop indices of its locked run
    pinned: dict[int, int]  # stop index -> vehicle index (Lock)
    pinned_order: dict[int, tuple[int, ...]]  # vehicle index -> its pinned stops, in order


def plan(
    problem: Problem,
    *,
    seconds: float,
    seed: int = 0,
    iterations: int | None = None,
    workers: int | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    cancel: CancelSignal | None = None,
    travel: TravelModel = DEFAULT_TRAVEL,
    cpu_budget: bool = False,
) -> Plan:
    """Plan the day's runs within ``seconds`` of wall-clock time (and ``iterations``, if given).

    ``workers`` searches run side by side (one in this thread, the others in helper
    processes); None (the default) runs two when a core is free and one when the PC is busy
    (``parallel.spare_workers``). ``on_progress`` is called from this
    thread about ten times a second. ``cancel`` (a callable or a threading.Event) stops the
    search within a fraction of a second; the best plan found so far is returned.
    Call from a worker thread, not the GUI thread: the call blocks for up to ``seconds``.
    ``cpu_budget`` counts the search's ``seconds`` in this process's CPU time instead (one
    worker only): the benchmarks compare searches at equal CPU on a shared machine.
    """
    started = time.monotonic()
    if workers is None:
        workers = 1 if cpu_budget else spare_workers()
    _check_arguments(seconds, seed, iterations, workers)
    if cpu_budget and workers != 1:
        raise ValueError("cpu_budget needs workers=1 (helpers have CPU clocks of their own)")
    should_stop = _stop_signal(cancel)
    day = _prepare(problem, travel)

    frozen_stops = {i for run in day.frozen.values() for i in run}
    free_vehicles = [v for v in range(len(problem.vehicles)) if v not in day.frozen]
    allowed = [
        [problem.vehicles[day.pinned[i]]]
        if i in day.pinned
        else [problem.vehicles[v] for v in free_vehicles]
        for i in range(len(problem.stops))
    ]
    movable = [i for i in range(len(problem.stops)) if i not in frozen_stops]
    screened = screen(
        problem.depot,
        [problem.stops[i] for i in movable],
        problem.radius_mi,
        [allowed[i] for i in movable],
        day.duration_s[np.ix_([0, *(i + 1 for i in movable)], [0, *(i + 1 for i in movable)])],
    )
    candidates = [movable[c] for c in screened.candidates]
    rejected = [_locked_reason(day, problem, u) for u in screened.rejected]

    why = _Reasons(day, candidates, free_vehicles, seconds, should_stop)
    searched = candidates if why.shortage is None else [i for i in candidates if why.is_due(i)]
    budget = (
        Budget(time.process_time() + seconds, iterations, clock=time.process_time)
        if cpu_budget
        else Budget(started + seconds, iterations)
    )
    solution, day_data, used = _search(
        day, searched, free_vehicles, budget, seed, workers, should_stop, on_progress, started,
        seconds,
    )  # fmt: skip
    routes, dropped = _routes(day, day_data, solution, free_vehicles, candidates, why)
    return Plan(
        routes=tuple(routes),
        unassigned=tuple(rejected + dropped),
        elapsed_s=time.monotonic() - started,
        iterations=used,
    )


def _check_arguments(seconds: float, seed: int, iterations: int | None, workers: int) -> None:
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or not seconds > 0:
        raise ValueError(f"seconds must be a positive number, got {seconds!r}")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a whole number ≥ 0, got {seed!r}")
    if iterations is not None and (
        isinstance(iterations, bool) or not isinstance(iterations, int) or iterations < 1
    ):
        raise ValueError(f"iterations must be a whole number ≥ 1 or None, got {iterations!r}")
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers must be a whole number ≥ 1, got {workers!r}")


def _stop_signal(cancel: CancelSignal | None) -> Callable[[], bool]:
    if cancel is None:
        return lambda: False
    if isinstance(cancel, threading.Event):
        return cancel.is_set
    if callable(cancel):
        return cancel
    raise ValueError("cancel must be a callable returning bool, a threading.Event, or None")


def _prepare(problem: Problem, travel: TravelModel) -> _Day:
    points = [(problem.depot.lat, problem.depot.lon), *((s.lat, s.lon) for s in problem.stops)]
    distance, duration = travel.matrices(points)
    stop_index = {s.key: i for i, s in enumerate(problem.stops)}
    vehicle_index = {v.name: k for k, v in enumerate(problem.vehicles)}
    frozen: dict[int, tuple[int, ...]] = {}
    pinned: dict[int, int] = {}
    order: dict[int, list[int]] = {}
    for lock in problem.locks:
        vehicle = vehicle_index[lock.vehicle]
        if isinstance(lock, LockedRoute):
            frozen[vehicle] = tuple(stop_index[k] for k in lock.stop_keys)
        elif isinstance(lock, Lock):
            pinned[stop_index[lock.stop_key]] = vehicle
            order.setdefault(vehicle, []).append(stop_index[lock.stop_key])
    return _Day(
        problem=problem,
        distance_mi=np.asarray(distance, float),
        duration_s=whole_seconds(duration),
        frozen=frozen,
        pinned=pinned,
        pinned_order={v: tuple(s) for v, s in order.items()},
    )


def _locked_reason(day: _Day, problem: Problem, rejected: Unassigned) -> Unassigned:
    index = problem.stops.index(rejected.stop)
    if index not in day.pinned:
        return rejected
    name = problem.vehicles[day.pinned[index]].name
    return Unassigned(rejected.stop, f"locked to {name}, but {rejected.reason}")


def _search(
    day: _Day,
    candidates: list[int],
    free_vehicles: list[int],
    budget: Budget,
    seed: int,
    workers: int,
    should_stop: Callable[[], bool],
    on_progress: Callable[[Progress], None] | None,
    started: float,
    seconds: float,
) -> tuple[Solution | None, DayData | None, int]:
    """One search for the whole budget, in which no stop is required but each carries a prize.

    A due stop's prize is worth more than any detour and any wait its visit could cost, so
    the search leaves one out only while it finds no room for it; an optional stop's prize
    is worth any detour without a wait. Every plan the search holds is thus feasible, the
    best one is kept to the end, and a short budget yields the best plan found so far rather
    than a fallback started late (measured at equal CPU: no worse than requiring the due
    stops, and better on window days; bench/ROUTING.md).
    """
    if not candidates or not free_vehicles:
        return None, None, 0
    problem = day.problem
    due = {i for i in candidates if problem.stops[i].due or i in day.pinned}
    day_data = build_day_data(
        problem.stops, problem.vehicles, candidates, free_vehicles, day.pinned,
        day.distance_mi, day.duration_s, required=set(), due=due,
        hour_cost_mi=problem.hour_cost_mi,
    )  # fmt: skip
    due_clients = frozenset(c for c, i in enumerate(candidates) if i in due)
    outcome = search_in_parallel(
        day_data.data, budget=budget, seed=seed,
        workers=workers, config=SearchConfig(), should_stop=should_stop,
        on_progress=_Reporter(on_progress, started, seconds, due_clients, day_data),
        initials=_starts(day, day_data, candidates, workers), due_clients=due_clients,
        lengths=day_data.milli_miles,
    )  # fmt: skip
    return outcome.best, day_data, outcome.iterations


def _starts(day: _Day, day_data: DayData, stops: list[int], workers: int) -> list[Solution]:
    """Sweep starts for large days, one per worker, each turned by a fraction of a wedge.

    Small days keep PyVRP's random start (no measurable difference there). Worker k's sweep
    starts k/workers of a car's wedge further round, so that the searches begin from
    different territories.
    """
    if len(stops) < SWEEP_FROM_STOPS:
        return []
    depot = day.problem.depot
    squash = math.cos(math.radians(depot.lat))
    angles = [
        math.atan2(day.problem.stops[i].lat - depot.lat, (day.problem.stops[i].lon - depot.lon)
                   * squash)
        for i in stops
    ]  # fmt: skip
    type_of_vehicle = {v: k for k, v in enumerate(day_data.vehicle_of_type)}
    fixed = {c: type_of_vehicle[day.pinned[i]] for c, i in enumerate(stops) if i in day.pinned}
    wedge = 2 * math.pi / len(day_data.vehicle_of_type)
    return [
        sweep_start(day_data.data, angles, offset=wedge * k / workers, fixed_type=fixed)
        for k in range(workers)
    ]


class _Reporter:
    """Turns engine snapshots into throttled ``Progress`` reports for the caller."""

    def __init__(
        self,
        callback: Callable[[Progress], None] | None,
        started: float,
        budget: float,
        due_clients: frozenset[int],
        day_data: DayData,
    ):
        self._callback = callback
        self._day_data = day_data
        self._started = started
        self._budget = budget
        self._due = due_clients
        self._last = 0.0

    def __call__(self, snapshot: Snapshot, helpers_best: tuple[float, float]) -> None:
        if self._callback is None:
            return
        now = time.monotonic()
        if now - self._last < PROGRESS_EVERY_S and snapshot.iterations > 0 and not snapshot.final:
            return
        self._last = now
        complete = missing_due(snapshot.best, self._due) == 0
        infeasible, value = objective(snapshot.best)
        distance = None if infeasible or not complete else self._day_data.miles(snapshot.best)
        helper_value, helper_distance = helpers_best
        if helper_value < (float("inf") if distance is None else value):
            distance = helper_distance / MILLI
        self._callback(
            Progress(
                elapsed_s=now - self._started,
                budget_s=self._budget,
                iterations=snapshot.iterations,
                best_distance_mi=distance,
                feasible=distance is not None,
            )
        )


def _routes(
    day: _Day,
    day_data: DayData | None,
    solution: Solution | None,
    free_vehicles: list[int],
    candidates: list[int],
    why: _Reasons,
) -> tuple[list[Route], list[Unassigned]]:
    """Every car's run in the problem's order of cars, and the stops the search left out."""
    problem = day.problem
    orders: dict[int, list[int]] = {v: list(run) for v, run in day.frozen.items()}
    for v in free_vehicles:
        orders[v] = []
    if solution is not None and day_data is not None:
        for route in solution.routes():
            v = day_data.vehicle_of_type[route.vehicle_type()]
            orders[v] = [day_data.stop_of_client[a.idx] for a in route if a.is_client()]
    _restore_pinned_order(day, orders)

    routes = []
    for v, vehicle in enumerate(problem.vehicles):
        order = orders[v]
        stops = [problem.stops[i] for i in order]
        routes.append(
            route_from_matrices(vehicle, stops, [i + 1 for i in order], day.distance_mi,
                                day.duration_s)
        )  # fmt: skip
    planned = {i for order in orders.values() for i in order}
    dropped = [Unassigned(problem.stops[i], why(i)) for i in candidates if i not in planned]
    return routes, dropped


class _Reasons:
    """Why the search left a stop out, in words that are true.

    A due stop is said to have no room only when that is proven: the due stops hold more
    parcels (or weight) than today's free cars, or need more hours than their shifts even
    with the shortest drive to each (then optional stops are not searched at all: they wait
    while due ones do not fit). Otherwise the search simply found no plan with it in the
    time it had, and the reason says so ("needs more time").
    """

    def __init__(
        self,
        day: _Day,
        candidates: list[int],
        free_vehicles: list[int],
        seconds: float,
        cancelled: Callable[[], bool],
    ):
        self._day = day
        self._seconds = seconds
        self._cancelled = cancelled
        problem = day.problem
        due = [i for i in candidates if self.is_due(i)]
        vehicles = [problem.vehicles[v] for v in free_vehicles]
        self.shortage = _shortage(day, due, candidates, vehicles)

    def is_due(self, stop: int) -> bool:
        """Due today, or locked to a car by the owner (which makes it due)."""
        return self._day.problem.stops[stop].due or stop in self._day.pinned

    def __call__(self, stop: int) -> str:
        day = self._day
        if not self.is_due(stop):
            return NO_ROOM_OPTIONAL
        if self.shortage is not None:
            reason = f"{NO_ROOM_DUE}: {self.shortage}"
        elif self._cancelled():
            reason = STOPPED_DUE
        else:
            reason = NEEDS_TIME_DUE.format(seconds=self._seconds)
        if stop in day.pinned:
            name = day.problem.vehicles[day.pinned[stop]].name
            return f"locked to {name}; {reason}"
        return reason


def _shortage(
    day: _Day, due: list[int], candidates: list[int], vehicles: list[Vehicle]
) -> str | None:
    """A proof, in words, that today's free cars cannot take every due stop (or None)."""
    stops = [day.problem.stops[i] for i in due]
    parcels = sum(s.parcels for s in stops)
    capacity = sum(v.capacity_parcels for v in vehicles)
    if parcels > capacity:
        return f"{parcels} parcels are due and today's cars hold {capacity}"
    limits = [v.capacity_weight_lb for v in vehicles if v.capacity_weight_lb is not None]
    if vehicles and len(limits) == len(vehicles):  # every car has a weight limit
        weight = sum(s.weight_lb for s in stops)
        if weight > sum(limits) + 1e-9:
            return f"{weight:g} lb is due and today's cars carry {sum(limits):g} lb"
    nodes = [0, *(i + 1 for i in candidates)]
    duration = day.duration_s[np.ix_(nodes, nodes)].astype(float)
    np.fill_diagonal(duration, np.inf)
    position = {i: n + 1 for n, i in enumerate(candidates)}
    need = sum(day.problem.stops[i].service_s + duration[:, position[i]].min() for i in due)
    hours = sum(v.shift_end_s - v.shift_start_s for v in vehicles)
    if need > hours:
        return (
            f"the due stops need at least {need / 3600:.1f} h of driving and handing over "
            f"and today's shifts have {hours / 3600:.1f} h"
        )
    return None


def _restore_pinned_order(day: _Day, orders: dict[int, list[int]]) -> None:
    """Put each car's pinned stops back on it, in the order the owner locked them.

    The search keeps pinned stops on their car (other cars see them at a prohibitive
    distance) but may order them freely; their slots in the run are refilled in lock order,
    leaving the other stops where the search put them.
    """
    planned = {i for order in orders.values() for i in order}
    for vehicle, wanted in day.pinned_order.items():
        for other, order in orders.items():
            if other != vehicle:
                order[:] = [i for i in order if day.pinned.get(i) != vehicle]
        order = orders[vehicle]
        present = [i for i in wanted if i in planned]
        slots = [pos for pos, i in enumerate(order) if day.pinned.get(i) == vehicle]
        for pos, stop in zip(slots, present, strict=False):
            order[pos] = stop
        order.extend(present[len(slots) :])  # strays from another car go last
