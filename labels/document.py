"""What every PDF renderer shares: paper sizes, the canvas, saving, progress and cancel.

Renderers draw into memory and return the PDF bytes; given a path they also write it
atomically (temporary file, then rename), so a cancelled or failed batch never leaves a
half-written PDF where the print dialog will look for it.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.pdfgen.canvas import Canvas

from labels.files import write_atomically
from labels.fonts import REGULAR, register_fonts
from labels.scripts import ScriptCanvas

ProgressCallback = Callable[[int, int], None]
"""``on_progress(done, total)``: called as a long document is drawn."""

CancelCheck = Callable[[], bool]
"""``cancelled() -> bool``: polled between items; True stops the job with :class:`Cancelled`."""

OutputPath = str | os.PathLike[str] | None


class Cancelled(Exception):
    """The caller's ``cancelled()`` returned True; nothing was written."""


class Paper(StrEnum):
    """Office paper for manifests and reports."""

    LETTER = "letter"
    A4 = "a4"

    @property
    def size(self) -> tuple[float, float]:
        """(width, height) in points, portrait."""
        return LETTER if self is Paper.LETTER else A4


class Progress:
    """Reports progress and polls for cancellation; both callbacks are optional."""

    def __init__(
        self, total: int, on_progress: ProgressCallback | None, cancelled: CancelCheck | None
    ) -> None:
        self.total = total
        self._on_progress = on_progress
        self._cancelled = cancelled

    def check(self) -> None:
        """Raise :class:`Cancelled` if the caller asked to stop."""
        if self._cancelled is not None and self._cancelled():
            raise Cancelled

    def page(self, number: int) -> None:
        """Before drawing page ``number``: check for cancel, report the pages done."""
        self.check()
        if number > 1:
            self.report(number - 1)

    def report(self, done: int) -> None:
        """Tell the caller ``done`` of ``total`` items are drawn."""
        if self._on_progress is not None:
            self._on_progress(done, self.total)


def new_canvas(buffer: io.BytesIO, page_size: tuple[float, float], title: str) -> Canvas:
    """A canvas with the bundled fonts registered and reproducible output, drawing text in
    any script (`labels.scripts.ScriptCanvas`)."""
    register_fonts()
    canvas = ScriptCanvas(buffer, pagesize=page_size, pageCompression=1, invariant=1)
    canvas.setTitle(title)
    canvas.setCreator("Parcel Desk")
    canvas.setFont(REGULAR, 10)
    return canvas


@contextmanager
def _binary_streams() -> Iterator[None]:
    """Write compressed streams as binary, not ASCII85 text, while a PDF is saved.

    ASCII85 (reportlab's default) makes files a quarter larger and, in pure Python,
    costs about a sixth of the time of a 500-label batch. reportlab only offers a global
    switch, read while saving, so it is flipped for the save and restored after.
    """
    previous = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = previous


def finish(canvas: Canvas, buffer: io.BytesIO, out: OutputPath) -> bytes:
    """Close the PDF, write it to ``out`` if given, and return its bytes."""
    with _binary_streams():
        canvas.save()
    data = buffer.getvalue()
    if out is not None:
        write_atomically(Path(out), data)
    return data
