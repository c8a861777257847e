"""Title blocks shared by the office documents (load sheet, reports).

Page one gets a small caption naming the document, a large title, a date on the right
and a line of details; later pages get one bold running line, so a loose page still
says what it belongs to.
"""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas

from labels.fonts import BOLD
from labels.text import clean, draw_fitted

TITLE_H = 58.0
"""Height of :func:`draw_title`."""

RUNNING_H = 20.0
"""Height of :func:`draw_running_head`."""


def draw_title(
    canvas: Canvas,
    left: float,
    top: float,
    width: float,
    kind: str,
    title: str,
    right: str,
    details: str,
) -> None:
    """Caption ``kind``, big ``title``, ``right`` (a date) and a ``details`` line."""
    canvas.setFont(BOLD, 6.5)
    canvas.drawString(left, top - 6.5, kind.upper())
    draw_fitted(
        canvas,
        title,
        left,
        top - 9,
        width - 190,
        28,
        font=BOLD,
        max_size=20,
        min_size=8,
        max_lines=1,
    )
    draw_fitted(
        canvas,
        right,
        left + width - 180,
        top - 9,
        180,
        20,
        font=BOLD,
        max_size=13,
        max_lines=1,
        align="right",
    )
    draw_fitted(canvas, details, left, top - 36, width, 16, max_size=10, min_size=6, max_lines=1)
    canvas.setLineWidth(1)
    canvas.line(left, top - TITLE_H + 4, left + width, top - TITLE_H + 4)


def draw_running_head(canvas: Canvas, left: float, top: float, width: float, text: str) -> None:
    """One bold line and a rule at the top of pages after the first."""
    draw_fitted(
        canvas, clean(text), left, top, width, 14, font=BOLD, max_size=10, min_size=6, max_lines=1
    )
    canvas.setLineWidth(0.8)
    canvas.line(left, top - 16, left + width, top - 16)
