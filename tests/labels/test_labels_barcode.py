"""Code 128: the module pattern decodes to its data, and bars land on whole printer dots."""

from __future__ import annotations

import io
import string

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from labels_readback import decode_image, open_pdf, page_texts, render_page
from PIL import Image

from labels.barcode import (
    DOT,
    QUIET_MODULES,
    BarcodeError,
    BarcodeSpec,
    code128_modules,
    draw_code128,
    module_dots,
)
from labels.document import new_canvas

PRINTABLE = st.text(alphabet=string.printable[:95], min_size=1, max_size=40)


def _pattern_image(data: str, dots: int = 2) -> Image.Image:
    """The pattern of ``data`` painted straight into pixels, with quiet zones."""
    modules = "0" * QUIET_MODULES + code128_modules(data) + "0" * QUIET_MODULES
    row = np.array([0 if m == "1" else 255 for m in modules], dtype=np.uint8).repeat(dots)
    return Image.fromarray(np.pad(np.tile(row, (40, 1)), 8, constant_values=255))


@settings(max_examples=300, deadline=None)
@given(PRINTABLE)
def test_pattern_decodes_to_its_data(data: str) -> None:
    """Any printable ASCII string encodes to a pattern that zxing-cpp reads back exactly."""
    assert decode_image(_pattern_image(data)) == [data]


@pytest.mark.parametrize("data", ["99", "99X", "9912AB", "99A1234", "9", "1Z99"])
def test_leading_99_survives(data: str) -> None:
    """Data starting with "99" keeps its digits (python-barcode 0.16 dropped them)."""
    assert decode_image(_pattern_image(data)) == [data]


@pytest.mark.parametrize("data", ["", "caf\u00e9", "tab\there", "\u4e2d", "line\n"])
def test_unprintable_data_is_refused(data: str) -> None:
    """Empty, non-ASCII or control-character data raises BarcodeError, a ValueError."""
    with pytest.raises(BarcodeError):
        code128_modules(data)
    assert issubclass(BarcodeError, ValueError)


def test_module_width_is_whole_dots_and_fits() -> None:
    """The module is the widest whole number of dots (up to the cap) that fits the box."""
    assert module_dots(100, 100 * 3 * DOT, max_dots=3) == 3
    assert module_dots(100, 100 * 3 * DOT - 0.01, max_dots=3) == 2
    assert module_dots(100, 100 * DOT - 0.01) == 0


def _row_of_bars(dots: int, x: float) -> str:
    """Render one barcode at 203 dpi and return its middle row as '1'/'0' pixels."""
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, (288, 100), "bars")
    spec = BarcodeSpec(bar_height=40, human_readable=False, max_dots=dots)
    draw_code128(canvas, "PD-2024-000123", x, 20, 280 - x, spec)
    canvas.save()
    with open_pdf(buffer.getvalue()) as document:
        image = np.array(render_page(document[0]))
    row = image[image.shape[0] // 2]
    dark = np.nonzero(row < 128)[0]
    return "".join("1" if v < 128 else "0" for v in row[dark.min() : dark.max() + 1])


@pytest.mark.parametrize("dots", [1, 2, 3])
@pytest.mark.parametrize("x", [3.0, 10.37, 21.9])
def test_bars_land_on_whole_dots(dots: int, x: float) -> None:
    """At 203 dpi every module is exactly ``dots`` pixels, wherever the box starts."""
    expected = "".join(m * dots for m in code128_modules("PD-2024-000123"))
    assert _row_of_bars(dots, x) == expected


@pytest.mark.parametrize(
    ("data", "reason"), [("caf\u00e9", "not printable"), ("X" * 90, "too long")]
)
def test_undrawable_barcode_leaves_a_visible_notice(data: str, reason: str) -> None:
    """A tracking id that cannot be barcoded leaves a notice with the id, not a blank."""
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, (288, 100), "notice")
    drawn = draw_code128(canvas, data, 4, 4, 280, BarcodeSpec(bar_height=40))
    canvas.save()
    text = page_texts(buffer.getvalue())[0]
    assert drawn is False
    assert f"no barcode: {reason}" in text
    assert data[:10] in text
