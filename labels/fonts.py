"""The bundled TrueType fonts, registered once with reportlab, and what they can draw.

reportlab's built-in PDF fonts only know Latin-1, so a Greek or Cyrillic name would
print as black boxes. DejaVu Sans (shipped in ``labels/fonts/`` with its licence) covers
Latin, Greek and Cyrillic; everything else is caught by :func:`covers` so the text layer
can replace it with a visible placeholder instead of a blank or a crash.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

# Through importlib.resources, so the fonts are found wherever the package is: the source
# tree, an installed wheel, or the built app's _internal/labels/fonts.
FONT_DIR = Path(str(resources.files("labels").joinpath("fonts")))

REGULAR = "ParcelDesk-Sans"
"""Name under which DejaVu Sans is registered with reportlab."""

BOLD = "ParcelDesk-Sans-Bold"
"""Name under which DejaVu Sans Bold is registered with reportlab."""

_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}

# Vertical extent of DejaVu's Latin/Greek/Cyrillic glyphs (accented capitals included)
# as a fraction of the font size. reportlab's own ascent (0.76) is the typographic one,
# which accented capitals exceed; layout uses these so nothing pokes out of its box.
ASCENT = 0.93
DESCENT = 0.24


@cache
def register_fonts() -> None:
    """Register the bundled fonts with reportlab (idempotent, cheap after the first call)."""
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))


@cache
def _charmap(font: str) -> frozenset[int]:
    register_fonts()
    return frozenset(pdfmetrics.getFont(font).face.charToGlyph)


def covers(font: str, char: str) -> bool:
    """True when ``font`` has a glyph for the single character ``char``."""
    return ord(char) in _charmap(font)


def text_width(text: str, font: str, size: float) -> float:
    """Advance width of ``text`` in points, as reportlab will lay it out."""
    register_fonts()
    return pdfmetrics.stringWidth(text, font, size)
