"""Pagination of office documents (manifests, load sheets, reports).

A document is a list of groups of rows. Each row knows its height and how to draw
itself; a group is kept on one page when it fits (a manifest stop, with its parcels and
check boxes), and split between rows, with a "continued" row on the next page, when it
is taller than a page. Laying out before drawing is what lets every page say
"page x of y".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from labels.fonts import BOLD, REGULAR
from labels.text import fit_text

DrawRow = Callable[[Canvas, float], None]
"""``draw(canvas, top)``: draw a row whose top edge is at ``top``."""


@dataclass(frozen=True, slots=True)
class Row:
    """One horizontal strip of a page."""

    height: float
    draw: DrawRow


@dataclass(frozen=True, slots=True)
class Group:
    """Rows that belong together; ``continued`` heads the rest of a group split by a page."""

    rows: Sequence[Row]
    continued: Row | None = None

    @property
    def height(self) -> float:
        """Sum of the rows' heights."""
        return sum(row.height for row in self.rows)


def paginate(groups: Sequence[Group], first_room: float, room: float) -> list[list[Row]]:
    """Rows per page: ``first_room`` points free on page one, ``room`` on the others."""
    pages: list[list[Row]] = [[]]
    free = first_room
    for group in groups:
        if group.height > free and pages[-1] and group.height <= room:
            pages.append([])
            free = room
        for index, row in enumerate(group.rows):
            if row.height > free and pages[-1]:
                pages.append([])
                free = room
                if index > 0 and group.continued is not None:
                    pages[-1].append(group.continued)
                    free -= group.continued.height
            pages[-1].append(row)
            free -= row.height
    return pages


def draw_rows(canvas: Canvas, rows: Sequence[Row], top: float) -> float:
    """Draw ``rows`` downward from ``top``; returns the y below the last."""
    for row in rows:
        row.draw(canvas, top)
        top -= row.height
    return top


def draw_footer(
    canvas: Canvas, page_size: tuple[float, float], margin: float, text: str, page: int, pages: int
) -> None:
    """A rule, ``text`` on the left and "page x of y" on the right, at the page bottom."""
    width = page_size[0] - 2 * margin
    y = margin - 14
    canvas.setLineWidth(0.5)
    canvas.line(margin, y + 11, margin + width, y + 11)
    block = fit_text(text, width - 90, 12, max_size=8, min_size=6, max_lines=1)
    if block.lines:
        canvas.setFont(block.font, block.size)
        canvas.drawString(margin, y + 1, block.lines[0])
    canvas.setFont(BOLD, 9)
    canvas.drawRightString(margin + width, y + 1, f"page {page} of {pages}")
    canvas.setFont(REGULAR, 9)
