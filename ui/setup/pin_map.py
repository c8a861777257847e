"""A small map to place the shop by dropping a pin: the area's streets when a street map is
loaded, the delivery radius around the pin, and the attribution the street data asks for.

Click (or tap) anywhere to move the pin; the wheel zooms. Positions are kept in degrees; the
scene is in miles east and north of the first centre, which is flat enough for a 10-mile
radius.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

from store.about import MAP_ATTRIBUTION

MILES_PER_DEGREE_LAT = 69.0
#: A street as a list of (latitude, longitude) points.
Street = Sequence[tuple[float, float]]


class PinMap(QGraphicsView):
    """The shop's pin on its streets. `moved(latitude, longitude)` when the person drops it."""

    moved = Signal(float, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumSize(260, 200)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setToolTip("Click the shop's place on the map to drop the pin there")
        self._centre: tuple[float, float] | None = None
        self._streets_item: QGraphicsPathItem | None = None
        self.pin: tuple[float, float] | None = None
        self.radius_mi = 10.0
        self._circle = QGraphicsEllipseItem()
        self._circle.setPen(QPen(QColor("#1565c0"), 0, Qt.PenStyle.DashLine))
        self._marker = QGraphicsEllipseItem(-8, -8, 16, 16)  # pixels, at any zoom
        self._marker.setFlag(QGraphicsEllipseItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self._marker.setBrush(QBrush(QColor("#c62828")))
        self._marker.setPen(QPen(QColor("white"), 2))
        self._marker.setZValue(2)
        self._attribution = QGraphicsSimpleTextItem()
        self._attribution.setFlag(
            QGraphicsSimpleTextItem.GraphicsItemFlag.ItemIgnoresTransformations
        )
        for item in (self._circle, self._marker, self._attribution):
            item.hide()
            self.scene().addItem(item)

    # -- what the map shows ------------------------------------------------------------------

    def show_streets(self, streets: Sequence[Street]) -> None:
        """Draw the area's streets (replacing any drawn before)."""
        if self._streets_item is not None:
            self.scene().removeItem(self._streets_item)
            self._streets_item = None
        if not streets:
            self._attribution.hide()
            return
        if self._centre is None:
            self._centre = streets[0][0]
        path = QPainterPath()
        for street in streets:
            points = [self._to_scene(lat, lon) for lat, lon in street]
            if len(points) < 2:
                continue
            path.moveTo(points[0])
            for point in points[1:]:
                path.lineTo(point)
        self._streets_item = QGraphicsPathItem(path)
        self._streets_item.setPen(QPen(QColor("#9e9e9e"), 0))
        self.scene().addItem(self._streets_item)
        self._attribution.setText(MAP_ATTRIBUTION)
        self._attribution.show()
        self._frame()

    @property
    def streets_shown(self) -> bool:
        return self._streets_item is not None

    def set_pin(self, latitude: float, longitude: float, *, radius_mi: float | None = None) -> None:
        """Put the pin (and the radius around it) at a position, without telling `moved`."""
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
        self._frame()

    def set_radius(self, radius_mi: float) -> None:
        if self.pin is not None:
            self.set_pin(*self.pin, radius_mi=radius_mi)
        else:
            self.radius_mi = radius_mi

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

    def _frame(self) -> None:
        if self.pin is not None:
            point = self._to_scene(*self.pin)
            r = self.radius_mi * 1.1
            self.fitInView(
                point.x() - r, point.y() - r, 2 * r, 2 * r, Qt.AspectRatioMode.KeepAspectRatio
            )
        elif self._streets_item is not None:
            self.fitInView(self._streets_item, Qt.AspectRatioMode.KeepAspectRatio)
        corner = self.mapToScene(8, max(8, self.viewport().height() - 24))
        self._attribution.setPos(corner)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._frame()

    # -- the person's hand -------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._centre is None:
            super().mousePressEvent(event)
            return
        latitude, longitude = self.to_position(self.mapToScene(event.position().toPoint()))
        self.set_pin(latitude, longitude)
        self.moved.emit(latitude, longitude)

    def wheelEvent(self, event: QWheelEvent) -> None:
        factor = 1.25 if event.angleDelta().y() > 0 else 0.8
        self.scale(factor, factor)
