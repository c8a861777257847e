"""Print the whole day, used as the owner does after planning: one button on the Print
screen, one dialog that says what goes where, "Print all" (or save all to a folder)."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlite_utils
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from labels import Cancelled
from store import documents, print_jobs, runs
from store import settings as shop_settings
from tests.labels.labels_readback import decoded_pages, page_count
from tests.ui.print_fixtures import ACTOR, DAY, planned_file, shop  # noqa: F401 (fixtures)
from ui.printing.print_day_dialog import PrintDayDialog
from ui.printing.print_settings_dialog import PAGE_CAPTIONS
from ui.printing.print_view import PrintView
from ui.printing.printer_output import PrinterError, System

LETTER = PAGE_CAPTIONS["letter"]
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


class Printers:
    """The PC's printers as the dialog sees them: what each was sent, in order."""

    def __init__(self, folder: Path, refuse: str = "") -> None:
        self.folder = folder
        self.refuse = refuse  # a document title the office printer turns away
        self.default = ""  # the PC's default printer
        # (printer, document, data); Qt keeps no printer name that this PC lacks, so a
        # document's printer shows here as "" (the dialog checks names against the PC's list)
        self.jobs: list[tuple[str, str, bytes]] = []
        self.lock = threading.Lock()

    def send_raw(self, printer: str, data: bytes) -> None:
        with self.lock:
            self.jobs.append((printer, "ZPL", data))

    def print_document(self, data: bytes, printer: QPrinter, _progress, _cancelled) -> int:
        if printer.docName() == self.refuse:
            raise PrinterError("the printer is out of paper")
        with self.lock:
            self.jobs.append((printer.printerName(), printer.docName(), data))
        return page_count(data)

    def ask_folder(self, _parent: object, _title: str) -> Path:
        return self.folder

    def system(self) -> System:
        return System(
            send_raw=self.send_raw,
            printers=lambda: ["Office", "Zebra"],
            default_printer=lambda: self.default,
            print_document=self.print_document,
            ask_folder=self.ask_folder,
        )


@pytest.fixture
def printers(tmp_path: Path) -> Printers:
    folder = tmp_path / "day"
    folder.mkdir()
    return Printers(folder)


@pytest.fixture
def open_day(qtbot, shop, printers) -> Iterator[Callable[..., PrintDayDialog]]:
    """Opens the dialog on the planned day with these print settings; it starts drawing the
    pages at once. The fixture holds every dialog until qtbot has closed and deleted it (a
    parentless dialog left to Python's garbage collector could be deleted mid-event)."""
    opened: list[PrintDayDialog] = []

    def open_with(**settings: str) -> PrintDayDialog:
        shop_settings.update(shop, **settings)
        dialog = PrintDayDialog(shop, DAY, printers.system())
        qtbot.addWidget(dialog)
        dialog.show()
        opened.append(dialog)
        return dialog

    yield open_with
    for dialog in opened:
        dialog.shutdown()


@pytest.fixture
def dialog(open_day) -> PrintDayDialog:
    """The dialog with a thermal printer for the labels and an office printer for the rest."""
    return open_day(printer="Office", zpl_printer="Zebra")


def _click(qtbot, dialog: PrintDayDialog, name: str) -> None:
    qtbot.mouseClick(dialog.buttons[name], Qt.MouseButton.LeftButton)


def _placed(db: sqlite_utils.Database) -> set[str]:
    return {
        p["tracking_id"] for run in runs.runs_of_day(db, DAY) for s in run.stops for p in s.parcels
    }


@pytest.fixture
def view(qtbot, shop, printers) -> Iterator[PrintView]:
    """The Print screen on the planned day, shown."""
    screen = PrintView(shop, lambda: ACTOR, lambda: DAY, system=printers.system())
    qtbot.addWidget(screen)
    screen.show()
    yield screen
    screen.shutdown()


def test_one_button_opens_the_whole_day(qtbot, shop, view) -> None:
    """The Print screen's big button opens the dialog over it, naming the day and its runs."""
    button = view.choices.buttons["print_day"]
    assert button.isEnabled() and button.text() == "Print the whole day…"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    opened = view.dialog
    assert isinstance(opened, PrintDayDialog) and opened.isVisible()
    count = len(runs.runs_of_day(shop, DAY))
    assert opened.heading.text() == f"Print the whole day · Mon 2026-03-02 · {count} runs"
    qtbot.waitUntil(lambda: opened.documents is not None)
    opened.reject()


