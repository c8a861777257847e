"""The driver manifest: one run on Letter or A4, which is also the clerk's scan sheet.

Page one carries the run's header (driver, date, totals) and a route map; then come the
stops in driving order, eight to thirteen to a page (:mod:`labels.manifest_stop`). Each
stop prints its sequence number, ETA and window, recipient, address and notes, its own
barcode (``stop_code``), its parcels' barcodes, one row of outcome check boxes marked with
the Results screen's letters and a line for initials, and a signature line only where one
is required. Every page ends with a compact strip of the outcome barcodes, whose captions
explain the letters ("H · nobody home"), so when the driver is back the clerk records a
stop by scanning the stop's barcode and then the outcome's, on the same page.
"""

from __future__ import annotations

import io

from reportlab.pdfgen.canvas import Canvas

from labels.data import ManifestRun
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
from labels.fonts import BOLD, REGULAR
from labels.manifest_outcomes import check_rows, outcome_strip
from labels.manifest_stop import DEFAULT_OUTCOMES, MARGIN, Frame, caption, stop_group, time_text
from labels.route_map import draw_route_map
from labels.text import clean, draw_fitted

MAP_H = 230.0
FIRST_HEADER_H = 58 + 42 + MAP_H + 8  # title lines, totals boxes, map, gap: see _draw_first_header
NEXT_HEADER_H = 20.0
OUTCOME_FORM = "outcome-strip"
SCAN_HINT = "Back at the shop: scan a stop's barcode, then one outcome below"

# ------------------------------------------------------------ page furniture


def _draw_first_header(canvas: Canvas, run: ManifestRun, frame: Frame) -> None:
    """Title, driver, totals and the route map (FIRST_HEADER_H points tall)."""
    top = frame.top
    caption(canvas, "DRIVER MANIFEST", MARGIN, top)
    draw_fitted(
        canvas,
        run.run_label,
        MARGIN,
        top - 9,
        frame.width - 190,
        28,
        font=BOLD,
        max_size=22,
        min_size=9,
        max_lines=1,
    )
    draw_fitted(
        canvas,
        f"{run.date:%a %Y-%m-%d}",
        MARGIN + frame.width - 180,
        top - 9,
        180,
        20,
        font=BOLD,
        max_size=14,
        max_lines=1,
        align="right",
    )
    draw_fitted(
        canvas,
        f"Driver: {clean(run.driver)}",
        MARGIN,
        top - 38,
        frame.width * 0.45,
        16,
        font=BOLD,
        max_size=12,
        min_size=7,
        max_lines=1,
    )
    shop = " · ".join(p for p in (clean(run.shop.name), clean(run.shop.address)) if p)
    draw_fitted(
        canvas,
        shop,
        MARGIN + frame.width * 0.47,
        top - 40,
        frame.width * 0.53,
        14,
        max_size=9,
        min_size=6,
        max_lines=1,
        align="right",
    )
    y = _draw_totals(canvas, run, frame, top - 58)
    draw_route_map(
        canvas, run.shop, run.stops, run.route, MARGIN, y - MAP_H, frame.width, MAP_H,
        roads=run.roads, note=run.distances_note,
    )  # fmt: skip


def _draw_totals(canvas: Canvas, run: ManifestRun, frame: Frame, top: float) -> float:
    miles = "–" if run.miles is None else f"{run.miles:.1f}"
    cells = [
        ("STOPS", str(run.stop_count)),
        ("PARCELS", str(run.parcel_count)),
        ("MILES", miles),
        ("PLANNED START", time_text(run.planned_start)),
        ("PLANNED END", time_text(run.planned_end)),
        ("BACK AT", ""),
    ]
    cell_w = frame.width / len(cells)
    canvas.setLineWidth(0.8)
    for index, (name, value) in enumerate(cells):
        x = MARGIN + index * cell_w
        canvas.rect(x, top - 34, cell_w, 34, stroke=1, fill=0)
        caption(canvas, name, x + 4, top - 3)
        draw_fitted(
            canvas, value, x + 4, top - 12, cell_w - 8, 20, font=BOLD, max_size=15, max_lines=1
        )
    return top - 42


def _draw_next_header(canvas: Canvas, run: ManifestRun, frame: Frame) -> None:
    text = f"{clean(run.run_label)} · {clean(run.driver)} · {run.date:%a %Y-%m-%d}"
    draw_fitted(
        canvas,
        text,
        MARGIN,
        frame.top,
        frame.width,
        14,
        font=BOLD,
        max_size=10,
        min_size=6,
        max_lines=1,
    )
    canvas.setLineWidth(0.8)
    canvas.line(MARGIN, frame.top - 16, MARGIN + frame.width, frame.top - 16)


# ------------------------------------------------------------------ render


def _closing_row(frame: Frame) -> Row:
    def draw(canvas: Canvas, top: float) -> None:
        canvas.setFont(REGULAR, 9)
        y = top - 24
        canvas.drawString(MARGIN, y, "Run returned at")
        canvas.line(MARGIN + 70, y - 1, MARGIN + 150, y - 1)
        canvas.drawString(MARGIN + 170, y, "Driver")
        canvas.line(MARGIN + 200, y - 1, MARGIN + 330, y - 1)
        canvas.drawString(MARGIN + 350, y, "Clerk")
        canvas.line(MARGIN + 378, y - 1, MARGIN + frame.width, y - 1)

    return Row(32, draw)


def render_manifest(
    run: ManifestRun,
    out: OutputPath = None,
    *,
    paper: Paper = Paper.LETTER,
    on_progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> bytes:
    """Render the driver manifest of ``run`` and return the PDF bytes (also written to ``out``).

    ``on_progress(done, total)`` counts pages; ``cancelled()`` is polled before each page
    and stops the job with :class:`labels.Cancelled`, writing nothing.
    """
    frame = Frame(Paper(paper).size)
    checks = check_rows(run.outcome_codes or DEFAULT_OUTCOMES, frame.width)
    strip = outcome_strip(checks.choices if run.outcome_codes else (), frame.width)
    groups = [stop_group(stop, frame, checks) for stop in run.stops]
    groups.append(Group([_closing_row(frame)]))
    footer_text = f"{clean(run.run_label)} · {run.date:%Y-%m-%d}"
    if strip.rows:
        footer_text = f"{SCAN_HINT} · {footer_text}"

    def footer(canvas: Canvas, number: int, total: int) -> None:
        canvas.doForm(OUTCOME_FORM)
        draw_footer(canvas, frame.page_size, MARGIN, footer_text, number, total)

    furniture = Furniture(
        first_header=lambda canvas: _draw_first_header(canvas, run, frame),
        first_height=FIRST_HEADER_H,
        next_header=lambda canvas: _draw_next_header(canvas, run, frame),
        next_height=NEXT_HEADER_H,
        footer=footer,
        footer_height=strip.height + 4,
    )
    pages = layout_pages(groups, furniture, frame.page_size[1], MARGIN)
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, frame.page_size, f"Manifest {clean(run.run_label)}")
    # The strip is the same on every page: drawn once as a form, placed by reference.
    canvas.beginForm(OUTCOME_FORM)
    strip.draw(canvas, MARGIN, MARGIN + 2, frame.width)
    canvas.endForm()
    progress = Progress(len(pages), on_progress, cancelled)
    draw_pages(canvas, pages, furniture, frame.page_size[1], MARGIN, progress.page)
    progress.report(len(pages))
    return finish(canvas, buffer, out)
