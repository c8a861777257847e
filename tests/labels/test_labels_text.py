"""Cleaning and fitting text: literal markup, visible placeholders, never outside the box."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from labels_hostile import HOSTILE

from labels.fonts import ASCENT, BOLD, DESCENT, REGULAR, covers, font_for, text_width
from labels.text import ELLIPSIS, PLACEHOLDER, clean, fit_text
from labels.words import counted


def test_markup_is_kept_literally() -> None:
    """Angle brackets and ampersands survive cleaning unchanged (they print as typed)."""
    assert clean(HOSTILE["markup"]) == HOSTILE["markup"]


def test_controls_become_spaces_or_vanish() -> None:
    """Line breaks and tabs become spaces; NUL, ESC, DEL, zero-width and bidi marks vanish."""
    assert clean(HOSTILE["controls"]) == "Line one tabnul[31mredevil"


@pytest.mark.parametrize("key", ["rtl_hebrew", "rtl_arabic", "cjk"])
def test_scripts_the_bundled_fonts_draw_are_kept(key: str) -> None:
    """Hebrew, Arabic and CJK are printed, not replaced (issue #10.9)."""
    assert clean(HOSTILE[key]) == HOSTILE[key]


@pytest.mark.parametrize("text", ["ሰላም ዓለም", "தமிழ்", "ᏣᎳᎩ"])
def test_scripts_no_bundled_font_draws_become_one_placeholder_per_run(text: str) -> None:
    """Ethiopic, Tamil, Cherokee: each run is one visible U+FFFD, never a blank."""
    cleaned = clean(text)
    assert PLACEHOLDER in cleaned
    assert all(char in (PLACEHOLDER, " ") for char in cleaned)


def test_mixed_text_keeps_what_it_can() -> None:
    """Latin, CJK, Greek and Cyrillic print; only the Ethiopic part is replaced."""
    assert clean("Anna 王 ሰላም Ελένη Дмитрий") == f"Anna 王 {PLACEHOLDER} Ελένη Дмитрий"


def test_emoji_keep_their_picture_not_their_selector() -> None:
    """The variation selector after ❤ is dropped; the heart itself prints."""
    assert clean("Ana ❤\ufe0f 🌸") == "Ana ❤ 🌸"


def test_combining_marks_are_composed() -> None:
    """Decomposed accents are composed (NFC) so the font's precomposed glyphs are used."""
    assert clean("Zoe\u0308") == "Zoë"


def test_lone_surrogate_is_replaced() -> None:
    """A lone surrogate (invalid UTF-16 smuggled in) becomes the placeholder."""
    assert clean(HOSTILE["surrogate"]) == f"broken {PLACEHOLDER} half"


def test_placeholder_is_drawable() -> None:
    """Both bundled fonts have a glyph for the placeholder and the ellipsis."""
    for font in (REGULAR, BOLD):
        assert covers(font, PLACEHOLDER)
        assert covers(font, ELLIPSIS)


def test_long_text_shrinks_then_truncates() -> None:
    """Text too long for the box at the smallest size ends with an ellipsis."""
    block = fit_text("word " * 400, 100, 30, max_size=12, min_size=6)
    assert block.size == 6
    assert block.lines[-1].endswith(ELLIPSIS)
    assert block.height <= 30


def test_short_text_keeps_the_largest_size() -> None:
    """Text that fits at the largest size is not shrunk."""
    block = fit_text("Maria", 200, 40, max_size=18)
    assert (block.lines, block.size) == (("Maria",), 18)


def test_words_are_not_split_while_a_smaller_size_would_do() -> None:
    """The fitter shrinks before it breaks a word in the middle."""
    block = fit_text("unexpected", 40, 30, max_size=9, min_size=4)
    assert block.lines == ("unexpected",)


def test_paragraphs_start_new_lines() -> None:
    """A sequence of strings (an address) prints one per line, empty ones skipped."""
    block = fit_text(["1 Elm St", "", "Springfield"], 300, 100, max_size=10)
    assert block.lines == ("1 Elm St", "Springfield")


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(max_size=300),
    width=st.floats(min_value=30, max_value=300),
    height=st.floats(min_value=12, max_value=120),
    max_lines=st.none() | st.integers(min_value=1, max_value=5),
)
def test_fitted_text_stays_in_its_box(
    text: str, width: float, height: float, max_lines: int | None
) -> None:
    """For any text, every fitted line is no wider than the box and the block no taller."""
    block = fit_text(text, width, height, max_size=14, min_size=6, max_lines=max_lines)
    for line in block.lines:
        assert text_width(line, block.font, block.size) <= width + 1e-6
        assert all(font_for(char, block.font) or char == PLACEHOLDER for char in line)
    assert block.height <= max(height, (ASCENT + DESCENT) * block.size) + 1e-6
    if max_lines is not None:
        assert len(block.lines) <= max_lines


@pytest.mark.parametrize(
    ("count", "expected"), [(0, "0 stops"), (1, "1 stop"), (2, "2 stops"), (21, "21 stops")]
)
def test_counted_puts_the_noun_in_the_right_number(count: int, expected: str) -> None:
    """One stop, two stops, no stops."""
    assert counted(count, "stop") == expected


def test_arabic_is_joined_and_right_to_left() -> None:
    """محمد: the letters take their joined forms and the run reads right to left."""
    from labels.scripts import runs

    [run] = runs("محمد", REGULAR)
    assert run.text == "\ufeaa\ufee4\ufea4\ufee3"  # final dal ... initial meem, visually
    assert not run.shaped


def test_numbers_in_an_arabic_line_keep_their_order() -> None:
    """A house number stays 12, not 21, at the right end of an Arabic address."""
    from labels.scripts import runs

    visual = "".join(run.text for run in runs("12 شارع", REGULAR))
    assert visual.endswith("12")


def test_devanagari_is_shaped_by_harfbuzz() -> None:
    """शर्मा: the र् becomes a reph above म (4 glyphs for 5 characters), not a halant form."""
    from labels.scripts import _shaped, runs

    [run] = runs("शर्मा", BOLD)
    assert run.shaped and run.font == "ParcelDesk-Devanagari-Bold"
    glyphs, width = _shaped(run.text, run.font, 10)
    assert len(glyphs) == 4 and width > 0


def test_fallback_runs_measure_what_they_draw() -> None:
    """A mixed line is measured run by run: wider than the Latin part alone."""
    assert text_width("Li 王小明", REGULAR, 10) > text_width("Li ", REGULAR, 10) + 25


@pytest.mark.parametrize("font", [REGULAR, BOLD])
@pytest.mark.parametrize("name", ["محمد عبد الله", "عبدالله", "لا إله"])
def test_every_arabic_glyph_drawn_has_a_font(name: str, font: str) -> None:
    """عبد الله (a common name): joining never makes a ligature no bundled font draws (the
    reshaper's الله → U+FDF2 printed as an empty box on every label and manifest)."""
    from labels.scripts import runs

    for run in runs(name, font):
        for char in run.text:
            assert covers(run.font, char), (name, hex(ord(char)), run.font)
