"""Regret insertion (routing/insertion.py): every place it uses keeps the windows, the load
and the shift's end, it leaves a stop out only when no place is left for it, and it serves
a window day that the sweep start and PyVRP's first local search leave short.

PyVRP's own route evaluation is the judge throughout: a run is feasible when PyVRP finds no
time warp and no excess load in it.
"""

from __future__ import annotations

import math
import random

import numpy as np
import pytest
from pyvrp import (
    Client,
    Depot,
    Location,
    ProblemData,
    RandomNumberGenerator,
    Route,
    Solution,
    VehicleType,
)
from pyvrp.search import (
    LocalSearch,
    NeighbourhoodParams,
    PerturbationManager,
    PerturbationParams,
    compute_neighbours,
)
from routing_test_helpers import SHOP, car, stop_at

from routing import Problem, plan
from routing.construction import sweep_start
from routing.day_data import build_day_data
from routing.engine import FIRST_PENALTY, OPERATORS, Budget, _evaluator, missing_due, search
from routing.insertion import Inserter, insertion_start, repair
from routing.travel import GreatCircleTravel

NO_END = np.iinfo(np.int64).max


def plane_day(
    points: list[tuple[int, int]],
    *,
    windows: dict[int, tuple[int, int]] | None = None,
    demand: list[int] | None = None,
    capacity: int = 100,
    cars: int = 1,
    shift: tuple[int, int] = (0, 100_000),
    service: int = 0,
    prize: int = 10**9,
    one_type: bool = False,
) -> ProblemData:
    """Clients at ``points`` around a depot at (0, 0); distance = duration = the rounded
    Euclidean distance; one vehicle type per car (as the day planner builds them), or one
    type with ``cars`` cars."""
    windows = windows or {}
    demand = demand or [1] * len(points)
    coords = [(0, 0), *points]
    matrix = np.array([[round(math.dist(a, b)) for b in coords] for a in coords], dtype=np.int64)
    clients = [
        Client(
            location=n + 1,
            delivery=[demand[n]],
            service_duration=service,
            tw_early=windows.get(n, (0, NO_END))[0],
            tw_late=windows.get(n, (0, NO_END))[1],
            prize=prize,
            required=False,
        )
        for n in range(len(points))
    ]
    types = [
        VehicleType(capacity=[capacity], tw_early=shift[0], tw_late=shift[1], name=str(k))
        for k in range(cars)
    ]
    if one_type:
        types = [types[0].replace(num_available=cars)]
    locations = [Location(x=x, y=y) for x, y in coords]
    return ProblemData(locations, clients, [Depot(location=0)], types, [matrix], [matrix])


def runs(solution: Solution) -> list[list[int]]:
    return [[a.idx for a in route if a.is_client()] for route in solution.routes()]


def run_of_type(solution: Solution) -> dict[int, list[int]]:
    return {r.vehicle_type(): [a.idx for a in r if a.is_client()] for r in solution.routes()}


def served(solution: Solution) -> set[int]:
    return {c for run in runs(solution) for c in run}


def has_no_place(data: ProblemData, solution: Solution, client: int) -> bool:
    """True when no place in any run (nor an unused car) takes ``client`` feasibly."""
    candidates = [
        (r.vehicle_type(), run) for r, run in zip(solution.routes(), runs(solution), strict=True)
    ]
    for k in range(data.num_vehicle_types):
        used = sum(1 for kind, _ in candidates if kind == k)
        if used < data.vehicle_type(k).num_available:
            candidates.append((k, []))  # a car of this type left: an empty run
    for k, run in candidates:
        for place in range(len(run) + 1):
            if Route(data, [*run[:place], client, *run[place:]], k).is_feasible():
                return False
    return True


def random_day(seed: int) -> ProblemData:
    """Up to 25 clients with windows, loads and shifts tight enough to leave some out; 1–3
    cars, a type each or (about one day in three) all of one type."""
    rng = random.Random(seed)
    n = rng.randint(5, 25)
    points = [(rng.randint(-50, 50), rng.randint(-50, 50)) for _ in range(n)]
    windows = {}
    for c in range(n):
        if rng.random() < 0.5:
            opens = rng.randint(0, 300)
            windows[c] = (opens, opens + rng.randint(10, 120))
    return plane_day(
        points,
        windows=windows,
        demand=[rng.randint(1, 4) for _ in range(n)],
        capacity=rng.randint(6, 30),
        cars=rng.randint(1, 3),
        shift=(0, rng.randint(150, 500)),
        service=rng.randint(0, 10),
        one_type=rng.random() < 0.3,
    )


