"""Streets on the Runs screen: the roads under the runs, names when zoomed in, the runs'
lines on the roads, the attribution; and the note when there is no street map."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlite_utils
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QImage

from routing.streets import load_streets
from store import area
from tests.osm_world import ISLAND, MORNING, SHOP, add_world_day, at
from tests.ui.runs_fixtures import ACTOR, OFFSCREEN_NOISE
from ui.runs.plan_rows import DayRows
from ui.runs.route_map import RouteMap
from ui.runs.runs_view import RunsView
from ui.runs.street_layer import ATTRIBUTION, STREET_NAMES_FROM

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)
DAY = MORNING.date()


@pytest.fixture
def street_map(qtbot, world_db: sqlite_utils.Database) -> RouteMap:
    """The map of the world's shop, its streets loaded, no runs."""
    view = RouteMap()
    qtbot.addWidget(view)
    view.resize(500, 500)
    view.show()
    qtbot.waitExposed(view)
    view.set_rows(DayRows(SHOP, 1.0, (), ()))
    loaded = area.current(world_db)
    assert loaded is not None
    view.set_streets(load_streets(loaded.streets))
    return view


def pixel(view: RouteMap, image: QImage, lat: float, lon: float) -> QColor:
    """The darkest pixel within one pixel of where (lat, lon) is drawn."""
    point = view.mapFromScene(view.project(lat, lon))
    around = [
        image.pixelColor(point.x() + dx, point.y() + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)
    ]
    return min(around, key=lambda colour: colour.lightness())


def test_the_roads_are_drawn_under_the_runs(street_map: RouteMap) -> None:
    """Read back from the screen: a street is grey, the river (no road) is white."""
    image = street_map.viewport().grab().toImage()
    on_street = pixel(street_map, image, *at(625, 200))
    in_river = pixel(street_map, image, *at(1125, 750))
    assert on_street.red() < 215 and on_street.blue() - on_street.red() < 20  # a grey line
    assert (in_river.red(), in_river.green(), in_river.blue()) == (255, 255, 255)
    assert (
        street_map.layer is not None and street_map.layer.road_count() == 6 + 9 * 4 + 1 + 1
    )  # rows, avenues, bridge, Lone Lane


def test_street_names_show_only_zoomed_in(street_map: RouteMap) -> None:
    """At the radius' fit the names are off; zoomed in, they are on, along the streets."""
    assert street_map.pixels_per_mile() < STREET_NAMES_FROM
    assert street_map.layer is not None
    assert not any(label.isVisible() for label in street_map.layer.labels)
    street_map.zoom(STREET_NAMES_FROM / street_map.pixels_per_mile() * 1.1)
    names = {label.name for label in street_map.layer.labels if label.isVisible()}
    assert {"Row 1 Street", "Bridge Road", "Avenue 1000"} <= names
    street_map.fit()
    assert not any(label.isVisible() for label in street_map.layer.labels)


def test_the_attribution_is_on_the_map(street_map: RouteMap) -> None:
    """'© OpenStreetMap contributors' at the bottom right, whenever streets are drawn."""
    image = street_map.viewport().grab().toImage()
    corner = [
        image.pixelColor(x, y)
        for x in range(image.width() - 120, image.width() - 6)
        for y in range(image.height() - 16, image.height() - 6)
    ]
    assert any(colour.red() < 100 for colour in corner)  # dark text in the corner
    assert ATTRIBUTION == "© OpenStreetMap contributors"


@pytest.fixture
def world_runs(qtbot, world_db: sqlite_utils.Database) -> Iterator[RunsView]:
    add_world_day(world_db)
    view = RunsView(world_db, lambda: ACTOR, lambda: DAY, iterations=200)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    qtbot.waitExposed(view)
    yield view
    view.shutdown()


def test_each_run_follows_the_roads(qtbot, world_runs: RunsView) -> None:
    """After Plan, the run's line goes round by the bridge (x = 0) to the north bank; the
    island's stop is not planned, with its reason; no estimate note."""
    with qtbot.waitSignal(world_runs.planFinished, timeout=30_000) as done:
        qtbot.mouseClick(world_runs.controls.plan_button, Qt.MouseButton.LeftButton)
    assert done.args == ["saved"]
    (line,) = world_runs.map.lines.values()
    path = line.path()
    assert path.elementCount() > 12  # a road line, not 5 stops and the shop joined
    bridge_x = world_runs.map.project(*at(0, 800)).x()
    points = [QPointF(path.elementAt(i).x, path.elementAt(i).y) for i in range(path.elementCount())]
    assert min(p.x() for p in points) == pytest.approx(bridge_x, abs=0.01)
    assert world_runs.map.layer is not None
    (left,) = world_runs.editor.rows.unassigned
    assert (left.lat, left.lon) == ISLAND
    assert left.reason.startswith("not on the street map's roads: 3")
    assert world_runs.distances.isHidden()


def test_without_a_street_map_the_screen_says_distances_are_estimated(
    qtbot, world_db: sqlite_utils.Database
) -> None:
    """The map's folder gone: straight legs, no streets, and the note above the map."""
    loaded = area.current(world_db)
    assert loaded is not None
    loaded.streets.unlink()
    add_world_day(world_db)
    view = RunsView(world_db, lambda: ACTOR, lambda: DAY, iterations=100)
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignal(view.planFinished, timeout=30_000):
        qtbot.mouseClick(view.controls.plan_button, Qt.MouseButton.LeftButton)
    assert view.map.layer is None
    assert view.distances.isVisible()
    assert view.distances.text().startswith("Distances estimated: its files are missing")
    (line,) = view.map.lines.values()
    assert line.path().elementCount() == len(view.editor.rows.runs[0].stops) + 2
    view.shutdown()
