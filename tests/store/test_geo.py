"""Distances and shelf zones around the shop."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.geo import bearing_deg, miles_between, point_at, zone_for

SHOP = (38.9187, -77.2311)


def test_known_distance() -> None:
    """Tysons Corner to the White House is about 11.3 miles as the crow flies."""
    assert miles_between(*SHOP, 38.8977, -77.0365) == pytest.approx(10.5, abs=0.3)


@pytest.mark.parametrize(
    ("bearing", "distance", "zone"),
    [
        (0, 1, "N-1"),
        (45, 3, "NE-2"),
        (90, 6, "E-3"),
        (180, 9.9, "S-4"),
        (300, 0.2, "NW-1"),
        (350, 4, "N-2"),
        (225, 7.4, "SW-3"),
    ],
)
def test_zone_from_bearing_and_distance(bearing: float, distance: float, zone: str) -> None:
    """Eight compass sectors times four distance bands."""
    assert zone_for(distance, bearing, 10.0) == zone


@given(
    bearing=st.floats(0, 359.9),
    distance=st.floats(0.05, 9.95),
)
def test_point_at_round_trips(bearing: float, distance: float) -> None:
    """A point placed at a bearing and distance measures back to them."""
    lat, lon = point_at(*SHOP, bearing, distance)
    assert miles_between(*SHOP, lat, lon) == pytest.approx(distance, rel=1e-6, abs=1e-6)
    measured = bearing_deg(*SHOP, lat, lon)
    assert min(abs(measured - bearing), 360 - abs(measured - bearing)) < 0.01
