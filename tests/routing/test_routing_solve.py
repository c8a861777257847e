"""The day planner: optimal on tiny days, honest about what it leaves out, obeys locks."""

from __future__ import annotations

import itertools
import threading
import time

import pytest
from routing_test_helpers import SHOP, car, stop_at

from routing import (
    GreatCircleTravel,
    Lock,
    LockedRoute,
    Plan,
    Problem,
    Progress,
    evaluate_route,
    parallel,
    plan,
)

QUICK = {"seconds": 30.0, "iterations": 200, "workers": 1}


def planned_keys(result: Plan) -> dict[str, tuple[str, ...]]:
    return {r.vehicle.name: r.stop_keys for r in result.routes}


def brute_force_distance(problem: Problem) -> float:
    """Shortest total miles over every split of the stops into the cars' runs."""
    travel = GreatCircleTravel()
    best = float("inf")
    n_cars = len(problem.vehicles)
    for order in itertools.permutations(problem.stops):
        for cuts in itertools.combinations_with_replacement(range(len(order) + 1), n_cars - 1):
            bounds = (0, *cuts, len(order))
            runs = [order[a:b] for a, b in itertools.pairwise(bounds)]
            routes = [
                evaluate_route(problem.depot, v, list(run), travel=travel)
                for v, run in zip(problem.vehicles, runs, strict=True)
            ]
            if all(not r.breaches for r in routes):
                best = min(best, sum(r.distance_mi for r in routes))
    return best


def test_tiny_day_matches_brute_force_optimum() -> None:
    """On six stops and two small cars the planner finds the proven shortest plan."""
    stops = (
        stop_at("A", 1, 0), stop_at("B", 2, 1), stop_at("C", -1, 2),
        stop_at("D", -2, -1), stop_at("E", 0, -3), stop_at("F", 3, -2),
    )  # fmt: skip
    problem = Problem(depot=SHOP, stops=stops, vehicles=(car("Ann", 3), car("Bob", 3)))
    result = plan(problem, seconds=30, iterations=500, workers=1)
    assert result.unassigned == ()
    assert result.distance_mi == pytest.approx(brute_force_distance(problem), abs=0.01)


def test_every_car_gets_a_run_and_every_stop_is_accounted_for(ring_day: Problem) -> None:
    """Runs are listed per car in the problem's order; each stop is planned exactly once."""
    result = plan(ring_day, **QUICK)
    assert [r.vehicle.name for r in result.routes] == ["Ann", "Bob"]
    keys = [k for r in result.routes for k in r.stop_keys]
    assert sorted(keys) == sorted(s.key for s in ring_day.stops)
    assert all(r.load_parcels <= 8 and not r.breaches for r in result.routes)


def test_unservable_stops_are_listed_with_reasons() -> None:
    """Out-of-radius, oversized and unreachable-window stops are left out, each with why."""
    stops = (
        stop_at("far", 12, 0),
        stop_at("big", 1, 1, tracking_ids=tuple(f"T{i}" for i in range(9))),
        stop_at("dawn", 1, -1, window=(6 * 3600, 7 * 3600)),
        stop_at("ok", 1, 0),
    )
    problem = Problem(depot=SHOP, stops=stops, vehicles=(car("Ann", 8),), radius_mi=10)
    result = plan(problem, **QUICK)
    reasons = {u.stop.key: u.reason for u in result.unassigned}
    assert reasons == {
        "far": "outside the 10-mile radius (12.0 mi from the shop)",
        "big": "more parcels (9) than any car holds (8)",
        "dawn": "time window 06:00–07:00 cannot be reached within any shift",
    }
    assert planned_keys(result) == {"Ann": ("ok",)}


