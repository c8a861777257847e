"""A scanner burst on a screen that does not take scans itself is checked in, whatever has the
keyboard when the screen opens (issue 11, item 3: the capture never loses a scan)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

EXPECTED = "status = 'expected' AND hold IS NULL"


@pytest.mark.parametrize("title", ["Today", "Runs", "End of day"])
def test_a_scan_on_a_screen_as_it_opens_is_checked_in(qtbot, window, peek, title):
    """Open the screen, scan at once: the parcel is received and Check-in shows it."""
    parcel = peek.ids(EXPECTED)[0]
    page = next(page for name, page in window.pages if name == title)
    window.show_page(page)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    target = QApplication.focusWidget()
    qtbot.keyClicks(target, parcel)
    qtbot.keyClick(target, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: peek.status(parcel)[0] == "received")
    assert window.checkin.panel.title.text() == "Received"
