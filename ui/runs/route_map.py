"""The day's runs on a map that needs no internet: shop, radius, stops and route lines.

Scene units are miles on a flat (equirectangular) projection around the shop: x east is
longitude × cos(shop latitude), y south; over a 10-mile radius the error is far below what a
driver notices. Markers keep their size when zooming (they ignore the view's scale); lines
are cosmetic. The wheel zooms about the pointer, dragging pans, 0 fits the radius again.
A scale bar in miles and a legend are drawn over the map in screen pixels.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QKeyEvent,
    QPainter,
    QPainterPath,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsView,
    QWidget,
)

from routing.travel import EARTH_RADIUS_MI
from ui.runs import run_marks
from ui.runs.plan_rows import EMPTY, DayRows, StopRow, stop_tooltip
from ui.runs.stop_marker import StopMarker

MILES_PER_DEGREE = EARTH_RADIUS_MI * math.pi / 180
SCALE_STEPS_MI = (0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 20, 50)
ZOOM_STEP, MIN_ZOOM, MAX_ZOOM = 1.25, 0.5, 60.0  # zoom relative to "fit the radius"


class RouteMap(QGraphicsView):
    #: A stop was picked on the map ("" when the selection was cleared).
    stopPicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setBackgroundBrush(QColor("#f3f5f7"))
        self.setMinimumSize(280, 240)
        self.rows: DayRows = EMPTY
        self.markers: dict[str, StopMarker] = {}
        self.lines: dict[str, QGraphicsPathItem] = {}
        self._lat0, self._lon0, self._k = 0.0, 0.0, 1.0
        self._fit_scale = 1.0
        self._fitted = True
        self._quiet = False
        self.scene().selectionChanged.connect(self._on_selection)

    # -- content ------------------------------------------------------------------------

    def project(self, lat: float, lon: float) -> QPointF:
        x = (lon - self._lon0) * self._k * MILES_PER_DEGREE
        return QPointF(x, -(lat - self._lat0) * MILES_PER_DEGREE)

    def set_rows(self, rows: DayRows) -> None:
        """Draw a day's runs; keeps the zoom unless the shop moved."""
        moved = rows.depot != self.rows.depot or rows.radius_mi != self.rows.radius_mi
        self.rows = rows
        self._quiet = True
        scene = self.scene()
        scene.clear()
        self.markers, self.lines = {}, {}
        self._lat0, self._lon0 = rows.depot
        self._k = math.cos(math.radians(self._lat0))
        radius = rows.radius_mi
        circle = QGraphicsEllipseItem(-radius, -radius, 2 * radius, 2 * radius)
        pen = QPen(QColor("#7f8c99"), 1.5, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        circle.setPen(pen)
        circle.setBrush(QColor("#ffffff"))
        circle.setToolTip(f"Delivery area: {radius:g} miles around the shop")
        scene.addItem(circle)
        for run in rows.runs:
            self._add_run(run.vehicle, run.colour, run.stops, run.title)
        for stop in rows.unassigned:
            self._add_marker(stop, run_marks.NOT_PLANNED, "")
        self._add_shop()
        margin = radius * 3
        scene.setSceneRect(QRectF(-margin, -margin, 2 * margin, 2 * margin))
        self._quiet = False
        if moved or self._fitted:
            self.fit()

    def _add_run(self, vehicle: str, colour: int, stops: tuple[StopRow, ...], title: str) -> None:
        if stops:
            shop = self.project(*self.rows.depot)
            path = QPainterPath(shop)
            for stop in stops:
                path.lineTo(self.project(stop.lat, stop.lon))
            path.lineTo(shop)
            line = QGraphicsPathItem(path)
            self._style_line(line, run_marks.run_colour(colour), wide=False)
            line.setZValue(1)
            line.setToolTip(title)
            self.scene().addItem(line)
            self.lines[vehicle] = line
        for stop in stops:
            self._add_marker(stop, run_marks.run_colour(colour), title)

    @staticmethod
    def _style_line(line: QGraphicsPathItem, colour: QColor, *, wide: bool) -> None:
        colour = QColor(colour)
        colour.setAlpha(230 if wide else 170)
        pen = QPen(colour, 4 if wide else 2.2)
        pen.setCosmetic(True)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        line.setPen(pen)

    def _add_marker(self, stop: StopRow, colour: QColor, title: str) -> None:
        marker = StopMarker(stop, colour, stop_tooltip(stop, title))
        marker.setPos(self.project(stop.lat, stop.lon))
        self.scene().addItem(marker)
        self.markers[stop.key] = marker

    def _add_shop(self) -> None:
        shop = self.scene().addRect(
            QRectF(-7, -7, 14, 14), QPen(QColor("white"), 2), QColor("#222222")
        )
        shop.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        shop.setZValue(5)
        shop.setToolTip("The shop: every run starts and ends here")
        label = self.scene().addSimpleText("Shop")
        label.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        label.setBrush(QColor("#222222"))
        font = QFont(label.font())
        font.setBold(True)
        label.setFont(font)
        label.setPos(QPointF(0, 0))
        label.setTransform(label.transform().translate(10, -8))
        label.setZValue(5)

    # -- selection ----------------------------------------------------------------------

    def selected_key(self) -> str:
        picked = [i for i in self.scene().selectedItems() if isinstance(i, StopMarker)]
        return picked[0].stop.key if picked else ""

    def select_stop(self, key: str) -> None:
        """Select a stop from elsewhere (the lists) without echoing it back."""
        self._quiet = True
        self.scene().clearSelection()
        marker = self.markers.get(key)
        if marker is not None:
            marker.setSelected(True)
            if not self.mapToScene(self.viewport().rect()).boundingRect().contains(marker.pos()):
                self.centerOn(marker)
        self._quiet = False
        self._highlight(key)

    def _on_selection(self) -> None:
        if self._quiet:
            return
        key = self.selected_key()
        self._highlight(key)
        self.stopPicked.emit(key)

    def _highlight(self, key: str) -> None:
        """The selected stop's run is drawn wider."""
        stop = self.rows.stop(key) if key else None
        for run in self.rows.runs:
            line = self.lines.get(run.vehicle)
            if line is not None:
                wide = stop is not None and stop.vehicle == run.vehicle
                self._style_line(line, run_marks.run_colour(run.colour), wide=wide)

    # -- zoom and pan -------------------------------------------------------------------

    def fit(self) -> None:
        r = self.rows.radius_mi * 1.06
        self.fitInView(QRectF(-r, -r, 2 * r, 2 * r), Qt.AspectRatioMode.KeepAspectRatio)
        self._fit_scale = self.transform().m11()
        self._fitted = True

    def zoom(self, factor: float) -> None:
        now = self.transform().m11() / self._fit_scale
        factor = max(MIN_ZOOM / now, min(MAX_ZOOM / now, factor))
        self.scale(factor, factor)
        self._fitted = False

    def pixels_per_mile(self) -> float:
        return self.transform().m11()

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom(ZOOM_STEP**steps)
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(ZOOM_STEP)
        elif key == Qt.Key.Key_Minus:
            self.zoom(1 / ZOOM_STEP)
        elif key == Qt.Key.Key_0:
            self.fit()
        else:
            super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._fitted:
            self.fit()

    # -- overlay ------------------------------------------------------------------------

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._draw_scale_bar(painter)
        self._draw_legend(painter)
        painter.restore()

    def scale_bar_miles(self) -> float:
        """The longest round length whose bar fits in 140 pixels."""
        per_mile = self.pixels_per_mile()
        fitting = [m for m in SCALE_STEPS_MI if m * per_mile <= 140]
        return fitting[-1] if fitting else SCALE_STEPS_MI[0]

    def _draw_scale_bar(self, painter: QPainter) -> None:
        miles = self.scale_bar_miles()
        length = miles * self.pixels_per_mile()
        x, y = 14.0, self.viewport().height() - 16.0
        painter.fillRect(QRectF(x - 6, y - 22, length + 12, 30), QColor(255, 255, 255, 210))
        painter.setPen(QPen(QColor("#222222"), 2))
        painter.drawLine(QPointF(x, y), QPointF(x + length, y))
        for end in (x, x + length):
            painter.drawLine(QPointF(end, y - 5), QPointF(end, y + 3))
        painter.drawText(QPointF(x, y - 8), f"{miles:g} mi")

    def _draw_legend(self, painter: QPainter) -> None:
        entries = [(run_marks.run_colour(run.colour), run.title) for run in self.rows.runs]
        if self.rows.unassigned:
            entries.append((run_marks.NOT_PLANNED, f"not planned ({len(self.rows.unassigned)})"))
        if not entries:
            return
        metrics = painter.fontMetrics()
        width = max(metrics.horizontalAdvance(text) for _, text in entries) + 34
        height = metrics.height() + 4
        painter.fillRect(QRectF(8, 8, width, height * len(entries) + 8), QColor(255, 255, 255, 220))
        for n, (colour, text) in enumerate(entries):
            y = 12 + n * height
            painter.setPen(QPen(colour, 3))
            painter.drawLine(QPointF(14, y + height / 2), QPointF(30, y + height / 2))
            painter.setPen(QColor("#222222"))
            painter.drawText(QPointF(36, y + metrics.ascent() + 1), text)