def test_due_stops_are_planned_before_optional_ones() -> None:
    """With room for two stops, the two due stops go and the optional one waits."""
    stops = (
        stop_at("opt", 0.5, 0, due=False),
        stop_at("due1", 4, 0),
        stop_at("due2", -4, 0),
    )
    problem = Problem(depot=SHOP, stops=stops, vehicles=(car("Ann", 2),))
    result = plan(problem, **QUICK)
    assert sorted(planned_keys(result)["Ann"]) == ["due1", "due2"]
    assert [(u.stop.key, u.reason) for u in result.unassigned] == [
        ("opt", "optional today: no room left in today's shifts")
    ]


def test_optional_stops_fill_spare_room() -> None:
    """An optional stop is delivered when there is room for it."""
    stops = (stop_at("opt", 0.5, 0, due=False), stop_at("due", 4, 0))
    result = plan(Problem(depot=SHOP, stops=stops, vehicles=(car("Ann", 5),)), **QUICK)
    assert sorted(planned_keys(result)["Ann"]) == ["due", "opt"]


def test_due_stops_that_cannot_all_fit_are_reported_not_dropped() -> None:
    """When the due stops overflow the cars, as many as fit go and the rest have a reason."""
    stops = tuple(stop_at(f"D{k}", k % 3 + 1, k // 3 - 1) for k in range(6))
    stops += (stop_at("opt", 0.5, 0.5, due=False),)
    problem = Problem(depot=SHOP, stops=stops, vehicles=(car("Ann", 4),))
    result = plan(problem, **QUICK)
    assert len(result.routes[0].stop_keys) == 4
    assert not result.breaches
    reasons = sorted((u.stop.key[0], u.reason) for u in result.unassigned)
    full = "due today but no room left in today's shifts: 6 parcels are due and today's cars hold 4"
    assert reasons == [
        ("D", full),
        ("D", full),
        ("o", "optional today: no room left in today's shifts"),
    ]


def test_replanning_keeps_locked_run_and_pinned_order(ring_day: Problem) -> None:
    """A locked run stays as it is; pinned stops stay on their car in the locked order."""
    first = plan(ring_day, **QUICK)
    frozen = next(r for r in first.routes if r.stop_keys)
    other = "Bob" if frozen.vehicle.name == "Ann" else "Ann"
    extra = [s for s in ring_day.stops if s.key not in frozen.stop_keys][:3]
    pinned = [extra[2].key, extra[0].key, extra[1].key]
    locks = (LockedRoute(frozen.vehicle.name, frozen.stop_keys), *(Lock(k, other) for k in pinned))
    problem = Problem(
        depot=ring_day.depot,
        stops=(*ring_day.stops, stop_at("new", 0, 2.5)),
        vehicles=(car("Ann", 9), car("Bob", 9)),
        locks=locks,
    )
    again = plan(problem, **QUICK)
    routes = planned_keys(again)
    assert routes[frozen.vehicle.name] == frozen.stop_keys
    assert [k for k in routes[other] if k in pinned] == pinned
    assert "new" in routes[other]


def test_same_seed_and_iteration_budget_give_the_same_plan(ring_day: Problem) -> None:
    """With an iteration budget the plan depends only on the day and the seed (two workers)."""
    runs = [plan(ring_day, seconds=60, iterations=150, seed=5, workers=2) for _ in range(2)]
    assert planned_keys(runs[0]) == planned_keys(runs[1])
    assert runs[0].distance_mi == runs[1].distance_mi


def test_progress_is_reported_while_searching(ring_day: Problem) -> None:
    """The callback hears about the search, ending with a feasible plan's miles."""
    seen: list[Progress] = []
    result = plan(ring_day, seconds=60, iterations=400, workers=1, on_progress=seen.append)
    assert seen
    assert [p.elapsed_s for p in seen] == sorted(p.elapsed_s for p in seen)
    assert seen[-1].feasible
    assert seen[-1].best_distance_mi == pytest.approx(result.distance_mi, rel=1e-3)


def test_cancel_returns_promptly_with_the_best_plan_so_far(ring_day: Problem) -> None:
    """Cancelling a one-minute search returns within a second, with a usable plan."""
    cancel = threading.Event()
    cancelled_at: list[float] = []

    def press_cancel() -> None:
        cancelled_at.append(time.monotonic())
        cancel.set()

    timer = threading.Timer(0.5, press_cancel)
    timer.start()
    result = plan(ring_day, seconds=60, workers=2, cancel=cancel)
    returned = time.monotonic()
    timer.join()
    assert returned - cancelled_at[0] < 1.0
    assert sum(len(r.visits) for r in result.routes) == 12


def test_cancel_may_be_a_callable(ring_day: Problem) -> None:
    """A plain function works as the cancel signal too."""
    result = plan(ring_day, seconds=60, workers=1, cancel=lambda: True)
    assert len(result.routes) == 2


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"seconds": 0}, "seconds must be a positive number"),
        ({"seconds": 1, "iterations": 0}, "iterations must be a whole number ≥ 1"),
        ({"seconds": 1, "seed": -1}, "seed must be a whole number ≥ 0"),
        ({"seconds": 1, "workers": 0}, "workers must be a whole number ≥ 1"),
        ({"seconds": 1, "cancel": "stop"}, "cancel must be a callable"),
    ],
)
def test_bad_planner_arguments_are_refused(
    ring_day: Problem, arguments: dict[str, object], message: str
) -> None:
    """Each bad argument is refused by name before any work starts."""
    with pytest.raises(ValueError, match=message):
        plan(ring_day, **arguments)  # type: ignore[arg-type]


