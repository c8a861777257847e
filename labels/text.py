"""Turning caller text into something every printer can draw, and fitting it into a box.

Names and notes come from a carrier's CSV and from people typing at a counter, so they
can hold anything: markup, control characters, right-to-left scripts, emoji, 500
characters. Everything a document draws passes through :func:`clean` and
:func:`fit_text`, which together guarantee three things:

* text is drawn literally (no markup parser is involved, so ``<b>`` and ``&`` print as
  typed);
* every script the bundled fonts cover prints readably: Chinese, Japanese, Korean, Arabic
  (joined, right to left), Hebrew, Devanagari and Thai (shaped), emoji (`labels.scripts`
  draws them); a character no bundled font has becomes one visible placeholder per run
  (:data:`PLACEHOLDER`), never an invisible gap, a tofu box or an exception;
* text shrinks, wraps and finally truncates with an ellipsis so it never leaves its box.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from reportlab.pdfgen.canvas import Canvas

from labels.fonts import ASCENT, DESCENT, REGULAR, font_for, text_width

PLACEHOLDER = "\ufffd"
"""Printed in place of each run of characters the font cannot draw (U+FFFD, '�')."""

ELLIPSIS = "\u2026"

_LINE_BREAKS = {"\t", "\n", "\r", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85"}


def _is_space(char: str) -> bool:
    return char in _LINE_BREAKS or unicodedata.category(char) in {"Zs", "Zl", "Zp"}


def _is_invisible(char: str) -> bool:
    """Control and format characters (ZWJ, bidi marks, soft hyphen) and variation selectors
    (the emoji one after ❤): dropped silently."""
    return unicodedata.category(char) in {"Cc", "Cf"} or "\ufe00" <= char <= "\ufe0f"


def _is_drawable(char: str, font: str) -> bool:
    return font_for(char, font) is not None


@lru_cache(maxsize=4096)
def clean(text: str | None, font: str = REGULAR) -> str:
    """Printable single-line form of ``text`` for ``font``.

    NFC-normalises, turns tabs and line breaks into spaces, drops control and format
    characters, replaces each run of undrawable characters with :data:`PLACEHOLDER`,
    collapses repeated spaces and strips the ends. ``None`` becomes ``""``.
    """
    if not text:
        return ""
    out: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        if _is_space(char):
            if out and out[-1] != " ":
                out.append(" ")
        elif _is_invisible(char):
            continue
        elif _is_drawable(char, font):
            out.append(char)
        elif not out or out[-1] != PLACEHOLDER:
            out.append(PLACEHOLDER)
    return "".join(out).strip()


@dataclass(frozen=True, slots=True)
class TextBlock:
    """Lines of cleaned text at one size, ready to draw; see :func:`fit_text`."""

    lines: tuple[str, ...]
    font: str
    size: float
    leading: float
    """Baseline-to-baseline distance in points."""

    @property
    def height(self) -> float:
        """Height from the top of the first line to the bottom of the last, in points."""
        if not self.lines:
            return 0.0
        return (ASCENT + DESCENT) * self.size + (len(self.lines) - 1) * self.leading

    def width(self) -> float:
        """Width of the widest line in points."""
        return max((text_width(line, self.font, self.size) for line in self.lines), default=0.0)


Measure = Callable[[str], float]
"""``measure(text) -> width``: how wide a line is set, in the caller's units."""


def measure_with(font: str, size: float) -> Measure:
    """A :data:`Measure` for a bundled font at ``size`` points."""
    return lambda text: text_width(text, font, size)


def _break_word(word: str, measure: Measure, width: float) -> list[str]:
    """Split a word wider than ``width`` into pieces that each fit."""
    pieces: list[str] = []
    current = ""
    for char in word:
        if current and measure(current + char) > width:
            pieces.append(current)
            current = char
        else:
            current += char
    if current:
        pieces.append(current)
    return pieces


