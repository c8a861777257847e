"""The printers page's test label through the system's print dialog and Qt's print system
(what a shop without a printer on the list, or with any printer, does): the person picks
"Print to File (PDF)" in the dialog, and the file holds one 4×6 in page whose barcode reads."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
from PySide6.QtCore import Qt
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrinter

from tests.labels.labels_readback import decoded_pages
from ui.printing.printer_output import System
from ui.setup.printers_page import PRINT_DIALOG, SAVE_AS_PDF, PrintersPage


class PrintToFile:
    """The print dialog, answered as a person choosing "Print to File (PDF)"."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.asked: list[QPrinter] = []

    def __call__(self, _parent, printer: QPrinter) -> bool:
        self.asked.append(printer)
        if self.path is None:
            return False  # Cancel
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(self.path))
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))  # as Qt's dialog does
        return True


def test_the_test_label_goes_through_the_print_dialog_to_a_pdf(qtbot, tmp_path):
    """No printer listed: the choices are a PDF saved directly or the print dialog; through
    the dialog the label is drawn by Qt's print system at 4×6 in (not fitted to the
    dialog's Letter paper, where its squares would not measure 1 in) and its barcode
    decodes."""
    target = tmp_path / "printed.pdf"
    dialog = PrintToFile(target)
    page = PrintersPage(System(printers=lambda: [], ask_printer=dialog))
    qtbot.addWidget(page)
    choices = [page.test_on.itemText(i) for i in range(page.test_on.count())]
    assert choices == [SAVE_AS_PDF, PRINT_DIALOG]
    page.test_on.setCurrentText(PRINT_DIALOG)
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    assert len(dialog.asked) == 1
    assert page.result.text().startswith(f"Test label sent (1 page) to {target}.")
    document = pypdfium2.PdfDocument(str(target))
    try:
        assert len(document) == 1
        width, height = document[0].get_size()
        assert (round(width), round(height)) == (288, 432)  # 4 × 6 in, in points
    finally:
        document.close()
    assert decoded_pages(target.read_bytes()) == [["CAL-203DPI-4X6"]]


def test_cancelling_the_print_dialog_prints_nothing(qtbot, tmp_path):
    page = PrintersPage(System(printers=lambda: [], ask_printer=PrintToFile(None)))
    qtbot.addWidget(page)
    page.test_on.setCurrentText(PRINT_DIALOG)
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    assert page.result.text() == ""
    assert list(tmp_path.iterdir()) == []
