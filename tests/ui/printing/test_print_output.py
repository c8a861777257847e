"""Getting documents out: raw ZPL through the spooler, PDF to CUPS or drawn on a QPrinter,
pages read by pdfium, and the print settings dialog."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlite_utils
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

import labels
from labels.samples import sample_labels, sample_run
from store import settings as shop_settings
from store.db import connect
from tests.labels.labels_readback import decoded_pages
from ui.printing import pdf_pages, printer_output
from ui.printing.print_settings_dialog import SAVE_ZPL, SYSTEM_DEFAULT, PrintSettingsDialog
from ui.printing.printer_output import PrinterError

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


class Spooler:
    """Stands in for `subprocess.run`: records the command and answers as told."""

    def __init__(self, returncode: int = 0, stderr: bytes = b"", error: Exception | None = None):
        self.calls: list[tuple[list[str], bytes]] = []
        self.answer = SimpleNamespace(returncode=returncode, stderr=stderr)
        self.error = error

    def __call__(self, argv: list[str], *, input: bytes, **_: object) -> SimpleNamespace:
        self.calls.append((argv, input))
        if self.error is not None:
            raise self.error
        return self.answer


def test_raw_zpl_goes_to_lp_byte_for_byte() -> None:
    """ZPL is handed to `lp -d PRINTER -o raw`, unchanged."""
    spooler = Spooler()
    data = labels.render_zpl(sample_labels(3))
    printer_output.send_raw("Zebra_GK420d", data, run=spooler, platform="linux")
    [(argv, sent)] = spooler.calls
    assert argv[:5] == ["lp", "-d", "Zebra_GK420d", "-o", "raw"]
    assert sent == data


@pytest.mark.parametrize(
    ("spooler", "message"),
    [
        (Spooler(1, b"lp: The printer or class does not exist.\n"), "refused the job: lp: The"),
        (Spooler(error=FileNotFoundError("lp")), "the `lp` command is missing"),
        (Spooler(error=subprocess.TimeoutExpired("lp", 60)), "did not answer within 60 s"),
    ],
)
def test_spooler_refusals_are_said_in_words(spooler, message) -> None:
    """A missing printer, a missing lp, a hung spooler: a PrinterError naming it."""
    with pytest.raises(PrinterError, match=message):
        printer_output.send_raw("Zebra", b"^XA^XZ", run=spooler, platform="darwin")


def test_no_thermal_printer_set_is_refused() -> None:
    """Sending to no printer at all is refused before the spooler is asked."""
    spooler = Spooler()
    with pytest.raises(PrinterError, match="no thermal printer is set"):
        printer_output.send_raw("", b"^XA^XZ", run=spooler)
    assert spooler.calls == []


class CupsPrinter:
    """What the print dialog leaves in a QPrinter aimed at a CUPS printer (this test machine
    has none, and Qt forgets a printer name it does not know)."""

    def outputFormat(self) -> QPrinter.OutputFormat:
        return QPrinter.OutputFormat.NativeFormat

    def printerName(self) -> str:
        return "Zebra"

    def copyCount(self) -> int:
        return 2

    def fromPage(self) -> int:
        return 2

    def toPage(self) -> int:
        return 4


def test_pdf_to_a_cups_printer_is_sent_as_the_pdf_itself(qapp) -> None:
    """On a CUPS system the PDF goes to `lp` as it is, with copies, pages and label size."""
    data = labels.render_labels(sample_labels(5))
    printer = CupsPrinter()
    spooler, progress = Spooler(), []
    sent = printer_output.print_document(
        data, printer, lambda d, t: progress.append((d, t)), lambda: False,
        run=spooler, platform="linux",
    )  # fmt: skip
    [(argv, body)] = spooler.calls
    assert argv == ["lp", "-d", "Zebra", "-n", "2", "-o", "media=Custom.4x6in", "-t",
                    "Parcel Desk", "-P", "2-4"]  # fmt: skip
    assert body == data and sent == 5 and progress == [(5, 5)]


def test_pdf_drawn_on_a_qprinter_still_decodes(qapp, tmp_path: Path) -> None:
    """Where the PDF cannot be handed over (print to file, Windows), pages are drawn at the
    printer's resolution; every barcode of the printed file reads back at 203 dpi."""
    batch = sample_labels(3)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer_output.prepare(printer, (288, 432))
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    count = printer_output.print_document(
        labels.render_labels(batch), printer, lambda d, t: None, lambda: False
    )
    assert count == 3
    printed = (tmp_path / "printed.pdf").read_bytes()
    assert decoded_pages(printed) == [[label.tracking_id] for label in batch]


def test_merge_keeps_every_page_in_order(qapp) -> None:
    """Manifests of several runs become one document, pages in order."""
    first, second = (labels.render_manifest(sample_run(n, seed=n)) for n in (3, 30))
    merged = pdf_pages.merge([first, second])
    counts = [pdf_pages.page_count(d) for d in (first, second, merged)]
    assert counts[2] == counts[0] + counts[1]
    assert pdf_pages.merge([first]) is first


@pytest.fixture
def db(tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    database = connect(tmp_path / "shop.db")
    yield database
    database.conn.close()


@pytest.fixture
def dialog(qtbot, db) -> PrintSettingsDialog:
    shown = PrintSettingsDialog(db, lambda: ["Office_Laser", "Zebra_GK420d"])
    qtbot.addWidget(shown)
    shown.show()
    return shown


def test_settings_dialog_saves_the_choices(qtbot, dialog, db) -> None:
    """Label format, paper and both printers are saved as chosen."""
    dialog.layout_box.setCurrentIndex(dialog.layout_box.findData("letter-4up"))
    dialog.page_box.setCurrentIndex(dialog.page_box.findData("a4"))
    dialog.printer_box.setCurrentText("Office_Laser")
    dialog.zpl_box.setCurrentText("Zebra_GK420d")
    qtbot.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    saved = shop_settings.load(db)
    assert (saved.label_layout, saved.page_size, saved.printer, saved.zpl_printer) == (
        "letter-4up", "a4", "Office_Laser", "Zebra_GK420d"
    )  # fmt: skip
    assert dialog.result() == dialog.DialogCode.Accepted


def test_settings_dialog_keeps_none_chosen_as_empty(qtbot, dialog, db) -> None:
    """The "system default" and "save ZPL files" entries are stored as no printer."""
    assert dialog.printer_box.currentText() == SYSTEM_DEFAULT
    assert dialog.zpl_box.currentText() == SAVE_ZPL
    dialog.save()
    assert (shop_settings.load(db).printer, shop_settings.load(db).zpl_printer) == ("", "")


def test_settings_dialog_refuses_a_bad_printer_name(qtbot, dialog, db) -> None:
    """A name the spooler cannot take is refused in words; the dialog stays; nothing saved."""
    qtbot.keyClicks(dialog.zpl_box.lineEdit(), "x" * 201)
    dialog.save()
    assert dialog.error.isVisible()
    assert dialog.error.text().startswith("Not saved: setting zpl_printer: expected")
    assert dialog.result() != dialog.DialogCode.Accepted
    assert shop_settings.load(db).zpl_printer == ""
