"""Honest times and honest reasons: no ETA before a window, no avoidable idle hours at a
door, and no due stop left out with a reason that is not true."""

from __future__ import annotations

import math
import random
from itertools import permutations

import pytest
from routing_test_helpers import SHOP, car, stop_at

from routing import Problem, Route, Stop, evaluate_route, plan
from routing.solve import NO_ROOM_DUE

AFTERNOON = (14 * 3600, 17 * 3600)
NEEDS_TIME = "due today: needs more time"


def window_day(n_stops: int = 40, seed: int = 3) -> Problem:
    """Two drivers 09:00–17:00; a quarter of the parcels must arrive 14:00–17:00 (the day of
    issue #8, where the old planner handed over at 09:37 for a 14:00 window)."""
    rng = random.Random(seed)
    stops = tuple(
        stop_at(
            f"S{k:02d}", rng.uniform(-6, 6), rng.uniform(-6, 6),
            window=AFTERNOON if k % 4 == 0 else None,
        )
        for k in range(n_stops)
    )  # fmt: skip
    cars = (car("Ann", 40, start_h=9, end_h=17), car("Bob", 40, start_h=9, end_h=17))
    return Problem(depot=SHOP, stops=stops, vehicles=cars)


def test_no_time_at_the_door_is_before_its_window() -> None:
    """Every stop is handed over inside its window, and the run's times add up."""
    result = plan(window_day(), seconds=60, iterations=400, workers=1)
    assert result.unassigned == ()
    for route in result.routes:
        for visit in route.visits:
            window = visit.stop.window
            if window is not None:
                assert window[0] <= visit.start_s <= window[1]
            assert visit.start_s == visit.arrival_s + visit.wait_s
            assert visit.depart_s == visit.start_s + visit.stop.service_s


def test_no_driver_idles_for_hours_at_a_door() -> None:
    """Waits for the afternoon windows become later starts or other deliveries first."""
    result = plan(window_day(), seconds=60, iterations=400, workers=1)
    waits = [v.wait_s for r in result.routes for v in r.visits]
    assert max(waits) < 20 * 60
    assert sum(waits) < 30 * 60
    assert all(r.start_s >= r.vehicle.shift_start_s for r in result.routes)


def test_a_run_with_only_afternoon_stops_starts_in_the_afternoon() -> None:
    """Nothing to do before 14:00: the driver leaves the shop just in time, not at 09:00."""
    stops = tuple(stop_at(f"A{k}", 2 + k, 1, window=AFTERNOON) for k in range(3))
    problem = Problem(depot=SHOP, stops=stops, vehicles=(car("Ann", start_h=9, end_h=17),))
    result = plan(problem, seconds=60, iterations=100, workers=1)
    route = result.routes[0]
    assert route.visits[0].start_s == AFTERNOON[0]
    assert route.visits[0].wait_s == 0
    assert route.start_s > 13 * 3600


def five_stops_three_windows(seed: int) -> Problem:
    """One driver 09:00–17:00, five stops, three with an hour's window somewhere 09:00–15:00."""
    rng = random.Random(seed)
    stops = []
    for k in range(5):
        opens = rng.randrange(9 * 4, 14 * 4) * 900
        window = (opens, opens + 3600) if k < 3 else None
        stops.append(stop_at(f"W{k}", rng.uniform(-5, 5), rng.uniform(-5, 5), window=window))
    return Problem(depot=SHOP, stops=tuple(stops), vehicles=(car("Ann", start_h=9, end_h=17),))


def every_order(problem: Problem) -> list[Route]:
    """The run in every order that breaks no rule."""
    vehicle = problem.vehicles[0]
    runs = [evaluate_route(problem.depot, vehicle, list(o)) for o in permutations(problem.stops)]
    return [run for run in runs if not run.breaches]


@pytest.mark.parametrize("seed", [1, 7, 18, 25])
def test_the_plan_minimises_the_drivers_time_as_well_as_miles(seed: int) -> None:
    """Against every order of a small day: the plan is the cheapest in miles + hours, which
    here is not the order of fewest miles (that one idles the driver over an hour in all)."""
    problem = five_stops_three_windows(seed)
    orders = every_order(problem)
    fewest_miles = min(orders, key=lambda r: r.distance_mi)
    cheapest = min(orders, key=lambda r: r.cost_mi())
    assert fewest_miles.wait_s > 3600
    assert cheapest.wait_s < fewest_miles.wait_s - 1800
    result = plan(problem, seconds=60, iterations=200, workers=1)
    assert result.cost_mi() == pytest.approx(cheapest.cost_mi(), abs=1e-6)
    assert result.routes[0].wait_s < fewest_miles.wait_s


