"""Scanner capture: bursts become scans wherever the focus is; people type as usual; a text
field's typing is never taken; a busy machine never splits a code."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ui.common.scanner import ScanCapture


class KeyLog(QWidget):
    """A widget that takes focus and writes down the text of every key it gets (a table's
    type-ahead, the Results screen's letter keys)."""

    def __init__(self) -> None:
        super().__init__()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.typed = ""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self.typed += event.text()


class Form(QWidget):
    """A stand-in screen: a search field, a button and a key-taking widget."""

    def __init__(self) -> None:
        super().__init__()
        self.search = QLineEdit()
        self.button = QPushButton("Print")
        self.keys = KeyLog()
        self.clicks = 0
        self.searches: list[str] = []
        self.button.clicked.connect(self._clicked)
        self.search.returnPressed.connect(lambda: self.searches.append(self.search.text()))
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.button)
        layout.addWidget(self.keys)

    def _clicked(self) -> None:
        self.clicks += 1


@pytest.fixture
def form(qtbot, focus) -> Form:
    widget = Form()
    qtbot.addWidget(widget)
    focus(widget, widget.search)
    return widget


def test_burst_on_a_table_becomes_a_scan(qtbot, form, scanner, focus):
    """A scanner burst ending with Enter is delivered whole; the widget gets none of it."""
    focus(form, form.keys)
    with qtbot.waitSignal(scanner.scanned) as blocker:
        qtbot.keyClicks(form.keys, "TBA123456789")
        qtbot.keyClick(form.keys, Qt.Key.Key_Return)
    assert blocker.args == ["TBA123456789"]
    assert form.keys.typed == ""


def test_burst_in_a_search_field_searches(qtbot, form, scanner):
    """A scanner burst in a text field is the field's: the code is in it and Enter searches."""
    scans = []
    scanner.scanned.connect(scans.append)
    qtbot.keyClicks(form.search, "TBA123456789")
    qtbot.keyClick(form.search, Qt.Key.Key_Return)
    assert form.searches == ["TBA123456789"]
    assert scans == []


@pytest.mark.parametrize("step", [0.004, 0.012, 0.025, 0.06])
def test_a_quick_typist_is_never_taken_for_a_scan(qtbot, form, scanner, key_clock, step):
    """Typing into the search box, however fast: every key shows at once, Enter searches."""
    key_clock.step = step
    scans = []
    scanner.scanned.connect(scans.append)
    for char in "Okafor":
        qtbot.keyClicks(form.search, char)
        assert form.search.text().endswith(char)  # at once, not held back
    qtbot.keyClick(form.search, Qt.Key.Key_Return)
    assert form.searches == ["Okafor"]
    assert scans == []


def test_human_typing_reaches_a_key_taking_widget(qtbot, form, scanner, key_clock, focus):
    """Typing at human speed on a table reaches it; nothing is scanned."""
    focus(form, form.keys)
    key_clock.step = 0.2
    scans = []
    scanner.scanned.connect(scans.append)
    qtbot.keyClicks(form.keys, "Olivia")
    qtbot.keyClick(form.keys, Qt.Key.Key_Return)
    assert form.keys.typed == "Olivia\r"
    assert scans == []


def test_last_human_keystroke_is_released(qtbot, form, scanner, key_clock, focus):
    """A person's last key (with nothing after it) arrives after a moment, not never."""
    focus(form, form.keys)
    key_clock.step = 0.2
    qtbot.keyClicks(form.keys, "d")
    qtbot.waitUntil(lambda: form.keys.typed == "d")
    assert scanner.holding == ""


def test_short_burst_is_typing(qtbot, form, scanner, focus):
    """Fewer than four fast keys and Enter are not a scan: they reach the widget."""
    focus(form, form.keys)
    scans = []
    scanner.scanned.connect(scans.append)
    qtbot.keyClicks(form.keys, "ab")
    qtbot.keyClick(form.keys, Qt.Key.Key_Return)
    assert form.keys.typed == "ab\r"
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


def test_tab_ends_a_scan_without_moving_focus(qtbot, form, scanner, focus):
    """A scanner set to end with Tab gives the same scan; the focus stays put."""
    focus(form, form.keys)
    with qtbot.waitSignal(scanner.scanned) as blocker:
        qtbot.keyClicks(form.keys, "tba5551234")
        qtbot.keyClick(form.keys, Qt.Key.Key_Tab)
    assert blocker.args == ["tba5551234"]
    assert QApplication.focusWidget() is form.keys


