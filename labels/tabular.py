"""A titled, paginated table document: the shape shared by load sheets and reports.

Page one: title block, optional intro rows (counts, notes), the column headings, then
table rows; later pages: a running head and the column headings again. Closing rows
(signature lines) follow the table. Every page ends with "page x of y".
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from labels.document import (
    CancelCheck,
    OutputPath,
    Paper,
    Progress,
    ProgressCallback,
    finish,
    new_canvas,
)
from labels.flow import Furniture, Group, Row, draw_footer, draw_pages, layout_pages
from labels.heading import RUNNING_H, TITLE_H, draw_running_head, draw_title
from labels.table import HEADING_H, Column, Table
from labels.text import clean

MARGIN = 36.0


@dataclass(frozen=True, slots=True)
class TableDocument:
    """Everything a table document prints. Texts are raw; they are cleaned when drawn."""

    kind: str
    title: str
    date_text: str
    details: str
    running: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[str]]
    row_height: float = 22.0
    intro: Sequence[Group] = ()
    closing: Sequence[Group] = ()


def page_width(paper: Paper) -> float:
    """Printable width between the margins, for callers building intro or closing rows."""
    return Paper(paper).size[0] - 2 * MARGIN


def render_table_document(
    doc: TableDocument,
    out: OutputPath,
    *,
    paper: Paper,
    on_progress: ProgressCallback | None,
    cancelled: CancelCheck | None,
) -> bytes:
    """Lay out and draw ``doc``; returns the PDF bytes (also written to ``out`` if given)."""
    page_w, page_h = Paper(paper).size
    width = page_w - 2 * MARGIN
    top = page_h - MARGIN
    table = Table(doc.columns, MARGIN, width, row_height=doc.row_height)

    def first(canvas: Canvas) -> None:
        draw_title(canvas, MARGIN, top, width, doc.kind, doc.title, doc.date_text, doc.details)

    def following(canvas: Canvas) -> None:
        draw_running_head(canvas, MARGIN, top, width, doc.running)
        table.draw_heading(canvas, top - RUNNING_H)

    def footer(canvas: Canvas, number: int, total: int) -> None:
        draw_footer(canvas, (page_w, page_h), MARGIN, clean(doc.running), number, total)

    heading = Group([Row(HEADING_H + 2, lambda canvas, y: table.draw_heading(canvas, y))])
    groups = [*doc.intro, heading, *table.groups(doc.rows), *doc.closing]
    furniture = Furniture(first, TITLE_H, following, RUNNING_H + HEADING_H, footer, 8)
    pages = layout_pages(groups, furniture, page_h, MARGIN)
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, (page_w, page_h), f"{doc.kind}: {clean(doc.title)}")
    progress = Progress(len(pages), on_progress, cancelled)
    draw_pages(canvas, pages, furniture, page_h, MARGIN, progress.page)
    progress.report(len(pages))
    return finish(canvas, buffer, out)
