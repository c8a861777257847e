"""A small map to place the shop by dropping a pin: the area's streets (with their names
close up) when a street map is loaded, the delivery radius around the pin, and the
attribution the street data asks for.

Click (or tap) anywhere to move the pin; the wheel zooms. With streets, the map opens close
up around the pin, where the person can see which house is the shop; "whole radius" shows
the delivery area. Positions are kept in degrees; the scene is in miles east and north of
the first centre, which is flat enough for a 10-mile radius.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from PySide6.QtCore import QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItemGroup,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

from store.about import MAP_ATTRIBUTION

MILES_PER_DEGREE_LAT = 69.0
#: Half the width of the close-up view around the pin, in miles.
CLOSE_UP_MI = 0.6
#: Street names show when a mile is at least this many pixels long (close up).
NAMES_FROM_PX_PER_MI = 120
#: The same street's name is written again only this far (pixels) from where it already is.
NAME_AGAIN_PX = 220
NO_STREETS = "The streets show here once the street map is loaded."


@dataclass(frozen=True)
class Street:
    """A piece of a named street, as (latitude, longitude) points."""

    name: str
    points: Sequence[tuple[float, float]]


class PinMap(QGraphicsView):
    """The shop's pin on its streets. `moved(latitude, longitude)` when the person drops it."""

    moved = Signal(float, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        # The corner's words stay put while the map scrolls: redraw it all (a small map).
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.setMinimumSize(260, 200)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setToolTip("Click the shop's place on the map to drop the pin there; the wheel zooms")
        self._centre: tuple[float, float] | None = None
        self._streets_item: QGraphicsPathItem | None = None
        self._names = QGraphicsItemGroup()
        self._names.setZValue(1)
        self.scene().addItem(self._names)
        self._labels: list[QGraphicsSimpleTextItem] = []  # longest street pieces first
        self._streets: list[Street] = []
        self._emphasis: QGraphicsPathItem | None = None  # the street the shop was found on
        self.pin: tuple[float, float] | None = None
        self.radius_mi = 10.0
        self.close_up = True  # with streets: around the pin; else the whole radius
        self._circle = QGraphicsEllipseItem()
        self._circle.setPen(QPen(QColor("#1565c0"), 0, Qt.PenStyle.DashLine))
        self._marker = QGraphicsEllipseItem(-8, -8, 16, 16)  # pixels, at any zoom
        self._marker.setFlag(QGraphicsEllipseItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self._marker.setBrush(QBrush(QColor("#c62828")))
        self._marker.setPen(QPen(QColor("white"), 2))
        self._marker.setZValue(2)
        for item in (self._circle, self._marker):
            item.hide()
            self.scene().addItem(item)
        for bar in (self.horizontalScrollBar(), self.verticalScrollBar()):
            bar.valueChanged.connect(self._show_names)

    # -- what the map shows ------------------------------------------------------------------

    def show_streets(self, streets: Sequence[Street]) -> None:
        """Draw the area's streets and their names (replacing any drawn before)."""
        if self._streets_item is not None:
            self.scene().removeItem(self._streets_item)
            self._streets_item = None
        for name in self._labels:
            self._names.removeFromGroup(name)
            self.scene().removeItem(name)
        self._labels = []
        self.emphasise("")
        drawn = [street for street in streets if len(street.points) >= 2]
        self._streets = drawn
        if not drawn:
            self.viewport().update()
            return
        if self._centre is None:
            self._centre = drawn[0].points[0]
        path = QPainterPath()
        font = QFont()
        font.setPointSizeF(7.5)
        named: list[tuple[float, QGraphicsSimpleTextItem]] = []
        for street in drawn:
            points = [self._to_scene(lat, lon) for lat, lon in street.points]
            path.moveTo(points[0])
            for point in points[1:]:
                path.lineTo(point)
            if street.name:
                label = QGraphicsSimpleTextItem(street.name)
                label.setFont(font)
                label.setBrush(QColor("#37474f"))
                label.setFlag(QGraphicsSimpleTextItem.GraphicsItemFlag.ItemIgnoresTransformations)
                label.setPos(points[len(points) // 2])
                self._names.addToGroup(label)
                named.append((_length(points), label))
        named.sort(key=lambda pair: -pair[0])
        self._labels = [label for _, label in named]
        self._streets_item = QGraphicsPathItem(path)
        pen = QPen(QColor("#9e9e9e"), 1.5)
        pen.setCosmetic(True)
        self._streets_item.setPen(pen)
        self.scene().addItem(self._streets_item)
        self._frame()

    def emphasise(self, name: str) -> None:
        """Draw the street called `name` (the one the shop was found on) darker, its name
        written first; "" for none."""
        if self._emphasis is not None:
            self.scene().removeItem(self._emphasis)
            self._emphasis = None
        path = QPainterPath()
        for street in self._streets if name else ():
            if street.name == name:
                points = [self._to_scene(lat, lon) for lat, lon in street.points]
                path.moveTo(points[0])
                for point in points[1:]:
                    path.lineTo(point)
        if not path.isEmpty():
            self._emphasis = QGraphicsPathItem(path)
            pen = QPen(QColor("#1565c0"), 3)
            pen.setCosmetic(True)
            self._emphasis.setPen(pen)
            self._emphasis.setZValue(0.5)
            self.scene().addItem(self._emphasis)
        self._labels.sort(key=lambda label: label.text() != name)  # stable: longest first
        self._show_names()

    @property
    def emphasised(self) -> bool:
        return self._emphasis is not None

    @property
    def streets_shown(self) -> bool:
        return self._streets_item is not None

    @property
    def names_shown(self) -> list[str]:
        """The street names written on the map now (none when zoomed out)."""
        if not self.streets_shown or not self._names.isVisible():
            return []
        return [label.text() for label in self._labels if label.isVisible()]

    def set_pin(
        self,
        latitude: float,
        longitude: float,
        *,
        radius_mi: float | None = None,
        reframe: bool = True,
    ) -> None:
        """Put the pin (and the radius around it) at a position, without telling `moved`;
        `reframe`: show the pin's surroundings again (not when the person clicked)."""
        if radius_mi is not None:
            self.radius_mi = radius_mi
        if self._centre is None:
            self._centre = (latitude, longitude)
        self.pin = (latitude, longitude)
        point = self._to_scene(latitude, longitude)
        self._marker.setPos(point)
        r = self.radius_mi
        self._circle.setRect(point.x() - r, point.y() - r, 2 * r, 2 * r)
        for item in (self._marker, self._circle):
            item.show()
        if reframe:
            self._frame()

    def set_radius(self, radius_mi: float) -> None:
        if self.pin is not None:
            self.set_pin(*self.pin, radius_mi=radius_mi)
        else:
            self.radius_mi = radius_mi

    def set_close_up(self, close_up: bool) -> None:
        """Close up around the pin (to put it on the right house), or the whole radius."""
        self.close_up = close_up
        self._frame()

    # -- geometry ----------------------------------------------------------------------------

    def _to_scene(self, latitude: float, longitude: float) -> QPointF:
        lat0, lon0 = self._centre or (latitude, longitude)
        east = (longitude - lon0) * MILES_PER_DEGREE_LAT * math.cos(math.radians(lat0))
        north = (latitude - lat0) * MILES_PER_DEGREE_LAT
        return QPointF(east, -north)

    def to_position(self, point: QPointF) -> tuple[float, float]:
        """The (latitude, longitude) of a scene point."""
        lat0, lon0 = self._centre or (0.0, 0.0)
        latitude = lat0 - point.y() / MILES_PER_DEGREE_LAT
        longitude = lon0 + point.x() / (MILES_PER_DEGREE_LAT * math.cos(math.radians(lat0)))
        return latitude, longitude

    def miles_across(self) -> float:
        """How many miles the view shows from its left edge to its right."""
        return self.viewport().width() / max(1e-9, self.transform().m11())

    def _frame(self) -> None:
        if self.pin is not None:
            point = self._to_scene(*self.pin)
            close = self.close_up and self.streets_shown
            r = min(CLOSE_UP_MI, self.radius_mi * 1.1) if close else self.radius_mi * 1.1
            shown = QRectF(point.x() - r, point.y() - r, 2 * r, 2 * r)
            # Room to scroll all round (else the view stops at the streets' edge and the
            # pin is not in the middle); the streets and the radius stay reachable.
            room = shown.adjusted(-4 * r, -4 * r, 4 * r, 4 * r)
            self.setSceneRect(room.united(self.scene().itemsBoundingRect()))
            self.fitInView(shown, Qt.AspectRatioMode.KeepAspectRatio)
        elif self._streets_item is not None:
            self.fitInView(self._streets_item, Qt.AspectRatioMode.KeepAspectRatio)
        self._show_names()

    def _show_names(self, *_moved: object) -> None:
        """Names only close up, and only where they do not cover one another: each in turn
        (the longest pieces first) is shown if its box on the screen is still free and the
        same name is not already written nearby."""
        close = self.transform().m11() >= NAMES_FROM_PX_PER_MI
        self._names.setVisible(close)
        if not close:
            return
        taken: list[QRectF] = []
        written: dict[str, list[QPointF]] = {}
        view = QRectF(self.viewport().rect())
        for label in self._labels:
            at = QPointF(self.mapFromScene(label.pos()))
            box = label.boundingRect().translated(at).adjusted(-3, -2, 3, 2)
            near = any(
                abs(at.x() - p.x()) + abs(at.y() - p.y()) < NAME_AGAIN_PX
                for p in written.get(label.text(), ())
            )
            free = view.contains(box) and not near and not any(box.intersects(t) for t in taken)
            label.setVisible(free)
            if free:
                taken.append(box)
                written.setdefault(label.text(), []).append(at)

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        """The attribution (with streets) or what the empty map is for, in the view's corner."""
        super().drawForeground(painter, rect)
        text = MAP_ATTRIBUTION if self.streets_shown else NO_STREETS
        painter.save()
        painter.resetTransform()
        corner = self.viewport().rect().adjusted(6, 6, -6, -6)
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
        box = painter.boundingRect(corner, flags, text).adjusted(-4, -2, 4, 2)
        painter.fillRect(box, QColor(255, 255, 255, 220))
        painter.setPen(QColor("#455a64"))
        painter.drawText(corner, flags, text)
        painter.restore()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._frame()

    # -- the person's hand -------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._centre is None:
            super().mousePressEvent(event)
            return
        latitude, longitude = self.to_position(self.mapToScene(event.position().toPoint()))
        self.set_pin(latitude, longitude, reframe=False)
        self.moved.emit(latitude, longitude)

    def wheelEvent(self, event: QWheelEvent) -> None:
        factor = 1.25 if event.angleDelta().y() > 0 else 0.8
        self.scale(factor, factor)
        self._show_names()
        self.viewport().update()


def _length(points: Sequence[QPointF]) -> float:
    return sum(math.dist((a.x(), a.y()), (b.x(), b.y())) for a, b in pairwise(points))
