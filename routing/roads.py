"""Travel on the shop's real streets: OSRM tables and route lines over the area's road data.

`OsrmTravel` is the `TravelModel` the planner uses once a street map is loaded (see
`store.area`): drive times and road distances for every ordered pair of points from an OSRM
table (MLD, car profile), so a river, a one-way street or a freeway between two neighbours
counts as it does for the driver. OSRM snaps every point to the nearest road, however far;
`RoadTable.problems` says which points a car cannot really reach (farther than
`OFF_ROAD_M` from a drivable road, or cut off from the shop), so that those stops are set
aside with the reason instead of planned on a made-up number.

Coordinates are (lat, lon) here as everywhere in routing; OSRM itself takes (lon, lat).
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import numpy as np
import osrm

from routing.model import Lock, LockedRoute, Problem, Unassigned
from routing.screening import outside_radius
from routing.travel import GreatCircleTravel

METRES_PER_MILE = 1609.344
#: A stop farther than this from any road a car may use is not planned on the roads.
OFF_ROAD_M = 250.0
MAX_TABLE = 10_000
KEEP_LINES = 64


@dataclass(frozen=True, slots=True)
class RoadTable:
    """One OSRM table over n points (point 0 is the shop when planning a day).

    ``distance_mi`` and ``duration_s`` are n×n, row = from, column = to; a pair no road joins
    holds NaN. ``snap_m`` is each point's distance to the road OSRM put it on.
    """

    points: tuple[tuple[float, float], ...]
    distance_mi: np.ndarray
    duration_s: np.ndarray
    snap_m: np.ndarray

    def problems(self, origin: int = 0) -> dict[int, str]:
        """Why points cannot be planned on the roads, by index: too far from a road, or no
        road to or from `origin` (the shop)."""
        found: dict[int, str] = {}
        for index, snap in enumerate(self.snap_m.tolist()):
            if snap > OFF_ROAD_M:
                found[index] = f"{snap:,.0f} m from the nearest road a car can use"
            elif index != origin and not (
                np.isfinite(self.duration_s[origin, index])
                and np.isfinite(self.duration_s[index, origin])
            ):
                found[index] = "no road on the street map joins it with the shop"
        return found


@lru_cache(maxsize=2)
def _engine(base: str) -> osrm.OSRM:
    """One engine per area (loading is quick, but not free); safe to share between threads."""
    return osrm.OSRM(
        storage_config=base,
        algorithm="MLD",
        use_shared_memory=False,
        max_locations_distance_table=MAX_TABLE,
        max_locations_viaroute=MAX_TABLE,
    )


@dataclass(eq=False)
class OsrmTravel:
    """Road distances and drive times from the OSRM data at ``base`` (…/area.osrm).

    The last table is kept: the planner asks for the day's matrix, then for parts of it
    (each run, the stops that remain), which are cut from it instead of asked again.
    """

    base: Path
    #: Stands in for pairs no road joins, so that the matrices stay finite; stops with such
    #: pairs are set aside first (`RoadTable.problems`), so a plan never rests on it.
    fallback: GreatCircleTravel = field(default_factory=GreatCircleTravel)
    _last: RoadTable | None = field(default=None, init=False, repr=False)
    _lines: dict[tuple[tuple[float, float], ...], list[tuple[float, float]]] = field(
        default_factory=dict, init=False, repr=False
    )
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def table(self, points: Sequence[tuple[float, float]]) -> RoadTable:
        """The OSRM table over `points` (lat, lon), or the part of the last one it covers."""
        wanted = tuple((float(lat), float(lon)) for lat, lon in points)
        with self._lock:
            last = self._last
        cut = _part_of(last, wanted) if last is not None else None
        if cut is not None:
            return cut
        made = self._query(wanted)
        with self._lock:
            self._last = made
        return made

    def _query(self, points: tuple[tuple[float, float], ...]) -> RoadTable:
        count = len(points)
        if count == 0:
            empty = np.zeros((0, 0))
            return RoadTable(points, empty, empty, np.zeros(0))
        if count == 1:
            snap = self._snap(points)
            return RoadTable(points, np.zeros((1, 1)), np.zeros((1, 1)), snap)
        result = _engine(str(self.base)).Table(
            osrm.TableParameters(
                coordinates=[(lon, lat) for lat, lon in points],
                annotations=["duration", "distance"],
                generate_hints=False,
            )
        )
        duration = _matrix(result["durations"], count)
        distance = _matrix(result["distances"], count) / METRES_PER_MILE
        snap = np.array([float(s["distance"]) for s in result["sources"]])
        np.fill_diagonal(duration, 0.0)
        np.fill_diagonal(distance, 0.0)
        return RoadTable(points, distance, duration, snap)

    def _snap(self, points: tuple[tuple[float, float], ...]) -> np.ndarray:
        result = _engine(str(self.base)).Nearest(
            osrm.NearestParameters(coordinates=[(points[0][1], points[0][0])])
        )
        return np.array([float(result["waypoints"][0]["distance"])])

    def matrices(self, points: Sequence[tuple[float, float]]) -> tuple[np.ndarray, np.ndarray]:
        """Distance (miles) and duration (seconds) between every pair; see `fallback`."""
        table = self.table(points)
        distance, duration = table.distance_mi.copy(), table.duration_s.copy()
        holes = ~(np.isfinite(distance) & np.isfinite(duration))
        if holes.any():
            guess_distance, guess_duration = self.fallback.matrices(table.points)
            distance[holes] = guess_distance[holes]
            duration[holes] = guess_duration[holes]
        return distance, duration

    def problems(self, points: Sequence[tuple[float, float]]) -> dict[int, str]:
        """Why points cannot be planned on the roads (see `RoadTable.problems`)."""
        return self.table(points).problems()

    def route_line(self, points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
        """The road a car drives through `points` in order, as (lat, lon) points.

        Falls back to the straight legs when OSRM finds no route (a point cut off). The last
        lines asked are kept (a screen draws the same runs again after every edit)."""
        stops = tuple((float(lat), float(lon)) for lat, lon in points)
        if len(stops) < 2:
            return list(stops)
        with self._lock:
            known = self._lines.get(stops)
        if known is None:
            known = self._route(stops)
            with self._lock:
                if len(self._lines) >= KEEP_LINES:
                    self._lines.pop(next(iter(self._lines)))
                self._lines[stops] = known
        return list(known)

    def _route(self, stops: tuple[tuple[float, float], ...]) -> list[tuple[float, float]]:
        try:
            result = _engine(str(self.base)).Route(
                osrm.RouteParameters(
                    coordinates=[(lon, lat) for lat, lon in stops],
                    overview="full",
                    geometries="geojson",
                    generate_hints=False,
                )
            )
        except RuntimeError:
            return list(stops)
        line = result["routes"][0]["geometry"]["coordinates"]
        return [(float(point[1]), float(point[0])) for point in line]


def _matrix(rows: Iterable[Iterable[float | None]], count: int) -> np.ndarray:
    """An OSRM array of `count` arrays (null where no route) as floats (NaN there)."""
    flat = list(itertools.chain.from_iterable(rows))
    return np.array(flat, dtype=float).reshape(count, -1)


def _part_of(table: RoadTable, wanted: tuple[tuple[float, float], ...]) -> RoadTable | None:
    """The sub-table of `table` over `wanted`, if every point of it is in `table`."""
    if wanted == table.points:
        return table
    index = {point: i for i, point in enumerate(table.points)}
    try:
        rows = [index[point] for point in wanted]
    except KeyError:
        return None
    pick = np.ix_(rows, rows)
    return RoadTable(wanted, table.distance_mi[pick], table.duration_s[pick], table.snap_m[rows])


@dataclass(frozen=True, slots=True)
class RoadCheck:
    """A day's problem without the stops no car can reach on the roads, and those stops."""

    problem: Problem
    set_aside: tuple[Unassigned, ...]
    shop: str = ""  # why the shop itself is off the roads ("" when it is on them)


