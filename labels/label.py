"""The 4x6 in parcel label, as PDF.

Laid out for the two people who read it: the clerk loading a car, who needs the stop
number, run and shelf zone from a metre away (the big black stop box and bold run/zone
at the top), and the driver at the door, who needs recipient, address, flags and notes.
The tracking barcode sits at the bottom, away from the fold of a thermal label. Every
field has a fixed box, so labels look alike whatever the data; text shrinks, wraps and
finally truncates inside its box (see ``labels.text``).
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from reportlab.pdfgen.canvas import Canvas

from labels.barcode import DOT, BarcodeSpec, draw_code128
from labels.data import ParcelLabel
from labels.document import (
    CancelCheck,
    OutputPath,
    Progress,
    ProgressCallback,
    finish,
    new_canvas,
)
from labels.fonts import BOLD, text_width
from labels.sheets import LABEL_HEIGHT, LABEL_WIDTH, THERMAL_4X6, SheetLayout
from labels.text import clean, draw_fitted

W, H = LABEL_WIDTH, LABEL_HEIGHT
M = 10.0  # margin: thermal heads print nearly edge to edge, office printers get a scaled label
INNER = W - 2 * M
STOP_BOX_W = 132.0
RIGHT_X = M + STOP_BOX_W + 8
RIGHT_W = W - M - RIGHT_X
CAPTION = 7.0

# Bands of the label, as distances from its top edge in points (see draw_label).
STOP_TOP, STOP_H = M + 24, 96.0
PARCEL_TOP = M + 126
RECIPIENT_TOP, RECIPIENT_H = M + 156, 106.0
FLAGS_TOP = M + 268
NOTES_TOP = M + 296
LOCATION_H, LOCATION_SIZE = 13.0, 9.0  # the "≈ APPROXIMATE LOCATION" flag above the notes
BAR_H, BAR_TEXT = 50.0, 11.0
BARCODE_H = BAR_H + BAR_TEXT * 1.25


def _caption(canvas: Canvas, text: str, x: float, top: float, white: bool = False) -> float:
    """Small capitals naming a field; returns the y below it."""
    if white:
        canvas.setFillGray(1)
    canvas.setFont(BOLD, CAPTION)
    canvas.drawString(x, top - CAPTION, text)
    canvas.setFillGray(0)
    return top - CAPTION - 2


def _draw_header(canvas: Canvas, label: ParcelLabel) -> None:
    top = H - M
    date = f"{label.date:%a %Y-%m-%d}"
    draw_fitted(
        canvas, label.shop_name, M, top, INNER - 104, 16, font=BOLD, max_size=11, max_lines=1
    )
    draw_fitted(canvas, date, W - M - 100, top, 100, 16, max_size=11, max_lines=1, align="right")
    canvas.setLineWidth(1)
    canvas.line(M, top - 19, W - M, top - 19)


def _draw_stop_box(canvas: Canvas, label: ParcelLabel, top: float, height: float) -> None:
    if label.stop_number is None:  # printed at check-in: an outline, not a slab of black
        canvas.setLineWidth(1.5)
        canvas.rect(M, top - height, STOP_BOX_W, height, stroke=1, fill=0)
        _caption(canvas, "STOP", M + 6, top - 5)
        draw_fitted(
            canvas,
            "not planned",
            M + 4,
            top - height / 2 + 8,
            STOP_BOX_W - 8,
            20,
            max_size=14,
            max_lines=1,
            align="center",
        )
        return
    canvas.rect(M, top - height, STOP_BOX_W, height, stroke=0, fill=1)
    below = _caption(canvas, "STOP", M + 6, top - 5, white=True)
    number = str(label.stop_number)
    canvas.setFillGray(1)
    block_h = below - (top - height) - 4
    draw_fitted(
        canvas,
        number,
        M + 4,
        below - 2,
        STOP_BOX_W - 8,
        block_h,
        font=BOLD,
        max_size=84,
        min_size=14,
        max_lines=1,
        align="center",
    )
    canvas.setFillGray(0)


def _draw_run_and_zone(canvas: Canvas, label: ParcelLabel, top: float) -> None:
    below = _caption(canvas, "RUN", RIGHT_X, top)
    if label.run_label:
        draw_fitted(
            canvas,
            label.run_label,
            RIGHT_X,
            below,
            RIGHT_W,
            44,
            font=BOLD,
            max_size=24,
            min_size=7,
            max_lines=2,
        )
    else:
        draw_fitted(canvas, "not planned", RIGHT_X, below, RIGHT_W, 20, max_size=14)
    zone_top = top - 54
    canvas.setLineWidth(0.6)
    canvas.line(RIGHT_X, zone_top + 3, W - M, zone_top + 3)
    below = _caption(canvas, "ZONE", RIGHT_X, zone_top)
    zone = label.zone or "–"
    draw_fitted(
        canvas, zone, RIGHT_X, below, RIGHT_W, 32, font=BOLD, max_size=30, min_size=7, max_lines=1
    )


def _draw_parcel_line(canvas: Canvas, label: ParcelLabel, top: float) -> None:
    count = f"PARCEL {label.parcel_index} of {label.parcel_count}"
    draw_fitted(canvas, count, M, top, 150, 24, font=BOLD, max_size=17, max_lines=1)
    draw_fitted(
        canvas,
        label.details,
        M + 154,
        top - 3,
        INNER - 154,
        20,
        max_size=10,
        max_lines=1,
        align="right",
    )
    canvas.setLineWidth(1)
    canvas.line(M, top - 26, W - M, top - 26)


def _draw_recipient(canvas: Canvas, label: ParcelLabel, top: float) -> None:
    below = _caption(canvas, "DELIVER TO", M, top)
    name_bottom = draw_fitted(
        canvas,
        label.recipient_name,
        M,
        below - 1,
        INNER,
        44,
        font=BOLD,
        max_size=18,
        min_size=6,
        max_lines=2,
    )
    lines = [label.address_line1, label.address_line2, label.city_line]
    address_top = min(name_bottom, below - 22) - 3
    draw_fitted(
        canvas,
        lines,
        M,
        address_top,
        INNER,
        address_top - (top - RECIPIENT_H),
        max_size=14,
        min_size=6,
    )


def _draw_flags(canvas: Canvas, label: ParcelLabel, top: float) -> None:
    half = (INNER - 6) / 2
    if label.signature_required:
        canvas.rect(M, top - 22, half, 22, stroke=0, fill=1)
        canvas.setFillGray(1)
        draw_fitted(
            canvas,
            "SIGNATURE REQUIRED",
            M + 3,
            top - 5,
            half - 6,
            14,
            font=BOLD,
            max_size=11,
            max_lines=1,
            align="center",
        )
        canvas.setFillGray(0)
    if label.window:
        x = M + half + 6
        canvas.setLineWidth(1.5)
        canvas.rect(x, top - 22, half, 22, stroke=1, fill=0)
        draw_fitted(
            canvas,
            f"WINDOW {label.window}",
            x + 3,
            top - 5,
            half - 6,
            14,
            font=BOLD,
            max_size=11,
            max_lines=1,
            align="center",
        )


def _draw_location(canvas: Canvas, label: ParcelLabel, top: float) -> float:
    """The manifest's flag for a stop not located exactly ("≈ APPROXIMATE LOCATION", white on
    black) and its words, above the notes, so the driver looks twice at the address; returns
    the y below it (``top`` when the location is exact)."""
    tag = label.location_tag
    if not tag:
        return top
    width = text_width(tag, BOLD, LOCATION_SIZE) + 8
    canvas.rect(M, top - LOCATION_H, width, LOCATION_H, stroke=0, fill=1)
    canvas.setFillGray(1)
    canvas.setFont(BOLD, LOCATION_SIZE)
    canvas.drawString(M + 4, top - LOCATION_H + 3.5, tag)
    canvas.setFillGray(0)
    words_x = M + width + 5
    draw_fitted(
        canvas,
        label.location_words,
        words_x,
        top - 1,
        W - M - words_x,
        LOCATION_H,
        font=BOLD,
        max_size=LOCATION_SIZE,
        max_lines=1,
    )
    return top - LOCATION_H - 5


def _draw_notes(canvas: Canvas, label: ParcelLabel, top: float, bottom: float) -> None:
    if not clean(label.notes):
        return
    below = _caption(canvas, "NOTES", M, top)
    draw_fitted(canvas, label.notes, M, below - 1, INNER, below - 1 - bottom, max_size=11)


def draw_label(canvas: Canvas, label: ParcelLabel, dot: float = DOT) -> None:
    """Draw ``label`` with its bottom-left corner at the canvas origin, 288 x 432 points.

    ``dot`` is one printer dot in the current drawing units (``DOT / scale`` when the
    caller scaled the canvas), so the barcode's bars land on whole dots of the page.
    """
    canvas.setFillGray(0)
    canvas.setStrokeGray(0)
    _draw_header(canvas, label)
    _draw_stop_box(canvas, label, H - STOP_TOP, STOP_H)
    _draw_run_and_zone(canvas, label, H - STOP_TOP)
    _draw_parcel_line(canvas, label, H - PARCEL_TOP)
    _draw_recipient(canvas, label, H - RECIPIENT_TOP)
    _draw_flags(canvas, label, H - FLAGS_TOP)
    below = _draw_location(canvas, label, H - NOTES_TOP)
    _draw_notes(canvas, label, below, M + BARCODE_H + 6)
    spec = BarcodeSpec(bar_height=BAR_H, text_size=BAR_TEXT, dot=dot)
    draw_code128(canvas, label.tracking_id, M, M, INNER, spec)


def _draw_cut_border(canvas: Canvas) -> None:
    canvas.saveState()
    canvas.setStrokeGray(0.6)
    canvas.setLineWidth(0.4)
    canvas.setDash(2, 3)
    canvas.rect(0, 0, W, H, stroke=1, fill=0)
    canvas.restoreState()


def render_labels(
    labels: Iterable[ParcelLabel],
    out: OutputPath = None,
    *,
    layout: SheetLayout = THERMAL_4X6,
    on_progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> bytes:
    """Render ``labels`` in the order given (load order) to one PDF and return its bytes.

    ``layout`` puts one label per page (thermal) or several per office sheet. When ``out``
    is given the PDF is also written there, atomically. ``on_progress(done, total)`` is
    called after each label; ``cancelled()`` is polled before each one and, once it
    returns True, the job stops with :class:`labels.Cancelled` and nothing is written.
    An empty iterable gives a valid PDF with one blank page.
    """
    items = list(labels)
    progress = Progress(len(items), on_progress, cancelled)
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, layout.page_size, "Parcel labels")
    origins = layout.origins()
    scale = layout.scale
    for done, label in enumerate(items, start=1):
        progress.check()
        slot = (done - 1) % layout.per_page
        if slot == 0 and done > 1:
            canvas.showPage()
        canvas.saveState()
        canvas.translate(*origins[slot])
        canvas.scale(scale, scale)
        if layout.per_page > 1:
            _draw_cut_border(canvas)
        draw_label(canvas, label, dot=DOT / scale)
        canvas.restoreState()
        progress.report(done)
    if not items:
        canvas.showPage()  # a PDF needs a page; a blank one says "nothing to print"
    return finish(canvas, buffer, out)
