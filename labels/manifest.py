"""The driver manifest: one run on Letter or A4, which is also the clerk's scan sheet.

Page one carries the run's header (driver, date, totals) and a route map; then come the
stops in driving order. Each stop prints its sequence number, ETA and window, recipient,
address and notes, its own barcode (``stop_code``), a barcode per parcel, a check box per
outcome and a line for initials (and a signature line where one is required). Every page
ends with the outcome barcodes, so when the driver is back the clerk records a stop by
scanning the stop's barcode and then the outcome's, without turning a page.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from labels.barcode import (
    BarcodeSpec,
    barcode_width,
    draw_code128,
    encodable,
)
from labels.data import ManifestRun, OutcomeCode
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
from labels.manifest_stop import (
    DEFAULT_OUTCOMES,
    MARGIN,
    Frame,
    caption,
    stop_group,
    time_text,
)
from labels.route_map import draw_route_map
from labels.text import clean, draw_fitted

MAP_H = 230.0
FIRST_HEADER_H = 58 + 42 + MAP_H + 8  # title lines, totals boxes, map, gap: see _draw_first_header
NEXT_HEADER_H = 20.0
OUTCOME_SPEC = BarcodeSpec(bar_height=22, text_size=7.5, max_dots=2)
OUTCOME_FORM = "outcome-strip"

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
        f"run {run.run_id}",
        MARGIN + frame.width - 180,
        top - 27,
        180,
        12,
        max_size=8,
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
    draw_route_map(canvas, run.shop, run.stops, run.route, MARGIN, y - MAP_H, frame.width, MAP_H)


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


@dataclass(frozen=True, slots=True)
class _OutcomeStrip:
    """Outcome barcodes in a grid at the foot of every page."""

    codes: tuple[OutcomeCode, ...]
    columns: int
    cell_w: float

    @property
    def rows(self) -> int:
        return -(-len(self.codes) // self.columns) if self.codes else 0

    @property
    def height(self) -> float:
        if not self.codes:
            return 0.0
        return 14 + self.rows * (OUTCOME_SPEC.bar_height + OUTCOME_SPEC.text_size * 1.25 + 6)


def _outcome_strip(outcomes: Sequence[OutcomeCode], frame: Frame) -> _OutcomeStrip:
    """Grid cells as wide as the widest outcome barcode (unprintable codes get a notice)."""
    codes = tuple(outcomes)
    widest = max(
        (barcode_width(o.code, OUTCOME_SPEC) for o in codes if encodable(o.code)), default=0.0
    )
    cell_w = max(widest, 96.0)
    columns = max(1, min(len(codes) or 1, int(frame.width // cell_w)))
    return _OutcomeStrip(codes, columns, frame.width / columns)


def _draw_outcome_strip(canvas: Canvas, strip: _OutcomeStrip, bottom: float) -> None:
    if not strip.codes:
        return
    top = bottom + strip.height
    canvas.setLineWidth(0.8)
    canvas.line(MARGIN, top, MARGIN + strip.cell_w * strip.columns, top)
    caption(canvas, "TO RECORD A STOP: SCAN THE STOP'S BARCODE, THEN ONE OUTCOME", MARGIN, top - 3)
    row_h = OUTCOME_SPEC.bar_height + OUTCOME_SPEC.text_size * 1.25 + 6
    for index, outcome in enumerate(strip.codes):
        row, column = divmod(index, strip.columns)
        x = MARGIN + column * strip.cell_w
        y = top - 14 - (row + 1) * row_h + 3
        draw_code128(
            canvas, outcome.code, x, y, strip.cell_w, OUTCOME_SPEC, caption=outcome.caption
        )


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
    outcomes = run.outcome_codes or DEFAULT_OUTCOMES
    strip = _outcome_strip(run.outcome_codes, frame)
    groups = [stop_group(stop, frame, outcomes) for stop in run.stops]
    groups.append(Group([_closing_row(frame)]))
    footer_text = f"{clean(run.shop.name)} · {clean(run.run_label)} · {run.date:%Y-%m-%d}"

    def footer(canvas: Canvas, number: int, total: int) -> None:
        canvas.doForm(OUTCOME_FORM)
        draw_footer(canvas, frame.page_size, MARGIN, footer_text, number, total)

    furniture = Furniture(
        first_header=lambda canvas: _draw_first_header(canvas, run, frame),
        first_height=FIRST_HEADER_H,
        next_header=lambda canvas: _draw_next_header(canvas, run, frame),
        next_height=NEXT_HEADER_H,
        footer=footer,
        footer_height=strip.height + 8,
    )
    pages = layout_pages(groups, furniture, frame.page_size[1], MARGIN)
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, frame.page_size, f"Manifest {clean(run.run_label)}")
    # The strip is the same on every page: drawn once as a form, placed by reference.
    canvas.beginForm(OUTCOME_FORM)
    _draw_outcome_strip(canvas, strip, MARGIN + 2)
    canvas.endForm()
    progress = Progress(len(pages), on_progress, cancelled)
    draw_pages(canvas, pages, furniture, frame.page_size[1], MARGIN, progress.page)
    progress.report(len(pages))
    return finish(canvas, buffer, out)