def test_a_day_without_cars_lists_every_stop() -> None:
    """No driver today: nothing is planned, and each stop says why."""
    problem = Problem(depot=SHOP, stops=(stop_at("A", 1, 1),), vehicles=())
    result = plan(problem, **QUICK)
    assert result.routes == ()
    assert [u.reason for u in result.unassigned] == ["no car is available for it today"]


def test_pinned_stop_its_car_cannot_serve_says_so() -> None:
    """A stop locked to a car whose shift misses its window is listed with both facts."""
    stops = (stop_at("late", 1, 0, window=(18 * 3600, 19 * 3600)), stop_at("A", 0, 1))
    problem = Problem(
        depot=SHOP,
        stops=stops,
        vehicles=(car("Ann", end_h=17), car("Bob", end_h=20)),
        locks=(Lock("late", "Ann"),),
    )
    result = plan(problem, **QUICK)
    assert [(u.stop.key, u.reason) for u in result.unassigned] == [
        ("late", "locked to Ann, but time window 18:00–19:00 cannot be reached within any shift")
    ]


def test_pinned_stop_rides_with_its_car_even_when_another_is_closer() -> None:
    """A stop pinned to a car stays on it, although the other car passes right by."""
    stops = (stop_at("north", 3, 0), stop_at("north2", 3.2, 0), stop_at("south", -3, 0))
    problem = Problem(
        depot=SHOP,
        stops=stops,
        vehicles=(car("Ann"), car("Bob")),
        locks=(Lock("north2", "Ann"), Lock("south", "Ann")),
    )
    result = plan(problem, **QUICK)
    ann = planned_keys(result)["Ann"]
    assert [k for k in ann if k in ("north2", "south")] == ["north2", "south"]


@pytest.mark.parametrize(("cores", "load", "expected"), [(2, 0.3, 2), (2, 1.0, 2), (2, 1.5, 1),
                                                          (4, 2.5, 2), (1, 0.0, 1)])  # fmt: skip
def test_a_second_search_runs_only_when_a_core_is_free(
    monkeypatch: pytest.MonkeyPatch, cores: int, load: float, expected: int
) -> None:
    """On a busy PC the second search would only halve the first one's CPU: one search then."""
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: cores)
    monkeypatch.setattr(parallel.os, "getloadavg", lambda: (load, load, load))
    assert parallel.spare_workers() == expected
