"""One stop of a driver manifest: the rows that print it, measured before drawing.

A stop is a group of rows: its head (sequence number, ETA and window, recipient,
address, notes, the stop's own barcode), one row of parcel barcodes side by side (more
rows only for many parcels), one row of outcome check boxes ending in the initials
line (:mod:`labels.manifest_outcomes`), a signature line only when one is required, and
a rule. ``labels.flow`` keeps the group on one page, or splits it with a "continued" row.
A simple stop is about 85 points tall: seven to a Letter page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from labels.barcode import BarcodeSpec, barcode_height, barcode_width, draw_code128, encodable
from labels.data import ManifestParcel, ManifestStop, OutcomeCode
from labels.flow import Group, Row
from labels.fonts import BOLD, REGULAR, text_width
from labels.manifest_outcomes import CHECK_ROW_H, CheckRows
from labels.text import TextBlock, clean, draw_block, draw_fitted, fit_text

MARGIN = 36.0
GAP = 6.0
SEQ_W = 40.0
SEQ_H = 26.0
ETA_W = 62.0
CODE_W = 150.0
HEAD_PAD = 2.0
PARCEL_MIN_BAR_W = 120.0
FLAGS_W = 66.0
PARCEL_SPEC = BarcodeSpec(bar_height=15, text_size=8, max_dots=2)
PARCEL_H = barcode_height(PARCEL_SPEC) + 2
STOP_SPEC = BarcodeSpec(bar_height=20, text_size=7.5, max_dots=2)
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

    @property
    def height(self) -> float:
        details = self.recipient.height + 2 + self.address.height
        details += (self.notes.height + 2) if self.notes.lines else 0
        details += (12 + self.location.height + 2) if self.location.lines else 0
        details += 12 if self.stop.signature_required else 0
        eta = 21 + (self.window.height + 7 if self.window.lines else 0)
        return max(details, eta, SEQ_H, barcode_height(STOP_SPEC)) + HEAD_PAD + 3


def _head(stop: ManifestStop, frame: Frame) -> _Head:
    width = frame.details_w
    note = f"Note: {clean(stop.notes)}" if clean(stop.notes) else ""
    return _Head(
        stop,
        fit_text(stop.recipient, width, 26, font=BOLD, max_size=11, min_size=7, max_lines=2),
        fit_text(stop.address, width, 24, max_size=9, min_size=6.5, max_lines=2),
        fit_text(note, width, 19, max_size=7.5, min_size=6, max_lines=2),
        fit_text(stop.window, ETA_W, 18, max_size=7.5, min_size=6, max_lines=2),
        fit_text(stop.location_note, width, 19, max_size=7.5, min_size=6, max_lines=2),
    )


def _draw_head(canvas: Canvas, head: _Head, frame: Frame, top: float) -> None:
    stop, top = head.stop, top - HEAD_PAD
    canvas.rect(MARGIN, top - SEQ_H, SEQ_W, SEQ_H, stroke=0, fill=1)
    canvas.setFillGray(1)
    draw_fitted(
        canvas,
        str(stop.sequence),
        MARGIN + 2,
        top - 4,
        SEQ_W - 4,
        20,
        font=BOLD,
        max_size=16,
        min_size=7,
        max_lines=1,
        align="center",
    )
    canvas.setFillGray(0)
    eta_x = MARGIN + SEQ_W + GAP
    caption(canvas, "ETA", eta_x, top)
    draw_fitted(
        canvas, time_text(stop.eta), eta_x, top - 7, ETA_W, 14, font=BOLD, max_size=12, max_lines=1
    )
    if head.window.lines:
        caption(canvas, "WINDOW", eta_x, top - 21, size=5.5)
        draw_block(canvas, head.window, eta_x, top - 28, ETA_W)
    x = frame.details_x
    y = draw_block(canvas, head.recipient, x, top, frame.details_w) - 2
    y = draw_block(canvas, head.address, x, y, frame.details_w) - 2
    if stop.signature_required:
        _tag(canvas, "SIGNATURE REQUIRED", x, y)
        y -= 12
    if head.location.lines:
        _tag(canvas, "≈ APPROXIMATE LOCATION" if stop.approximate else "≈ CHECK LOCATION", x, y)
        y = draw_block(canvas, head.location, x, y - 12, frame.details_w) - 2
    draw_block(canvas, head.notes, x, y, frame.details_w)
    code_x = MARGIN + frame.width - CODE_W
    draw_code128(
        canvas,
        stop.stop_code,
        code_x,
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
        rows.append(Row(20, _signature_drawer(frame)))
    rows.append(Row(5, _rule_drawer(frame)))
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
        canvas.drawString(left, top - 15, "Recipient's signature")
        canvas.line(left + 86, top - 16, middle - 8, top - 16)
        canvas.drawString(middle, top - 15, "Name (print)")
        canvas.line(middle + 52, top - 16, right, top - 16)

    return draw


def _rule_drawer(frame: Frame) -> Callable[[Canvas, float], None]:
    def draw(canvas: Canvas, top: float) -> None:
        canvas.setLineWidth(0.4)
        canvas.setStrokeGray(0.5)
        canvas.line(MARGIN, top - 2.5, MARGIN + frame.width, top - 2.5)
        canvas.setStrokeGray(0)

    return draw


def stop_group(stop: ManifestStop, frame: Frame, checks: CheckRows) -> Group:
    """The rows of one stop, kept together on a page when they fit."""
    head = _head(stop, frame)
    rows = [
        Row(head.height, lambda canvas, top: _draw_head(canvas, head, frame, top)),
        *_parcel_rows(stop, frame),
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
