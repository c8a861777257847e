"""A coloured disc with one white sign on it: the breach "!" and the approximate-location "≈"
of the Runs list and map, and the lists of every screen.

Drawn with QPainter rather than taken from a font, so the marks look the same on every
counter PC (emoji fonts are rarely installed).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter


def paint_disc(
    painter: QPainter,
    centre: QPointF,
    radius: float,
    colour: QColor,
    sign: str,
    *,
    sign_scale: float,
    min_px: int,
) -> None:
    """A disc of `colour` at `centre` with `sign` in bold white, `sign_scale` × the radius
    high (never under `min_px` pixels, so it stays readable on the smallest markers)."""
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(colour))
    painter.drawEllipse(centre, radius, radius)
    font = QFont(painter.font())
    font.setBold(True)
    font.setPixelSize(max(min_px, int(radius * sign_scale)))
    painter.setFont(font)
    painter.setPen(QColor("white"))
    box = QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius)
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, sign)
