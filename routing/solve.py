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
from routing.engine import Budget, SearchConfig, Snapshot, objective
from routing.model import Lock, LockedRoute, Plan, Problem, Progress, Route, Unassigned
from routing.parallel import search_in_parallel
from routing.schedule import DEFAULT_TRAVEL, route_from_matrices, whole_seconds
from routing.screening import screen
from routing.travel import TravelModel

CancelSignal = Callable[[], bool] | threading.Event
NO_ROOM_DUE = "due today but no room left in today's shifts"
NO_ROOM_OPTIONAL = "optional today: no room left in today's shifts"
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
    workers: int = 2,
    on_progress: Callable[[Progress], None] | None = None,
    cancel: CancelSignal | None = None,
    travel: TravelModel = DEFAULT_TRAVEL,
) -> Plan:
    """Plan the day's runs within ``seconds`` of wall-clock time (and ``iterations``, if given).

    ``workers`` searches run side by side (one in this thread, the others in helper
    processes); 2 uses both cores of the shop's laptop. ``on_progress`` is called from this
    thread about ten times a second. ``cancel`` (a callable or a threading.Event) stops the
    search within a fraction of a second; the best plan found so far is returned.
    Call from a worker thread, not the GUI thread: the call blocks for up to ``seconds``.
    """
    started = time.monotonic()
    _check_arguments(seconds, seed, iterations, workers)
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

    solution, day_data, used = _search(
        day, candidates, free_vehicles, seconds, seed, iterations, workers, should_stop,
        on_progress, started,
    )  # fmt: skip
    routes, dropped = _routes(day, day_data, solution, free_vehicles, candidates)
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
    seconds: float,
    seed: int,
    iterations: int | None,
    workers: int,
    should_stop: Callable[[], bool],
    on_progress: Callable[[Progress], None] | None,
    started: float,
) -> tuple[Solution | None, DayData | None, int]:
    """Search in up to three attempts, each tried only if the one before found no feasible plan.

    1. Every stop required (when there are optional ones): on an ordinary day everything
       fits, and a search without prizes converges much faster on large days.
    2. Due stops required, optional ones with a prize: as many optional stops as fit.
    3. Only due stops, none required: as many due stops as fit; optional ones wait.
    Each attempt gives up at its share of the budget if it has found nothing feasible.
    """
    if not candidates or not free_vehicles:
        return None, None, 0
    problem = day.problem
    due = {i for i in candidates if problem.stops[i].due or i in day.pinned}
    attempts = [(candidates, due), (sorted(due), set())]
    if len(due) < len(candidates):
        attempts.insert(0, (candidates, set(candidates)))
    reporter = _Reporter(on_progress, started, seconds)
    used = 0  # iterations of all searches, for the record
    spent = 0  # iterations each search has run in earlier attempts (they give up together)
    for number, (stops, required) in enumerate(attempts, start=1):
        last = number == len(attempts)
        share = number / len(attempts)
        own_share = None if iterations is None else max(spent + 1, int(iterations * share))
        budget = Budget(
            started + seconds,
            None if iterations is None else max(1, iterations - spent),
            give_up_at=None if last else started + seconds * share,
            give_up_after=None if last or own_share is None else own_share - spent,
        )
        day_data = build_day_data(
            problem.stops, problem.vehicles, stops, free_vehicles, day.pinned,
            day.distance_mi, day.duration_s, required=required,
        )  # fmt: skip
        outcome = search_in_parallel(
            day_data.data, budget=budget, seed=seed, workers=workers,
            config=SearchConfig(), should_stop=should_stop, on_progress=reporter,
            initials=_starts(day, day_data, stops, workers),
        )  # fmt: skip
        used += outcome.iterations
        if outcome.best.is_feasible() or last or should_stop():
            break
        spent = own_share or 0
    return outcome.best, day_data, used


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

    def __init__(self, callback: Callable[[Progress], None] | None, started: float, budget: float):
        self._callback = callback
        self._started = started
        self._budget = budget
        self._last = 0.0

    def __call__(self, snapshot: Snapshot, helpers_best: tuple[float, float]) -> None:
        if self._callback is None:
            return
        now = time.monotonic()
        if now - self._last < PROGRESS_EVERY_S and snapshot.iterations > 0 and not snapshot.final:
            return
        self._last = now
        infeasible, value = objective(snapshot.best)
        distance = None if infeasible else snapshot.best.distance() / MILLI
        helper_value, helper_distance = helpers_best
        if helper_value < (float("inf") if infeasible else value):
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
) -> tuple[list[Route], list[Unassigned]]:
    """Every car's run in the problem's order of cars, and the stops the search left out."""
    problem = day.problem
    orders: dict[int, list[int]] = {v: list(run) for v, run in day.frozen.items()}
    for v in free_vehicles:
        orders[v] = []
    if solution is not None and day_data is not None:
        for route in solution.routes():
            vehicle = day_data.vehicle_of_type[route.vehicle_type()]
            orders[vehicle] = [day_data.stop_of_client[a.idx] for a in route if a.is_client()]
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
    dropped = [
        Unassigned(problem.stops[i], _dropped_reason(day, i))
        for i in candidates
        if i not in planned
    ]
    return routes, dropped


def _dropped_reason(day: _Day, stop: int) -> str:
    if stop in day.pinned:
        name = day.problem.vehicles[day.pinned[stop]].name
        return f"locked to {name}, but no room left in that run"
    return NO_ROOM_DUE if day.problem.stops[stop].due else NO_ROOM_OPTIONAL


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
