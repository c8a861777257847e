"""Simple ruled tables for load sheets and reports, paginated by ``labels.flow``.

A column says how its cells look (text, bold text, a barcode, or an empty check box);
column widths are relative weights spread over the page width. Each table row becomes a
one-row group, and the column headings are redrawn under every page header.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from reportlab.pdfgen.canvas import Canvas

from labels.barcode import BarcodeSpec, draw_code128
from labels.flow import DrawRow, Group, Row
from labels.fonts import BOLD, REGULAR
from labels.text import draw_fitted

HEADING_H = 16.0
PAD = 3.0


class Cell(Enum):
    """How a column draws its cells."""

    TEXT = "text"
    BOLD = "bold"
    BARCODE = "barcode"
    CHECK = "check"


@dataclass(frozen=True, slots=True)
class Column:
    """A table column: heading, relative width, cell kind, largest font size, alignment."""

    title: str
    weight: float
    cell: Cell = Cell.TEXT
    size: float = 9.0
    align: str = "left"


@dataclass(frozen=True, slots=True)
class Table:
    """Columns placed across ``width`` points from ``left``, rows ``row_height`` tall."""

    columns: Sequence[Column]
    left: float
    width: float
    row_height: float = 22.0

    def spans(self) -> list[tuple[float, float]]:
        """(x, width) of every column."""
        total = sum(c.weight for c in self.columns)
        spans, x = [], self.left
        for column in self.columns:
            width = self.width * column.weight / total
            spans.append((x, width))
            x += width
        return spans

    def draw_heading(self, canvas: Canvas, top: float) -> float:
        """Column headings with a rule under them; returns the y below."""
        canvas.setFont(BOLD, 7)
        for column, (x, width) in zip(self.columns, self.spans(), strict=True):
            draw_fitted(
                canvas,
                column.title.upper(),
                x + PAD,
                top - 4,
                width - 2 * PAD,
                9,
                font=BOLD,
                max_size=7,
                min_size=5,
                max_lines=1,
                align=column.align,
            )
        canvas.setLineWidth(1)
        canvas.line(self.left, top - HEADING_H, self.left + self.width, top - HEADING_H)
        return top - HEADING_H

    def groups(self, rows: Sequence[Sequence[str]]) -> list[Group]:
        """One group per table row; each cell is a string (barcode data for BARCODE)."""
        return [Group([Row(self.row_height, self._drawer(cells))]) for cells in rows]

    def _drawer(self, cells: Sequence[str]) -> DrawRow:
        def draw(canvas: Canvas, top: float) -> None:
            for column, (x, width), value in zip(self.columns, self.spans(), cells, strict=True):
                self._draw_cell(canvas, column, value, x, top, width)
            canvas.setLineWidth(0.3)
            canvas.setStrokeGray(0.55)
            bottom = top - self.row_height
            canvas.line(self.left, bottom, self.left + self.width, bottom)
            canvas.setStrokeGray(0)

        return draw

    def _draw_cell(
        self, canvas: Canvas, column: Column, value: str, x: float, top: float, width: float
    ) -> None:
        height = self.row_height - 2 * PAD
        if column.cell is Cell.CHECK:
            side = min(11.0, height)
            canvas.setLineWidth(0.9)
            canvas.rect(x + (width - side) / 2, top - PAD - side, side, side, stroke=1, fill=0)
        elif column.cell is Cell.BARCODE:
            spec = BarcodeSpec(bar_height=height - 10, text_size=7.5, max_dots=2)
            draw_code128(canvas, value, x, top - self.row_height + PAD, width, spec)
        else:
            font = BOLD if column.cell is Cell.BOLD else REGULAR
            draw_fitted(
                canvas,
                value,
                x + PAD,
                top - PAD,
                width - 2 * PAD,
                height,
                font=font,
                max_size=column.size,
                min_size=5.5,
                max_lines=2,
                align=column.align,
            )
