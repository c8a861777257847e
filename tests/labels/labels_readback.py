"""Reading printed output back: pages to 203 dpi images, barcodes decoded, text extracted.

``render_page`` rasterises at exactly 203 dots per inch with the page origin on a dot
corner, as a thermal head or a printer driver does. pypdfium2's ``render(scale=…)``
stretches the page to a whole number of pixels instead (a Letter page is 1725.5 dots
wide), which smears bars that sit exactly on the dot grid; so we call pdfium's
matrix renderer directly.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import zxingcpp
from PIL import Image

THERMAL_DPI = 203


@contextmanager
def open_pdf(data: bytes) -> Iterator[pdfium.PdfDocument]:
    """The PDF ``data`` as a pdfium document, closed afterwards."""
    document = pdfium.PdfDocument(data)
    try:
        yield document
    finally:
        document.close()


def render_page(page: pdfium.PdfPage, dpi: int = THERMAL_DPI) -> Image.Image:
    """Greyscale image of ``page`` at exactly ``dpi`` (no stretching to whole pixels)."""
    scale = dpi / 72
    width, height = page.get_size()
    pixels_w, pixels_h = math.ceil(width * scale), math.ceil(height * scale)
    bitmap = pdfium.PdfBitmap.new_native(pixels_w, pixels_h, pdfium_raw.FPDFBitmap_Gray)
    bitmap.fill_rect((255, 255, 255, 255), 0, 0, pixels_w, pixels_h)
    matrix = pdfium_raw.FS_MATRIX(scale, 0, 0, scale, 0, 0)
    clip = pdfium_raw.FS_RECTF(0, 0, pixels_w, pixels_h)
    pdfium_raw.FPDF_RenderPageBitmapWithMatrix(bitmap, page, matrix, clip, pdfium_raw.FPDF_ANNOT)
    return bitmap.to_pil().copy()


def decode_image(image: Image.Image) -> list[str]:
    """Every Code 128 symbol zxing-cpp finds in ``image``."""
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.Code128)
    return [symbol.text for symbol in found]


def decoded_pages(data: bytes, dpi: int = THERMAL_DPI) -> list[list[str]]:
    """Barcodes decoded from each page of the PDF ``data`` rendered at ``dpi``."""
    with open_pdf(data) as document:
        return [decode_image(render_page(page, dpi)) for page in document]


def decoded_counts(data: bytes) -> Counter[str]:
    """All barcodes of a document with how often each was read."""
    return Counter(code for page in decoded_pages(data) for code in page)


def page_texts(data: bytes) -> list[str]:
    """The extracted text of every page."""
    with open_pdf(data) as document:
        return [page.get_textpage().get_text_range() for page in document]


@dataclass(frozen=True)
class PageChars:
    """A page's size and the bounding box (left, bottom, right, top) of each drawn char."""

    width: float
    height: float
    boxes: list[tuple[str, tuple[float, float, float, float]]]

    def outside(
        self,
        left: float = 0,
        bottom: float = 0,
        right: float | None = None,
        top: float | None = None,
    ) -> list[str]:
        """Characters whose box pokes out of the given rectangle (default: the page)."""
        right = self.width if right is None else right
        top = self.height if top is None else top
        eps = 0.01
        return [
            char
            for char, (x0, y0, x1, y1) in self.boxes
            if x0 < left - eps or y0 < bottom - eps or x1 > right + eps or y1 > top + eps
        ]


def page_chars(data: bytes) -> list[PageChars]:
    """Character boxes per page, skipping the line breaks pdfium invents."""
    pages = []
    with open_pdf(data) as document:
        for page in document:
            text = page.get_textpage()
            width, height = page.get_size()
            boxes = []
            for index in range(text.count_chars()):
                char = text.get_text_range(index, 1)
                if char in ("\r", "\n", ""):
                    continue
                boxes.append((char, text.get_charbox(index)))
            pages.append(PageChars(width, height, boxes))
    return pages


def page_count(data: bytes) -> int:
    """Number of pages of the PDF ``data``."""
    with open_pdf(data) as document:
        return len(document)


def page_sizes(data: bytes) -> list[tuple[float, float]]:
    """(width, height) in points of every page."""
    with open_pdf(data) as document:
        return [page.get_size() for page in document]
