"""The plain CVRP entry point used for the benchmark instances."""

from __future__ import annotations

import numpy as np
import pytest

from routing import solve_cvrp


def test_cvrp_on_a_rectangle_finds_the_obvious_two_routes() -> None:
    """Four customers at a rectangle's corners, two per vehicle: pair the near corners."""
    coords = np.array([[0, 0], [2, 1], [2, -1], [-2, 1], [-2, -1]], dtype=float)
    result = solve_cvrp(coords, [0, 1, 1, 1, 1], 2, iterations=200, workers=1)
    assert result.feasible
    assert sorted(sorted(r) for r in result.routes) == [[1, 2], [3, 4]]
    assert result.cost == pytest.approx(4 * np.sqrt(5) + 4)


def test_cvrp_rejects_a_demand_larger_than_capacity() -> None:
    """A customer no vehicle can carry is a clear error, not an endless search."""
    with pytest.raises(ValueError, match="capacity is smaller than the largest demand"):
        solve_cvrp(np.zeros((2, 2)), [0, 5], 4, iterations=10, workers=1)
