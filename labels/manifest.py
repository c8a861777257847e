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
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from labels.barcode import (
    DOT,
    QUIET_MODULES,
    BarcodeSpec,
    barcode_width,
    code128_modules,
    draw_code128,
    encodable,
)
from labels.data import ManifestParcel, ManifestRun, ManifestStop, OutcomeCode
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
from labels.fonts import BOLD, REGULAR, text_width
from labels.route_map import draw_route_map
from labels.text import TextBlock, clean, draw_block, draw_fitted, fit_text

MARGIN = 36.0
GAP = 6.0
SEQ_W = 40.0
ETA_W = 62.0
CODE_W = 176.0
PARCEL_MIN_BAR_W = 120.0
FLAGS_W = 66.0
PARCEL_H = 33.0
MAP_H = 230.0
FIRST_HEADER_H = 58 + 42 + MAP_H + 8  # title lines, totals boxes, map, gap: see _draw_first_header
NEXT_HEADER_H = 20.0
PARCEL_SPEC = BarcodeSpec(bar_height=18, text_size=8, max_dots=2)
STOP_SPEC = BarcodeSpec(bar_height=24, text_size=8, max_dots=2)
OUTCOME_SPEC = BarcodeSpec(bar_height=22, text_size=7.5, max_dots=2)
INITIALS = "Initials"
OUTCOME_FORM = "outcome-strip"
DEFAULT_OUTCOMES = (OutcomeCode("", "Delivered"), OutcomeCode("", "Attempted – reason:"))


@dataclass(frozen=True, slots=True)
class _Frame:
    """The page geometry for one paper size."""

    page_size: tuple[float, float]

    @property
    def width(self) -> float:
        return self.page_size[0] - 2 * MARGIN

    @property
    def top(self) -> float:
        return self.page_size[1] - MARGIN

    @property
    def details_x(self) -> float:
        return MARGIN + SEQ_W + ETA_W + 2 * GAP

    @property
    def details_w(self) -> float:
        return self.width - SEQ_W - ETA_W - CODE_W - 3 * GAP


def _time(value: object) -> str:
    return "–" if value is None else f"{value:%H:%M}"


# ---------------------------------------------------------------- stop head


@dataclass(frozen=True, slots=True)
class _Head:
    """Pre-fitted text of a stop's first row, so measuring and drawing agree."""

    stop: ManifestStop
    recipient: TextBlock
    address: TextBlock
    notes: TextBlock
    window: TextBlock

    @property
    def height(self) -> float:
        details = self.recipient.height + 2 + self.address.height
        details += (self.notes.height + 3) if self.notes.lines else 0
        details += 13 if self.stop.signature_required else 0
        eta = 24 + (self.window.height + 9 if self.window.lines else 0)
        code = STOP_SPEC.bar_height + STOP_SPEC.text_size * 1.25
        return max(details, eta, 34, code) + 12


def _head(stop: ManifestStop, frame: _Frame) -> _Head:
    width = frame.details_w
    note = f"Note: {clean(stop.notes)}" if clean(stop.notes) else ""
    return _Head(
        stop,
        fit_text(stop.recipient, width, 28, font=BOLD, max_size=11, min_size=7, max_lines=2),
        fit_text(stop.address, width, 26, max_size=9.5, min_size=6.5, max_lines=2),
        fit_text(note, width, 32, max_size=8.5, min_size=6, max_lines=3),
        fit_text(stop.window, ETA_W, 20, max_size=8.5, min_size=6, max_lines=2),
    )


def _draw_head(canvas: Canvas, head: _Head, frame: _Frame, top: float) -> None:
    stop, top = head.stop, top - 6
    canvas.rect(MARGIN, top - 30, SEQ_W, 30, stroke=0, fill=1)
    canvas.setFillGray(1)
    draw_fitted(
        canvas,
        str(stop.sequence),
        MARGIN + 2,
        top - 5,
        SEQ_W - 4,
        24,
        font=BOLD,
        max_size=18,
        min_size=7,
        max_lines=1,
        align="center",
    )
    canvas.setFillGray(0)
    eta_x = MARGIN + SEQ_W + GAP
    _caption(canvas, "ETA", eta_x, top)
    draw_fitted(
        canvas, _time(stop.eta), eta_x, top - 8, ETA_W, 16, font=BOLD, max_size=13, max_lines=1
    )
    if head.window.lines:
        _caption(canvas, "WINDOW", eta_x, top - 25)
        draw_block(canvas, head.window, eta_x, top - 33, ETA_W)
    x = frame.details_x
    y = draw_block(canvas, head.recipient, x, top, frame.details_w) - 2
    y = draw_block(canvas, head.address, x, y, frame.details_w) - 3
    if stop.signature_required:
        _tag(canvas, "SIGNATURE REQUIRED", x, y)
        y -= 13
    draw_block(canvas, head.notes, x, y, frame.details_w)
    code_x = MARGIN + frame.width - CODE_W
    code_bottom = top - STOP_SPEC.bar_height - STOP_SPEC.text_size * 1.25
    draw_code128(
        canvas,
        stop.stop_code,
        code_x,
        code_bottom,
        CODE_W,
        STOP_SPEC,
        caption=f"stop {stop.sequence}: {stop.stop_code}",
    )


