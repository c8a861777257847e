"""Properties of any plan on random small shop days, checked independently of the solver."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from routing_test_helpers import SHOP, car, stop_at

from routing import Problem, evaluate_route, haversine_miles, plan

NO_ROOM = "due today but no room left in today's shifts"


@st.composite
def shop_days(draw: st.DrawFn) -> Problem:
    """Up to ten stops (some outside the radius, some with windows), one to three cars."""
    n_stops = draw(st.integers(1, 10))
    stops = []
    for k in range(n_stops):
        north = draw(st.floats(-9, 9))
        east = draw(st.floats(-9, 9))
        window = None
        if draw(st.booleans()):
            opens = draw(st.integers(8, 15)) * 3600
            window = (opens, opens + draw(st.sampled_from([1800, 3600, 7200])))
        parcels = draw(st.integers(1, 4))
        stops.append(
            stop_at(
                f"S{k}", north, east,
                tracking_ids=tuple(f"T{k}-{p}" for p in range(parcels)),
                window=window,
                due=draw(st.booleans()),
            )
        )  # fmt: skip
    cars = tuple(
        car(f"C{v}", draw(st.integers(2, 10)), draw(st.integers(7, 10)), draw(st.integers(11, 18)))
        for v in range(draw(st.integers(1, 3)))
    )
    return Problem(depot=SHOP, stops=tuple(stops), vehicles=cars, radius_mi=10)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(day=shop_days())
def test_plans_respect_capacity_windows_shifts_and_radius(day: Problem) -> None:
    """Every run re-timed on its own has no breach; planned stops are inside the radius."""
    result = plan(day, seconds=30, iterations=60, workers=1)
    for route in result.routes:
        again = evaluate_route(day.depot, route.vehicle, [v.stop for v in route.visits])
        assert again.breaches == ()
        assert again.distance_mi == route.distance_mi
        assert [v.start_s for v in again.visits] == [v.start_s for v in route.visits]
        for visit in route.visits:
            crow = haversine_miles(day.depot.lat, day.depot.lon, visit.stop.lat, visit.stop.lon)
            assert crow <= day.radius_mi


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(day=shop_days())
def test_every_stop_is_planned_once_or_left_out_with_a_reason(day: Problem) -> None:
    """No stop is silently dropped; optional stops only go when every fitting due stop does."""
    result = plan(day, seconds=30, iterations=60, workers=1)
    planned = [k for r in result.routes for k in r.stop_keys]
    left_out = [u.stop.key for u in result.unassigned]
    assert sorted(planned + left_out) == sorted(s.key for s in day.stops)
    assert all(u.reason for u in result.unassigned)
    due_without_room = [u for u in result.unassigned if u.reason.startswith(NO_ROOM)]
    if due_without_room:
        assert all(day.stop(k).due for k in planned)