def test_a_tab_ending_a_burst_in_a_search_field_searches(qtbot, form, scanner):
    """A Tab-suffix scanner in the search box searches; the focus does not jump away."""
    qtbot.keyClicks(form.search, "tba5551234")
    qtbot.keyClick(form.search, Qt.Key.Key_Tab)
    assert form.searches == ["tba5551234"]
    assert QApplication.focusWidget() is form.search


def test_a_person_pressing_tab_in_a_field_moves_on(qtbot, form, scanner, key_clock):
    """Tab after typing at human speed moves the focus as usual."""
    key_clock.step = 0.2
    qtbot.keyClicks(form.search, "Vienna")
    qtbot.keyClick(form.search, Qt.Key.Key_Tab)
    assert form.searches == []
    assert QApplication.focusWidget() is not form.search


def test_control_characters_never_leak(qtbot, form, scanner, focus):
    """A GS separator inside a burst is dropped from the scan and from the widget."""
    focus(form, form.keys)
    with qtbot.waitSignal(scanner.scanned) as blocker:
        qtbot.keyClicks(form.keys, "]C1")
        gs = QKeyEvent(
            QKeyEvent.Type.KeyPress,
            Qt.Key.Key_BracketRight,
            Qt.KeyboardModifier.ControlModifier,
            "\x1d",
        )
        QApplication.sendEvent(form.keys, gs)
        qtbot.keyClicks(form.keys, "0012345678")
        qtbot.keyClick(form.keys, Qt.Key.Key_Return)
    assert blocker.args == ["]C10012345678"]
    assert form.keys.typed == ""


def test_pause_inside_typing_replays_in_order(qtbot, form, scanner, key_clock, focus):
    """Keys held back during a pause are replayed before the next ones, in order."""
    focus(form, form.keys)
    qtbot.keyClicks(form.keys, "ab")
    key_clock.step = 0.5
    qtbot.keyClicks(form.keys, "c")
    key_clock.step = 0.004
    qtbot.keyClicks(form.keys, "d")
    qtbot.waitUntil(lambda: form.keys.typed == "abcd")


def test_one_slow_gap_does_not_split_a_burst(qtbot, form, scanner, key_clock, focus):
    """A burst with one 120 ms hiccup (a busy machine) is still one scan, nothing leaks."""
    focus(form, form.keys)
    scans = []
    scanner.scanned.connect(scans.append)
    qtbot.keyClicks(form.keys, "TBA")
    key_clock.step = 0.12
    qtbot.keyClicks(form.keys, "5")
    key_clock.step = 0.004
    qtbot.keyClicks(form.keys, "34439591430")
    qtbot.keyClick(form.keys, Qt.Key.Key_Return)
    assert scans == ["TBA534439591430"]
    assert form.keys.typed == ""


def test_shortcut_keys_pass_through(qtbot, form, scanner):
    """Ctrl+A (a command, not text) reaches the field at once."""
    form.search.setText("hello")
    form.search.deselect()
    qtbot.keyClick(form.search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert form.search.selectedText() == "hello"


def test_disabled_capture_lets_everything_through(qtbot, form, scanner, focus):
    """With capture off, even a fast burst is ordinary typing."""
    focus(form, form.keys)
    scanner.enabled = False
    qtbot.keyClicks(form.keys, "TBA123456789")
    assert form.keys.typed == "TBA123456789"


def test_gap_is_configurable(qtbot, form, qapp, key_clock, focus):
    """A slower scanner (45 ms between keys) is still a scanner with a wider gap."""
    key_clock.step = 0.045
    capture = ScanCapture(key_time=key_clock, max_gap=0.06)
    qapp.installEventFilter(capture)
    focus(form, form.keys)
    try:
        with qtbot.waitSignal(capture.scanned) as blocker:
            qtbot.keyClicks(form.keys, "TBA7654321")
            qtbot.keyClick(form.keys, Qt.Key.Key_Return)
    finally:
        qapp.removeEventFilter(capture)
    assert blocker.args == ["TBA7654321"]


def _post_keys(widget: QWidget, text: str, start_ms: int, step_ms: int) -> int:
    """Queue key presses as the window system does: stamped when typed, delivered later."""
    stamp = start_ms
    for char in text:
        key = Qt.Key.Key_Return if char == "\r" else Qt.Key(ord(char.upper()))
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, char)
            event.setTimestamp(stamp)
            QCoreApplication.postEvent(widget, event)
        stamp += step_ms
    return stamp


