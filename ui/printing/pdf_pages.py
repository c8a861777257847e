"""PDF pages as images, for the preview and for the printer, through pypdfium2.

PySide6's wheels here have no QtPdf, so pdfium (pypdfium2) reads the PDF bytes the renderers
return. pdfium is not thread-safe, not even across different documents, so every pdfium call
goes through one lock (`labels.pdf_join.PDFIUM_LOCK`, which joining PDFs takes too): the
preview (GUI thread) and a print job (worker thread) take turns, a page at a time.

Pages are rendered at exactly the asked resolution with the page origin on a pixel corner
(pdfium's own `render(scale=…)` stretches a page to whole pixels, which smears barcode bars
that the renderers placed on the printer's dot grid).
"""

from __future__ import annotations

import math

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
from PySide6.QtGui import QImage

from labels.pdf_join import PDFIUM_LOCK as _PDFIUM
from labels.pdf_join import join_pdfs as merge
from labels.pdf_join import page_count

__all__ = ["PdfPages", "merge", "page_count"]


class PdfPages:
    """An open PDF: page sizes in points, and pages rendered to greyscale QImages."""

    def __init__(self, data: bytes) -> None:
        with _PDFIUM:
            self._document = pdfium.PdfDocument(data)
            self.sizes: list[tuple[float, float]] = [
                self._document.get_page_size(index) for index in range(len(self._document))
            ]

    def __len__(self) -> int:
        return len(self.sizes)

    def image(
        self, index: int, dpi: float, *, wait: bool = True, for_print: bool = False
    ) -> QImage | None:
        """Page `index` at `dpi`; None when `wait` is False and pdfium is busy elsewhere.

        On screen, edges are smoothed so thin letters survive a small zoom; `for_print`
        draws hard black and white edges, as a printer's dots are.
        """
        if not _PDFIUM.acquire(blocking=wait):
            return None
        try:
            page = self._document[index]
            try:
                return _render(page, self.sizes[index], dpi, for_print)
            finally:
                page.close()
        finally:
            _PDFIUM.release()

    def close(self) -> None:
        with _PDFIUM:
            self._document.close()


def _render(page: pdfium.PdfPage, size: tuple[float, float], dpi: float, for_print: bool) -> QImage:
    scale = dpi / 72
    width, height = (max(1, math.ceil(side * scale)) for side in size)
    bitmap = pdfium.PdfBitmap.new_native(width, height, pdfium_raw.FPDFBitmap_Gray)
    try:
        bitmap.fill_rect((255, 255, 255, 255), 0, 0, width, height)
        matrix = pdfium_raw.FS_MATRIX(scale, 0, 0, scale, 0, 0)
        clip = pdfium_raw.FS_RECTF(0, 0, width, height)
        flags = pdfium_raw.FPDF_ANNOT | (pdfium_raw.FPDF_PRINTING if for_print else 0)
        pdfium_raw.FPDF_RenderPageBitmapWithMatrix(bitmap, page, matrix, clip, flags)
        pixels = bytes(bitmap.buffer)
        image = QImage(pixels, width, height, bitmap.stride, QImage.Format.Format_Grayscale8)
        return image.copy()  # own the pixels: `pixels` goes away with this frame
    finally:
        bitmap.close()
