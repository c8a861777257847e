"""How far and how long between two points: a swappable provider of travel matrices.

The planner only needs a distance and a duration for every ordered pair of points. Today that
is the great-circle distance times a road circuity factor at an average town speed, which
needs no network; a road-network service (e.g. an OSRM table request) can replace it later by
implementing the same one-method protocol.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np

EARTH_RADIUS_MI = 3958.7613


@runtime_checkable
class TravelModel(Protocol):
    """Anything that turns points into travel matrices."""

    def matrices(self, points: Sequence[tuple[float, float]]) -> tuple[np.ndarray, np.ndarray]:
        """Return (distance in miles, duration in seconds), both n×n float arrays.

        ``points`` are (lat, lon) pairs; entry [i, j] is the trip from point i to point j and
        the diagonal is zero. Matrices need not be symmetric.
        """
        ...


def haversine_miles(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Straight-line ("as the crow flies") distance in miles, as the shop's radius is drawn."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2 - lon1)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return float(2 * EARTH_RADIUS_MI * np.arcsin(np.sqrt(min(1.0, a))))


def great_circle_matrix(points: Sequence[tuple[float, float]]) -> np.ndarray:
    """Pairwise straight-line miles between (lat, lon) points, vectorised."""
    coords = np.radians(np.asarray(points, dtype=float).reshape(-1, 2))
    lat, lon = coords[:, 0], coords[:, 1]
    dlat = lat[None, :] - lat[:, None]
    dlon = lon[None, :] - lon[:, None]
    a = np.sin(dlat / 2) ** 2 + np.cos(lat)[:, None] * np.cos(lat)[None, :] * np.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_MI * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


@dataclass(frozen=True, slots=True)
class GreatCircleTravel:
    """Road miles ≈ straight-line miles × circuity; time = road miles at an average speed.

    A circuity of about 1.3 is typical of suburban street grids; 25 mph is a door-to-door
    average for a car in town, stops and lights included.
    """

    circuity: float = 1.3
    speed_mph: float = 25.0

    def __post_init__(self) -> None:
        if not np.isfinite(self.circuity) or self.circuity < 1:
            raise ValueError(f"circuity must be a number ≥ 1, got {self.circuity!r}")
        if not np.isfinite(self.speed_mph) or self.speed_mph <= 0:
            raise ValueError(f"speed_mph must be a positive number, got {self.speed_mph!r}")

    def matrices(self, points: Sequence[tuple[float, float]]) -> tuple[np.ndarray, np.ndarray]:
        """Distance (miles) and duration (seconds) between every pair of points."""
        distance = great_circle_matrix(points) * self.circuity
        duration = distance / self.speed_mph * 3600.0
        return distance, duration