@pytest.mark.parametrize("seed", range(40))
def test_every_run_keeps_the_rules_and_what_is_left_out_has_no_place(seed: int) -> None:
    data = random_day(seed)
    solution = insertion_start(data, due=set(range(data.num_clients)))
    for route in solution.routes():
        assert route.is_feasible(), (seed, runs(solution))
        assert route.time_warp() == 0
        assert not route.has_excess_load()
        assert route.end_time() <= data.vehicle_type(route.vehicle_type()).tw_late
    left = set(range(data.num_clients)) - served(solution)
    for client in left:
        assert has_no_place(data, solution, client), (seed, client)


def test_a_stop_waits_for_its_window_after_the_stop_whose_window_closes_first() -> None:
    # 1 at 20 must be reached by 30; 2 at 12 opens at 300: 2 can only come after 1
    data = plane_day([(10, 0), (20, 0), (12, 0)], windows={1: (0, 30), 2: (300, 400)})
    solution = insertion_start(data, due={0, 1, 2})
    (run,) = runs(solution)
    assert sorted(run) == [0, 1, 2]
    assert run.index(1) < run.index(2)
    assert solution.is_feasible()


def test_a_window_no_car_can_reach_leaves_the_stop_out() -> None:
    data = plane_day([(10, 0), (50, 0)], windows={1: (0, 40)})  # 50 away, closes at 40
    solution = insertion_start(data, due={0, 1})
    assert runs(solution) == [[0]]
    assert solution.is_feasible()


def test_no_car_is_loaded_over_its_capacity() -> None:
    data = plane_day([(k, 1) for k in range(1, 8)], capacity=3, cars=2)
    solution = insertion_start(data, due=set(range(7)))
    assert len(served(solution)) == 6  # two cars of three
    assert all(len(run) == 3 for run in runs(solution))
    assert not solution.has_excess_load()


def test_a_type_with_several_cars_fills_as_many_runs_and_repair_keeps_them() -> None:
    data = plane_day([(k, 1) for k in range(1, 8)], capacity=3, cars=2, one_type=True)
    solution = insertion_start(data, due=set(range(7)))
    assert sorted(len(run) for run in runs(solution)) == [3, 3]
    assert not solution.has_excess_load()
    held = Solution(data, [Route(data, [0, 1], 0), Route(data, [2, 3], 0)])
    repaired = repair(data, held, [4, 5, 6])  # room for two more: one on each run
    assert len(repaired.routes()) == 2
    assert len(served(repaired)) == 6
    assert {0, 1, 2, 3} <= served(repaired)
    assert not repaired.has_excess_load()


def test_no_run_comes_back_after_the_shift_ends() -> None:
    # the shift ends at 100 and each stop takes 10: out to 30 and back (60) with three stops
    # fits; out to 40 (80) with four does not
    data = plane_day([(10, 0), (20, 0), (30, 0), (40, 0)], shift=(0, 100), service=10)
    solution = insertion_start(data, due={0, 1, 2, 3})
    (route,) = solution.routes()
    assert route.end_time() <= 100
    assert route.time_warp() == 0
    assert served(solution) == {0, 1, 2}


def test_a_stop_locked_to_a_car_goes_on_it_or_nowhere() -> None:
    """A locked stop costs a fortune on every other car (day_data): more than its prize, so
    insertion never puts it there, even when its own car is full."""
    stops = tuple(stop_at(f"P{k}", 1 + k, 0) for k in range(4))
    cars = (car("Ann", capacity=4), car("Bob", capacity=1))
    points = [(SHOP.lat, SHOP.lon), *((s.lat, s.lon) for s in stops)]
    distance, duration = GreatCircleTravel().matrices(points)
    every = list(range(4))

    def day(pinned: dict[int, int]) -> ProblemData:
        return build_day_data(
            stops, cars, every, [0, 1], pinned, distance, np.rint(duration).astype(np.int64),
            required=set(), due=set(every),
        ).data  # fmt: skip

    solution = insertion_start(day({2: 1}), due=set(every))
    assert run_of_type(solution)[1] == [2]
    crowded = day({0: 1, 1: 1})  # Bob holds one parcel: one of his two locked stops stays out
    solution = insertion_start(crowded, due=set(every))
    assert not {0, 1} & set(run_of_type(solution).get(0, []))
    assert len(served(solution) & {0, 1}) == 1
    assert served(solution) >= {2, 3}


