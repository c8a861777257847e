"""The route map: projection, markers and tooltips, zoom and pan, the scale bar."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication

from tests.ui.runs_fixtures import OFFSCREEN_NOISE
from ui.runs.plan_rows import DayRows, StopRow
from ui.runs.route_map import MILES_PER_DEGREE, SCALE_STEPS_MI, RouteMap

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)
SHOP = (38.9187, -77.2311)


def row(key: str, north: float, east: float, vehicle: str | None = None, **more) -> StopRow:
    lat = SHOP[0] + north / MILES_PER_DEGREE
    lon = SHOP[1] + east / (MILES_PER_DEGREE * math.cos(math.radians(SHOP[0])))
    return StopRow(key=key, vehicle=vehicle, sequence=1 if vehicle else 0, lat=lat, lon=lon,
                   label=f"Person {key}, 1 Test St", tracking_ids=(f"T{key}",), **more)  # fmt: skip


@pytest.fixture
def route_map(qtbot) -> RouteMap:
    view = RouteMap()
    qtbot.addWidget(view)
    view.resize(600, 600)
    view.show()
    qtbot.waitExposed(view)
    rows = DayRows(SHOP, 10.0, (), (row("n", 3, 0), row("e", 0, 4, reason="no room")))
    view.set_rows(rows)
    return view


def wheel(view: RouteMap, clicks: int) -> None:
    centre = QPointF(view.viewport().rect().center())
    event = QWheelEvent(
        centre, view.mapToGlobal(centre), QPoint(), QPoint(0, 120 * clicks),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
        False,
    )  # fmt: skip
    view.wheelEvent(event)


def test_stops_sit_at_their_distance_from_the_shop(route_map: RouteMap) -> None:
    """Scene units are miles: 3 miles north is y = -3, 4 miles east is x = 4."""
    north, east = route_map.markers["n"].pos(), route_map.markers["e"].pos()
    assert (round(north.x(), 3), round(north.y(), 3)) == (0.0, -3.0)
    assert (round(east.x(), 3), round(east.y(), 3)) == (4.0, 0.0)


def test_a_marker_tells_what_is_there(route_map: RouteMap) -> None:
    """The tooltip names the recipient, address, parcels and why it is not planned."""
    tip = route_map.markers["e"].toolTip()
    assert tip.splitlines() == [
        "Not planned",
        "Person e, 1 Test St",
        "1 parcel: Te",
        "Why not planned: no room",
    ]


def test_the_wheel_zooms_and_the_scale_bar_follows(qtbot, route_map: RouteMap) -> None:
    """Zooming in makes a mile longer on screen and the scale bar shorter in miles; 0 fits."""
    fitted, bar = route_map.pixels_per_mile(), route_map.scale_bar_miles()
    longer = SCALE_STEPS_MI[SCALE_STEPS_MI.index(bar) + 1]
    assert bar * fitted <= 140 < longer * fitted  # the longest round bar that fits
    wheel(route_map, 6)
    assert route_map.pixels_per_mile() == pytest.approx(fitted * 1.25**6)
    assert route_map.scale_bar_miles() < bar
    wheel(route_map, 100)  # zoom stops at its limit
    assert route_map.pixels_per_mile() == pytest.approx(fitted * 60)
    qtbot.keyClick(route_map, Qt.Key.Key_0)
    assert route_map.pixels_per_mile() == pytest.approx(fitted)


def test_dragging_pans_the_map(qtbot, route_map: RouteMap) -> None:
    """A drag on empty map moves what is in view."""
    wheel(route_map, 3)
    before = route_map.mapToScene(route_map.viewport().rect().center())
    viewport = route_map.viewport()
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    for kind, x, buttons in (
        (QEvent.Type.MouseButtonPress, 300, left),
        *((QEvent.Type.MouseMove, 300 + 20 * step, left) for step in range(1, 6)),
        (QEvent.Type.MouseButtonRelease, 400, none),
    ):
        position = QPointF(x, 300)
        event = QMouseEvent(kind, position, viewport.mapToGlobal(position), left, buttons,
                            Qt.KeyboardModifier.NoModifier)  # fmt: skip
        QApplication.sendEvent(viewport, event)
    after = route_map.mapToScene(route_map.viewport().rect().center())
    assert after.x() < before.x()


def test_picking_a_marker_reports_its_key(qtbot, route_map: RouteMap) -> None:
    """Clicking a stop on the map says which one; selecting from outside stays quiet."""
    with qtbot.waitSignal(route_map.stopPicked) as picked:
        route_map.markers["n"].setSelected(True)
    assert picked.args == ["n"]
    with qtbot.assertNotEmitted(route_map.stopPicked):
        route_map.select_stop("e")
    assert route_map.selected_key() == "e"
