"""Where 4x6 in labels go on a page: one per page on a thermal roll, or several per sheet.

A shop without a thermal printer prints labels on Letter or A4 and cuts them out; a
layout puts ``columns`` x ``rows`` labels on a page, scaled down just enough to keep a
margin the office printer can reach. Label corners sit on the 203 dpi dot grid so the
barcode bars (which snap to dots in label space, see ``labels.barcode``) also land on
whole dots of the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, LETTER

from labels.barcode import DOT

LABEL_WIDTH = 4 * 72.0
LABEL_HEIGHT = 6 * 72.0


@dataclass(frozen=True, slots=True)
class SheetLayout:
    """``columns`` x ``rows`` labels on pages of ``page_size`` points, ``margin`` from edges.

    ``margin`` is also the gap between labels. When labels do not fit at full size they
    are scaled down uniformly (``scale``).
    """

    name: str
    page_size: tuple[float, float]
    columns: int = 1
    rows: int = 1
    margin: float = 0.0

    @property
    def per_page(self) -> int:
        """Labels on one page."""
        return self.columns * self.rows

    @property
    def scale(self) -> float:
        """Factor (at most 1) by which labels are drawn on this sheet."""
        width, height = self.page_size
        across = (width - (self.columns + 1) * self.margin) / (self.columns * LABEL_WIDTH)
        down = (height - (self.rows + 1) * self.margin) / (self.rows * LABEL_HEIGHT)
        return min(1.0, across, down)

    def origins(self) -> list[tuple[float, float]]:
        """Bottom-left corner of each label on the page, reading order, on the dot grid."""
        width, height = self.page_size
        cell_w, cell_h = LABEL_WIDTH * self.scale, LABEL_HEIGHT * self.scale
        gap_x = (width - self.columns * cell_w) / (self.columns + 1)
        gap_y = (height - self.rows * cell_h) / (self.rows + 1)
        spots = []
        for row in range(self.rows):
            top = height - gap_y - row * (cell_h + gap_y)
            for column in range(self.columns):
                left = gap_x + column * (cell_w + gap_x)
                spots.append((_on_dot(left), _on_dot(top - cell_h)))
        return spots


def _on_dot(value: float) -> float:
    return round(value / DOT) * DOT


THERMAL_4X6 = SheetLayout("thermal-4x6", (LABEL_WIDTH, LABEL_HEIGHT))
"""One label per page, full size: a 4x6 in thermal roll or fan-fold stock."""

LETTER_2UP = SheetLayout("letter-2up", LETTER, columns=2, rows=1, margin=18)
"""Two labels side by side on US Letter (about 97 % size)."""

A4_2UP = SheetLayout("a4-2up", A4, columns=2, rows=1, margin=18)
"""Two labels side by side on A4 (about 94 % size)."""

LETTER_4UP = SheetLayout("letter-4up", LETTER, columns=2, rows=2, margin=18)
"""Four labels, two by two, on US Letter (about 85 % size)."""

A4_4UP = SheetLayout("a4-4up", A4, columns=2, rows=2, margin=18)
"""Four labels, two by two, on A4 (about 89 % size)."""

LAYOUTS = {layout.name: layout for layout in (THERMAL_4X6, LETTER_2UP, A4_2UP, LETTER_4UP, A4_4UP)}
"""Layouts by name, for settings and the command line."""
