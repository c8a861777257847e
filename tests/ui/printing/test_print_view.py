"""The Print screen, used like the owner and the clerk use it: choose, preview, print, save,
send ZPL, cancel a long batch, reprint what a re-plan changed."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import sqlite_utils
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

import labels
from labels import CancelCheck, ProgressCallback
from labels.samples import sample_labels
from store import planning, print_jobs, runs
from store import settings as shop_settings
from store.documents import Document, labels_document
from store.print_jobs import LabelBatch, Placement
from store.print_papers import manifest_for_run
from store.settings import ShopSettings
from tests.labels.labels_readback import decoded_pages, page_count, page_sizes
from tests.ui.print_fixtures import ACTOR, DAY, planned_file, shop  # noqa: F401 (fixtures)
from ui.common.render_task import Work
from ui.printing.print_view import PrintView
from ui.printing.printer_output import System

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


class Outside:
    """The operating system as the screen sees it: file and print dialogs, the spooler."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.sent: list[tuple[str, bytes]] = []
        self.printed_to = folder / "printed.pdf"
        self.asked: list[str] = []

    def send_raw(self, printer: str, data: bytes) -> None:
        self.sent.append((printer, data))

    def ask_save(self, _parent: object, suggested: str, kind: str) -> Path:
        self.asked.append(suggested)
        return self.folder / f"saved.{kind}"

    def ask_printer(self, _parent: object, printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(self.printed_to))
        return True


@pytest.fixture
def outside(tmp_path: Path) -> Outside:
    folder = tmp_path / "out"
    folder.mkdir()
    return Outside(folder)


@pytest.fixture
def view(qtbot, shop, outside) -> Iterator[PrintView]:
    """The Print screen on the planned day, shown; no thread is left running after."""
    system = System(
        send_raw=outside.send_raw,
        printers=lambda: ["Office", "Zebra"],
        ask_save=outside.ask_save,
        ask_printer=outside.ask_printer,
    )
    screen = PrintView(shop, lambda: ACTOR, lambda: DAY, system=system)
    qtbot.addWidget(screen)
    screen.resize(1100, 760)
    screen.show()
    yield screen
    screen.shutdown()
    assert not screen.busy


def _day_runs(db: sqlite_utils.Database) -> list[runs.RunView]:
    return runs.runs_of_day(db, DAY)


def _choose(qtbot, view: PrintView, kind: str, run_index: int = 0) -> None:
    """Pick a run in the list (0: all runs), press the button, wait for the preview."""
    view.choices.run_box.setCurrentIndex(run_index)
    qtbot.mouseClick(view.choices.buttons[kind], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.busy)


def test_run_labels_preview_one_page_per_parcel(qtbot, view, shop) -> None:
    """Labels of one run: a page per parcel, titled with the run, ready to print."""
    run = _day_runs(shop)[1]
    _choose(qtbot, view, "labels", run_index=2)
    assert view.preview.page_count() == run.parcel_count
    assert view.title.text() == f"Labels · {run.label} · {run.parcel_count} labels"
    assert view.actions["print"].isEnabled() and view.actions["save_pdf"].isEnabled()
    assert view.preview.pages_label.text() == f"{run.parcel_count} pages"


def test_all_manifests_in_one_preview(qtbot, view, shop) -> None:
    """With "All runs" chosen, Manifest previews every run's manifest, one after another."""
    _choose(qtbot, view, "manifest")
    expected = sum(
        page_count(labels.render_manifest(manifest_for_run(shop, run.id)))
        for run in _day_runs(shop)
    )
    assert view.preview.page_count() == expected
    assert view.title.text() == f"Manifests · {len(_day_runs(shop))} runs"
    assert not view.actions["send_zpl"].isEnabled()  # a manifest is no ZPL


def test_zoom_buttons_change_the_page_size(qtbot, view) -> None:
    """+ makes pages bigger on screen, − smaller."""
    _choose(qtbot, view, "calibration")
    before = view.preview.strip.frames[0].width()
    qtbot.mouseClick(view.preview.zoom_in, Qt.MouseButton.LeftButton)
    assert view.preview.strip.frames[0].width() > before
    qtbot.mouseClick(view.preview.zoom_out, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.preview.zoom_out, Qt.MouseButton.LeftButton)
    assert view.preview.strip.frames[0].width() < before


class Gate:
    """Holds a long batch at its 10th label until the test has pressed Cancel, so the test
    knows the worker was mid-batch (no timing involved)."""

    AT = 10

    def __init__(self) -> None:
        self.reached = threading.Event()
        self.open = threading.Event()

    def hold(self, work: Work) -> Work:
        def held(progress: ProgressCallback, cancelled: CancelCheck) -> object:
            def report(done: int, total: int) -> None:
                progress(done, total)
                if done == self.AT:
                    self.reached.set()
                    self.open.wait(10)

            return work(report, cancelled)

        return held


