"""Timing a run: legs, ETAs, waits and the breaches a hand-made order causes."""

from __future__ import annotations

import numpy as np
import pytest
from routing_test_helpers import SHOP, car, stop_at

from routing import GreatCircleTravel, evaluate_route, haversine_miles

FLAT = GreatCircleTravel(circuity=1.0, speed_mph=30.0)  # 2 minutes a mile


def test_haversine_matches_a_known_distance() -> None:
    """Tysons Corner to the White House is about 10.6 miles as the crow flies."""
    assert haversine_miles(38.9187, -77.2311, 38.8977, -77.0365) == pytest.approx(10.5, abs=0.3)


def test_great_circle_matrices_are_symmetric_with_zero_diagonal() -> None:
    """Distances scale with circuity and durations follow the average speed."""
    points = [(38.9, -77.2), (38.95, -77.25), (38.88, -77.1)]
    distance, duration = GreatCircleTravel(circuity=1.3, speed_mph=25).matrices(points)
    assert np.allclose(distance, distance.T)
    assert np.all(np.diag(distance) == 0)
    assert np.allclose(duration, distance / 25 * 3600)


def test_travel_rejects_nonsense_speed() -> None:
    """A zero speed is refused by name."""
    with pytest.raises(ValueError, match="speed_mph"):
        GreatCircleTravel(speed_mph=0)


def test_a_wait_for_a_window_becomes_a_later_start() -> None:
    """Early for a window, the driver leaves the shop later instead of waiting at a door."""
    stops = [stop_at("A", 2, 0), stop_at("B", 4, 0, window=(10 * 3600, 11 * 3600))]
    route = evaluate_route(SHOP, car("Ann"), stops, travel=FLAT)
    first, second = route.visits
    assert second.arrival_s == second.start_s == 10 * 3600
    assert (first.wait_s, second.wait_s) == (0, 0)
    assert first.start_s == pytest.approx(10 * 3600 - 120 - 240, abs=2)
    assert route.start_s == pytest.approx(10 * 3600 - 120 - 480, abs=3)
    assert second.depart_s == 10 * 3600 + 120
    assert route.duration_s == pytest.approx(2 * 120 + 16 * 60, abs=3)
    assert route.breaches == ()
    assert route.distance_mi == pytest.approx(8.0, abs=0.05)


def test_a_wait_a_later_start_cannot_absorb_is_kept_and_shown() -> None:
    """A morning window holds the start early; the wait for the next window stays at its door,
    and the time at that door is the window's opening, never the arrival."""
    stops = [
        stop_at("A", 2, 0, window=(8 * 3600, 8 * 3600 + 1800)),
        stop_at("B", 4, 0, window=(10 * 3600, 11 * 3600)),
    ]
    route = evaluate_route(SHOP, car("Ann"), stops, travel=FLAT)
    first, second = route.visits
    assert first.start_s == 8 * 3600 + 1800  # left as late as A's window allows
    assert route.start_s == pytest.approx(8 * 3600 + 1800 - 240, abs=2)
    assert second.arrival_s == pytest.approx(8 * 3600 + 1800 + 120 + 240, abs=3)
    assert second.start_s == 10 * 3600
    assert second.wait_s == second.start_s - second.arrival_s > 3000
    assert route.wait_s == second.wait_s
    assert route.breaches == ()


def test_a_given_start_is_kept_and_waits_stay_at_the_doors() -> None:
    """With an explicit departure (a run already out), the times follow it as they are."""
    stops = [stop_at("B", 4, 0, window=(10 * 3600, 11 * 3600))]
    route = evaluate_route(SHOP, car("Ann"), stops, travel=FLAT, start_s=8 * 3600)
    assert route.start_s == 8 * 3600
    assert route.visits[0].start_s == 10 * 3600
    assert route.visits[0].wait_s == 10 * 3600 - 8 * 3600 - 480


def test_a_late_start_never_makes_a_late_stop_later() -> None:
    """A hand-made order already late somewhere is not started later on its account."""
    stops = [
        stop_at("A", 5, 0, window=(8 * 3600, 8 * 3600 + 300)),
        stop_at("B", 6, 0, window=(12 * 3600, 13 * 3600)),
    ]
    route = evaluate_route(SHOP, car("Ann"), stops, travel=FLAT)
    assert route.start_s == 8 * 3600
    assert [b.message for b in route.breaches] == ["late for window 08:00–08:05 by 5 min"]


def test_late_arrival_is_reported_in_minutes() -> None:
    """A window missed by a hand edit is shown, with the window and the delay."""
    stops = [stop_at("A", 5, 0, window=(8 * 3600, 8 * 3600 + 300))]
    route = evaluate_route(SHOP, car("Ann"), stops, travel=FLAT)
    assert [b.message for b in route.breaches] == ["late for window 08:00–08:05 by 5 min"]
    assert route.breaches[0].stop_key == "A"


def test_over_capacity_and_past_shift_end_are_reported() -> None:
    """Too many parcels and too long a day both show up as run breaches."""
    stops = [stop_at("A", 3, 0, tracking_ids=("1", "2", "3", "4"))]
    route = evaluate_route(SHOP, car("Ann", capacity=1, start_h=8, end_h=8.1), stops, travel=FLAT)
    assert [b.message for b in route.breaches] == [
        "over capacity by 3 parcels",
        "past shift end by 8 min",
    ]


def test_empty_run_has_no_miles() -> None:
    """A car with no stops drives nowhere."""
    route = evaluate_route(SHOP, car("Ann"), [], travel=FLAT)
    assert (route.distance_mi, route.duration_s, route.visits) == (0.0, 0, ())
