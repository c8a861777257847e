"""The map a clerk drops a pin on: the area's streets and house numbers around a parcel, where
the parcel is placed now (an amber ring) and the pin (drag it onto the right house).

Metres on a local flat projection (x east, y south), so the scene's units are real
distances and a scale is simple. Streets and numbers come from the area's address index;
without one the map shows only the pin and the current place. The wheel zooms, dragging the
background pans, a double click puts the pin where it was clicked.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

if TYPE_CHECKING:
    from store.address_match import NearbyMap

METRES_PER_DEGREE = 111_320.0
STREET = QColor("#b8b8b8")
HOUSE = QColor("#6d6d6d")
NOW = QColor("#b35900")  # the approximate place, as the Runs map marks it
PIN = QColor("#c62828")
ATTRIBUTION = "© OpenStreetMap contributors"


class Pin(QGraphicsItem):
    """A map pin whose tip is the point; the same size at any zoom; dragged with the mouse."""

    def __init__(self, on_moved: Callable[[], object]) -> None:
        super().__init__()
        self._on_moved = on_moved
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.setZValue(10)
        self.setToolTip("Drag the pin onto the right house")

    def boundingRect(self) -> QRectF:
        return QRectF(-11, -34, 22, 36)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addEllipse(QPointF(0, -22), 11, 11)
        path.addRect(QRectF(-4, -14, 8, 14))
        return path

    def paint(self, painter: QPainter, option: object, widget: object = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        path = QPainterPath(QPointF(0, 0))
        path.cubicTo(QPointF(-4, -9), QPointF(-10, -14), QPointF(-10, -22))
        path.arcTo(QRectF(-10, -32, 20, 20), 180, -180)
        path.cubicTo(QPointF(10, -14), QPointF(4, -9), QPointF(0, 0))
        painter.setPen(QPen(QColor("#7f0000"), 1.5))
        painter.setBrush(QBrush(PIN))
        painter.drawPath(path)
        painter.setBrush(QBrush(QColor("white")))
        painter.drawEllipse(QPointF(0, -22), 3.5, 3.5)

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: object) -> object:
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            self._on_moved()
        return super().itemChange(change, value)


class PinMap(QGraphicsView):
    """`pinMoved(lat, lon)` whenever the pin is dragged, double-clicked or set."""

    pinMoved = Signal(float, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setBackgroundBrush(QBrush(QColor("#f7f5f0")))
        # The attribution sits at the viewport's corner: a scroll must repaint, not move pixels.
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.setMinimumSize(420, 300)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._origin = (0.0, 0.0)
        self._now: tuple[float, float] | None = None
        self._quiet = False
        self.pin = Pin(self._pin_moved)
        self.streets = 0
        self.houses = 0
        #: The streets around a place, to draw the map again where a typed or picked place
        #: lies beyond what is drawn (None: the map stays as first drawn).
        self.nearby_at: Callable[[float, float], NearbyMap | None] | None = None
        #: How far from the centre the drawn streets reach (metres).
        self.reach_m = 0.0

    # -- projection ---------------------------------------------------------------------

    def project(self, lat: float, lon: float) -> QPointF:
        lat0, lon0 = self._origin
        x = (lon - lon0) * METRES_PER_DEGREE * math.cos(math.radians(lat0))
        return QPointF(x, -(lat - lat0) * 110_540.0)

    def unproject(self, point: QPointF) -> tuple[float, float]:
        lat0, lon0 = self._origin
        lat = lat0 - point.y() / 110_540.0
        return lat, lon0 + point.x() / (METRES_PER_DEGREE * math.cos(math.radians(lat0)))

    # -- content ------------------------------------------------------------------------

    def show_place(
        self,
        centre: tuple[float, float],
        now: tuple[float, float] | None,
        nearby: NearbyMap | None,
        *,
        half_width_m: float = 350.0,
    ) -> None:
        """Draw the area around `centre`, the current place `now`, and put the pin there."""
        scene = self.scene()
        if self.pin.scene() is scene:
            scene.removeItem(self.pin)  # kept: the dialog holds on to the pin
        scene.clear()
        self._origin = centre
        self._now = now
        self.streets = self.houses = 0
        if nearby is not None:
            self._draw_streets(nearby, metres_per_px=2 * half_width_m / 640)
            self._draw_houses(nearby)
        if now is not None:
            ring = QGraphicsEllipseItem(-9, -9, 18, 18)
            ring.setPen(QPen(NOW, 2.5, Qt.PenStyle.DashLine))
            ring.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
            ring.setPos(self.project(*now))
            ring.setToolTip("Where the parcel is placed now")
            ring.setZValue(5)
            scene.addItem(ring)
        scene.addItem(self.pin)
        self.set_pin(*(now or centre))
        margin = half_width_m * 3
        scene.setSceneRect(QRectF(-margin, -margin, 2 * margin, 2 * margin))
        self.resetTransform()
        self.fitInView(
            QRectF(-half_width_m, -half_width_m, 2 * half_width_m, 2 * half_width_m),
            Qt.AspectRatioMode.KeepAspectRatio,
        )
        self.centerOn(self.project(*(now or centre)))

    def _draw_streets(self, nearby: NearbyMap, *, metres_per_px: float) -> None:
        """The streets as wide grey lines, each name once where it does not cover another
        name at the opening zoom (`metres_per_px`)."""
        pen = QPen(STREET, 7)
        pen.setCosmetic(True)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        font = QFont()
        font.setPixelSize(11)
        placed: list[QRectF] = []
        for name, pieces in nearby.streets:
            for piece in pieces:
                points = [self.project(piece[i + 1], piece[i]) for i in range(0, len(piece), 2)]
                path = QPainterPath(points[0])
                for point in points[1:]:
                    path.lineTo(point)
                item = QGraphicsPathItem(path)
                item.setPen(pen)
                item.setToolTip(name)
                self.scene().addItem(item)
            self.streets += 1
            label = QGraphicsSimpleTextItem(name)
            label.setFont(font)
            longest = max(pieces, key=len)
            for share in (0.5, 0.25, 0.75):
                middle = int(len(longest) // 2 * share) * 2
                at = self.project(longest[middle + 1], longest[middle])
                size = label.boundingRect()
                room = QRectF(at.x(), at.y(), size.width() * metres_per_px,
                              size.height() * metres_per_px)  # fmt: skip
                if not any(room.intersects(other) for other in placed):
                    placed.append(room)
                    label.setBrush(QBrush(QColor("#4a4a4a")))
                    label.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
                    label.setPos(at)
                    label.setZValue(2)
                    self.scene().addItem(label)
                    break

    def _draw_houses(self, nearby: NearbyMap) -> None:
        font = QFont()
        font.setPixelSize(9)
        for label, lat, lon in nearby.points:
            dot = QGraphicsEllipseItem(-3, -3, 6, 6)
            dot.setBrush(QBrush(HOUSE))
            dot.setPen(QPen(Qt.PenStyle.NoPen))
            dot.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
            dot.setPos(self.project(lat, lon))
            dot.setToolTip(label)
            dot.setZValue(3)
            self.scene().addItem(dot)
            number = QGraphicsSimpleTextItem(label.rsplit(" ", 1)[-1])
            number.setFont(font)
            number.setBrush(QBrush(HOUSE))
            number.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
            number.setPos(self.project(lat, lon) + QPointF(0, 0))
            number.setZValue(3)
            self.scene().addItem(number)
            self.houses += 1

    # -- the pin ------------------------------------------------------------------------

    def set_pin(self, lat: float, lon: float) -> None:
        """Put the pin at a position (typed, or a street match chosen)."""
        self._quiet = True
        self.pin.setPos(self.project(lat, lon))
        self._quiet = False
        self.pinMoved.emit(*self.pin_position())

    def show_pin(self, lat: float, lon: float) -> None:
        """Put the pin at a typed or picked place and bring it into view: the streets around
        it are drawn first when it lies beyond those on the map (the clerk then drags it onto
        the house there)."""
        point = self.project(lat, lon)
        if self.nearby_at is not None:
            beyond = math.hypot(point.x(), point.y()) > self.reach_m * 0.6
        else:  # no streets: only the scene's edge keeps the view from following the pin
            beyond = not self.sceneRect().adjusted(350, 350, -350, -350).contains(point)
        if beyond:
            nearby = self.nearby_at(lat, lon) if self.nearby_at is not None else None
            self.show_place((lat, lon), self._now, nearby)
        self.set_pin(lat, lon)
        self.centerOn(self.pin)

    def pin_position(self) -> tuple[float, float]:
        return self.unproject(self.pin.pos())

    def _pin_moved(self) -> None:
        if not self._quiet:
            self.pinMoved.emit(*self.pin_position())

    # -- the mouse ----------------------------------------------------------------------

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.pin.setPos(self.mapToScene(event.position().toPoint()))

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        self.scale(1.25**steps, 1.25**steps)

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        """The attribution, bottom right, whatever the zoom."""
        painter.save()
        painter.resetTransform()
        font = QFont()
        font.setPixelSize(10)
        painter.setFont(font)
        box = QRectF(self.viewport().rect()).adjusted(0, 0, -6, -4)
        painter.setPen(QColor("#555555"))
        painter.drawText(
            box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom, ATTRIBUTION
        )
        painter.restore()
