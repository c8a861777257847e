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


def test_car_waits_for_a_window_to_open() -> None:
    """Arriving early, the driver waits and hands over at the window's opening."""
    stops = [stop_at("A", 2, 0), stop_at("B", 4, 0, window=(10 * 3600, 11 * 3600))]
    route = evaluate_route(SHOP, car("Ann"), stops, travel=FLAT)
    first, second = route.visits
    assert first.arrival_s == pytest.approx(8 * 3600 + 240, abs=2)
    assert second.arrival_s < 10 * 3600
    assert second.start_s == 10 * 3600
    assert second.depart_s == 10 * 3600 + 120
    assert route.breaches == ()
    assert route.distance_mi == pytest.approx(8.0, abs=0.05)


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
