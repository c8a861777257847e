"""Several PDFs joined into one (every run's manifest in one file), through pdfium.

pdfium is not thread-safe, not even across different documents, so every pdfium call of the
program goes through `PDFIUM_LOCK`: this module's, and the console's page previews
(`ui.printing.pdf_pages`), which take the same lock. pdfium (and the numpy it brings) is imported on
first use, not with `labels`: the console's start does not wait for it.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence

PDFIUM_LOCK = threading.Lock()


def join_pdfs(documents: Sequence[bytes]) -> bytes:
    """One PDF with the pages of `documents` in order; a single document comes back as is."""
    if len(documents) == 1:
        return documents[0]
    import pypdfium2 as pdfium

    with PDFIUM_LOCK:
        joined = pdfium.PdfDocument.new()
        sources = [pdfium.PdfDocument(data) for data in documents]
        try:
            for source in sources:
                joined.import_pages(source)
            buffer = io.BytesIO()
            joined.save(buffer)
            return buffer.getvalue()
        finally:
            for source in sources:
                source.close()
            joined.close()


def page_count(data: bytes) -> int:
    """Number of pages of the PDF `data`."""
    import pypdfium2 as pdfium

    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(data)
        try:
            return len(document)
        finally:
            document.close()
