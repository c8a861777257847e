"""How wide a Zebra printer sets text in its font 0, so ZPL fields are cut only when needed.

Font 0 is CG Triumvirate Bold Condensed, a Helvetica Bold Condensed design. It is
scalable: ``^A0N,h,w`` sets an em of ``h`` dots (Zebra's guide puts the baseline 3/4 down
the ``h``-dot cell, where Helvetica's ascender sits on a 1-em body) and stretches the
widths by ``w/h``. :data:`WIDTHS` holds Helvetica Condensed Bold's advance widths in
thousandths of an em for printable ASCII; a letter with accents takes its base letter's
width. The published measurement of font 0 ("Sample Text" at 30 x 30 dots: about 112 dots)
is narrower than these widths give (152), so an estimate from this table errs wide and a
line that fits by it also fits on the printer: ``^FB`` never has to wrap it again, which
would overwrite its last line.

Measuring with DejaVu Sans Bold instead, as the labels did before, overstated font 0 by
about 40 % and cut text that fits ("Tysons Corner Parcel Poi…"). Text in another printer
font (a Unicode font assigned with ``^CW``) is still measured with DejaVu Sans Bold:
its metrics are not known here, and that font is rarely condensed.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from labels.fonts import BOLD, text_width
from labels.text import ELLIPSIS, Measure

FONT_0 = "0"

# fmt: off
_ASCII_WIDTHS = (  # " " (32) to "~" (126), thousandths of an em
    250, 333, 333, 500, 500, 833, 667, 250, 333, 333, 500, 500, 333, 333, 333, 278,
    500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 500, 500, 500, 500,
    833, 556, 556, 556, 611, 500, 500, 611, 611, 278, 444, 556, 500, 778, 611, 611,
    556, 611, 611, 556, 500, 611, 556, 833, 556, 556, 500, 333, 250, 333, 500, 500,
    333, 500, 500, 444, 500, 500, 278, 500, 500, 278, 278, 444, 278, 778, 500, 500,
    500, 500, 333, 444, 278, 500, 444, 667, 444, 444, 389, 274, 250, 274, 500,
)
# fmt: on
WIDTHS: dict[str, int] = {chr(32 + i): w for i, w in enumerate(_ASCII_WIDTHS)}
WIDTHS.update({"·": 278, "–": 500, "—": 1000, ELLIPSIS: 1000, "’": 250, "‘": 250})
WIDEST = max(WIDTHS.values())


@lru_cache(maxsize=1024)
def char_width(char: str) -> int:
    """Advance width of ``char`` in font 0, thousandths of an em (errs wide)."""
    if char in WIDTHS:
        return WIDTHS[char]
    base = unicodedata.normalize("NFD", char)[:1]
    return WIDTHS.get(base, WIDEST) if base != char else WIDEST


def font0_width(text: str, height: float, width: float | None = None) -> float:
    """Dots that ``text`` takes in font 0 at ``^A0N,height,width`` (width defaults to height)."""
    stretch = 1.0 if width is None else width / height
    return sum(char_width(char) for char in text) * height * stretch / 1000


def printer_measure(font: str, height: int) -> Measure:
    """Line widths in dots as ``font`` prints at ``height``: font 0's table, else DejaVu Bold."""
    if font == FONT_0:
        return lambda text: font0_width(text, height)
    return lambda text: text_width(text, BOLD, height)