def check_on_roads(problem: Problem, travel: object) -> RoadCheck:
    """Set aside the stops the street map cannot reach, each with its reason.

    Only a travel model that can tell (`OsrmTravel.problems`) sets anything aside; stops
    outside the radius stay for the planner, which gives them the radius' reason. Locks on a
    set-aside stop are dropped with it.
    """
    if not isinstance(travel, OsrmTravel) or not problem.stops:
        return RoadCheck(problem, ())
    depot = problem.depot
    points = [(depot.lat, depot.lon), *((s.lat, s.lon) for s in problem.stops)]
    found = travel.problems(points)
    if 0 in found:
        return RoadCheck(problem, (), f"the shop is {found[0]}")
    aside = {
        problem.stops[index - 1].key: reason
        for index, reason in found.items()
        if outside_radius(depot, problem.stops[index - 1], problem.radius_mi) is None
    }
    if not aside:
        return RoadCheck(problem, ())
    kept = tuple(stop for stop in problem.stops if stop.key not in aside)
    locks: list[Lock | LockedRoute] = []
    for lock in problem.locks:
        if isinstance(lock, LockedRoute):
            keys = tuple(key for key in lock.stop_keys if key not in aside)
            if keys:
                locks.append(LockedRoute(lock.vehicle, keys))
        elif lock.stop_key not in aside:
            locks.append(lock)
    reduced = replace(problem, stops=kept, locks=tuple(locks))
    left = tuple(
        Unassigned(stop, f"not on the street map's roads: {aside[stop.key]}")
        for stop in problem.stops
        if stop.key in aside
    )
    return RoadCheck(reduced, left)
