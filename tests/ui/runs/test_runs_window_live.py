"""The window keeps running while OSRM works: the console asks it in a helper process, the
plan's road table and lines are asked in the planner's thread, and the streets are not drawn
again for new runs."""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator, Sequence

import pytest
import sqlite_utils
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from routing import road_engine, roads
from routing.road_engine import LocalEngine, Point, TableAnswer
from routing.streets import load_streets
from store import area, demo
from tests.osm_world import MORNING, SHOP, add_world_day
from tests.ui.runs_fixtures import ACTOR, OFFSCREEN_NOISE
from ui.runs.plan_rows import DayRows
from ui.runs.route_map import RouteMap
from ui.runs.runs_view import RunsView
from ui.runs.street_layer import STYLES, StreetLayer

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)
#: A table this size keeps OSRM busy for about 0.3 s on an idle machine (more when loaded).
BIG_TABLE = 400
#: Heartbeats the window must keep making meanwhile. With OSRM in the window's own process
#: the table holds the GIL and the heartbeat stops: only the Python work around the query
#: lets a handful through (2 to 11 measured). In a helper process it beats hundreds of times.
LIVE_BEATS = 30


@pytest.fixture
def helper_engine() -> Iterator[road_engine.HelperEngine]:
    """OSRM in a helper process, as the console runs it; ended after the test."""
    engine = road_engine.use_helper_process()
    yield engine
    road_engine.use_this_process()


def doors_near_the_demo_shop(count: int) -> list[tuple[float, float]]:
    rng = random.Random(count)
    lat, lon = demo.SHOP["latitude"], demo.SHOP["longitude"]
    return [(lat + rng.uniform(-0.03, 0.03), lon + rng.uniform(-0.04, 0.04)) for _ in range(count)]


def test_the_window_beats_on_while_a_big_table_is_made(
    qtbot, shop: sqlite_utils.Database, helper_engine: road_engine.HelperEngine
) -> None:
    """A heartbeat on the GUI thread keeps advancing while a worker thread waits for a
    400-point road table (the planner's first step)."""
    loaded = area.current(shop)
    assert loaded is not None
    travel = roads.OsrmTravel(loaded.osrm_base)
    helper_engine.snap(str(loaded.osrm_base), (demo.SHOP["latitude"], demo.SHOP["longitude"]))
    beats = [0]
    heart = QTimer()
    heart.setInterval(1)
    heart.timeout.connect(lambda: beats.__setitem__(0, beats[0] + 1))
    heart.start()
    counted: dict[str, int] = {}
    points = doors_near_the_demo_shop(BIG_TABLE)

    def plan_step() -> None:
        counted["before"] = beats[0]
        table = travel.table(points)
        counted["after"] = beats[0]
        counted["size"] = len(table.points)

    worker = threading.Thread(target=plan_step)
    worker.start()
    qtbot.waitUntil(lambda: not worker.is_alive(), timeout=120_000)
    heart.stop()
    assert counted["size"] == BIG_TABLE
    assert counted["after"] - counted["before"] >= LIVE_BEATS


class Recording(LocalEngine):
    """OSRM here, noting which queries came from the GUI thread."""

    def __init__(self) -> None:
        self.on_gui_thread: list[str] = []

    def _note(self, kind: str) -> None:
        if threading.current_thread() is threading.main_thread():
            self.on_gui_thread.append(kind)

    def table(self, base: str, points: Sequence[Point]) -> TableAnswer:
        self._note("table")
        return super().table(base, points)

    def route(self, base: str, points: Sequence[Point]) -> list[Point] | None:
        self._note("route")
        return super().route(base, points)


@pytest.fixture
def recording() -> Iterator[Recording]:
    engine = Recording()
    previous = road_engine.use_engine(engine)
    roads.forget()
    yield engine
    road_engine.use_engine(previous)


def test_a_new_plan_is_saved_and_drawn_without_asking_osrm_on_the_gui_thread(
    qtbot, world_db: sqlite_utils.Database, recording: Recording
) -> None:
    """The plan's table serves the saved plan read back; its road lines were asked in the
    planner's thread: the GUI thread asks OSRM nothing from Plan to the drawn runs."""
    add_world_day(world_db)
    view = RunsView(world_db, lambda: ACTOR, lambda: MORNING.date(), iterations=50)
    qtbot.addWidget(view)
    view.show()
    recording.on_gui_thread.clear()
    with qtbot.waitSignal(view.planFinished, timeout=60_000) as finished:
        view.plan()
    assert finished.args == ["saved"]
    assert all(run.line for run in view.editor.rows.runs)  # the runs follow the roads
    assert recording.on_gui_thread == []
    view.shutdown()


def test_new_runs_do_not_draw_the_streets_again(
    qtbot, world_db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The streets are the view's cached background: runs drawn over them (every plan and
    edit) leave the cache alone; a shop that moves draws them again."""
    view = RouteMap()
    qtbot.addWidget(view)
    view.resize(500, 500)
    view.show()
    qtbot.waitExposed(view)
    view.set_rows(DayRows(SHOP, 1.0, (), ()))
    loaded = area.current(world_db)
    assert loaded is not None
    view.set_streets(load_streets(loaded.streets))

    def draw() -> None:
        view.viewport().update()
        QApplication.processEvents()

    draw()
    painted: list[int] = []
    real_paint = StreetLayer.paint
    monkeypatch.setattr(
        StreetLayer, "paint", lambda layer, painter: (painted.append(1), real_paint(layer, painter))
    )
    view.set_rows(DayRows(SHOP, 1.0, (), ()))
    draw()
    assert painted == []
    view.set_rows(DayRows((SHOP[0] + 0.001, SHOP[1]), 1.0, (), ()))
    draw()
    assert painted


def test_the_many_small_roads_are_drawn_one_pixel_wide() -> None:
    """Minor and service roads (most of a town's streets) use one-pixel pens, which Qt
    antialiases on its fast path; a wider pen goes through its stroker, which took a third
    of a second to draw a small town's streets."""
    assert STYLES["minor"][1] <= 1.0
    assert STYLES["service"][1] <= 1.0
