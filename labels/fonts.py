"""The bundled TrueType fonts, registered with reportlab, and which one draws each character.

Names come in any script. DejaVu Sans (regular and bold) draws Latin, Greek, Cyrillic,
Armenian, Georgian, Hebrew and Arabic (its presentation forms, which `labels.scripts` shapes
Arabic into); the scripts it lacks fall back, per character, to fonts shipped beside it in
``labels/fonts/`` with their licences (all from Debian packages; sizes in README there):

- Noto Sans Devanagari and Noto Sans Thai, regular and bold (OFL): shaped by HarfBuzz;
- Droid Sans Fallback (Apache 2.0): Chinese, Japanese and Korean, 3.4 MB, the smallest
  TrueType-outline CJK font (Noto CJK is CFF, which reportlab cannot embed);
- Symbola, cut to its emoji and symbol blocks (free for any use): emoji, in black.

A fallback font is read only when a character needs it, and every PDF embeds only the glyphs
it uses, so a day of Latin labels costs nothing more. A character no bundled font has is
caught by :func:`font_for` returning None, so the text layer prints a visible placeholder
instead of a blank or a crash.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
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


@dataclass(frozen=True)
class Fallback:
    """A font for the characters DejaVu lacks, within `ranges` (code point pairs)."""

    name: str
    file: str
    ranges: tuple[tuple[int, int], ...]
    shaped: bool = False  # its script needs HarfBuzz (reordering, conjuncts, mark placement)


_DEVANAGARI = ((0x0900, 0x097F), (0xA8E0, 0xA8FF), (0x1CD0, 0x1CFF))
_THAI = ((0x0E00, 0x0E7F),)
_CJK = (
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x2E80, 0x2FDF),  # radicals
    (0x3000, 0x303F),  # CJK punctuation
    (0x3040, 0x31FF),  # kana, bopomofo, Hangul compatibility jamo
    (0x3200, 0x33FF),  # enclosed CJK, compatibility
    (0x3400, 0x4DBF),  # extension A
    (0x4E00, 0x9FFF),  # unified ideographs
    (0xAC00, 0xD7AF),  # Hangul syllables
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0xFF00, 0xFFEF),  # half- and full-width forms
)
_EMOJI = (
    (0x2190, 0x21FF),
    (0x2300, 0x23FF),
    (0x2460, 0x24FF),
    (0x25A0, 0x27BF),
    (0x2900, 0x297F),
    (0x2B00, 0x2BFF),
    (0x1F000, 0x1FAFF),
)
_CJK_FONT = Fallback("ParcelDesk-CJK", "DroidSansFallback.ttf", _CJK)
_EMOJI_FONT = Fallback("ParcelDesk-Emoji", "Symbola-Emoji.ttf", _EMOJI)
#: The fallbacks of each style, tried in order (CJK and emoji have no bold: the regular serves).
FALLBACKS: dict[str, tuple[Fallback, ...]] = {
    REGULAR: (
        Fallback("ParcelDesk-Devanagari", "NotoSansDevanagari-Regular.ttf", _DEVANAGARI, True),
        Fallback("ParcelDesk-Thai", "NotoSansThai-Regular.ttf", _THAI, True),
        _CJK_FONT,
        _EMOJI_FONT,
    ),
    BOLD: (
        Fallback("ParcelDesk-Devanagari-Bold", "NotoSansDevanagari-Bold.ttf", _DEVANAGARI, True),
        Fallback("ParcelDesk-Thai-Bold", "NotoSansThai-Bold.ttf", _THAI, True),
        _CJK_FONT,
        _EMOJI_FONT,
    ),
}
SHAPED_FONTS = frozenset(f.name for group in FALLBACKS.values() for f in group if f.shaped)


@cache
def register_fonts() -> None:
    """Register the bundled fonts with reportlab (idempotent, cheap after the first call)."""
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))


@cache
def _register_fallback(fallback: Fallback) -> None:
    pdfmetrics.registerFont(TTFont(fallback.name, str(FONT_DIR / fallback.file)))


@cache
def _charmap(font: str) -> frozenset[int]:
    register_fonts()
    found = pdfmetrics.getFont(font)
    if not isinstance(found, TTFont):
        raise ValueError(f"{font} is not a TrueType font: its characters cannot be listed")
    return frozenset(found.face.charToGlyph)


def _fallback_charmap(fallback: Fallback) -> frozenset[int]:
    _register_fallback(fallback)
    return _charmap(fallback.name)


def covers(font: str, char: str) -> bool:
    """True when ``font`` has a glyph for the single character ``char``."""
    return ord(char) in _charmap(font)


@lru_cache(maxsize=8192)
def font_for(char: str, font: str = REGULAR) -> str | None:
    """The font that draws ``char`` in the style of ``font``: itself, a fallback, or None."""
    code = ord(char)
    if code in _charmap(font):
        return font
    for fallback in FALLBACKS.get(font, ()):
        if any(low <= code <= high for low, high in fallback.ranges) and (
            code in _fallback_charmap(fallback)
        ):
            return fallback.name
    return None


def simple_width(text: str, font: str, size: float) -> float:
    """Advance width of ``text`` drawn in ``font`` alone (no fallback, no shaping)."""
    register_fonts()
    return pdfmetrics.stringWidth(text, font, size)


def text_width(text: str, font: str, size: float) -> float:
    """Advance width of ``text`` in points, as the documents draw it (fallback fonts, shaping
    and right-to-left order included: see `labels.scripts`)."""
    if text.isascii():
        return simple_width(text, font, size)
    from labels.scripts import line_width  # the script layer builds on these fonts

    return line_width(text, font, size)
