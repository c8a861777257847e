"""Road travel on the synthetic world: OSRM tables, snapping, one-way streets, the river."""

from __future__ import annotations

import re

import numpy as np
import pytest
import sqlite_utils

import routing
from routing.roads import OFF_ROAD_M, OsrmTravel, check_on_roads
from routing.travel import haversine_miles
from store import area
from tests.osm_world import ISLAND, ISLAND_XY, SHOP, at


def stop(key: str, x: float, y: float) -> routing.Stop:
    """A one-parcel stop x metres east and y metres north of the world's origin."""
    lat, lon = at(x, y)
    return routing.Stop(key=key, lat=lat, lon=lon, tracking_ids=(f"T-{key}",), service_s=60)


def car(name: str, capacity: int = 10) -> routing.Vehicle:
    return routing.Vehicle(
        name=name, capacity_parcels=capacity, shift_start_s=9 * 3600, shift_end_s=17 * 3600
    )


@pytest.fixture
def roads(world_db: sqlite_utils.Database) -> OsrmTravel:
    loaded = area.current(world_db)
    assert loaded is not None
    return OsrmTravel(loaded.osrm_base)


def test_the_one_way_street_makes_the_matrix_asymmetric(roads: OsrmTravel) -> None:
    """With the one-way row eastbound, west->east is 1 km; back it goes round a block."""
    west, east = at(500, 1500), at(1500, 1500)
    distance, duration = roads.matrices([west, east])
    assert distance[0, 1] * 1609.344 == pytest.approx(1000, abs=30)
    assert distance[1, 0] * 1609.344 == pytest.approx(1400, abs=60)
    assert duration[1, 0] > duration[0, 1] * 1.2


def test_the_river_is_crossed_only_on_the_bridge(roads: OsrmTravel) -> None:
    """Neighbours across the river at its east end are 4+ km apart by road, 0.7 km as the
    crow flies."""
    south, north = at(2000, 400), at(2000, 1100)
    distance, _ = roads.matrices([south, north])
    crow = haversine_miles(*south, *north)
    assert crow * 1609.344 == pytest.approx(700, abs=5)
    assert distance[0, 1] * 1609.344 == pytest.approx(2000 + 700 + 2000, abs=60)


def test_each_point_says_how_far_it_was_snapped(roads: OsrmTravel) -> None:
    """A door 20 m off a street snaps 20 m; the island snaps ~350 m away and is flagged."""
    table = roads.table([SHOP, at(600, 220), ISLAND])
    assert table.snap_m[1] == pytest.approx(20, abs=2)
    assert table.snap_m[2] == pytest.approx(350, abs=10)
    found = table.problems()
    assert list(found) == [2]
    assert re.fullmatch(r"3[45]\d m from the nearest road a car can use", found[2])


def test_a_stop_off_the_roads_is_set_aside_not_planned(roads: OsrmTravel) -> None:
    """The island's stop is left out with its reason; the others are planned on roads."""
    problem = routing.Problem(
        depot=routing.Depot(*SHOP),
        stops=(stop("A", 600, 220), stop("ISLAND", *ISLAND_XY), stop("B", 1200, 1320)),
        vehicles=(car("Dev"),),
        radius_mi=2.0,
        locks=(routing.Lock("ISLAND", "Dev"),),
    )
    checked = check_on_roads(problem, roads)
    assert [s.key for s in checked.problem.stops] == ["A", "B"]
    assert checked.problem.locks == ()
    assert [u.stop.key for u in checked.set_aside] == ["ISLAND"]
    assert re.fullmatch(
        r"not on the street map's roads: 3[45]\d m from the nearest road a car can use",
        checked.set_aside[0].reason,
    )
    assert OFF_ROAD_M == 250


def test_a_straight_line_model_sets_nothing_aside() -> None:
    """Without a street map there is nothing to check the stops against."""
    problem = routing.Problem(
        depot=routing.Depot(*SHOP), stops=(stop("ISLAND", *ISLAND_XY),), vehicles=(car("Dev"),)
    )
    checked = check_on_roads(problem, routing.GreatCircleTravel())
    assert checked.problem is problem and checked.set_aside == ()


def test_a_part_of_the_last_table_is_cut_from_it(roads: OsrmTravel) -> None:
    """The planner asks for the day, then for runs: the same figures, not asked again."""
    points = [SHOP, at(600, 220), at(1200, 1320), at(2000, 400)]
    whole = roads.table(points)
    part = roads.table([points[3], points[1]])
    assert part.distance_mi[0, 1] == whole.distance_mi[3, 1]
    assert part.duration_s[1, 0] == whole.duration_s[1, 3]
    assert np.array_equal(part.snap_m, whole.snap_m[[3, 1]])


def test_the_route_line_follows_the_roads(roads: OsrmTravel) -> None:
    """South to north at the east end: the line runs west to the bridge and back."""
    line = roads.route_line([at(2000, 400), at(2000, 1100)])
    bridge_lon = at(0, 0)[1]
    assert min(lon for _, lon in line) == pytest.approx(bridge_lon, abs=1e-5)
    assert len(line) > 4


#: Four stops at each end of the river, two on each bank.
RIVER_DAY = (
    stop("WS1", 250, 215), stop("WS2", 500, 385), stop("WN1", 250, 1115), stop("WN2", 500, 1285),
    stop("ES1", 1750, 215), stop("ES2", 2000, 385), stop("EN1", 1750, 1115),
    stop("EN2", 2000, 1285),
)  # fmt: skip


def _runs(travel: routing.TravelModel) -> set[frozenset[str]]:
    problem = routing.Problem(
        depot=routing.Depot(*SHOP), stops=RIVER_DAY, vehicles=(car("A", 4), car("B", 4)),
        radius_mi=2.0,
    )  # fmt: skip
    plan = routing.plan(problem, seconds=5, iterations=300, seed=1, workers=1, travel=travel)
    assert plan.unassigned == ()
    return {frozenset(v.stop.key for v in route.visits) for route in plan.routes}


def test_the_river_changes_the_plan(roads: OsrmTravel) -> None:
    """On straight lines the cars split west/east (each crosses the river); on the roads
    each car keeps to one bank, since the only bridge is at the west end."""
    assert _runs(routing.GreatCircleTravel()) == {
        frozenset({"WS1", "WS2", "WN1", "WN2"}),
        frozenset({"ES1", "ES2", "EN1", "EN2"}),
    }
    assert _runs(roads) == {
        frozenset({"WS1", "WS2", "ES1", "ES2"}),
        frozenset({"WN1", "WN2", "EN1", "EN2"}),
    }
