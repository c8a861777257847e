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

DrawRow = Callable[[Canvas, float], object]
"""``draw(canvas, top)``: draw a row whose top edge is at ``top`` (what it returns is unused)."""


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


@dataclass(frozen=True, slots=True)
class Furniture:
    """What repeats on pages: headers (page one and the rest) and the footer.

    Heights are declared so pagination can run before anything is drawn; each header
    draws from the page's top margin down, the footer from the bottom margin up.
    """

    first_header: Callable[[Canvas], None]
    first_height: float
    next_header: Callable[[Canvas], None]
    next_height: float
    footer: Callable[[Canvas, int, int], None]
    footer_height: float


def layout_pages(
    groups: Sequence[Group], furniture: Furniture, page_height: float, margin: float
) -> list[list[Row]]:
    """Paginate ``groups`` between the furniture of a page ``page_height`` points tall."""
    body = page_height - 2 * margin - furniture.footer_height
    return paginate(groups, body - furniture.first_height, body - furniture.next_height)


def draw_pages(
    canvas: Canvas,
    pages: Sequence[Sequence[Row]],
    furniture: Furniture,
    page_height: float,
    margin: float,
    before_page: Callable[[int], None] | None = None,
) -> None:
    """Draw every page: header, rows, footer ("page x of y" knows the total).

    ``before_page(number)`` runs before each page (progress and cancel checks).
    """
    for number, rows in enumerate(pages, start=1):
        if before_page is not None:
            before_page(number)
        header = furniture.first_header if number == 1 else furniture.next_header
        height = furniture.first_height if number == 1 else furniture.next_height
        header(canvas)
        draw_rows(canvas, rows, page_height - margin - height)
        furniture.footer(canvas, number, len(pages))
        canvas.showPage()
