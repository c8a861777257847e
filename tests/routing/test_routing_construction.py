"""The sweep start of large days: every stop once, pinned stops on their car, fair shares."""

from __future__ import annotations

import math

import numpy as np
from routing_test_helpers import SHOP, car, stop_at

from routing import Lock, Problem, plan
from routing.construction import sweep_start
from routing.day_data import build_day_data
from routing.solve import SWEEP_FROM_STOPS
from routing.travel import GreatCircleTravel


def _ring(n: int) -> tuple:
    return tuple(
        stop_at(f"S{k:03d}", (2 + k % 5) * math.sin(2 * math.pi * k / n),
                (2 + k % 5) * math.cos(2 * math.pi * k / n))
        for k in range(n)
    )  # fmt: skip


def _data(stops: tuple, cars: tuple, pinned: dict[int, int] | None = None):
    points = [(SHOP.lat, SHOP.lon), *((s.lat, s.lon) for s in stops)]
    distance, duration = GreatCircleTravel().matrices(points)
    candidates = list(range(len(stops)))
    return build_day_data(
        stops, cars, candidates, list(range(len(cars))), pinned or {}, distance,
        np.rint(duration).astype(np.int64), required=set(candidates),
    )  # fmt: skip


def _angles(stops: tuple) -> list[float]:
    squash = math.cos(math.radians(SHOP.lat))
    return [math.atan2(s.lat - SHOP.lat, (s.lon - SHOP.lon) * squash) for s in stops]


def test_sweep_serves_every_stop_once_in_shares_by_capacity() -> None:
    stops = _ring(40)
    cars = (car("Ann", 30), car("Bob", 10))
    day = _data(stops, cars)
    start = sweep_start(day.data, _angles(stops))
    served = [a.idx for r in start.routes() for a in r if a.is_client()]
    assert sorted(served) == list(range(40))
    sizes = {r.vehicle_type(): sum(a.is_client() for a in r) for r in start.routes()}
    assert sizes == {0: 30, 1: 10}  # 3 : 1, as the capacities
    assert not start.has_excess_load()


def test_pinned_stops_start_on_their_car_and_the_sweep_is_deterministic() -> None:
    stops = _ring(30)
    cars = (car("Ann"), car("Bob"), car("Cy"))
    day = _data(stops, cars, pinned={0: 2, 1: 2})
    fixed = {0: 2, 1: 2}
    start = sweep_start(day.data, _angles(stops), offset=1.0, fixed_type=fixed)
    on = {a.idx: r.vehicle_type() for r in start.routes() for a in r if a.is_client()}
    assert on[0] == 2 and on[1] == 2
    again = sweep_start(day.data, _angles(stops), offset=1.0, fixed_type=fixed)
    assert again == start


def test_a_large_day_plans_from_the_sweep_and_keeps_its_locks() -> None:
    n = SWEEP_FROM_STOPS + 10
    stops = _ring(n)
    cars = (car("Ann", 100, end_h=20), car("Bob", 100, end_h=20), car("Cy", 100, end_h=20))
    problem = Problem(depot=SHOP, stops=stops, vehicles=cars, locks=(Lock("S000", "Cy"),))
    first = plan(problem, seconds=30, iterations=30, workers=1)
    assert first.unassigned == () and first.breaches == ()
    assert "S000" in next(r for r in first.routes if r.vehicle.name == "Cy").stop_keys
    assert plan(problem, seconds=30, iterations=30, workers=1).routes == first.routes