def _caption(canvas: Canvas, text: str, x: float, top: float) -> None:
    canvas.setFont(BOLD, 6.5)
    canvas.drawString(x, top - 6.5, text)


def _tag(canvas: Canvas, text: str, x: float, top: float) -> None:
    """White-on-black words for a flag the driver must not miss."""
    width = text_width(text, BOLD, 7.5) + 6
    canvas.rect(x, top - 11, width, 11, stroke=0, fill=1)
    canvas.setFillGray(1)
    canvas.setFont(BOLD, 7.5)
    canvas.drawString(x + 3, top - 8.5, text)
    canvas.setFillGray(0)


# ------------------------------------------------------------- parcel rows


def _bar_width(tracking_id: str) -> float:
    """Width the parcel barcode wants at its preferred module width (0 if unprintable)."""
    if not encodable(tracking_id):
        return 0.0
    return barcode_width(tracking_id, PARCEL_SPEC)


def _parcel_rows(stop: ManifestStop, frame: _Frame) -> list[Row]:
    """Parcels in as many columns as their barcodes allow at full module width."""
    left = MARGIN + SEQ_W + GAP
    width = frame.width - SEQ_W - GAP
    widest = max((_bar_width(p.tracking_id) for p in stop.parcels), default=0.0)
    bar_w = max(widest, PARCEL_MIN_BAR_W)
    columns = max(1, min(3, int(width // (bar_w + FLAGS_W))))
    cell_w = width / columns
    bar_w = min(bar_w, cell_w - FLAGS_W)
    parcels = list(stop.parcels)
    return [
        Row(
            PARCEL_H,
            _parcel_row_drawer(
                parcels[start : start + columns], start, left, cell_w, bar_w, len(parcels)
            ),
        )
        for start in range(0, len(parcels), columns)
    ]


def _parcel_row_drawer(
    chunk: Sequence[ManifestParcel],
    first: int,
    left: float,
    cell_w: float,
    bar_w: float,
    count: int,
) -> Callable[[Canvas, float], None]:
    def draw(canvas: Canvas, top: float) -> None:
        for offset, parcel in enumerate(chunk):
            x = left + offset * cell_w
            index = first + offset + 1
            draw_code128(canvas, parcel.tracking_id, x, top - PARCEL_H + 4, bar_w, PARCEL_SPEC)
            flags = f"{index} of {count}" + (f" · {parcel.flags}" if clean(parcel.flags) else "")
            flags_w = cell_w - bar_w - 10
            draw_fitted(
                canvas,
                flags,
                x + bar_w + 4,
                top - 6,
                flags_w,
                26,
                max_size=8,
                min_size=6,
                max_lines=3,
            )

    return draw


# ------------------------------------------------------ outcome check boxes


def _checkbox_grid(captions: Sequence[str], width: float) -> tuple[int, float]:
    """(columns, column width) for the outcome check boxes: widest caption decides."""
    widest = max((text_width(clean(c), REGULAR, 8) for c in captions), default=0.0) + 18
    widest = max(widest, 110.0)  # room for the initials line
    columns = max(1, min(len(captions), int(width // min(widest, width))))
    return columns, width / columns


def _tail_rows(stop: ManifestStop, frame: _Frame, outcomes: Sequence[OutcomeCode]) -> list[Row]:
    left = MARGIN + SEQ_W + GAP
    width = frame.width - SEQ_W - GAP
    captions = [o.caption for o in outcomes]
    columns, cell_w = _checkbox_grid([*captions, INITIALS], width)
    cells: list[str | None] = [*captions, None]  # None: the initials line
    rows = [
        Row(14, _checkbox_drawer(cells[start : start + columns], left, cell_w))
        for start in range(0, len(cells), columns)
    ]
    if stop.signature_required:
        rows.append(Row(22, _signature_drawer(left, frame)))
    rows.append(Row(8, _rule_drawer(frame)))
    return rows


def _checkbox_drawer(
    captions: Sequence[str | None], left: float, cell_w: float
) -> Callable[[Canvas, float], None]:
    def draw(canvas: Canvas, top: float) -> None:
        canvas.setLineWidth(0.8)
        for index, caption in enumerate(captions):
            x = left + index * cell_w
            if caption is None:
                canvas.setFont(REGULAR, 8)
                canvas.drawString(x, top - 10, INITIALS)
                canvas.line(x + 34, top - 11, x + cell_w - 6, top - 11)
                continue
            canvas.rect(x, top - 11, 8.5, 8.5, stroke=1, fill=0)
            draw_fitted(
                canvas,
                caption or "?",
                x + 12,
                top - 2.5,
                cell_w - 16,
                10,
                max_size=8,
                min_size=5.5,
                max_lines=1,
            )

    return draw


def _signature_drawer(left: float, frame: _Frame) -> Callable[[Canvas, float], None]:
    def draw(canvas: Canvas, top: float) -> None:
        right = MARGIN + frame.width
        middle = left + (right - left) * 0.6
        canvas.setFont(REGULAR, 8)
        canvas.drawString(left, top - 17, "Recipient's signature")
        canvas.line(left + 86, top - 18, middle - 8, top - 18)
        canvas.drawString(middle, top - 17, "Name (print)")
        canvas.line(middle + 52, top - 18, right, top - 18)

    return draw


def _rule_drawer(frame: _Frame) -> Callable[[Canvas, float], None]:
    def draw(canvas: Canvas, top: float) -> None:
        canvas.setLineWidth(0.4)
        canvas.setStrokeGray(0.5)
        canvas.line(MARGIN, top - 4, MARGIN + frame.width, top - 4)
        canvas.setStrokeGray(0)

    return draw


def _stop_group(stop: ManifestStop, frame: _Frame, outcomes: Sequence[OutcomeCode]) -> Group:
    head = _head(stop, frame)
    rows = [
        Row(head.height, lambda canvas, top: _draw_head(canvas, head, frame, top)),
        *_parcel_rows(stop, frame),
        *_tail_rows(stop, frame, outcomes),
    ]
    title = f"Stop {stop.sequence} (continued) – {clean(stop.recipient)}"
    continued = Row(
        16,
        lambda canvas, top: draw_fitted(
            canvas, title, MARGIN, top - 3, frame.width, 12, font=BOLD, max_size=9, max_lines=1
        ),
    )
    return Group(rows, continued)


# ------------------------------------------------------------ page furniture


def _draw_first_header(canvas: Canvas, run: ManifestRun, frame: _Frame) -> None:
    """Title, driver, totals and the route map (FIRST_HEADER_H points tall)."""
    top = frame.top
    _caption(canvas, "DRIVER MANIFEST", MARGIN, top)
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


def _draw_totals(canvas: Canvas, run: ManifestRun, frame: _Frame, top: float) -> float:
    miles = "–" if run.miles is None else f"{run.miles:.1f}"
    cells = [
        ("STOPS", str(run.stop_count)),
        ("PARCELS", str(run.parcel_count)),
        ("MILES", miles),
        ("PLANNED START", _time(run.planned_start)),
        ("PLANNED END", _time(run.planned_end)),
        ("BACK AT", ""),
    ]
    cell_w = frame.width / len(cells)
    canvas.setLineWidth(0.8)
    for index, (caption, value) in enumerate(cells):
        x = MARGIN + index * cell_w
        canvas.rect(x, top - 34, cell_w, 34, stroke=1, fill=0)
        _caption(canvas, caption, x + 4, top - 3)
        draw_fitted(
            canvas, value, x + 4, top - 12, cell_w - 8, 20, font=BOLD, max_size=15, max_lines=1
        )
    return top - 42


def _draw_next_header(canvas: Canvas, run: ManifestRun, frame: _Frame) -> None:
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


def _outcome_strip(outcomes: Sequence[OutcomeCode], frame: _Frame) -> _OutcomeStrip:
    codes = tuple(o for o in outcomes if encodable(o.code))
    widest = (
        max((len(code128_modules(o.code)) + 2 * QUIET_MODULES for o in codes), default=0)
        * OUTCOME_SPEC.max_dots
        * DOT
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
    _caption(canvas, "TO RECORD A STOP: SCAN THE STOP'S BARCODE, THEN ONE OUTCOME", MARGIN, top - 3)
    row_h = OUTCOME_SPEC.bar_height + OUTCOME_SPEC.text_size * 1.25 + 6
    for index, outcome in enumerate(strip.codes):
        row, column = divmod(index, strip.columns)
        x = MARGIN + column * strip.cell_w
        y = top - 14 - (row + 1) * row_h + 3
        draw_code128(
            canvas, outcome.code, x, y, strip.cell_w, OUTCOME_SPEC, caption=outcome.caption
        )


# ------------------------------------------------------------------ render


def _closing_row(frame: _Frame) -> Row:
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
    frame = _Frame(Paper(paper).size)
    outcomes = run.outcome_codes or DEFAULT_OUTCOMES
    strip = _outcome_strip(run.outcome_codes, frame)
    groups = [_stop_group(stop, frame, outcomes) for stop in run.stops]
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
