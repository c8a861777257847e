"""Scanner capture: bursts become scans wherever the focus is; people type as usual."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ui.common.scanner import ScanCapture


class Form(QWidget):
    """A stand-in screen: a search field and a button."""

    def __init__(self) -> None:
        super().__init__()
        self.search = QLineEdit()
        self.button = QPushButton("Print")
        self.clicks = 0
        self.button.clicked.connect(self._clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.button)

    def _clicked(self) -> None:
        self.clicks += 1


@pytest.fixture
def form(qtbot, focus) -> Form:
    widget = Form()
    qtbot.addWidget(widget)
    focus(widget, widget.search)
    return widget


def test_burst_in_search_field_becomes_a_scan(qtbot, form, scanner):
    """A scanner burst ending with Enter is delivered whole; the search field stays empty."""
    with qtbot.waitSignal(scanner.scanned) as blocker:
        qtbot.keyClicks(form.search, "TBA123456789")
        qtbot.keyClick(form.search, Qt.Key.Key_Return)
    assert blocker.args == ["TBA123456789"]
    assert form.search.text() == ""


def test_human_typing_reaches_the_field(qtbot, form, scanner, key_clock):
    """Typing at human speed shows in the field and Enter reaches it; nothing is scanned."""
    key_clock.step = 0.2
    scans = []
    scanner.scanned.connect(scans.append)
    with qtbot.waitSignal(form.search.returnPressed):
        qtbot.keyClicks(form.search, "Olivia")
        qtbot.keyClick(form.search, Qt.Key.Key_Return)
    assert form.search.text() == "Olivia"
    assert scans == []


def test_last_human_keystroke_is_released(qtbot, form, scanner, key_clock):
    """A person's last key (with nothing after it) appears after a moment, not never."""
    key_clock.step = 0.2
    qtbot.keyClicks(form.search, "Vien")
    qtbot.waitUntil(lambda: form.search.text() == "Vien")
    assert scanner.holding == ""


def test_short_burst_is_typing(qtbot, form, scanner):
    """Fewer than four fast keys and Enter are not a scan: they reach the field."""
    scans = []
    scanner.scanned.connect(scans.append)
    with qtbot.waitSignal(form.search.returnPressed):
        qtbot.keyClicks(form.search, "ab")
        qtbot.keyClick(form.search, Qt.Key.Key_Return)
    assert form.search.text() == "ab"
    assert scans == []


def test_burst_on_a_button_does_not_press_it(qtbot, form, scanner, focus):
    """With a button focused, the scan's Enter is swallowed: the button is not pressed."""
    focus(form, form.button)
    form.button.setAutoDefault(True)
    with qtbot.waitSignal(scanner.scanned) as blocker:
        qtbot.keyClicks(form.button, "1Z999AA10123456784")
        qtbot.keyClick(form.button, Qt.Key.Key_Enter)
    assert blocker.args == ["1Z999AA10123456784"]
    assert form.clicks == 0


def test_tab_ends_a_scan_without_moving_focus(qtbot, form, scanner):
    """A scanner set to end with Tab gives the same scan; the focus stays put."""
    with qtbot.waitSignal(scanner.scanned) as blocker:
        qtbot.keyClicks(form.search, "tba5551234")
        qtbot.keyClick(form.search, Qt.Key.Key_Tab)
    assert blocker.args == ["tba5551234"]
    assert QApplication.focusWidget() is form.search


def test_control_characters_never_leak(qtbot, form, scanner):
    """A GS separator inside a burst is dropped from the scan and from the field."""
    with qtbot.waitSignal(scanner.scanned) as blocker:
        qtbot.keyClicks(form.search, "]C1")
        gs = QKeyEvent(
            QKeyEvent.Type.KeyPress,
            Qt.Key.Key_BracketRight,
            Qt.KeyboardModifier.ControlModifier,
            "\x1d",
        )
        QApplication.sendEvent(form.search, gs)
        qtbot.keyClicks(form.search, "0012345678")
        qtbot.keyClick(form.search, Qt.Key.Key_Return)
    assert blocker.args == ["]C10012345678"]
    assert form.search.text() == ""


def test_pause_inside_typing_replays_in_order(qtbot, form, scanner, key_clock):
    """Keys held back during a pause are replayed before the next ones, in order."""
    qtbot.keyClicks(form.search, "ab")
    key_clock.step = 0.5
    qtbot.keyClicks(form.search, "c")
    key_clock.step = 0.004
    qtbot.keyClicks(form.search, "d")
    qtbot.waitUntil(lambda: form.search.text() == "abcd")


def test_shortcut_keys_pass_through(qtbot, form, scanner):
    """Ctrl+A (a command, not text) reaches the field at once."""
    form.search.setText("hello")
    form.search.deselect()
    qtbot.keyClick(form.search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert form.search.selectedText() == "hello"


def test_disabled_capture_lets_everything_through(qtbot, form, scanner):
    """With capture off, even a fast burst is ordinary typing."""
    scanner.enabled = False
    qtbot.keyClicks(form.search, "TBA123456789")
    assert form.search.text() == "TBA123456789"


def test_gap_is_configurable(qtbot, form, qapp, key_clock):
    """A slower scanner (45 ms between keys) is still a scanner with a wider gap."""
    key_clock.step = 0.045
    capture = ScanCapture(key_time=key_clock, max_gap=0.06)
    qapp.installEventFilter(capture)
    try:
        with qtbot.waitSignal(capture.scanned) as blocker:
            qtbot.keyClicks(form.search, "TBA7654321")
            qtbot.keyClick(form.search, Qt.Key.Key_Return)
    finally:
        qapp.removeEventFilter(capture)
    assert blocker.args == ["TBA7654321"]