def test_repair_keeps_the_runs_in_their_order_and_adds_what_fits() -> None:
    data = plane_day([(10, 0), (20, 0), (30, 0), (15, 1), (-500, 0)], shift=(0, 200))
    held = Solution(data, [Route(data, [2, 0, 1], 0)])  # a poor order, kept as it is
    result = repair(data, held, [3, 4])
    (run,) = runs(result)
    assert [c for c in run if c in (0, 1, 2)] == [2, 0, 1]
    assert 3 in run
    assert 4 not in run  # 1000 of driving does not fit in a shift of 200
    assert result.is_feasible()


def test_repair_inserts_an_optional_stop_only_where_it_is_worth_its_prize() -> None:
    data = plane_day([(10, 0), (0, 40)], prize=50)  # the detour to (0, 40) costs about 62
    held = Solution(data, [Route(data, [0], 0)])
    assert runs(repair(data, held, [1])) == [[0]]


def test_the_inserter_starts_from_an_unfinished_plan() -> None:
    data = plane_day([(10, 0), (-10, 0), (0, 10)], cars=2)
    inserter = Inserter(data, Solution(data, [Route(data, [2], 1)]))
    assert inserter.planned() == {2}
    inserter.insert_all([0, 1])
    assert inserter.planned() == {0, 1, 2}
    assert inserter.solution().is_feasible()


def window_day() -> tuple[tuple, tuple]:
    """80 stops in 3 cars 09:00–17:00, half of them with a 14:00–17:00 window."""
    rng = random.Random(0)
    stops = []
    for k in range(80):
        r, a = rng.uniform(1, 8), rng.uniform(0, 2 * math.pi)
        window = (14 * 3600, 17 * 3600) if rng.random() < 0.5 else None
        stops.append(stop_at(f"S{k:02d}", r * math.sin(a), r * math.cos(a), window=window,
                             service_s=240))  # fmt: skip
    cars = tuple(car(name, 34, 9, 17) for name in "ABC")
    return tuple(stops), cars


def test_a_window_day_the_sweep_start_leaves_short_is_served_whole_by_insertion() -> None:
    """The sweep ignores windows; PyVRP's first local search from it (at the planner's first
    penalty) then leaves due stops out of a day that fits. Regret insertion serves them all,
    and the engine, given a single iteration, returns a plan with every one."""
    stops, cars = window_day()
    points = [(SHOP.lat, SHOP.lon), *((s.lat, s.lon) for s in stops)]
    distance, duration = GreatCircleTravel().matrices(points)
    every = list(range(len(stops)))
    day = build_day_data(
        stops, cars, every, [0, 1, 2], {}, distance, np.rint(duration).astype(np.int64),
        required=set(), due=set(every),
    )  # fmt: skip
    data, due = day.data, frozenset(every)
    squash = math.cos(math.radians(SHOP.lat))
    angles = [math.atan2(s.lat - SHOP.lat, (s.lon - SHOP.lon) * squash) for s in stops]
    sweep = sweep_start(data, angles)
    ls = LocalSearch(
        data, RandomNumberGenerator(seed=0), compute_neighbours(data, NeighbourhoodParams()),
        PerturbationManager(PerturbationParams(1, 25)),
    )  # fmt: skip
    for op in OPERATORS:
        if op.supports(data):
            ls.add_operator(op(data))
    from_sweep = ls(sweep, _evaluator(data, FIRST_PENALTY), exhaustive=True)
    assert missing_due(from_sweep, due) > 0  # the premise: the sweep's plan is short

    inserted = insertion_start(data, due)
    assert missing_due(inserted, due) == 0
    assert inserted.is_feasible()

    outcome = search(data, budget=Budget(None, 1), seed=0, initial=sweep, due_clients=due)
    assert missing_due(outcome.best, due) == 0
    assert outcome.best.is_feasible()

    result = plan(Problem(depot=SHOP, stops=stops, vehicles=cars), seconds=60, iterations=1,
                  workers=1)  # fmt: skip
    assert result.unassigned == ()
    assert not result.breaches