@pytest.mark.parametrize("busy_ms", [45, 80, 160, 400])
def test_gui_blocked_between_keystrokes_never_splits_a_code(qtbot, qapp, form, focus, busy_ms):
    """The GUI thread blocked between two keystrokes of a burst (a repaint, a slow query), with
    keys stamped as they are delivered: one scan, `TBA` never reaches the widget."""
    focus(form, form.keys)
    capture = ScanCapture()  # the real clock
    qapp.installEventFilter(capture)
    scans = []
    capture.scanned.connect(scans.append)
    try:
        qtbot.keyClicks(form.keys, "TBA")
        time.sleep(busy_ms / 1000)  # busy: no event, no timer runs
        qtbot.keyClicks(form.keys, "534439591430")
        qtbot.keyClick(form.keys, Qt.Key.Key_Return)
        qtbot.wait(200)
    finally:
        qapp.removeEventFilter(capture)
        capture.deleteLater()
    assert scans == ["TBA534439591430"]
    assert form.keys.typed == ""


@pytest.mark.parametrize("busy_ms", [45, 80, 160, 400])
def test_keys_queued_behind_a_busy_loop_stay_one_scan(qtbot, qapp, form, focus, busy_ms):
    """The GUI thread blocked between keystrokes (a repaint, a slow query): the keys typed
    meanwhile are queued and come late; the code is still one scan, `TBA` never leaks."""
    focus(form, form.keys)
    capture = ScanCapture()  # the real clock: the key events' own stamps
    qapp.installEventFilter(capture)
    scans = []
    capture.scanned.connect(scans.append)
    try:
        start = int(time.monotonic() * 1000)
        after = _post_keys(form.keys, "TBA", start, 4)
        qapp.processEvents()  # TBA delivered and held; the release timer runs

        def busy_then_type() -> None:
            _post_keys(form.keys, "534439591430\r", after, 4)  # typed during the block
            time.sleep(busy_ms / 1000)

        QTimer.singleShot(0, busy_then_type)
        qtbot.waitUntil(lambda: bool(scans or form.keys.typed), timeout=3000)
        qtbot.wait(250)
    finally:
        qapp.removeEventFilter(capture)
        capture.deleteLater()
    assert scans == ["TBA534439591430"]
    assert form.keys.typed == ""


@pytest.mark.parametrize("pause_ms", [60, 100])
def test_a_real_pause_inside_a_burst_waits_for_the_rest(qtbot, qapp, form, focus, pause_ms):
    """The keyboard stream itself pauses (a busy machine, a typer descheduled) while the event
    loop runs its timers: the fast keys held so far wait for the rest, one scan."""
    focus(form, form.keys)
    capture = ScanCapture()
    qapp.installEventFilter(capture)
    scans = []
    capture.scanned.connect(scans.append)
    try:
        qtbot.keyClicks(form.keys, "TBA")
        qtbot.wait(pause_ms)  # the release timer runs meanwhile
        qtbot.keyClicks(form.keys, "534439591430")
        qtbot.keyClick(form.keys, Qt.Key.Key_Return)
        qtbot.wait(200)
    finally:
        qapp.removeEventFilter(capture)
        capture.deleteLater()
    assert scans == ["TBA534439591430"]
    assert form.keys.typed == ""


def test_a_burst_into_a_date_or_number_box_is_a_scan(qtbot, scanner, focus):
    """A date or number box (the Runs screen's day, opened with the keyboard in it) is not a
    place for a tracking number: a burst there is a scan, and the box keeps its value."""
    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QDateEdit, QSpinBox

    box = QWidget()
    day, seconds = QDateEdit(QDate(2026, 12, 5)), QSpinBox()
    seconds.setValue(3)
    layout = QVBoxLayout(box)
    layout.addWidget(day)
    layout.addWidget(seconds)
    qtbot.addWidget(box)
    for field in (day, seconds):
        focus(box, field)
        with qtbot.waitSignal(scanner.scanned) as blocker:
            qtbot.keyClicks(field, "TBA534439591437")
            qtbot.keyClick(field, Qt.Key.Key_Return)
        assert blocker.args == ["TBA534439591437"]
    assert (day.date(), seconds.value()) == (QDate(2026, 12, 5), 3)


def test_a_person_still_types_into_a_number_box(qtbot, scanner, key_clock, focus):
    """Digits typed by hand into a number box reach it, in order."""
    from PySide6.QtWidgets import QSpinBox

    seconds = QSpinBox()
    qtbot.addWidget(seconds)
    focus(seconds, seconds)
    seconds.selectAll()
    key_clock.step = 0.2
    qtbot.keyClicks(seconds, "12")
    qtbot.waitUntil(lambda: seconds.text() == "12")
