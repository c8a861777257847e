"""Outcomes on a driver manifest: each stop's check row and the scan strip on every page.

A stop's check row reads "Delivered: ☐D ☐F ☐N ☐L  Not delivered: ☐A ☐H … ☐B  Initials ____":
one heading per group of outcomes and a box per outcome, labelled with its key (the letter
the Results screen uses for it), else its short word. When the words do not fit on one
line, groups are numbered instead,
from the last group back, and the numbers are explained where the clerk looks anyway:
under the outcome barcodes at the foot of every page ("3 · refused"). Only if even
numbers do not fit does the row wrap.

The strip packs the outcome barcodes into as few rows as their widths (quiet zones
included) allow, starting a new row where a group begins when that costs no extra row,
and shares the spare width out so the codes stand apart. The clerk back at the counter
scans a stop's barcode and then one of these, on the same page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby

from reportlab.pdfgen.canvas import Canvas

from labels.barcode import BarcodeSpec, barcode_width, draw_code128, encodable
from labels.data import OutcomeCode
from labels.fonts import BOLD, REGULAR, text_width
from labels.text import clean, ellipsize_measured, measure_with

TEXT_SIZE = 7.5
BOX = 7.5
BOX_GAP = 2.5
ITEM_GAP = 5.0
GROUP_GAP = 10.0
INITIALS = "Initials"
INITIALS_LINE = 40.0
CHECK_ROW_H = 12.5

STRIP_SPEC = BarcodeSpec(bar_height=14, text_size=6.5, max_dots=2)
STRIP_ROW_H = STRIP_SPEC.bar_height + STRIP_SPEC.text_size * 1.25 + 2.5
STRIP_TOP = 5.0
NOTICE_W = 96.0


@dataclass(frozen=True, slots=True)
class Choice:
    """An outcome as this manifest prints it: by its word, or by a number."""

    outcome: OutcomeCode
    number: int | None = None

    @property
    def word(self) -> str:
        """The short word for the outcome (its caption when it has none)."""
        return clean(self.outcome.short) or clean(self.outcome.caption) or "?"

    @property
    def key(self) -> str:
        return clean(self.outcome.key)

    @property
    def mark(self) -> str:
        """What stands beside the outcome's check box: its letter, word or number."""
        if self.number is not None:
            return str(self.number)
        return self.key or self.word

    @property
    def legend(self) -> str:
        """What stands under the outcome's barcode."""
        if self.number is not None:
            return f"{self.number} · {self.word}"
        if self.key:
            return f"{self.key} · {self.word}"
        return clean(self.outcome.caption) or self.word


def _groups(outcomes: Sequence[OutcomeCode]) -> list[tuple[str, list[OutcomeCode]]]:
    """Runs of consecutive outcomes with the same group, in order."""
    return [(clean(name), list(items)) for name, items in groupby(outcomes, lambda o: o.group)]


def _numbered(groups: list[tuple[str, list[OutcomeCode]]], first: int) -> list[list[Choice]]:
    """Choices per group, groups from index ``first`` on numbered 1, 2, … in order."""
    number = 0
    chosen: list[list[Choice]] = []
    for index, (_, items) in enumerate(groups):
        row = []
        for outcome in items:
            if index >= first:
                number += 1
                row.append(Choice(outcome, number))
            else:
                row.append(Choice(outcome))
        chosen.append(row)
    return chosen


# ------------------------------------------------------------------ check row


@dataclass(frozen=True, slots=True)
class _Piece:
    """Something drawn on a check row: a group heading, a box with its mark, the initials."""

    kind: str  # "heading", "box" or "initials"
    text: str
    x: float
    width: float


def _fitted(text: str, font: str, room: float) -> tuple[str, float]:
    """``text`` (cut with an ellipsis if wider than ``room``) and its width."""
    measure = measure_with(font, TEXT_SIZE)
    if measure(text) > room:
        text = ellipsize_measured(text, measure, room)
    return text, measure(text)


def _units(
    groups: list[tuple[str, list[OutcomeCode]]], chosen: list[list[Choice]], width: float
) -> list[tuple[float, list[_Piece]]]:
    """Pieces that stay together on a line (a heading with its first box), each with the gap
    that goes before it; offsets are relative to the unit. No piece is wider than a third
    of the row, so hostile captions cannot push a row off the page."""
    units: list[tuple[float, list[_Piece]]] = []
    for (name, _), choices in zip(groups, chosen, strict=True):
        for index, choice in enumerate(choices):
            pieces: list[_Piece] = []
            x = 0.0
            if index == 0 and name:
                heading, heading_w = _fitted(f"{name}:", BOLD, width / 3)
                pieces.append(_Piece("heading", heading, 0.0, heading_w))
                x = heading_w + 4
            mark, mark_w = _fitted(choice.mark, REGULAR, width / 3)
            pieces.append(_Piece("box", mark, x, BOX + BOX_GAP + mark_w))
            units.append((GROUP_GAP if index == 0 else ITEM_GAP, pieces))
    initials_w = text_width(INITIALS, REGULAR, TEXT_SIZE) + 3 + INITIALS_LINE
    units.append((GROUP_GAP, [_Piece("initials", INITIALS, 0.0, initials_w)]))
    return units


