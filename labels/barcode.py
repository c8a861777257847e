"""Code 128 barcodes drawn as vector bars that land on whole thermal-printer dots.

python-barcode computes the symbol (start code, character sets, checksum, stop); we take
its module pattern and draw each run of dark modules as one filled rectangle, so a PDF
barcode stays sharp at any zoom and prints exactly on a 203 dpi head. The narrowest bar
(one module) is a whole number of printer dots and bars start on the dot grid: a bar
that straddles dots is printed one dot too wide or too narrow, the commonest reason a
thermal label fails to scan.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from barcode.codex import Code128
from reportlab.pdfgen.canvas import Canvas

from labels.fonts import ASCENT, REGULAR
from labels.text import clean, fit_text

THERMAL_DPI = 203
DOT = 72 / THERMAL_DPI
"""One dot of a 203 dpi thermal printer, in points."""

QUIET_MODULES = 10
"""Blank modules required on each side of the bars (Code 128 asks for at least 10)."""

MIN_TEXT_SIZE = 6.0
BAR_TRIM = 0.05
"""Fraction of a dot shaved off each side of every bar (see :func:`draw_code128`)."""


class _Code128(Code128):
    """python-barcode's Code 128 with its start-code optimisation fixed.

    python-barcode starts every symbol in set C and then, if the second codeword is a
    "switch to set A/B/C" value, folds the two into one start code. A symbol that begins
    with the digits "99" has the *data* codeword 99, equal to "switch to C", and 0.16
    folds it away: "99X" would scan as "X". We fold only when the second codeword really
    is a switch, i.e. when the data does not begin with a pair of digits.
    """

    def _try_to_optimize(self, encoded: list[int]) -> list[int]:
        if self.code[:2].isdigit() and len(self.code) >= 2:
            return encoded
        return super()._try_to_optimize(encoded)


class BarcodeError(ValueError):
    """The text cannot be printed as a Code 128 barcode (empty, or not printable ASCII)."""


def encodable(data: str) -> bool:
    """True when ``data`` is non-empty printable ASCII, which Code 128 encodes safely."""
    return bool(data) and all(" " <= char <= "~" for char in data)


@lru_cache(maxsize=8192)
def code128_modules(data: str) -> str:
    """Module pattern of ``data`` as a string of '1' (bar) and '0' (space), no quiet zones.

    Raises :class:`BarcodeError` for text Code 128 cannot carry.
    """
    if not encodable(data):
        raise BarcodeError(f"not printable as Code 128: {data!r}")
    pattern = _Code128(data).build()[0]
    return pattern.rstrip("0")


def bar_runs(pattern: str) -> list[tuple[int, int]]:
    """(first module, length) of each bar in a module pattern."""
    runs: list[tuple[int, int]] = []
    start = None
    for index, module in enumerate(pattern + "0"):
        if module == "1" and start is None:
            start = index
        elif module == "0" and start is not None:
            runs.append((start, index - start))
            start = None
    return runs


def module_dots(total_modules: int, width: float, dot: float = DOT, max_dots: int = 3) -> int:
    """Widest whole number of dots per module (up to ``max_dots``) that fits ``width``.

    Returns 0 when even one dot per module is too wide: such a barcode cannot be printed
    on the head at all and the caller shows a notice instead.
    """
    return min(max_dots, int(width / (total_modules * dot) + 1e-9))


@dataclass(frozen=True, slots=True)
class BarcodeSpec:
    """How a barcode should sit in its box.

    ``dot`` is the size of one printer dot in the drawing's units: ``DOT`` on a page
    printed at full size, ``DOT / scale`` inside a label drawn scaled onto a sheet, so
    that bars still land on whole dots of the page.
    """

    bar_height: float
    text_size: float = 9.0
    human_readable: bool = True
    max_dots: int = 3
    dot: float = DOT


def _snap(value: float, dot: float) -> float:
    return round(value / dot) * dot


def draw_code128(
    canvas: Canvas,
    data: str,
    x: float,
    y: float,
    width: float,
    spec: BarcodeSpec,
    *,
    caption: str | None = None,
) -> bool:
    """Draw ``data`` centred in the box (x, y, width) whose bottom edge is ``y``.

    The quiet zones lie inside ``width``. Under the bars goes ``caption`` (default: the
    data itself) when ``spec.human_readable``. Returns False, after drawing a crossed box
    with the text instead, when the data cannot be encoded or will not fit on whole dots.
    """
    text_room = (spec.text_size * 1.25) if spec.human_readable else 0.0
    label = data if caption is None else caption
    try:
        pattern = code128_modules(data)
    except BarcodeError:
        _draw_notice(canvas, "no barcode: not printable", label, x, y, width, spec)
        return False
    dots = module_dots(len(pattern) + 2 * QUIET_MODULES, width, spec.dot, spec.max_dots)
    if dots == 0:
        _draw_notice(canvas, "no barcode: too long", label, x, y, width, spec)
        return False
    module = dots * spec.dot
    left = _snap(x + (width - len(pattern) * module) / 2, spec.dot)
    bars_bottom = y + text_room
    # Each bar is trimmed by a sliver of a dot on both sides: its edges then lie strictly
    # inside the dot grid, so rounding in the PDF numbers cannot blacken a neighbouring
    # dot (rasterisers and printer drivers fill any dot a shape touches).
    trim = BAR_TRIM * spec.dot
    path = canvas.beginPath()
    for start, length in bar_runs(pattern):
        bar_x = left + start * module + trim
        path.rect(bar_x, bars_bottom, length * module - 2 * trim, spec.bar_height)
    canvas.drawPath(path, stroke=0, fill=1)
    if spec.human_readable:
        _draw_caption(canvas, label, x, y, width, spec.text_size)
    return True


def barcode_height(spec: BarcodeSpec) -> float:
    """Total height of a barcode drawn with ``spec`` (bars plus caption)."""
    return spec.bar_height + ((spec.text_size * 1.25) if spec.human_readable else 0.0)


def barcode_width(data: str, spec: BarcodeSpec, dots: int | None = None) -> float:
    """Width including quiet zones at ``dots`` per module (default ``spec.max_dots``)."""
    modules = len(code128_modules(data)) + 2 * QUIET_MODULES
    return modules * (dots or spec.max_dots) * spec.dot


def _draw_caption(canvas: Canvas, text: str, x: float, y: float, width: float, size: float) -> None:
    block = fit_text(text, width, size * 1.25, max_size=size, min_size=MIN_TEXT_SIZE, max_lines=1)
    if block.lines:
        canvas.setFont(block.font, block.size)
        canvas.drawCentredString(
            x + width / 2, y + (size * 1.25 - ASCENT * block.size), block.lines[0]
        )


def _draw_notice(
    canvas: Canvas, reason: str, text: str, x: float, y: float, width: float, spec: BarcodeSpec
) -> None:
    """A crossed-out box where the bars would be, so nobody mistakes it for a blank."""
    height = barcode_height(spec)
    canvas.saveState()
    canvas.setLineWidth(0.8)
    canvas.setDash(3, 2)
    canvas.rect(x + 1, y + 1, width - 2, height - 2, stroke=1, fill=0)
    canvas.restoreState()
    size = min(spec.text_size, max(MIN_TEXT_SIZE, height / 3))
    canvas.setFont(REGULAR, size)
    mid = y + height / 2
    canvas.drawCentredString(x + width / 2, mid + 0.2 * size, reason)
    shown = clean(text) or "(empty)"
    block = fit_text(shown, width - 6, size * 1.3, max_size=size, min_size=5, max_lines=1)
    if block.lines:
        canvas.setFont(block.font, block.size)
        canvas.drawCentredString(x + width / 2, mid - 1.1 * size, block.lines[0])
