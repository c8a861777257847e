"""The marks the Runs screen draws: run colours, a padlock and the red breach mark.

Drawn with QPainter rather than taken from a font, so they look the same on every counter PC
(emoji fonts are rarely installed). Red is kept for breaches; no run is ever drawn in red.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap

from ui.common.disc_mark import paint_disc

#: Run colours (Okabe–Ito inspired, readable on white, none of them red).
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#7b3fa0", "#56b4e9", "#cc79a7", "#8c564b", "#6b8e23")
BREACH = QColor("#d62728")
NOT_PLANNED = QColor("#8a8a8a")
SIZE = 16


def run_colour(index: int) -> QColor:
    return QColor(PALETTE[index % len(PALETTE)])


def _canvas() -> tuple[QPixmap, QPainter]:
    pixmap = QPixmap(SIZE, SIZE)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    return pixmap, painter


@cache
def swatch(index: int) -> QIcon:
    """A run's colour, as a rounded square."""
    pixmap, painter = _canvas()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(run_colour(index))
    painter.drawRoundedRect(QRectF(2, 2, SIZE - 4, SIZE - 4), 3, 3)
    painter.end()
    return QIcon(pixmap)


@cache
def padlock(faint: bool = False) -> QIcon:
    """Locked; `faint` when the lock is the run's rather than the stop's own."""
    pixmap, painter = _canvas()
    colour = QColor("#9a9a9a" if faint else "#333333")
    painter.setPen(QPen(colour, 2))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawArc(QRectF(4.5, 1.5, 7, 9), 0, 180 * 16)
    painter.drawLine(QPointF(4.5, 6), QPointF(4.5, 8))
    painter.drawLine(QPointF(11.5, 6), QPointF(11.5, 8))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawRoundedRect(QRectF(3, 7.5, 10, 7.5), 1.5, 1.5)
    painter.end()
    return QIcon(pixmap)


@cache
def breach_mark() -> QIcon:
    """A red disc with a white exclamation mark."""
    pixmap, painter = _canvas()
    paint_breach(painter, QPointF(SIZE / 2, SIZE / 2), SIZE / 2 - 1)
    painter.end()
    return QIcon(pixmap)


def paint_breach(painter: QPainter, centre: QPointF, radius: float) -> None:
    paint_disc(painter, centre, radius, BREACH, "!", sign_scale=1.5, min_px=6)
