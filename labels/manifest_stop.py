"""One stop of a driver manifest: the rows that print it, measured before drawing.

A stop is a group of rows: its head (sequence number, ETA and window, recipient,
address, notes, the stop's own barcode), one row per line of parcel barcodes, the
outcome check boxes with the initials line, a signature line when one is required, and
a rule. ``labels.flow`` keeps the group on one page, or splits it with a "continued" row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from labels.barcode import BarcodeSpec, barcode_width, draw_code128, encodable
from labels.data import ManifestParcel, ManifestStop, OutcomeCode
from labels.flow import Group, Row
from labels.fonts import BOLD, REGULAR, text_width
from labels.text import TextBlock, clean, draw_block, draw_fitted, fit_text

MARGIN = 36.0
GAP = 6.0
SEQ_W = 40.0
ETA_W = 62.0
CODE_W = 176.0
PARCEL_MIN_BAR_W = 120.0
FLAGS_W = 66.0
PARCEL_H = 33.0
PARCEL_SPEC = BarcodeSpec(bar_height=18, text_size=8, max_dots=2)
STOP_SPEC = BarcodeSpec(bar_height=24, text_size=8, max_dots=2)
INITIALS = "Initials"
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

    @property
    def height(self) -> float:
        details = self.recipient.height + 2 + self.address.height
        details += (self.notes.height + 3) if self.notes.lines else 0
        details += 13 if self.stop.signature_required else 0
        eta = 24 + (self.window.height + 9 if self.window.lines else 0)
        code = STOP_SPEC.bar_height + STOP_SPEC.text_size * 1.25
        return max(details, eta, 34, code) + 12


def _head(stop: ManifestStop, frame: Frame) -> _Head:
    width = frame.details_w
    note = f"Note: {clean(stop.notes)}" if clean(stop.notes) else ""
    return _Head(
        stop,
        fit_text(stop.recipient, width, 28, font=BOLD, max_size=11, min_size=7, max_lines=2),
        fit_text(stop.address, width, 26, max_size=9.5, min_size=6.5, max_lines=2),
        fit_text(note, width, 32, max_size=8.5, min_size=6, max_lines=3),
        fit_text(stop.window, ETA_W, 20, max_size=8.5, min_size=6, max_lines=2),
    )


def _draw_head(canvas: Canvas, head: _Head, frame: Frame, top: float) -> None:
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
    caption(canvas, "ETA", eta_x, top)
    draw_fitted(
        canvas, time_text(stop.eta), eta_x, top - 8, ETA_W, 16, font=BOLD, max_size=13, max_lines=1
    )
    if head.window.lines:
        caption(canvas, "WINDOW", eta_x, top - 25)
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


def caption(canvas: Canvas, text: str, x: float, top: float) -> None:
    """Small bold capitals naming a field, with their top at ``top``."""
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


def _parcel_rows(stop: ManifestStop, frame: Frame) -> list[Row]:
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


def _tail_rows(stop: ManifestStop, frame: Frame, outcomes: Sequence[OutcomeCode]) -> list[Row]:
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
        for index, text in enumerate(captions):
            x = left + index * cell_w
            if text is None:
                canvas.setFont(REGULAR, 8)
                canvas.drawString(x, top - 10, INITIALS)
                canvas.line(x + 34, top - 11, x + cell_w - 6, top - 11)
                continue
            canvas.rect(x, top - 11, 8.5, 8.5, stroke=1, fill=0)
            draw_fitted(
                canvas,
                text or "?",
                x + 12,
                top - 2.5,
                cell_w - 16,
                10,
                max_size=8,
                min_size=5.5,
                max_lines=1,
            )

    return draw


def _signature_drawer(left: float, frame: Frame) -> Callable[[Canvas, float], None]:
    def draw(canvas: Canvas, top: float) -> None:
        right = MARGIN + frame.width
        middle = left + (right - left) * 0.6
        canvas.setFont(REGULAR, 8)
        canvas.drawString(left, top - 17, "Recipient's signature")
        canvas.line(left + 86, top - 18, middle - 8, top - 18)
        canvas.drawString(middle, top - 17, "Name (print)")
        canvas.line(middle + 52, top - 18, right, top - 18)

    return draw


def _rule_drawer(frame: Frame) -> Callable[[Canvas, float], None]:
    def draw(canvas: Canvas, top: float) -> None:
        canvas.setLineWidth(0.4)
        canvas.setStrokeGray(0.5)
        canvas.line(MARGIN, top - 4, MARGIN + frame.width, top - 4)
        canvas.setStrokeGray(0)

    return draw


def stop_group(stop: ManifestStop, frame: Frame, outcomes: Sequence[OutcomeCode]) -> Group:
    """The rows of one stop, kept together on a page when they fit."""
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