def _long_batch(gate: Gate) -> Document:
    """500 labels, a busy day's batch, held by `gate` at its 10th label."""
    many = sample_labels(500)
    batch = LabelBatch(tuple(many), tuple(Placement(x.tracking_id, None, None) for x in many))
    document = labels_document("Labels · busy day", "labels-busy", batch, ShopSettings())
    assert document.render_zpl is not None
    return replace(
        document,
        render_pdf=gate.hold(document.render_pdf),
        render_zpl=gate.hold(document.render_zpl),
    )


def _cancel_at_the_gate(qtbot, view: PrintView, gate: Gate) -> list[int]:
    """Wait for the batch to reach the gate, press Cancel, let it go on; the labels seen."""
    seen: list[int] = []
    view.task.progressed.connect(lambda done, _total: seen.append(done))
    qtbot.waitUntil(gate.reached.is_set)
    qtbot.mouseClick(view.cancel_button, Qt.MouseButton.LeftButton)
    gate.open.set()
    qtbot.waitUntil(lambda: not view.busy)
    return seen


def test_cancel_stops_a_long_preview(qtbot, view) -> None:
    """Cancel during a 500-label batch stops it at the next label; no pages are shown and
    the screen is ready for the next choice."""
    gate = Gate()
    view.show_document(_long_batch(gate))
    seen = _cancel_at_the_gate(qtbot, view, gate)
    assert max(seen) == Gate.AT
    assert view.message.text() == "Cancelled: nothing was printed or saved."
    assert view.pdf is None and view.preview.page_count() == 0
    assert view.choices.isEnabled()


def test_cancel_while_saving_zpl_leaves_no_file(qtbot, view, outside) -> None:
    """Cancelling a 500-label ZPL file being written leaves no file, not even a part."""
    gate = Gate()
    view.document = _long_batch(gate)
    view.refresh()
    qtbot.mouseClick(view.actions["save_zpl"], Qt.MouseButton.LeftButton)
    seen = _cancel_at_the_gate(qtbot, view, gate)
    assert max(seen) == Gate.AT
    assert list(outside.folder.iterdir()) == []
    assert view.message.text() == "Cancelled: nothing was printed or saved."


