"""Getting a rendered document out of the PC: a system printer through Qt, or raw ZPL to a
thermal printer through the operating system's spooler.

`print_document` sends the PDF itself to a CUPS printer (Linux, macOS) with `lp`: the
printer's driver draws it as vectors at full resolution, and a 500-label job goes out in a
second. Elsewhere (Windows, or "print to file" in the dialog) `print_pdf` draws each page,
rendered at the printer's resolution (so barcode bars stay whole dots), onto the QPrinter, in
a worker thread, which Qt allows for QPrinter. `send_raw` hands ZPL bytes to the spooler
untouched: `lp -d PRINTER -o raw` with CUPS, the Win32 spooler on Windows. All are plain
functions taking the process runner as an argument, so tests pass fakes; the print and file
dialogs are here too, for the screen to take as arguments.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from labels import CancelCheck, Cancelled, ProgressCallback
from ui.printing.pdf_pages import PdfPages

MAX_DPI = 300  # whole dots of a 203 or 300 dpi printer; finer costs seconds per page in Qt
RAW_TIMEOUT_S = 60

SendRaw = Callable[[str, bytes], None]
AskSave = Callable[[QWidget, str, str], Path | None]
AskPrinter = Callable[[QWidget, QPrinter], bool]
AskFolder = Callable[[QWidget, str], Path | None]


class PrinterError(OSError):
    """The printer or its spooler refused the job; the message says what to check."""


def ask_save(parent: QWidget, suggested: str, kind: str) -> Path | None:
    """Where to save a file of `kind` ("pdf", "zpl"): the person picks it."""
    name, _ = QFileDialog.getSaveFileName(
        parent, "Save as", str(Path.home() / suggested), f"{kind.upper()} files (*.{kind})"
    )
    return Path(name).with_suffix(f".{kind}") if name else None


def ask_folder(parent: QWidget, title: str) -> Path | None:
    """A folder the person picks (for several files at once), or None."""
    name = QFileDialog.getExistingDirectory(parent, title, str(Path.home()))
    return Path(name) if name else None


def ask_printer(parent: QWidget, printer: QPrinter) -> bool:
    """The system's print dialog; True when the person pressed Print."""
    return QPrintDialog(printer, parent).exec() == QDialog.DialogCode.Accepted


def printer_names() -> list[str]:
    """The system's printers, as the print dialog lists them."""
    return list(QPrinterInfo.availablePrinterNames())


def default_printer_name() -> str:
    """The system's default printer ("" when it has none)."""
    return QPrinterInfo.defaultPrinterName()


def new_printer(page_size_pt: tuple[float, float], name: str, title: str) -> QPrinter:
    """A printer at full resolution, set up by `prepare`, for the print dialog to show."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    prepare(printer, page_size_pt, name)
    printer.setDocName(title)
    return printer


def prepare(printer: QPrinter, page_size_pt: tuple[float, float], name: str = "") -> None:
    """Point `printer` at `name` (if given) with paper the size of the document's pages."""
    if name:
        printer.setPrinterName(name)
    width, height = page_size_pt
    size = QPageSize(
        QSizeF(width, height), QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.ExactMatch
    )
    orientation = (
        QPageLayout.Orientation.Landscape if width > height else QPageLayout.Orientation.Portrait
    )
    printer.setPageLayout(QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0)))
    printer.setFullPage(True)


