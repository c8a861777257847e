"""A scan while a dialog is open: held until the dialog is closed, never fed into it and never
changing what the dialog was opened for (issue 11, item 1)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from store import planning
from tests.labels.labels_readback import page_count
from ui.printing import printer_output
from ui.printing.print_view import PrintView
from ui.printing.printer_output import System
from ui.window import main_window

EXPECTED = "status = 'expected' AND hold IS NULL"


def scanner_types(qtbot, code: str) -> None:
    """A scanner burst and Enter into whatever has the keyboard focus now."""
    target = QApplication.focusWidget()
    assert target is not None
    qtbot.keyClicks(target, code)
    qtbot.keyClick(target, Qt.Key.Key_Return)


@pytest.fixture
def planned_window(window, monkeypatch, tmp_path):
    """The console on the demo day with runs planned; the Print screen's print dialog is the
    system's own, with "print to file" pointing at `printed.pdf`."""
    session = window.session
    problem = planning.prepare(session.db, session.today(), None)
    planning.commit(session.db, session.actor, problem, planning.solve(problem, seconds=0.3))
    printed = tmp_path / "printed.pdf"

    def real_dialog_to_file(parent: QWidget, printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return printer_output.ask_printer(parent, printer)  # QPrintDialog(...).exec()

    def print_view(s) -> PrintView:
        return PrintView(
            s.db, lambda: s.actor, s.today, system=System(ask_printer=real_dialog_to_file)
        )

    monkeypatch.setattr(main_window, "_print_view", print_view)
    window.printed = printed
    return window


def test_a_scan_in_the_print_dialog_does_not_change_what_is_printed(qtbot, planned_window, peek):
    """Print › Manifest › Print…, a parcel scanned, Print: the manifest is printed, whole; the
    scan waits, then shows its label once the dialog is gone."""
    window = planned_window
    qtbot.keyClick(window.checkin.scan_box, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    view = window.printing.page()
    qtbot.mouseClick(view.choices.buttons["manifest"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.busy and view.pdf is not None, timeout=20_000)
    manifest = view.pdf
    parcel = peek.ids(EXPECTED)[0]
    seen: dict[str, object] = {}

    def in_the_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QPrintDialog)
        dialog.activateWindow()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
        scanner_types(qtbot, parcel)
        seen["held"] = list(window.held_scans)
        seen["status"] = window.statusBar().currentMessage()
        print_button = next(
            b for b in dialog.findChildren(QAbstractButton) if b.text().replace("&", "") == "Print"
        )
        qtbot.mouseClick(print_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(300, in_the_dialog)
    qtbot.mouseClick(view.actions["print"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.busy, timeout=20_000)
    assert seen["held"] == [parcel]
    assert "waiting until" in str(seen["status"])
    printed = window.printed.read_bytes()
    assert page_count(printed) == page_count(manifest)
    # The held scan is answered once the dialog is closed: its label on show, nothing printed.
    qtbot.waitUntil(lambda: not window.held_scans and view.title.text().startswith("Label"))
    qtbot.waitUntil(lambda: not view.busy)
    assert parcel in view.title.text()
    assert page_count(window.printed.read_bytes()) == page_count(manifest)
    assert peek.status(parcel)[0] == "expected"  # the Print screen does not check parcels in
    assert "held" in window._sounds.played


def test_a_scan_behind_a_settings_dialog_waits_for_it(qtbot, window, peek):
    """Shop › Settings open on Check-in: a scan changes nothing until the dialog is closed,
    then it is checked in as usual."""
    parcel = peek.ids(EXPECTED)[0]
    window.actions["settings"].trigger()
    dialog = window.dialog
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is dialog)
    focused = QApplication.focusWidget()
    before = focused.text() if hasattr(focused, "text") else None
    scanner_types(qtbot, parcel)
    assert peek.status(parcel)[0] == "expected"
    assert window.held_scans == [parcel]
    if before is not None:
        assert focused.text() == before  # nothing typed into the dialog's field
    dialog.reject()
    qtbot.waitUntil(lambda: peek.status(parcel)[0] == "received")
    assert window.checkin.panel.title.text() == "Received"
    assert window.held_scans == []


def test_the_dialog_that_asks_for_scans_still_gets_them(qtbot, window, peek):
    """A modal dialog with its own `take_scan` is handed the scan at once."""

    class Asking(QWidget):
        def __init__(self) -> None:
            super().__init__(window, Qt.WindowType.Dialog)
            self.taken: list[str] = []
            self.setWindowModality(Qt.WindowModality.WindowModal)

        def take_scan(self, code: str) -> None:
            self.taken.append(code)

    asking = Asking()
    asking.show()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is asking)
    window.route_scan("TBA000000000001")
    assert asking.taken == ["TBA000000000001"] and window.held_scans == []
    asking.close()


def test_a_failed_save_is_a_sentence(qtbot, tmp_path: Path):
    """Saving into a folder that is gone names the file and the folder, not a temporary file."""
    from labels.files import SaveFailed, write_atomically

    target = tmp_path / "gone" / "manifest.pdf"
    with pytest.raises(SaveFailed) as failed:
        write_atomically(target, b"%PDF")
    text = str(failed.value)
    assert text.startswith("manifest.pdf was not saved: the folder")
    assert str(tmp_path / "gone") in text and ".tmp" not in text and "Errno" not in text
