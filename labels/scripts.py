"""A line of text in any script, as the documents draw it: runs of one font each, in the order
they appear on paper.

- **Right to left.** A line holding Arabic or Hebrew is put in visual order by the Unicode
  bidirectional algorithm (python-bidi) after Arabic letters are joined into their
  initial, medial, final and isolated forms (arabic-reshaper); DejaVu Sans has those forms,
  so the joined line is drawn left to right as it reads right to left. Numbers and Latin
  words inside keep their own direction.
- **Shaping.** Devanagari and Thai need their glyphs reordered, combined and placed (a short
  i before its consonant, conjuncts, tone marks above vowels): their runs are shaped by
  HarfBuzz through reportlab's own support (``uharfbuzz``).
- **Fallback fonts.** Each character takes the first bundled font that draws it
  (`labels.fonts.font_for`); spaces and punctuation stay in the run they are in.

`draw_line` draws such a line on a plain reportlab canvas; `ScriptCanvas` does it for every
``drawString``, so no document has to know which script a name is in. An ASCII line never
comes here (the fast path of every call), nor does a line its own font draws alone.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from arabic_reshaper import ArabicReshaper
from arabic_reshaper.ligatures import LIGATURES
from bidi import get_display
from reportlab.pdfbase.ttfonts import shapeStr
from reportlab.pdfgen.canvas import Canvas

from labels.fonts import SHAPED_FONTS, covers, font_for, simple_width

_RIGHT_TO_LEFT = frozenset({"R", "AL"})
_NEUTRAL = frozenset({"WS", "ON", "CS", "ES", "ET", "EN", "BN", "S", "B", "NSM"})


@dataclass(frozen=True, slots=True)
class Run:
    """Characters drawn in one font, left to right on the page."""

    text: str
    font: str
    shaped: bool


def is_right_to_left(text: str) -> bool:
    return any(unicodedata.bidirectional(char) in _RIGHT_TO_LEFT for char in text)


@lru_cache(maxsize=4096)
def is_simple(text: str, font: str) -> bool:
    """True when ``font`` draws ``text`` alone, left to right, with no shaping."""
    return text.isascii() or all(
        font_for(char, font) == font and unicodedata.bidirectional(char) not in _RIGHT_TO_LEFT
        for char in text
    )


@lru_cache(maxsize=4)
def _reshaper(font: str) -> ArabicReshaper:
    """Arabic joining with only the ligatures a bundled font draws in the style of ``font``
    (arabic-reshaper turns الله into U+FDF2 by default, which DejaVu Sans lacks: an empty
    box in the middle of عبد الله); lam-alef and the other drawn ones stay."""
    undrawn = {
        name: False
        for name, (_, forms) in LIGATURES
        if not all(font_for(char, font) for form in forms for char in form)
    }
    return ArabicReshaper(configuration=undrawn)


@lru_cache(maxsize=4096)
def runs(text: str, font: str) -> tuple[Run, ...]:
    """``text`` as runs of one font each, in visual order (left to right on the page)."""
    if is_right_to_left(text):
        text = get_display(_reshaper(font).reshape(text))
    found: list[Run] = []
    current_font: str | None = None
    chars: list[str] = []
    for char in text:
        wanted = font_for(char, font) or font
        neutral = unicodedata.bidirectional(char) in _NEUTRAL
        if current_font is not None and (
            wanted == current_font or (neutral and covers(current_font, char))
        ):
            chars.append(char)
            continue
        if chars and current_font is not None:
            found.append(Run("".join(chars), current_font, current_font in SHAPED_FONTS))
        current_font, chars = wanted, [char]
    if chars and current_font is not None:
        found.append(Run("".join(chars), current_font, current_font in SHAPED_FONTS))
    return tuple(found)


@lru_cache(maxsize=4096)
def _shaped(text: str, font: str, size: float) -> tuple[str, float]:
    """HarfBuzz's glyphs for ``text`` (a reportlab ShapedStr) and their advance width.

    Shaped here, not by ``drawString(shaping=True)``: without rlbidi (not on PyPI) reportlab's
    drawString skips shaping; a ShapedStr passed to it is drawn glyph by glyph as shaped."""
    shaped = shapeStr(text, font, size)
    data = getattr(shaped, "__shapeData__", None)
    if data is None:
        return text, simple_width(text, font, size)
    return shaped, sum(glyph.x_advance for glyph in data) * size / 1000


def run_width(run: Run, size: float) -> float:
    if run.shaped:
        return _shaped(run.text, run.font, size)[1]
    return simple_width(run.text, run.font, size)


@lru_cache(maxsize=8192)
def line_width(text: str, font: str, size: float) -> float:
    """Advance width of ``text`` as `draw_line` draws it, in points."""
    if is_simple(text, font):
        return simple_width(text, font, size)
    return sum(run_width(run, size) for run in runs(text, font))


def draw_line(
    canvas: Canvas, x: float, y: float, text: str, font: str, size: float, align: str = "left"
) -> None:
    """Draw ``text`` with its baseline at ``y``; ``x`` is its left end, centre or right end."""
    width = line_width(text, font, size)
    left = {"left": x, "center": x - width / 2, "right": x - width}[align]
    for run in runs(text, font):
        canvas.setFont(run.font, size)
        if run.shaped:
            glyphs, advance = _shaped(run.text, run.font, size)
            Canvas.drawString(canvas, left, y, glyphs)
        else:
            advance = simple_width(run.text, run.font, size)
            Canvas.drawString(canvas, left, y, run.text)
        left += advance
    canvas.setFont(font, size)


class ScriptCanvas(Canvas):
    """A reportlab canvas whose ``drawString`` family draws any script (see the module)."""

    # The current font, kept by reportlab's Canvas itself; its type stubs leave them out.
    _fontname: str
    _fontsize: float

    def drawString(self, x: float, y: float, text: str, *args: Any, **kwargs: Any) -> None:
        if is_simple(text, self._fontname) or args or kwargs:
            return super().drawString(x, y, text, *args, **kwargs)
        return draw_line(self, x, y, text, self._fontname, self._fontsize)

    def drawRightString(self, x: float, y: float, text: str, *args: Any, **kwargs: Any) -> None:
        if is_simple(text, self._fontname) or args or kwargs:
            return super().drawRightString(x, y, text, *args, **kwargs)
        return draw_line(self, x, y, text, self._fontname, self._fontsize, "right")

    def drawCentredString(self, x: float, y: float, text: str, *args: Any, **kwargs: Any) -> None:
        if is_simple(text, self._fontname) or args or kwargs:
            return super().drawCentredString(x, y, text, *args, **kwargs)
        return draw_line(self, x, y, text, self._fontname, self._fontsize, "center")
