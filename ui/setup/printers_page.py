"""The printers page: the office printer and the label printer picked from the system's list
(QPrinterInfo, through ui.printing.printer_output), the label layout and paper, and a test
label to check the label printer's scale and margins before the first real day.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

import labels
from labels.sheets import LABEL_HEIGHT, LABEL_WIDTH
from store.settings import ShopSettings
from ui.printing import printer_output
from ui.printing.print_settings_dialog import LAYOUT_CAPTIONS, PAGE_CAPTIONS, _choices
from ui.printing.printer_output import PrinterError, System

DEFAULT_PRINTER = "The PC's default printer"
LABELS_AS_PAGES = "No thermal printer: labels print as PDF pages on the office printer"
SAVE_AS_PDF = "Save the test label as a PDF file"
PRINT_DIALOG = "Choose in the print dialog (any printer, or print to a PDF file)"


class PrintersPage(QWidget):
    def __init__(self, system: System | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._system = system or System()
        names = self._system.printers()
        self.office = QComboBox()
        self.office.addItems([DEFAULT_PRINTER, *names])
        self.thermal = QComboBox()
        self.thermal.addItems([LABELS_AS_PAGES, *names])
        self.layout_choice = _choices(LAYOUT_CAPTIONS, "4x6")
        self.page_size = _choices(PAGE_CAPTIONS, "letter")
        self.test_on = QComboBox()
        self.test_button = QPushButton("Print a test label")
        self.result = QLabel()
        self.result.setWordWrap(True)
        found = (
            f"This PC has {len(names)} printer{'s' if len(names) != 1 else ''}."
            if names
            else "This PC lists no printer yet: add it in the system's printer settings, "
            "then open this page again. Meanwhile the test label can be saved as a PDF."
        )
        intro = QLabel(
            f"{found} Labels go to a thermal label printer that takes ZPL (4×6 in), or as PDF "
            "pages to the office printer."
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Office printer (manifests, reports)", self.office)
        form.addRow("Label printer (ZPL)", self.thermal)
        form.addRow("Labels print on", self.layout_choice)
        form.addRow("Manifests and reports on", self.page_size)
        testing = QHBoxLayout()
        testing.addWidget(self.test_on, 1)
        testing.addWidget(self.test_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(QLabel("Test label: rulers and squares to check the printer's scale"))
        layout.addLayout(testing)
        layout.addWidget(self.result)
        layout.addStretch(1)
        self.thermal.currentIndexChanged.connect(self._refresh_test_targets)
        self.office.currentIndexChanged.connect(self._refresh_test_targets)
        self.test_button.clicked.connect(self.print_test_label)
        self._refresh_test_targets()

    def load(self, settings: ShopSettings) -> None:
        _choose(self.office, settings.printer or DEFAULT_PRINTER)
        _choose(self.thermal, settings.zpl_printer or LABELS_AS_PAGES)
        self.layout_choice.setCurrentIndex(
            max(0, self.layout_choice.findData(settings.label_layout))
        )
        self.page_size.setCurrentIndex(max(0, self.page_size.findData(settings.page_size)))

    def values(self) -> dict[str, Any]:
        office, thermal = self.office.currentText(), self.thermal.currentText()
        return {
            "printer": "" if office == DEFAULT_PRINTER else office,
            "zpl_printer": "" if thermal == LABELS_AS_PAGES else thermal,
            "label_layout": self.layout_choice.currentData(),
            "page_size": self.page_size.currentData(),
        }

    def _refresh_test_targets(self) -> None:
        chosen = self.values()
        targets = []
        if chosen["zpl_printer"]:
            targets.append(f"ZPL to {chosen['zpl_printer']}")
        if self._system.printers():
            targets.append(f"PDF page to {chosen['printer'] or "the PC's default printer"}")
        targets += [SAVE_AS_PDF, PRINT_DIALOG]
        self.test_on.clear()
        self.test_on.addItems(targets)

    def print_test_label(self) -> None:
        """The calibration label, where the test choice says; the result in one sentence."""
        target = self.test_on.currentText()
        try:
            if target == SAVE_AS_PDF:
                path = self._system.ask_save(self, "test-label.pdf", "pdf")
                if path is None:
                    return
                labels.render_calibration(Path(path))
                self.result.setText(f"Test label saved: {path}. Print it at 100 % (no fitting).")
            elif target == PRINT_DIALOG:
                self._print_with_dialog()
            elif target.startswith("ZPL to "):
                printer = self.values()["zpl_printer"]
                self._system.send_raw(printer, labels.calibration_zpl().encode("utf-8"))
                self.result.setText(f"Test label sent to {printer}.")
            else:
                self._print_pdf_page(self.values()["printer"])
        except (PrinterError, OSError) as error:
            self.result.setText(f"The test label did not print: {error}")

    def _print_with_dialog(self) -> None:
        """Through the system's print dialog and Qt's print system, as the day's papers go:
        a printer of the list, or "Print to File (PDF)"."""
        printer = printer_output.new_printer((LABEL_WIDTH, LABEL_HEIGHT), "", "Test label")
        if not self._system.ask_printer(self, printer):
            return
        # The dialog puts its own paper (Letter, A4) on "Print to File"; a calibration label
        # scaled to fit a page would measure nothing: keep it 4×6 in.
        printer_output.prepare(printer, (LABEL_WIDTH, LABEL_HEIGHT))
        data = labels.render_calibration()
        pages = self._system.print_document(data, printer, lambda *_: None, lambda: False)
        where = printer.outputFileName() or printer.printerName() or "the default printer"
        self.result.setText(
            f"Test label sent ({pages} page) to {where}. Check that the squares measure 1 in "
            "and 25 mm."
        )

    def _print_pdf_page(self, name: str) -> None:
        data = labels.render_calibration()
        printer = printer_output.new_printer((LABEL_WIDTH, LABEL_HEIGHT), name, "Test label")
        pages = self._system.print_document(data, printer, lambda *_: None, lambda: False)
        self.result.setText(f"Test label sent ({pages} page) to {printer.printerName()}.")


def _choose(combo: QComboBox, text: str) -> None:
    """Select `text`, adding it when the system no longer lists that printer (kept, shown)."""
    if combo.findText(text) < 0:
        combo.addItem(text)
    combo.setCurrentText(text)
