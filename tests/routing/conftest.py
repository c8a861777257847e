"""Small named days for the planner tests, and a guard against leftover helper processes."""

from __future__ import annotations

import math
import multiprocessing

import pytest
from routing_test_helpers import SHOP, car, stop_at

from routing import Problem


@pytest.fixture
def ring_day() -> Problem:
    """Twelve stops on a ring 3 miles out, two cars of eight parcels each."""
    stops = tuple(
        stop_at(f"R{k:02d}", 3 * math.sin(k * math.pi / 6), 3 * math.cos(k * math.pi / 6))
        for k in range(12)
    )
    return Problem(depot=SHOP, stops=stops, vehicles=(car("Ann", 8), car("Bob", 8)))


@pytest.fixture(autouse=True)
def no_helper_left_running():
    """Every test leaves no helper search process behind."""
    yield
    leftovers = multiprocessing.active_children()
    assert leftovers == []