def test_zpl_goes_to_the_injected_spooler(qtbot, view, shop, outside) -> None:
    """Send to thermal printer: one ZPL block per label to the chosen printer; the labels
    then count as printed, so nothing is left to reprint."""
    shop_settings.update(shop, zpl_printer="Zebra")
    run = _day_runs(shop)[0]
    _choose(qtbot, view, "labels", run_index=1)
    assert view.actions["send_zpl"].isEnabled()
    qtbot.mouseClick(view.actions["send_zpl"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.busy)
    [(printer, data)] = outside.sent
    barcodes = re.findall(r"\^BCN[^\^]*\^FH\^FD([^\^]+)\^FS", data.decode("utf-8"))
    assert printer == "Zebra"
    assert barcodes == print_jobs.labels_for_run(shop, run.id).tracking_ids
    assert view.message.text() == "Sent to Zebra"
    assert (
        len(print_jobs.changed_since_print(shop, DAY))
        == len(print_jobs.labels_for_day(shop, DAY)) - run.parcel_count
    )


def test_no_thermal_printer_means_no_send(qtbot, view) -> None:
    """Without a ZPL printer set, the send button is off and says where to set one."""
    _choose(qtbot, view, "labels", run_index=1)
    assert not view.actions["send_zpl"].isEnabled()
    assert "Settings" in view.actions["send_zpl"].toolTip()
    assert view.actions["save_zpl"].isEnabled()


def test_reprint_a_scanned_parcel_through_the_print_dialog(qtbot, view, shop, outside) -> None:
    """The clerk scans a parcel into the reprint box; Print… sends its one page to the
    printer chosen in the dialog, and the barcode on the printed page reads back."""
    tracking_id = _day_runs(shop)[0].stops[0].parcels[0]["tracking_id"]
    qtbot.keyClicks(view.choices.parcel_box, f"]C1{tracking_id.lower()}")
    qtbot.keyClick(view.choices.parcel_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not view.busy)
    assert view.preview.page_count() == 1
    qtbot.mouseClick(view.actions["print"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.busy)
    assert view.message.text() == f"Sent 1 page to {outside.printed_to}"
    assert decoded_pages(outside.printed_to.read_bytes()) == [[tracking_id]]


def test_a_scan_on_this_screen_is_a_reprint(qtbot, view, shop) -> None:
    """The scanner's Enter on the Print screen previews that parcel's label."""
    tracking_id = _day_runs(shop)[1].stops[-1].parcels[0]["tracking_id"]
    view.take_scan(f"{tracking_id}\r\n")
    qtbot.waitUntil(lambda: not view.busy)
    assert view.title.text() == f"Label · {tracking_id} · 1 label"
    assert view.preview.page_count() == 1


def test_unknown_parcel_is_said_in_words(qtbot, view) -> None:
    """A tracking id the shop does not have: a red line, no preview, no crash."""
    qtbot.keyClicks(view.choices.parcel_box, "NOPE12345")
    qtbot.keyClick(view.choices.parcel_box, Qt.Key.Key_Return)
    assert view.message.text() == "no parcel NOPE12345 in this shop"
    assert "b00020" in view.message.styleSheet()
    assert view.document is None and not view.busy


def test_save_pdf_then_reprint_changed_after_a_replan(qtbot, view, shop, outside) -> None:
    """Before anything is printed there is nothing to reprint (no count on the button); saved
    labels count as printed; after a re-plan moves parcels, "Reprint changed labels (n)"
    previews exactly those n labels."""
    assert view.choices.buttons["changed"].text() == "Reprint changed labels"
    assert not view.choices.buttons["changed"].isEnabled()
    assert view.choices.buttons["changed"].toolTip() == (
        "No label of the day was printed yet: print the labels first"
    )
    _choose(qtbot, view, "labels")
    qtbot.mouseClick(view.actions["save_pdf"], Qt.MouseButton.LeftButton)
    assert (outside.folder / "saved.pdf").read_bytes() == view.pdf
    assert outside.asked == [f"labels-{DAY}.pdf"]
    assert not view.choices.buttons["changed"].isEnabled()
    problem = planning.prepare(shop, DAY, ["Dev", "Maria"])
    planning.commit(shop, ACTOR, problem, planning.solve(problem, seconds=0.3, seed=2))
    view.refresh()
    moved = len(print_jobs.changed_since_print(shop, DAY))
    assert moved > 0
    assert view.choices.buttons["changed"].text() == f"Reprint changed labels ({moved})"
    _choose(qtbot, view, "changed")
    assert view.preview.page_count() == moved


def test_every_report_previews(qtbot, view) -> None:
    """Discrepancies, end of day, returns and the calibration label each show pages."""
    for kind in ("discrepancies", "day_summary", "returns", "calibration"):
        _choose(qtbot, view, kind)
        assert view.preview.page_count() >= 1, kind
        assert view.pdf is not None and view.message.text().startswith("Print it")


def test_a_failed_save_is_said_in_a_sentence(qtbot, view, outside, tmp_path) -> None:
    """Save PDF… into a folder that went away: one sentence naming the file and the folder,
    no "[Errno 2]", no temporary file's name."""
    _choose(qtbot, view, "calibration")
    gone = tmp_path / "usb-stick"
    outside.ask_save = lambda _parent, _suggested, kind: gone / f"calibration.{kind}"
    view.system = replace(view.system, ask_save=outside.ask_save)
    qtbot.mouseClick(view.actions["save_pdf"], Qt.MouseButton.LeftButton)
    assert view.message.text() == (
        f"calibration.pdf was not saved: the folder {gone} is not there (was it removed, or a "
        "drive unplugged?). Choose another folder or name and save again."
    )
    qtbot.mouseClick(view.actions["save_zpl"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.busy)
    assert view.message.text().startswith("calibration.zpl was not saved: the folder ")
    assert "Errno" not in view.message.text() and ".tmp" not in view.message.text()


def test_a_name_a_thermal_font_cannot_print_is_said_under_the_preview(qtbot, view, shop) -> None:
    """An Arabic name: the PDF preview prints it; the line under it says the thermal
    printer's own font would show '?' for that label (issue #10.9)."""
    tracking_id = _day_runs(shop)[1].stops[-1].parcels[0]["tracking_id"]
    shop.conn.execute(
        "UPDATE parcels SET recipient_name = 'محمد علي' WHERE tracking_id = ?", (tracking_id,)
    )
    shop.conn.commit()
    view.take_scan(tracking_id)
    qtbot.waitUntil(lambda: not view.busy)
    assert view.message.text().startswith("Print it, save it as PDF, or send it to the thermal")
    assert f"1 label ({tracking_id}) has names or addresses in a script" in view.message.text()


def test_a_label_printed_to_file_stays_four_by_six(qtbot, view, shop, outside) -> None:
    """Qt's print dialog puts its own paper (Letter) on the printer when Print to File is
    chosen; the label still goes out on a 4×6 in page (288×432 pt), not shrunk onto Letter."""
    from PySide6.QtGui import QPageLayout, QPageSize

    def dialog_with_letter(_parent: object, printer: QPrinter) -> bool:
        outside.ask_printer(_parent, printer)
        printer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.Letter),
                QPageLayout.Orientation.Portrait,
                printer.pageLayout().margins(),
            )
        )
        return True

    view.system = replace(view.system, ask_printer=dialog_with_letter)
    tracking_id = _day_runs(shop)[0].stops[0].parcels[0]["tracking_id"]
    qtbot.keyClicks(view.choices.parcel_box, tracking_id)
    qtbot.keyClick(view.choices.parcel_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not view.busy)
    qtbot.mouseClick(view.actions["print"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.busy)
    [(width, height)] = page_sizes(outside.printed_to.read_bytes())
    assert (round(width), round(height)) == (288, 432)
    assert decoded_pages(outside.printed_to.read_bytes()) == [[tracking_id]]
