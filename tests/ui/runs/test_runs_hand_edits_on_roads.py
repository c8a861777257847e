"""A stop the clerk puts on a run by hand is timed on the street map's roads, like the plan's.

The synthetic world (tests/osm_world.py): a river between two banks, one bridge at the west
end, an island with no road, and Lone Lane which no road joins with the others.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import numpy as np
import pytest
import sqlite_utils
from PySide6.QtCore import Qt

import routing
from routing import roads
from routing.road_engine import LocalEngine
from routing.roads import METRES_PER_MILE, NO_ROAD
from store import area, runs
from store import planning as store_planning
from store.checkin import check_in
from store.manifest import import_bytes
from tests.osm_world import HEADER, ISLAND, LONE, MORNING, add_world_day
from tests.ui.runs_fixtures import ACTOR, OFFSCREEN_NOISE
from ui.runs.plan_rows import day_rows
from ui.runs.runs_view import RunsView

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)
DAY = MORNING.date()
NORTH_BANK = "TBA100000004"  # across the river from the shop: the road goes by the bridge


def open_runs(qtbot, db: sqlite_utils.Database) -> RunsView:
    """The Runs screen as opened after a restart: nothing asked of OSRM before."""
    roads.forget()
    view = RunsView(db, lambda: ACTOR, lambda: DAY, iterations=200)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    qtbot.waitExposed(view)
    return view


@pytest.fixture
def planned_world(qtbot, world_db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """The world's day planned with the real Plan button, then the screen closed."""
    add_world_day(world_db)
    view = open_runs(qtbot, world_db)
    with qtbot.waitSignal(view.planFinished, timeout=60_000) as done:
        qtbot.mouseClick(view.controls.plan_button, Qt.MouseButton.LeftButton)
    assert done.args == ["saved"]
    view.shutdown()
    yield world_db


def key_of(view: RunsView, tracking_id: str) -> str:
    return next(s.key for s in view.editor.rows.all_stops() if tracking_id in s.tracking_ids)


def drag_onto_run(view: RunsView, key: str, vehicle: str = "Dev") -> None:
    """Drag a stop from the not-planned list onto a run, as the clerk does."""
    leftovers = view.leftovers_model
    mime = leftovers.mimeData([leftovers.index(leftovers.row_of(key), 0)])
    target = view.runs_model.index_of_run(vehicle)
    assert view.runs_model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, 0, target)


def osrm_legs(view: RunsView, route: routing.Route) -> tuple[list[float], list[float]]:
    """Each leg of `route` (shop, stops, shop) in miles and seconds, asked of OSRM directly."""
    loaded = area.current(view.db)
    assert loaded is not None
    points = [shop_of(view), *((v.stop.lat, v.stop.lon) for v in route.visits)]
    table = LocalEngine().table(str(loaded.osrm_base), points)
    legs = list(itertools.pairwise([*range(len(points)), 0]))
    miles = [table.distance_m[a, b] / METRES_PER_MILE for a, b in legs]
    seconds = [table.duration_s[a, b] for a, b in legs]
    return miles, seconds


def shop_of(view: RunsView) -> tuple[float, float]:
    depot = view.editor.rows.depot
    return depot[0], depot[1]


def saved_keys(db: sqlite_utils.Database) -> list[str]:
    return [stop.stop_key for run in runs.runs_of_day(db, DAY) for stop in run.stops]


def run_of(view: RunsView, vehicle: str = "Dev") -> routing.Route:
    run = view.editor.rows.run(vehicle)
    assert run is not None
    return run.route


def test_a_stop_put_back_by_hand_after_a_restart_is_timed_on_the_roads(
    qtbot, planned_world: sqlite_utils.Database
) -> None:
    """Taken off the plan, the console restarted, then dragged back onto the run: each leg,
    each drive and the run's miles are OSRM's (round by the bridge), not straight lines."""
    view = open_runs(qtbot, planned_world)
    key = key_of(view, NORTH_BANK)
    view.take_off(key)
    assert key not in saved_keys(planned_world)
    view.shutdown()
    view = open_runs(qtbot, planned_world)
    drag_onto_run(view, key)
    qtbot.waitUntil(lambda: key in saved_keys(planned_world))
    route = run_of(view)
    miles, seconds = osrm_legs(view, route)
    assert [v.leg_mi for v in route.visits] == pytest.approx(miles[:-1], rel=1e-6)
    assert route.distance_mi == pytest.approx(sum(miles), rel=1e-6)
    departs = [route.start_s, *(v.depart_s for v in route.visits[:-1])]
    drives = [v.arrival_s - left for v, left in zip(route.visits, departs, strict=True)]
    assert drives == [round(s) for s in seconds[:-1]]
    straight = routing.evaluate_route(
        view.editor.planning.problem.depot,  # type: ignore[union-attr]
        route.vehicle,
        [v.stop for v in route.visits],
        travel=routing.GreatCircleTravel(),
    )
    at = route.stop_keys.index(key)
    road_leg, straight_leg = route.visits[at].leg_mi, straight.visits[at].leg_mi
    assert road_leg > 1.5 * straight_leg  # round by the bridge, not across the river
    assert not any(stop.breaches for stop in view.editor.rows.run("Dev").stops)  # type: ignore[union-attr]
    view.shutdown()