def fitting_day() -> Problem:
    """Sixty stops that fit comfortably in three cars' shifts."""
    rng = random.Random(11)
    stops = tuple(stop_at(f"F{k:02d}", rng.uniform(-7, 7), rng.uniform(-7, 7)) for k in range(60))
    return Problem(depot=SHOP, stops=stops, vehicles=tuple(car(n, 30) for n in "ABC"))


@pytest.mark.parametrize("iterations", [1, 3, 10])
def test_a_budget_far_too_short_never_blames_the_shifts(iterations: int) -> None:
    """A loaded machine (a handful of iterations for sixty stops): every due stop is planned,
    or left out saying the planner needs more time, never "no room"."""
    result = plan(fitting_day(), seconds=60, iterations=iterations, workers=1)
    planned = sum(len(r.visits) for r in result.routes)
    assert planned + len(result.unassigned) == 60
    assert not result.breaches
    for item in result.unassigned:
        assert item.reason.startswith(NEEDS_TIME), item.reason
        assert "60 s" in item.reason


def test_a_loaded_machine_day_keeps_the_complete_plan_it_found() -> None:
    """Given a little more than a first plan's worth of work, the search returns a plan with
    every due stop (it keeps its best complete plan, not a first attempt with drops)."""
    result = plan(fitting_day(), seconds=60, iterations=30, workers=1)
    assert result.unassigned == ()


def test_shifts_too_short_for_the_due_stops_say_so_with_the_hours() -> None:
    """When the due stops provably need more hours than the shifts hold, "no room" is said,
    with the arithmetic that proves it."""
    stops = tuple(
        Stop(key=f"L{k}", lat=SHOP.lat + 0.001 * k, lon=SHOP.lon, tracking_ids=(f"T{k}",),
             service_s=1800)
        for k in range(10)
    )  # fmt: skip
    problem = Problem(depot=SHOP, stops=stops, vehicles=(car("Ann", start_h=9, end_h=12),))
    result = plan(problem, seconds=60, iterations=200, workers=1)
    assert len(result.routes[0].visits) == 5
    assert not result.breaches
    reasons = {u.reason for u in result.unassigned}
    assert len(result.unassigned) == 5
    assert len(reasons) == 1
    reason = reasons.pop()
    assert reason.startswith(NO_ROOM_DUE + ": the due stops need at least 5.0 h")
    assert reason.endswith("today's shifts have 3.0 h")


def half_afternoon_day(window_hours: int = 3) -> Problem:
    """80 stops, 3 cars 09:00–17:00, about half of them with a window from 14:00 lasting
    ``window_hours``: a day PyVRP's first local search from a sweep leaves short of room
    (tests/routing/test_routing_insertion.py)."""
    rng = random.Random(0)
    stops = []
    for k in range(80):
        north, east = rng.uniform(1, 8), rng.uniform(0, 2 * math.pi)
        window = (14 * 3600, (14 + window_hours) * 3600) if rng.random() < 0.5 else None
        stops.append(stop_at(f"S{k:02d}", north * math.sin(east), north * math.cos(east),
                             window=window, service_s=240))  # fmt: skip
    cars = tuple(car(name, 34, 9, 17) for name in "ABC")
    return Problem(depot=SHOP, stops=tuple(stops), vehicles=cars)


def test_a_budget_over_before_the_search_starts_still_serves_a_day_that_fits() -> None:
    """The loaded machine of the issue: the budget is spent before the search's first
    iteration (here 10 ms for 80 stops). The plan held then is the first local search's,
    repaired: every due stop that fits is served, none is left out with any reason."""
    result = plan(half_afternoon_day(), seconds=0.01, workers=1)
    assert result.iterations == 0
    assert result.unassigned == ()
    assert not result.breaches


def test_a_due_stop_said_to_need_more_time_has_no_place_in_the_plan_held() -> None:
    """A day that does not fit, though no simple sum proves it (half the stops at 14:00–15:00
    for three cars): what a 10 ms plan leaves out "needs more time", and indeed no place in
    any of its runs takes it without breaking a window, a load or a shift."""
    problem = half_afternoon_day(window_hours=1)
    result = plan(problem, seconds=0.01, workers=1)
    assert not result.breaches
    assert result.unassigned, "the premise: this day does not fit"
    for item in result.unassigned:
        assert item.reason.startswith(NEEDS_TIME), item.reason
        for route in result.routes:
            stops = [v.stop for v in route.visits]
            for place in range(len(stops) + 1):
                tried = [*stops[:place], item.stop, *stops[place:]]
                assert evaluate_route(SHOP, route.vehicle, tried).breaches, (item.stop.key, place)