def wrap(paragraph: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap of cleaned text; words longer than a line are broken by character."""
    return _wrap(paragraph, measure_with(font, size), width)[0]


def wrap_measured(paragraph: str, measure: Measure, width: float) -> list[str]:
    """:func:`wrap` with another font's metrics (a printer's own font, say)."""
    return _wrap(paragraph, measure, width)[0]


def _wrap(paragraph: str, measure: Measure, width: float) -> tuple[list[str], bool]:
    """(lines, whether a word had to be broken) for :func:`wrap`."""
    lines: list[str] = []
    current = ""
    broke = False
    for word in paragraph.split(" "):
        if not word:
            continue
        candidate = f"{current} {word}" if current else word
        if measure(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        pieces = _break_word(word, measure, width)
        broke = broke or len(pieces) > 1
        lines.extend(pieces[:-1])
        current = pieces[-1] if pieces else ""
    if current:
        lines.append(current)
    return lines, broke


def ellipsize(line: str, font: str, size: float, width: float) -> str:
    """``line`` cut so that it plus an ellipsis fits in ``width``."""
    return ellipsize_measured(line, measure_with(font, size), width)


def ellipsize_measured(line: str, measure: Measure, width: float) -> str:
    """:func:`ellipsize` with another font's metrics."""
    while line and measure(line + ELLIPSIS) > width:
        cut = max(1, len(line) // 8) if len(line) > 40 else 1
        line = line[:-cut].rstrip()
    return line + ELLIPSIS


def _lines_that_fit(height: float, size: float, leading: float) -> int:
    return max(1, int((height - (ASCENT + DESCENT) * size) // leading) + 1)


def _sizes(max_size: float, min_size: float) -> list[float]:
    sizes: list[float] = []
    size = max_size
    while size > min_size:
        sizes.append(size)
        size = round(size * 0.9, 2)
    sizes.append(min_size)
    return sizes


def fit_text(
    text: str | Sequence[str] | None,
    width: float,
    height: float,
    *,
    font: str = REGULAR,
    max_size: float,
    min_size: float = 6.0,
    max_lines: int | None = None,
    line_spacing: float = 1.17,
) -> TextBlock:
    """Largest text block no bigger than ``width`` x ``height`` points.

    ``text`` is one paragraph, or a sequence of paragraphs that each start a new line
    (an address). Tries sizes from ``max_size`` down to ``min_size`` and takes the first
    at which the text fits without splitting a word; at the smallest size words may be
    split, and when even that needs too many lines the last line ends in an ellipsis.
    """
    paragraphs = [text] if text is None or isinstance(text, str) else list(text)
    cleaned = [p for p in (clean(p, font) for p in paragraphs) if p]
    if not cleaned:
        return TextBlock((), font, max_size, max_size * line_spacing)
    lines: list[str] = []
    sizes = _sizes(max_size, min_size)
    for size in sizes:
        leading = size * line_spacing
        limit = _lines_that_fit(height, size, leading)
        if max_lines is not None:
            limit = min(limit, max_lines)
        measure = measure_with(font, size)
        wrapped = [_wrap(p, measure, width) for p in cleaned]
        lines = [line for paragraph, _ in wrapped for line in paragraph]
        broke = any(broken for _, broken in wrapped)
        # Breaking a word mid-way is a last resort: first try a smaller size.
        if len(lines) <= limit and (not broke or size == sizes[-1]):
            return TextBlock(tuple(lines), font, size, leading)
    kept = lines[: limit - 1]
    rest = " ".join(lines[limit - 1 :])
    kept.append(ellipsize(rest[: 4 * len(lines[limit - 1]) + 8], font, size, width))
    return TextBlock(tuple(kept), font, size, leading)


def draw_block(
    canvas: Canvas,
    block: TextBlock,
    x: float,
    top: float,
    width: float,
    align: str = "left",
) -> float:
    """Draw ``block`` with its first line's top at ``top``; returns the y below the block."""
    canvas.setFont(block.font, block.size)
    baseline = top - ASCENT * block.size
    for line in block.lines:
        if align == "center":
            canvas.drawCentredString(x + width / 2, baseline, line)
        elif align == "right":
            canvas.drawRightString(x + width, baseline, line)
        else:
            canvas.drawString(x, baseline, line)
        baseline -= block.leading
    return top - block.height


def draw_fitted(
    canvas: Canvas,
    text: str | Sequence[str] | None,
    x: float,
    top: float,
    width: float,
    height: float,
    *,
    font: str = REGULAR,
    max_size: float,
    min_size: float = 6.0,
    max_lines: int | None = None,
    align: str = "left",
) -> float:
    """Fit ``text`` into the box whose top-left corner is (x, top) and draw it.

    Returns the y just below the drawn text (``top`` when there was nothing to draw).
    """
    block = fit_text(
        text, width, height, font=font, max_size=max_size, min_size=min_size, max_lines=max_lines
    )
    return draw_block(canvas, block, x, top, width, align)
