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

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from routing.model import Depot, Lock, LockedRoute, Problem, Stop, Unassigned
from routing.road_engine import engine
from routing.screening import outside_radius
from routing.travel import GreatCircleTravel

METRES_PER_MILE = 1609.344
#: A stop farther than this from any road a car may use is not planned on the roads.
OFF_ROAD_M = 250.0
#: Why a point is cut off from the shop on the street map (no drive to or from it is known).
NO_ROAD = "no road on the street map joins it with the shop"
KEEP_LINES = 64
KEEP_TABLES = 3
KEEP_MAPS = 2


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
                found[index] = NO_ROAD
        return found


@dataclass(eq=False)
class _Asked:
    """What was asked of one street map lately: its last tables (newest first) and route
    lines. A few tables, not one: a stop dragged onto a run from the not-planned list after
    a restart asks a small table beside the day's, and the next edit needs the day's again."""

    tables: list[RoadTable] = field(default_factory=list)
    lines: OrderedDict[tuple[tuple[float, float], ...], list[tuple[float, float]]] = field(
        default_factory=OrderedDict
    )


_asked: OrderedDict[str, _Asked] = OrderedDict()
_asked_lock = threading.Lock()


def _memory(base: str) -> _Asked:
    """The map's memory, shared by every `OsrmTravel` over it: the console reads the day
    afresh after each plan and edit, and must not ask OSRM again what the plan just asked.
    An import puts a new map in a new folder, so a base path always means the same roads."""
    with _asked_lock:
        known = _asked.get(base)
        if known is None:
            known = _asked[base] = _Asked()
            while len(_asked) > KEEP_MAPS:
                _asked.popitem(last=False)
        _asked.move_to_end(base)
        return known


def forget() -> None:
    """Forget every table and line asked (benchmarks that must ask afresh; tests)."""
    with _asked_lock:
        _asked.clear()


@dataclass(eq=False)
class OsrmTravel:
    """Road distances and drive times from the OSRM data at ``base`` (…/area.osrm).

    The last tables of the map are kept (for every `OsrmTravel` over it): the planner asks for
    the day's matrix, then for parts of it (each run, the stops that remain, the saved plan
    read back), which are cut from it instead of asked again. OSRM answers where
    `routing.road_engine.engine()` says (in a helper process in the console).
    """

    base: Path
    #: Stands in for pairs no road joins, so that the matrices stay finite; stops with such
    #: pairs are set aside first (`RoadTable.problems`), so a plan never rests on it.
    fallback: GreatCircleTravel = field(default_factory=GreatCircleTravel)

    def table(self, points: Sequence[tuple[float, float]]) -> RoadTable:
        """The OSRM table over `points` (lat, lon), or the part of the last one it covers."""
        wanted = tuple((float(lat), float(lon)) for lat, lon in points)
        memory = _memory(str(self.base))
        with _asked_lock:
            recent = list(memory.tables)
        for known in recent:
            cut = _part_of(known, wanted)
            if cut is not None:
                return cut
        made = self._query(wanted)
        with _asked_lock:
            memory.tables.insert(0, made)
            del memory.tables[KEEP_TABLES:]
        return made

    def _query(self, points: tuple[tuple[float, float], ...]) -> RoadTable:
        count = len(points)
        if count == 0:
            empty = np.zeros((0, 0))
            return RoadTable(points, empty, empty, np.zeros(0))
        if count == 1:
            snap = np.array([engine().snap(str(self.base), points[0])])
            return RoadTable(points, np.zeros((1, 1)), np.zeros((1, 1)), snap)
        answer = engine().table(str(self.base), points)
        duration = answer.duration_s.copy()
        distance = answer.distance_m / METRES_PER_MILE
        np.fill_diagonal(duration, 0.0)
        np.fill_diagonal(distance, 0.0)
        return RoadTable(points, distance, duration, answer.snap_m)

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
        lines asked of the map are kept (a screen draws the same runs again after every
        edit; the planner's thread asks the new plan's lines before the screen draws it)."""
        stops = tuple((float(lat), float(lon)) for lat, lon in points)
        if len(stops) < 2:
            return list(stops)
        memory = _memory(str(self.base))
        with _asked_lock:
            known = memory.lines.get(stops)
            if known is not None:
                memory.lines.move_to_end(stops)
        if known is None:
            known = engine().route(str(self.base), stops) or list(stops)
            with _asked_lock:
                memory.lines[stops] = known
                while len(memory.lines) > KEEP_LINES:
                    memory.lines.popitem(last=False)
        return list(known)


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


def off_the_roads(travel: object, depot: Depot, stops: Sequence[Stop]) -> dict[str, str]:
    """The stops the street map cannot time as it times the others, by key, with why (see
    `RoadTable.problems`); none without a street map.

    The planner sets such stops aside (`check_on_roads`); this is for stops put on a run by
    hand, or saved on one before the street map changed: a screen marks them, and a stop
    with `NO_ROAD` is not put on a run at all (its legs would be made up)."""
    if not isinstance(travel, OsrmTravel) or not stops:
        return {}
    points = [(depot.lat, depot.lon), *((s.lat, s.lon) for s in stops)]
    found = travel.problems(points)
    return {stops[index - 1].key: why for index, why in found.items() if index > 0}
