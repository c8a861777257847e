"""One stop of a driver manifest: the rows that print it, measured before drawing.

A stop is a group of rows: its head (sequence number, ETA and window, recipient, address,
notes, the parcel's barcode when the stop has one parcel, the stop's own barcode at the
right), rows of parcel barcodes side by side only for stops of several parcels, one row of
outcome check boxes ending in the initials line (:mod:`labels.manifest_outcomes`), a
signature line only when one is required, and a thin rule. ``labels.flow`` keeps the group
on one page, or splits it with a "continued" row. A one-parcel stop is about 50 points
tall: eleven to a Letter page after the first (whose route map leaves room for five).
Barcodes keep their sizes (whole printer dots, full quiet zones): only the white space
around them went.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from labels.barcode import BarcodeSpec, barcode_height, barcode_width, draw_code128, encodable
from labels.data import ManifestParcel, ManifestStop, OutcomeCode, location_tag
from labels.flow import Group, Row
from labels.fonts import BOLD, REGULAR, text_width
from labels.manifest_outcomes import CHECK_ROW_H, CheckRows
from labels.text import TextBlock, clean, draw_block, draw_fitted, fit_text

MARGIN = 36.0
GAP = 5.0
SEQ_W = 28.0
SEQ_H = 22.0
ETA_W = 46.0
CODE_W = 104.0
HEAD_PAD = 2.0
PARCEL_MIN_BAR_W = 120.0
FLAGS_W = 66.0
#: Details narrower than this push a lone parcel's barcode to a row of its own.
MIN_DETAILS_W = 170.0
PARCEL_SPEC = BarcodeSpec(bar_height=15, text_size=7.5, max_dots=2)
PARCEL_H = barcode_height(PARCEL_SPEC) + 2
STOP_SPEC = BarcodeSpec(bar_height=15, text_size=6.5, max_dots=2)
DEFAULT_OUTCOMES = (OutcomeCode("", "Delivered"), OutcomeCode("", "Attempted – reason:"))


@dataclass(frozen=True, slots=True)
class Frame:
    """The page geometry of a manifest for one paper size."""

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

    @property
    def code_x(self) -> float:
        return MARGIN + self.width - CODE_W


def time_text(value: object) -> str:
    """A time as HH:MM, or a dash when there is none."""
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
    location: TextBlock
    inline: ManifestParcel | None  # the one parcel whose barcode sits in the head
    inline_w: float  # width of that barcode's box
    details_w: float

    @property
    def height(self) -> float:
        details = self.recipient.height + 1 + self.address.height
        details += (self.notes.height + 1) if self.notes.lines else 0
        details += (11 + self.location.height + 1) if self.location.lines else 0
        details += 11 if self.stop.signature_required else 0
        eta = 19 + (self.window.height + 1 if self.window.lines else 0)
        inline = PARCEL_H if self.inline is not None else 0.0
        tallest = max(details, eta, SEQ_H, barcode_height(STOP_SPEC), inline)
        return tallest + HEAD_PAD + 2


def _inline_parcel(stop: ManifestStop, frame: Frame) -> tuple[ManifestParcel | None, float]:
    """The parcel barcode that goes into the head (one-parcel stops), and its box width."""
    if len(stop.parcels) != 1:
        return None, 0.0
    parcel = stop.parcels[0]
    width = max(_bar_width(parcel.tracking_id), PARCEL_MIN_BAR_W)
    if frame.details_w - width - GAP < MIN_DETAILS_W:
        return None, 0.0
    return parcel, width


def _head(stop: ManifestStop, frame: Frame) -> _Head:
    inline, inline_w = _inline_parcel(stop, frame)
    width = frame.details_w - (inline_w + GAP if inline is not None else 0.0)
    flags = clean(inline.flags) if inline is not None else ""
    note = " · ".join(p for p in (f"Note: {clean(stop.notes)}" if clean(stop.notes) else "",
                                  flags) if p)  # fmt: skip
    return _Head(
        stop,
        fit_text(stop.recipient, width, 24, font=BOLD, max_size=10, min_size=7, max_lines=2),
        fit_text(stop.address, width, 20, max_size=8.5, min_size=6.5, max_lines=2),
        fit_text(note, width, 17, max_size=7, min_size=6, max_lines=2),
        fit_text(stop.window, ETA_W, 16, max_size=7, min_size=6, max_lines=2),
        fit_text(stop.location_note, width, 17, max_size=7, min_size=6, max_lines=2),
        inline,
        inline_w,
        width,
    )


def _draw_head(canvas: Canvas, head: _Head, frame: Frame, top: float) -> None:
    stop, top = head.stop, top - HEAD_PAD
    canvas.rect(MARGIN, top - SEQ_H, SEQ_W, SEQ_H, stroke=0, fill=1)
    canvas.setFillGray(1)
    draw_fitted(
        canvas,
        str(stop.sequence),
        MARGIN + 1,
        top - 3,
        SEQ_W - 2,
        17,
        font=BOLD,
        max_size=14,
        min_size=6,
        max_lines=1,
        align="center",
    )
    canvas.setFillGray(0)
    eta_x = MARGIN + SEQ_W + GAP
    caption(canvas, "ETA", eta_x, top, size=5.5)
    draw_fitted(
        canvas, time_text(stop.eta), eta_x, top - 6, ETA_W, 13, font=BOLD, max_size=11, max_lines=1
    )
    if head.window.lines:
        draw_block(canvas, head.window, eta_x, top - 19, ETA_W)
    x = frame.details_x
    y = draw_block(canvas, head.recipient, x, top, head.details_w) - 1
    y = draw_block(canvas, head.address, x, y, head.details_w) - 1
    if stop.signature_required:
        _tag(canvas, "SIGNATURE REQUIRED", x, y)
        y -= 11
    if head.location.lines:
        _tag(canvas, location_tag(stop.location_note), x, y)
        y = draw_block(canvas, head.location, x, y - 11, head.details_w) - 1
    draw_block(canvas, head.notes, x, y, head.details_w)
    if head.inline is not None:
        bar_x = frame.code_x - GAP - head.inline_w
        draw_code128(
            canvas, head.inline.tracking_id, bar_x, top - PARCEL_H + 1, head.inline_w, PARCEL_SPEC
        )
    draw_code128(
        canvas,
        stop.stop_code,
        frame.code_x,
        top - barcode_height(STOP_SPEC),
        CODE_W,
        STOP_SPEC,
        caption=f"stop {stop.sequence}: {stop.stop_code}",
    )


def caption(canvas: Canvas, text: str, x: float, top: float, size: float = 6.5) -> None:
    """Small bold capitals naming a field, with their top at ``top``."""
    canvas.setFont(BOLD, size)
    canvas.drawString(x, top - size, text)


def _tag(canvas: Canvas, text: str, x: float, top: float) -> None:
    """White-on-black words for a flag the driver must not miss."""
    width = text_width(text, BOLD, 7) + 6
    canvas.rect(x, top - 10, width, 10, stroke=0, fill=1)
    canvas.setFillGray(1)
    canvas.setFont(BOLD, 7)
    canvas.drawString(x + 3, top - 7.7, text)
    canvas.setFillGray(0)


# ------------------------------------------------------------- parcel rows


def _bar_width(tracking_id: str) -> float:
    """Width the parcel barcode wants at its preferred module width (0 if unprintable)."""
    if not encodable(tracking_id):
        return 0.0
    return barcode_width(tracking_id, PARCEL_SPEC)


def _parcel_rows(stop: ManifestStop, frame: Frame) -> list[Row]:
    """Parcels side by side, in as many columns as their barcodes allow at full width."""
    left, width = MARGIN, frame.width
    widest = max((_bar_width(p.tracking_id) for p in stop.parcels), default=0.0)
    bar_w = max(widest, PARCEL_MIN_BAR_W)
    columns = max(1, min(4, int(width // (bar_w + FLAGS_W))))
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
            draw_code128(canvas, parcel.tracking_id, x, top - PARCEL_H + 1, bar_w, PARCEL_SPEC)
            flags = f"{index} of {count}" + (f" · {parcel.flags}" if clean(parcel.flags) else "")
            draw_fitted(
                canvas,
                flags,
                x + bar_w + 2,
                top - 3,
                cell_w - bar_w - 8,
                PARCEL_H - 4,
                max_size=7.5,
                min_size=6,
                max_lines=3,
            )

    return draw


# ------------------------------------------------ check row, signature, rule


def _tail_rows(stop: ManifestStop, frame: Frame, checks: CheckRows) -> list[Row]:
    rows = [Row(CHECK_ROW_H, _check_drawer(checks, index)) for index in range(len(checks.lines))]
    if stop.signature_required:
        rows.append(Row(18, _signature_drawer(frame)))
    rows.append(Row(4, _rule_drawer(frame)))
    return rows


def _check_drawer(checks: CheckRows, index: int) -> Callable[[Canvas, float], None]:
    def draw(canvas: Canvas, top: float) -> None:
        checks.draw_line(canvas, index, MARGIN, top)

    return draw


def _signature_drawer(frame: Frame) -> Callable[[Canvas, float], None]:
    def draw(canvas: Canvas, top: float) -> None:
        left, right = MARGIN, MARGIN + frame.width
        middle = left + (right - left) * 0.6
        canvas.setLineWidth(0.8)
        canvas.setFont(REGULAR, 8)
        canvas.drawString(left, top - 14, "Recipient's signature")
        canvas.line(left + 86, top - 15, middle - 8, top - 15)
        canvas.drawString(middle, top - 14, "Name (print)")
        canvas.line(middle + 52, top - 15, right, top - 15)

    return draw


def _rule_drawer(frame: Frame) -> Callable[[Canvas, float], None]:
    def draw(canvas: Canvas, top: float) -> None:
        canvas.setLineWidth(0.4)
        canvas.setStrokeGray(0.5)
        canvas.line(MARGIN, top - 2, MARGIN + frame.width, top - 2)
        canvas.setStrokeGray(0)

    return draw


def stop_group(stop: ManifestStop, frame: Frame, checks: CheckRows) -> Group:
    """The rows of one stop, kept together on a page when they fit."""
    head = _head(stop, frame)
    rows = [
        Row(head.height, lambda canvas, top: _draw_head(canvas, head, frame, top)),
        *(_parcel_rows(stop, frame) if head.inline is None else []),
        *_tail_rows(stop, frame, checks),
    ]
    title = f"Stop {stop.sequence} (continued) – {clean(stop.recipient)}"
    continued = Row(
        16,
        lambda canvas, top: draw_fitted(
            canvas, title, MARGIN, top - 3, frame.width, 12, font=BOLD, max_size=9, max_lines=1
        ),
    )
    return Group(rows, continued)
