"""The day's runs on a map that needs no internet: streets, shop, radius, stops, routes.

Scene units are miles on a flat (equirectangular) projection around the shop: x east is
longitude × cos(shop latitude), y south; over a 10-mile radius the error is far below what a
driver notices. With a street map loaded, its roads are the background (`StreetLayer`, cached
by the view), street names appear when zoomed in, and each run's line follows the roads it
drives (OSRM's route line); without one, runs are straight legs. Markers keep their size when
zooming (they ignore the view's scale); lines are cosmetic. The wheel zooms about the
pointer, dragging pans, 0 fits the radius again. A scale bar, a legend and the map data's
attribution are drawn over the map in screen pixels.
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

from routing.streets import StreetMap
from routing.travel import EARTH_RADIUS_MI
from ui.runs import run_marks
from ui.runs.plan_rows import EMPTY, DayRows, RunRow, StopRow, stop_tooltip
from ui.runs.stop_marker import StopMarker
from ui.runs.street_layer import ATTRIBUTION, StreetLayer, draw_attribution, paint_area

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
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheBackground)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumSize(280, 240)
        self.rows: DayRows = EMPTY
        self.markers: dict[str, StopMarker] = {}
        self.lines: dict[str, QGraphicsPathItem] = {}
        #: The street map drawn under the runs (None: none loaded).
        self.streets: StreetMap | None = None
        self.layer: StreetLayer | None = None
        self._content: list[QGraphicsItem] = []
        self._lat0, self._lon0, self._k = 0.0, 0.0, 1.0
        self._fit_scale = 1.0
        self._fitted = True
        self._quiet = False
        self.scene().selectionChanged.connect(self._on_selection)

    # -- content ------------------------------------------------------------------------

    def project(self, lat: float, lon: float) -> QPointF:
        x = (lon - self._lon0) * self._k * MILES_PER_DEGREE
        return QPointF(x, -(lat - self._lat0) * MILES_PER_DEGREE)

    def set_streets(self, streets: StreetMap | None) -> None:
        """The roads to draw under the runs (None: a blank background)."""
        if streets is self.streets:
            return
        self.streets = streets
        self._build_layer()

    def _build_layer(self) -> None:
        if self.layer is not None:
            self.layer.remove_from(self.scene())
        self.layer = StreetLayer(self.streets, self.project) if self.streets else None
        self._update_names()
        self.resetCachedContent()
        self.viewport().update()

    def set_rows(self, rows: DayRows) -> None:
        """Draw a day's runs; keeps the zoom unless the shop moved."""
        moved = rows.depot != self.rows.depot or rows.radius_mi != self.rows.radius_mi
        self.rows = rows
        self._quiet = True
        scene = self.scene()
        for item in self._content:
            scene.removeItem(item)
        self._content = []
        self.markers, self.lines = {}, {}
        self._lat0, self._lon0 = rows.depot
        self._k = math.cos(math.radians(self._lat0))
        if moved and self.streets is not None:
            self._build_layer()
        radius = rows.radius_mi
        circle = QGraphicsEllipseItem(-radius, -radius, 2 * radius, 2 * radius)
        pen = QPen(QColor("#7f8c99"), 1.5, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        circle.setPen(pen)
        circle.setToolTip(f"Delivery area: {radius:g} miles around the shop")
        self._add(circle)
        for run in rows.runs:
            self._add_run(run)
        for stop in rows.unassigned:
            self._add_marker(stop, run_marks.NOT_PLANNED, "")
        self._add_shop()
        margin = radius * 3
        scene.setSceneRect(QRectF(-margin, -margin, 2 * margin, 2 * margin))
        self._quiet = False
        if moved:  # else the streets, the zoom and so the view's cached background stay
            self.resetCachedContent()
            self.fit()

    def _add(self, item: QGraphicsItem) -> None:
        self.scene().addItem(item)
        self._content.append(item)

    def _add_run(self, run: RunRow) -> None:
        colour = run_marks.run_colour(run.colour)
        if run.stops:
            shop = self.project(*self.rows.depot)
            path = QPainterPath(shop)
            if run.line:
                path = QPainterPath(self.project(*run.line[0]))
                for lat, lon in run.line[1:]:
                    path.lineTo(self.project(lat, lon))
            else:
                for stop in run.stops:
                    path.lineTo(self.project(stop.lat, stop.lon))
                path.lineTo(shop)
            line = QGraphicsPathItem(path)
            self._style_line(line, colour, wide=False)
            line.setZValue(1)
            line.setToolTip(run.title)
            self._add(line)
            self.lines[run.vehicle] = line
        for stop in run.stops:
            self._add_marker(stop, colour, run.title)

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
        self._add(marker)
        self.markers[stop.key] = marker

    def _add_shop(self) -> None:
        shop = self.scene().addRect(
            QRectF(-7, -7, 14, 14), QPen(QColor("white"), 2), QColor("#222222")
        )
        self._content.append(shop)
        shop.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        shop.setZValue(5)
        shop.setToolTip("The shop: every run starts and ends here")
        label = self.scene().addSimpleText("Shop")
        self._content.append(label)
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
        self._update_names()

    def zoom(self, factor: float) -> None:
        now = self.transform().m11() / self._fit_scale
        factor = max(MIN_ZOOM / now, min(MAX_ZOOM / now, factor))
        self.scale(factor, factor)
        self._fitted = False
        self._update_names()

    def _update_names(self) -> None:
        if self.layer is not None:
            self.layer.show_names(self.scene(), self.pixels_per_mile())

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

    # -- background and overlay -----------------------------------------------------------

    def drawBackground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        paint_area(painter, rect, self.rows.radius_mi)
        if self.layer is not None:
            self.layer.paint(painter)

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._draw_scale_bar(painter)
        self._draw_legend(painter)
        if self.layer is not None:
            viewport = self.viewport()
            draw_attribution(painter, viewport.width(), viewport.height(), ATTRIBUTION)
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
