"""The area's streets under the Runs map: roads by kind, and their names when zoomed in.

The roads are drawn in the view's background (cached by the view: panning, selecting and new
runs do not draw them again), one painter path per kind built once per street map and shop.
Names are scene items that keep their size; they appear from STREET_NAMES_FROM pixels per mile
on and are made the first time they are needed.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

from routing.streets import KINDS, MAJOR, MOTORWAY, StreetMap

ATTRIBUTION = "© OpenStreetMap contributors"
STREET_NAMES_FROM = 260.0  # pixels per mile: a block of 100 m is 16 px long
#: Pen per road kind: colour and width in pixels (cosmetic: the same at every zoom).
#: Greys only, so that the runs' colours are the only colours on the map. The many small
#: roads are one pixel wide: Qt draws an antialiased one-pixel line on its fast path, a wider
#: one through its stroker, about 60 times slower (a whole repaint of a town's streets took
#: a third of a second with minor roads at 1.3 px, 40 ms at 1 px); a shade darker makes up
#: for the width.
STYLES = {
    "motorway": ("#98a1ab", 3.6),
    "major": ("#aab2bb", 2.6),
    "collector": ("#bcc3ca", 1.9),
    "minor": ("#c4cad1", 1.0),
    "service": ("#d9dde2", 1.0),
}
OUTSIDE = QColor("#e9ecef")
INSIDE = QColor("#ffffff")

Project = Callable[[float, float], QPointF]


class StreetLayer:
    """The streets of one map, projected around one shop."""

    def __init__(self, streets: StreetMap, project: Project) -> None:
        self.streets = streets
        self.project = project
        self.paths: list[tuple[QPainterPath, QPen]] = []
        self.labels: list[StreetName] = []
        self._labelled = False
        paths = [QPainterPath() for _ in KINDS]
        for road in streets.roads():
            path = paths[road.kind]
            lats, lons = road.lats.tolist(), road.lons.tolist()
            path.moveTo(project(lats[0], lons[0]))
            for lat, lon in zip(lats[1:], lons[1:], strict=True):
                path.lineTo(project(lat, lon))
        for kind in reversed(range(len(KINDS))):  # minor roads first, motorways on top
            colour, width = STYLES[KINDS[kind][0]]
            pen = QPen(QColor(colour), width)
            pen.setCosmetic(True)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            self.paths.append((paths[kind], pen))

    def paint(self, painter: QPainter) -> None:
        """The roads, minor ones first (call with the scene's transform set)."""
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for path, pen in self.paths:
            painter.setPen(pen)
            painter.drawPath(path)
        painter.restore()

    def road_count(self) -> int:
        return len(self.streets)

    def show_names(self, scene: QGraphicsScene, pixels_per_mile: float) -> None:
        """Street names on from STREET_NAMES_FROM pixels per mile, off below; a name that
        would overlap a more important one already shown at this zoom stays off."""
        visible = pixels_per_mile >= STREET_NAMES_FROM
        if visible and not self._labelled:
            self._make_labels(scene)
        if not visible:
            for label in self.labels:
                label.setVisible(False)
            return
        taken = _Taken()
        for label in self.labels:  # most important first
            label.setVisible(taken.claim(label.screen_box(pixels_per_mile)))

    def _make_labels(self, scene: QGraphicsScene) -> None:
        self._labelled = True
        base = QFont()
        base.setPointSizeF(max(7.0, base.pointSizeF() - 1.5))
        spots = sorted(self.streets.labels(spacing_mi=0.35), key=lambda spot: spot.kind)
        for spot in spots:
            font = QFont(base)
            font.setBold(spot.kind <= MAJOR)
            font.setItalic(spot.kind == MOTORWAY)
            label = StreetName(spot.name, font, spot.degrees)
            label.setPos(self.project(spot.lat, spot.lon))
            label.setVisible(False)
            scene.addItem(label)
            self.labels.append(label)

    def remove_from(self, scene: QGraphicsScene) -> None:
        for label in self.labels:
            scene.removeItem(label)
        self.labels = []
        self._labelled = False


class StreetName(QGraphicsItem):
    """A street's name along the street, the same size at every zoom, with a white halo so
    that it reads over the lines."""

    def __init__(self, name: str, font: QFont, degrees: float) -> None:
        super().__init__()
        self.name = name
        self.path = QPainterPath()
        self.path.addText(0, 0, font, name)
        box = self.path.boundingRect()
        self.path.translate(-box.center())
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setRotation(-degrees)
        self.setZValue(0.5)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def boundingRect(self) -> QRectF:
        return self.path.boundingRect().adjusted(-3, -3, 3, 3)

    def screen_box(self, pixels_per_mile: float) -> QRectF:
        """Where the name lies on the screen at this zoom (pixels, up to a shift): the box
        around the turned text."""
        box = self.boundingRect()
        turn = math.radians(self.rotation())
        cos, sin = abs(math.cos(turn)), abs(math.sin(turn))
        width = box.width() * cos + box.height() * sin
        height = box.width() * sin + box.height() * cos
        centre = self.pos() * pixels_per_mile
        return QRectF(centre.x() - width / 2, centre.y() - height / 2, width, height)

    def paint(self, painter: QPainter, _option: object, _widget: object = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        halo = QPen(QColor(255, 255, 255, 230), 3)
        halo.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.strokePath(self.path, halo)
        painter.fillPath(self.path, QColor("#3d4652"))


class _Taken:
    """Screen boxes already holding a name, in a coarse grid for quick overlap tests."""

    CELL = 96.0

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], list[QRectF]] = {}

    def claim(self, box: QRectF) -> bool:
        """Take `box` if it overlaps no box taken before; True if it was free."""
        keys = [
            (x, y)
            for x in range(int(box.left() // self.CELL), int(box.right() // self.CELL) + 1)
            for y in range(int(box.top() // self.CELL), int(box.bottom() // self.CELL) + 1)
        ]
        if any(box.intersects(other) for key in keys for other in self.cells.get(key, ())):
            return False
        for key in keys:
            self.cells.setdefault(key, []).append(box)
        return True


def paint_area(painter: QPainter, rect: QRectF | QRect, radius_mi: float) -> None:
    """The ground: grey outside the delivery radius, white inside (scene coordinates)."""
    painter.fillRect(rect, OUTSIDE)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(INSIDE)
    painter.drawEllipse(QPointF(0, 0), radius_mi, radius_mi)


def draw_attribution(painter: QPainter, width: int, height: int, text: str) -> None:
    """A small note at the bottom right of the viewport (pixel coordinates)."""
    metrics = painter.fontMetrics()
    box = QRectF(0, 0, metrics.horizontalAdvance(text) + 10, metrics.height() + 4)
    box.moveBottomRight(QPointF(width - 4, height - 4))
    painter.fillRect(box, QColor(255, 255, 255, 215))
    painter.setPen(QColor("#333333"))
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