def _dpi(resolution: int) -> int:
    """The printer's resolution, or a whole fraction of it no finer than MAX_DPI."""
    divisor = max(1, -(-resolution // MAX_DPI))
    return max(72, resolution // divisor)


def print_document(
    data: bytes,
    printer: QPrinter,
    progress: ProgressCallback,
    cancelled: CancelCheck,
    *,
    run: Callable[..., Any] = subprocess.run,
    platform: str = sys.platform,
) -> int:
    """Print the PDF `data` as the print dialog set `printer` up; returns the pages sent."""
    native = printer.outputFormat() == QPrinter.OutputFormat.NativeFormat
    if not native or platform.startswith("win") or not printer.printerName():
        return print_pdf(data, printer, progress, cancelled)
    pages = PdfPages(data)
    try:
        count, size = len(pages), pages.sizes[0]
    finally:
        pages.close()
    first, last = printer.fromPage(), printer.toPage()
    argv = ["lp", "-d", printer.printerName(), "-n", str(max(1, printer.copyCount()))]
    argv += ["-o", f"media={_media(size)}", "-t", "Parcel Desk"]
    if first > 0:
        argv += ["-P", f"{first}-{last or count}"]
    _spool(argv, data, printer.printerName(), run)
    progress(count, count)
    return count


def _media(size: tuple[float, float]) -> str:
    """The CUPS media name of a page size in points: Letter, A4 or a custom size in inches."""
    width, height = (round(side) for side in size)
    named = {(612, 792): "Letter", (595, 842): "A4"}
    return named.get((width, height), f"Custom.{size[0] / 72:g}x{size[1] / 72:g}in")


def print_pdf(
    data: bytes, printer: QPrinter, progress: ProgressCallback, cancelled: CancelCheck
) -> int:
    """Print every page of the PDF `data` on `printer`; returns the number of pages printed.

    Each page fills the printable paper keeping its proportions, at a whole multiple of the
    printer's dots. Cancelling aborts the print job between pages.
    """
    pages = PdfPages(data)
    painter = QPainter()
    try:
        if not painter.begin(printer):
            raise PrinterError(f"the printer {printer.printerName() or '(default)'} did not start")
        dpi = _dpi(printer.resolution())
        target = printer.paperRect(QPrinter.Unit.DevicePixel)
        for index in range(len(pages)):
            if cancelled():
                printer.abort()
                raise Cancelled
            if index:
                printer.newPage()
            image = pages.image(index, dpi, for_print=True)
            assert image is not None  # wait=True always renders
            mono = image.convertToFormat(
                QImage.Format.Format_Mono, Qt.ImageConversionFlag.ThresholdDither
            )
            painter.drawImage(_fit(mono.width(), mono.height(), target), mono)
            progress(index + 1, len(pages))
        return len(pages)
    finally:
        if painter.isActive():
            painter.end()
        pages.close()


def _fit(width: int, height: int, box: QRectF) -> QRectF:
    """`width` x `height` scaled to fit `box`, centred, proportions kept."""
    scale = min(box.width() / width, box.height() / height)
    w, h = width * scale, height * scale
    return QRectF(box.x() + (box.width() - w) / 2, box.y() + (box.height() - h) / 2, w, h)


def send_raw(
    printer: str,
    data: bytes,
    *,
    run: Callable[..., Any] = subprocess.run,
    platform: str = sys.platform,
) -> None:
    """Send `data` (ZPL) to `printer` byte for byte, through the system's spooler."""
    if not printer:
        raise PrinterError("no thermal printer is set: choose one in Print settings")
    if platform.startswith("win"):
        _send_windows(printer, data)
        return
    _spool(["lp", "-d", printer, "-o", "raw", "-t", "Parcel Desk labels"], data, printer, run)


def _spool(argv: list[str], data: bytes, printer: str, run: Callable[..., Any]) -> None:
    """Run `lp` with `data` on its standard input; a refusal becomes a PrinterError."""
    try:
        done = run(argv, input=data, capture_output=True, timeout=RAW_TIMEOUT_S, check=False)
    except FileNotFoundError:
        raise PrinterError("the `lp` command is missing: install CUPS to print") from None
    except subprocess.TimeoutExpired:
        raise PrinterError(f"the print spooler did not answer within {RAW_TIMEOUT_S} s") from None
    if done.returncode != 0:
        reason = " ".join(done.stderr.decode("utf-8", "replace").split()) or "no reason given"
        raise PrinterError(f"the printer {printer} refused the job: {reason}")


def _send_windows(printer: str, data: bytes) -> None:  # pragma: no cover - Windows only
    try:
        win32print = importlib.import_module("win32print")
    except ImportError:
        raise PrinterError("printing ZPL on Windows needs pywin32: save a .zpl file") from None
    try:
        handle = win32print.OpenPrinter(printer)
        try:
            win32print.StartDocPrinter(handle, 1, ("Parcel Desk labels", None, "RAW"))
            try:
                win32print.StartPagePrinter(handle)
                win32print.WritePrinter(handle, data)
                win32print.EndPagePrinter(handle)
            finally:
                win32print.EndDocPrinter(handle)
        finally:
            win32print.ClosePrinter(handle)
    except Exception as error:  # pywintypes.error is no OSError
        raise PrinterError(f"the printer {printer} refused the labels: {error}") from error


@dataclass(frozen=True)
class System:
    """The operating system's side of printing, handed to the Print screen as one service
    (tests pass fakes): the printers, the spooler, and the print, file and folder dialogs."""

    send_raw: SendRaw = send_raw
    printers: Callable[[], list[str]] = printer_names
    default_printer: Callable[[], str] = default_printer_name
    print_document: Callable[..., int] = print_document
    ask_save: AskSave = ask_save
    ask_printer: AskPrinter = ask_printer
    ask_folder: AskFolder = ask_folder