def test_a_stop_far_from_the_roads_put_on_a_run_says_so(
    qtbot, planned_world: sqlite_utils.Database
) -> None:
    """The island's stop (set aside by the plan, 349 m from a road) dragged onto the run is
    timed to its nearest road, and its row says so, as a breach the clerk sees."""
    view = open_runs(qtbot, planned_world)
    (island,) = view.editor.rows.unassigned
    assert (island.lat, island.lon) == ISLAND
    drag_onto_run(view, island.key)
    qtbot.waitUntil(lambda: island.key in saved_keys(planned_world))
    miles, _ = osrm_legs(view, run_of(view))
    assert run_of(view).distance_mi == pytest.approx(sum(miles), rel=1e-6)
    row = view.editor.rows.stop(island.key)
    assert row is not None and row.vehicle == "Dev"
    assert row.breaches == ("349 m from the nearest road a car can use: timed to that road, "
                            "the rest on foot",)  # fmt: skip
    view.shutdown()


def add_lone_lane_parcel(db: sqlite_utils.Database) -> str:
    """One more parcel of the day, at a door on Lone Lane (no road joins it with the shop)."""
    tracking_id = "TBA100000077"
    row = f"{tracking_id},Lone Person,1 Lone Lane,Rivertown,MN,55401,{LONE[0]},{LONE[1]}"
    import_bytes(db, ACTOR, f"{HEADER}\r\n{row}\r\n".encode(), "lone.csv", DAY, at=MORNING)
    check_in(db, ACTOR, tracking_id, at=MORNING)
    return tracking_id


def test_a_stop_no_road_reaches_is_not_put_on_a_run(qtbot, world_db: sqlite_utils.Database) -> None:
    """Lone Lane's stop is set aside by the plan with its reason; dragged onto a run it is
    refused in words (its drives would be made up), and nothing saved changes."""
    add_world_day(world_db)
    lone = add_lone_lane_parcel(world_db)
    view = open_runs(qtbot, world_db)
    with qtbot.waitSignal(view.planFinished, timeout=60_000):
        qtbot.mouseClick(view.controls.plan_button, Qt.MouseButton.LeftButton)
    key = key_of(view, lone)
    row = view.editor.rows.stop(key)
    assert row is not None and row.vehicle is None
    assert row.reason == f"not on the street map's roads: {NO_ROAD}"
    before = saved_keys(world_db)
    with qtbot.waitSignal(view.edited):
        drag_onto_run(view, key)
    assert view.message.text() == (
        "Not changed: no road on the street map joins Lone Person, 1 Lone Lane with the "
        "shop, so no drive to it can be timed; check its location"
    )
    assert saved_keys(world_db) == before
    assert view.leftovers_model.row_of(key) >= 0
    view.shutdown()


def test_a_saved_stop_the_new_street_map_cannot_reach_is_marked(
    world_db: sqlite_utils.Database,
) -> None:
    """A stop on a run the roads cannot time (here: put there before the street map came)
    keeps its run, and its row says its drives are straight-line estimates."""
    add_world_day(world_db)
    lone = add_lone_lane_parcel(world_db)
    planning = store_planning.prepare(world_db, DAY)
    stops = {s.key: s for s in planning.problem.stops}
    lone_key = next(k for k, s in stops.items() if lone in s.tracking_ids)
    route = routing.evaluate_route(
        planning.problem.depot, planning.problem.vehicles[0], [stops[lone_key]],
        travel=planning.travel,
    )  # fmt: skip
    rows = day_rows(planning, routing.Plan((route,), ()), {})
    (stop,) = rows.runs[0].stops
    assert stop.breaches == (f"{NO_ROAD}: its drives are straight-line estimates",)
    assert np.isfinite(route.distance_mi)
