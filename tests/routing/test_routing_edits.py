"""Hand edits on a plan: moves and reorders are re-timed, breaches shown, locks derived."""

from __future__ import annotations

import pytest
from routing_test_helpers import SHOP, car, stop_at

from routing import (
    LockedRoute,
    ParcelDrop,
    Plan,
    Problem,
    evaluate_route,
    group_stops,
    lock_route,
    lock_stops,
    move_stop,
    plan,
    reorder,
)


@pytest.fixture
def two_runs() -> tuple[Problem, Plan]:
    """A planned day: two cars, four stops each side of the shop."""
    stops = (
        stop_at("N1", 1, 0), stop_at("N2", 2, 0), stop_at("S1", -1, 0),
        stop_at("S2", -2, 0, window=(8 * 3600, 8 * 3600 + 900)),
    )  # fmt: skip
    problem = Problem(depot=SHOP, stops=stops, vehicles=(car("Ann", 2), car("Bob", 2)))
    return problem, plan(problem, seconds=30, iterations=100, workers=1)


def test_moving_a_stop_retimes_both_runs(two_runs: tuple[Problem, Plan]) -> None:
    """A moved stop leaves its run and joins the other at the given position."""
    problem, day = two_runs
    source = day.route_of("N1")
    assert source is not None
    target = next(r for r in day.routes if r is not source)
    moved = move_stop(day, problem.depot, "N1", target.vehicle.name, 0)
    new_target = moved.route_of("N1")
    assert new_target is not None and new_target.vehicle == target.vehicle
    assert new_target.stop_keys[0] == "N1"
    assert "over capacity by 1 parcel" in [b.message for b in new_target.breaches]
    assert sum(len(r.visits) for r in moved.routes) == 4


def test_reorder_shows_a_missed_window() -> None:
    """Driving the window stop second makes it late, and the re-timed run says so."""
    near, far = stop_at("near", -1, 0), stop_at("far", -2, 0, window=(8 * 3600, 8 * 3600 + 420))
    route = evaluate_route(SHOP, car("Ann"), [far, near])
    day = Plan(routes=(route,), unassigned=())
    assert route.breaches == ()
    edited = reorder(day, SHOP, "Ann", ["near", "far"])
    assert edited.routes[0].stop_keys == ("near", "far")
    assert [b.message[:33] for b in edited.routes[0].breaches] == [
        "late for window 08:00–08:07 by 2 "
    ]


def test_taking_a_stop_off_lists_it_as_unassigned(two_runs: tuple[Problem, Plan]) -> None:
    """Removing a stop by hand puts it on the unassigned list with that reason."""
    problem, day = two_runs
    edited = move_stop(day, problem.depot, "N2", None)
    assert edited.route_of("N2") is None
    assert [(u.stop.key, u.reason) for u in edited.unassigned] == [
        ("N2", "taken off the plan by hand")
    ]


def test_edits_reject_unknown_names(two_runs: tuple[Problem, Plan]) -> None:
    """Unknown stops, cars and positions are refused by name."""
    problem, day = two_runs
    with pytest.raises(ValueError, match="stop_key 'X'"):
        move_stop(day, problem.depot, "X", "Ann")
    with pytest.raises(ValueError, match="to_vehicle 'Zed'"):
        move_stop(day, problem.depot, "N1", "Zed")
    with pytest.raises(ValueError, match="position must lie in"):
        move_stop(day, problem.depot, "N1", "Ann", 9)
    with pytest.raises(ValueError, match="exactly the stops"):
        reorder(day, problem.depot, "Ann", ["N1"])


def test_locks_from_a_plan_keep_cars_and_order(two_runs: tuple[Problem, Plan]) -> None:
    """Locks derived from a plan name each stop's current car, in driving order."""
    _, day = two_runs
    route = next(r for r in day.routes if len(r.visits) == 2)
    locks = lock_stops(day, reversed(route.stop_keys))
    assert [(lock.stop_key, lock.vehicle) for lock in locks] == [
        (key, route.vehicle.name) for key in route.stop_keys
    ]
    assert lock_route(day, route.vehicle.name) == LockedRoute(route.vehicle.name, route.stop_keys)


def test_parcels_for_one_address_become_one_stop() -> None:
    """Two parcels at the same door are one stop with both tracking ids and more time."""
    drops = [
        ParcelDrop(tracking_id="T1", lat=38.9, lon=-77.2, weight_lb=2.0, due=False),
        ParcelDrop(tracking_id="T2", lat=38.900001, lon=-77.2, weight_lb=3.0),
        ParcelDrop(tracking_id="T3", lat=38.95, lon=-77.25),
    ]
    stops = group_stops(drops, base_s=120, per_extra_s=30)
    assert [(s.tracking_ids, s.service_s, s.weight_lb, s.due) for s in stops] == [
        (("T1", "T2"), 150, 5.0, True),
        (("T3",), 120, 0.0, True),
    ]
