"""What the printed maps draw from the shop's street map: the roads around a run, and the
road the run drives (OSRM's route line) instead of straight legs.

`road_map(db)` is None when no usable street map is loaded; the manifests then draw straight
legs on a blank ground and say that distances are estimated.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlite_utils

from labels.data import MapRoad
from store import area

if TYPE_CHECKING:
    from routing.roads import OsrmTravel
    from routing.streets import StreetMap

#: How far around a run's line the printed map takes streets (the map's box is fitted to the
#: run with a margin; streets beyond it are clipped anyway).
MARGIN_MI = 0.3
WIDE = 2.6
MILES_PER_DEGREE = 69.09


@dataclass(frozen=True)
class RoadMap:
    """The loaded street map, as the printed maps use it."""

    streets: StreetMap  # loaded lazily: the planner's package
    travel: OsrmTravel

    def line(self, points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
        """The road through `points` in order (straight legs where OSRM finds none)."""
        return self.travel.route_line(points)

    def roads_around(self, points: Sequence[tuple[float, float]]) -> tuple[MapRoad, ...]:
        """The streets a map fitted to `points` may show: a square around them wide enough
        for a page-wide map box (about 2.5 times as wide as high), and MARGIN_MI more."""
        if not points:
            return ()
        lats = [lat for lat, _ in points]
        lons = [lon for _, lon in points]
        lat, lon = (min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2
        span_mi = max(
            (max(lats) - min(lats)) * MILES_PER_DEGREE,
            (max(lons) - min(lons)) * MILES_PER_DEGREE * math.cos(math.radians(lat)),
        )
        box = area.box_around(lat, lon, span_mi / 2 * WIDE + MARGIN_MI)
        return tuple(
            MapRoad(road.kind, road.points(), road.name) for road in self.streets.roads(box)
        )


def road_map(db: sqlite_utils.Database) -> RoadMap | None:
    """The shop's street map for printing, or None when none is usable."""
    loaded = area.current(db)
    if loaded is None:
        return None
    from routing.roads import OsrmTravel
    from routing.streets import load_streets

    return RoadMap(load_streets(loaded.streets), OsrmTravel(loaded.osrm_base))