def test_print_all_sends_labels_to_the_thermal_printer_and_papers_to_the_office(
    qtbot, dialog, shop, printers
) -> None:
    """Labels as ZPL to Zebra, then manifests and load sheets to Office; the rows say so with
    their page counts; the labels then count as printed."""
    labels_row, manifests_row, sheets_row = (dialog.rows[k] for k in dialog.rows)
    placed = _placed(shop)
    assert labels_row[0].text().startswith(f"{len(placed)} labels, run after run")
    assert labels_row[1].text() == "Zebra, as ZPL (thermal)"
    assert manifests_row[1].text() == sheets_row[1].text() == f"Office, on {LETTER}"
    qtbot.waitUntil(lambda: dialog.documents is not None)
    documents = dialog.documents
    assert manifests_row[0].text().endswith(f"{documents.manifest_pages} pages")
    _click(qtbot, dialog, "print")
    qtbot.waitUntil(lambda: dialog.message.text().startswith("Sent"))
    assert [(printer, title) for printer, title, _ in printers.jobs] == [
        ("Zebra", "ZPL"),
        ("", "Manifests"),
        ("", "Load sheets"),
    ]
    zpl = printers.jobs[0][2].decode("utf-8")
    in_zpl = re.findall(r"\^BCN[^\^]*\^FH\^FD([^\^]+)\^FS", zpl)
    assert sorted(in_zpl) == sorted(placed)
    manifest_codes = {c for page in decoded_pages(printers.jobs[1][2]) for c in page}
    assert placed <= manifest_codes
    assert dialog.message.text() == (
        f"Sent {len(placed)} labels to Zebra; {documents.manifest_pages} manifest pages to "
        f"Office; {documents.load_sheet_pages} load-sheet pages to Office."
    )
    assert print_jobs.changed_since_print(shop, DAY).labels == ()
    assert dialog.buttons["print"].text() == "Print all again"


def test_a_refusing_printer_says_what_went_out_and_what_did_not(
    qtbot, shop, printers, open_day
) -> None:
    printers.refuse = "Manifests"
    dialog = open_day(printer="Office", zpl_printer="Zebra")
    _click(qtbot, dialog, "print")  # before the pages are ready: it waits for them
    assert "Preparing the pages, then they go to the printers" in dialog.message.text()
    qtbot.waitUntil(lambda: "Not sent" in dialog.message.text())
    assert [title for _, title, _ in printers.jobs] == ["ZPL"]
    text = dialog.message.text()
    assert text == (
        f"Sent {len(_placed(shop))} labels to Zebra. "
        "Not sent: the manifests, the load sheets. The printer is out of paper"
    )
    assert print_jobs.changed_since_print(shop, DAY).labels == ()  # the labels did go


def test_without_an_office_printer_the_day_is_saved_to_a_folder(
    qtbot, shop, printers, open_day
) -> None:
    """No printer set: the dialog says why Print all cannot go; Save all writes the same three
    files as `print-day`, labels in the sheet layout of the settings."""
    dialog = open_day(printer="", zpl_printer="", label_layout="letter-4up")
    assert dialog.problem.isVisible() and "No office printer" in dialog.problem.text()
    assert not dialog.buttons["print"].isEnabled()
    _click(qtbot, dialog, "save")
    qtbot.waitUntil(lambda: dialog.message.text().startswith("Saved into"))
    names = sorted(p.name for p in printers.folder.iterdir())
    assert names == [
        "labels-2026-03-02.pdf",
        "load-sheets-2026-03-02.pdf",
        "manifests-2026-03-02.pdf",
    ]
    data = (printers.folder / "labels-2026-03-02.pdf").read_bytes()
    placed = _placed(shop)
    assert page_count(data) == -(-len(placed) // 4)
    assert sorted(c for page in decoded_pages(data) for c in page) == sorted(placed)
    assert printers.jobs == []


def test_the_pcs_default_printer_serves_when_none_is_set(qtbot, printers, open_day) -> None:
    """No office printer in the settings, but the PC has a default one: everything goes
    there (labels too, as PDF, without a thermal printer)."""
    printers.default = "Office"
    dialog = open_day(printer="", zpl_printer="")
    assert not dialog.problem.isVisible() and dialog.buttons["print"].isEnabled()
    assert dialog.rows["manifests"][1].text() == f"Office, on {LETTER}"
    assert dialog.rows["labels"][1].text().startswith("Office, as PDF")
    _click(qtbot, dialog, "print")
    qtbot.waitUntil(lambda: dialog.message.text().startswith("Sent"))
    assert [title for _, title, _ in printers.jobs] == ["Labels", "Manifests", "Load sheets"]


def test_cancel_while_preparing_sends_nothing(qtbot, shop, printers, open_day, monkeypatch) -> None:
    """Print all pressed, then Cancel while the pages are drawn: nothing goes out."""
    started = threading.Event()

    def slow_render(self, *, zpl=False, on_progress=None, cancelled=None):
        on_progress(0, 10)
        started.set()
        while not cancelled():
            threading.Event().wait(0.01)
        raise Cancelled

    monkeypatch.setattr(documents.DayPapers, "render", slow_render)
    dialog = open_day(printer="Office", zpl_printer="Zebra")
    _click(qtbot, dialog, "print")
    qtbot.waitUntil(started.is_set)
    assert dialog.cancel_button.isVisible() and not dialog.buttons["print"].isEnabled()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.task is None)
    assert dialog.message.text() == "Cancelled: nothing was printed or saved."
    assert printers.jobs == [] and dialog.documents is None
    assert not print_jobs.any_printed(shop, DAY)