def _flow(units: list[tuple[float, list[_Piece]]], width: float) -> list[list[_Piece]]:
    """Units laid out left to right, a new line where the next does not fit."""
    lines: list[list[_Piece]] = [[]]
    end = 0.0
    for gap, pieces in units:
        unit_w = pieces[-1].x + pieces[-1].width
        start = end + gap if lines[-1] else 0.0
        if lines[-1] and start + unit_w > width:
            lines.append([])
            start = 0.0
        lines[-1].extend(_Piece(p.kind, p.text, start + p.x, p.width) for p in pieces)
        end = start + unit_w
    return lines


@dataclass(frozen=True, slots=True)
class CheckRows:
    """The outcome check boxes of a stop, laid out once for the whole manifest."""

    choices: tuple[Choice, ...]
    lines: tuple[tuple[_Piece, ...], ...]
    width: float

    @property
    def height(self) -> float:
        """Points the rows take on the page."""
        return len(self.lines) * CHECK_ROW_H

    def draw_line(self, canvas: Canvas, index: int, left: float, top: float) -> None:
        """Draw line ``index`` with its top at ``top``."""
        canvas.setLineWidth(0.8)
        baseline = top - 9
        for piece in self.lines[index]:
            x = left + piece.x
            if piece.kind == "heading":
                canvas.setFont(BOLD, TEXT_SIZE)
                canvas.drawString(x, baseline, piece.text)
            elif piece.kind == "box":
                canvas.rect(x, baseline - 0.5, BOX, BOX, stroke=1, fill=0)
                canvas.setFont(REGULAR, TEXT_SIZE)
                canvas.drawString(x + BOX + BOX_GAP, baseline, piece.text)
            else:
                canvas.setFont(REGULAR, TEXT_SIZE)
                canvas.drawString(x, baseline, piece.text)
                line_x = x + text_width(piece.text, REGULAR, TEXT_SIZE) + 3
                canvas.line(line_x, baseline - 1, left + self.width, baseline - 1)


def check_rows(outcomes: Sequence[OutcomeCode], width: float) -> CheckRows:
    """Words where one line holds them, numbers for the groups that do not fit."""
    groups = _groups(outcomes)
    for first in range(len(groups), -1, -1):
        chosen = _numbered(groups, first)
        lines = _flow(_units(groups, chosen, width), width)
        if len(lines) == 1 or first == 0:
            choices = tuple(choice for row in chosen for choice in row)
            return CheckRows(choices, tuple(tuple(line) for line in lines), width)
    raise AssertionError("unreachable: first == 0 always returns")


# ---------------------------------------------------------------- scan strip


@dataclass(frozen=True, slots=True)
class _Cell:
    choice: Choice
    x: float
    width: float


def _cell_width(choice: Choice) -> float:
    """Room an outcome's barcode (with quiet zones) and its legend need."""
    code = choice.outcome.code
    bars = barcode_width(code, STRIP_SPEC) if encodable(code) else NOTICE_W
    return max(bars, text_width(choice.legend, REGULAR, STRIP_SPEC.text_size) + 6)


def _pack(
    widths: list[float], starts: set[int], width: float, break_groups: bool
) -> list[list[int]]:
    """Indexes per row, filled greedily; with ``break_groups`` a group starts a row."""
    rows: list[list[int]] = []
    used = 0.0
    for index, cell_w in enumerate(widths):
        if not rows or used + cell_w > width or (break_groups and index in starts):
            rows.append([])
            used = 0.0
        rows[-1].append(index)
        used += cell_w
    return rows


@dataclass(frozen=True, slots=True)
class OutcomeStrip:
    """The outcome barcodes at the foot of every page."""

    rows: tuple[tuple[_Cell, ...], ...]

    @property
    def height(self) -> float:
        """Points the strip takes above the page footer (0 without outcome codes)."""
        return STRIP_TOP + len(self.rows) * STRIP_ROW_H if self.rows else 0.0

    def draw(self, canvas: Canvas, left: float, bottom: float, width: float) -> None:
        """Draw the strip with its bottom edge at ``bottom``."""
        if not self.rows:
            return
        top = bottom + self.height
        canvas.setLineWidth(0.8)
        canvas.line(left, top, left + width, top)
        for number, row in enumerate(self.rows, start=1):
            y = top - STRIP_TOP - number * STRIP_ROW_H + 2
            for cell in row:
                draw_code128(
                    canvas,
                    cell.choice.outcome.code,
                    left + cell.x,
                    y,
                    cell.width,
                    STRIP_SPEC,
                    caption=cell.choice.legend,
                )


def outcome_strip(choices: Sequence[Choice], width: float) -> OutcomeStrip:
    """Outcome barcodes in as few rows as fit ``width``, spare width shared out per row."""
    if not choices:
        return OutcomeStrip(())
    widths = [min(_cell_width(choice), width) for choice in choices]
    groups = [choice.outcome.group for choice in choices]
    starts = {i for i in range(1, len(groups)) if groups[i] != groups[i - 1]}
    rows = _pack(widths, starts, width, break_groups=False)
    by_group = _pack(widths, starts, width, break_groups=True)
    if len(by_group) == len(rows):
        rows = by_group
    laid_out = []
    for row in rows:
        spare = (width - sum(widths[i] for i in row)) / len(row)
        x = 0.0
        cells = []
        for index in row:
            cells.append(_Cell(choices[index], x, widths[index] + spare))
            x += widths[index] + spare
        laid_out.append(tuple(cells))
    return OutcomeStrip(tuple(laid_out))
