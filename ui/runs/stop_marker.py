"""A stop on the route map: a numbered disc in its run's colour, the same size at any zoom.

A stop that breaks a rule gets a red ring and a red "!" badge; a stop not on any run is a
hollow grey disc with "?"; a locked stop carries a small padlock; the selected stop is
ringed in black. A stop whose location is not exact (street only, ZIP code only) gets a
dashed amber halo and an amber "≈" badge at its lower left, so a driver's approximate stops
stand out from the exact ones at a glance (the Runs list shows the same badge).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem

from ui.common import location_mark
from ui.runs import run_marks
from ui.runs.plan_rows import StopRow

RADIUS_PX = 9


class StopMarker(QGraphicsItem):
    """A numbered disc in the run's colour; a red ring and badge when a rule is broken."""

    def __init__(self, stop: StopRow, colour: QColor, tooltip: str) -> None:
        super().__init__()
        self.stop = stop
        self.colour = colour
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setToolTip(tooltip)
        self.setZValue(3 if stop.vehicle else 2)

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: object) -> object:
        """The selected stop comes on top of its neighbours (a stop of another run may sit
        on the same corner)."""
        if change == QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged:
            self.setZValue(4 if value else 3 if self.stop.vehicle else 2)
        return super().itemChange(change, value)

    def boundingRect(self) -> QRectF:
        r = RADIUS_PX + 10
        return QRectF(-r, -r, 2 * r, 2 * r)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addEllipse(QPointF(0, 0), RADIUS_PX + 2, RADIUS_PX + 2)
        return path

    def paint(self, painter: QPainter, option: object, widget: object = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = RADIUS_PX + (2 if self.isSelected() else 0)
        planned = self.stop.vehicle is not None
        if self.isSelected():
            painter.setPen(QPen(QColor("#111111"), 3))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QPointF(0, 0), r + 3, r + 3)
        if self.stop.approximate:
            paint_halo(painter, r + 5)
        ring = run_marks.BREACH if self.stop.breaches else QColor("white")
        if not planned and not self.stop.breaches:
            ring = run_marks.NOT_PLANNED
        painter.setPen(QPen(ring, 3 if self.stop.breaches else 1.5))
        painter.setBrush(QBrush(self.colour if planned else QColor("white")))
        painter.drawEllipse(QPointF(0, 0), r, r)
        font = QFont(painter.font())
        font.setPixelSize(9 if self.stop.sequence < 100 else 7)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("white") if planned else run_marks.NOT_PLANNED)
        text = str(self.stop.sequence) if planned else "?"
        painter.drawText(QRectF(-r, -r, 2 * r, 2 * r), Qt.AlignmentFlag.AlignCenter, text)
        if self.stop.breaches:
            run_marks.paint_breach(painter, QPointF(r * 0.85, -r * 0.85), 5.5)
        if self.stop.approximate:
            location_mark.paint_badge(painter, QPointF(-r * 0.85, r * 0.85), 5.5)
        if self.stop.locked or self.stop.run_locked:
            icon = run_marks.padlock(faint=not self.stop.locked)
            painter.drawPixmap(QPointF(r * 0.3, r * 0.2), icon.pixmap(11, 11))


def paint_halo(painter: QPainter, radius: float) -> None:
    """The dashed ring around an approximate stop: "somewhere about here"."""
    pen = QPen(location_mark.AMBER, 2, Qt.PenStyle.DashLine)
    pen.setDashPattern([2.5, 2])
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawEllipse(QPointF(0, 0), radius, radius)
