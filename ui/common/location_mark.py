"""The mark of a stop whose location is not exact, for the lists of every screen.

The same amber disc with a white "≈" the Runs list and map draw (`ui.runs.stop_marker`),
and the same short words ("≈ street only", "≈ ZIP code only", "≈ check location"), so a
clerk loading a car or recording results sees at a glance which stops the driver may have to
look for, as the label and the manifest say in print.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from ui.common.disc_mark import paint_disc

#: Approximate locations: amber, as on the Runs map (never a run colour, never breach red).
AMBER = QColor("#b35900")
SIZE = 16
_SHORT = {"street": "street only", "zip": "ZIP code only", "none": "no location"}


def short_words(precision: str, location_note: str) -> str:
    """The location note as a narrow list column shows it ("" when the stop is exact)."""
    if not location_note:
        return ""
    return "≈ " + _SHORT.get(precision, "check location")


def tooltip(location_note: str) -> str:
    """What a pointer over the mark tells: the whole note and what to do about it."""
    if not location_note:
        return ""
    return f"≈ {location_note}: the driver may have to look for this stop (fix it on the map)"


def paint_badge(painter: QPainter, centre: QPointF, radius: float) -> None:
    """An amber disc with a white "≈" (the Runs map draws it beside a stop's number)."""
    paint_disc(painter, centre, radius, AMBER, "≈", sign_scale=1.8, min_px=7)


@cache
def approximate_icon() -> QIcon:
    """The amber "≈" badge, as an icon beside a stop's text."""
    pixmap = QPixmap(SIZE, SIZE)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    paint_badge(painter, QPointF(SIZE / 2, SIZE / 2), SIZE / 2 - 1)
    painter.end()
    return QIcon(pixmap)
