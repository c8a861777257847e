"""Scanner capture: a USB scanner's burst of keystrokes becomes one scan, wherever the focus is,
and never takes a person's typing away from a text field.

A USB barcode scanner is a keyboard that types very fast (a few ms between keys) and ends with
Enter (or Tab). Two cases:

- **The focus is in a text field** (the scan box, the Parcels search, a form): every key goes
  to the field at once, as typed; the capture only watches the pace. What a scanner types
  there lands in the field and its Enter does what Enter does there (the scan box checks in,
  a search box searches); a Tab that ends a burst is turned into Enter for the field, so a
  scanner set to end with Tab searches too instead of moving the focus. A quick typist is
  never taken for a scanner, because nothing is taken.
- **The focus is elsewhere** (a table, a button, a list, a date or number box), **or in a
  modal dialog** (a scan must never be typed into a dialog: the main window holds it until
  the dialog closes): printable key presses are held back. When they end with
  Enter/Return/Tab, number at least `min_length`, and most gaps between them are
  scanner-fast (the median at most `max_gap`), the code is emitted as `scanned` and nothing
  reaches the widget. Otherwise (a person) they are replayed in order, each within about
  `max_gap` + 10 ms of being typed.

A busy machine delays keystrokes: the window system may deliver a burst late, or in two
parts with a pause between. A scan must not be broken in two (`TBA` replayed to the widget,
`534439591430` taken as the scan), so a slow gap inside a fast burst does not end it (the
median gap of the whole run decides at its Enter), held keys are handed to the widget only by
the release timer, which waits `hold` seconds when what it holds is a fast burst, and a
release timer that fires late (the event loop was busy; keys may be queued behind it) waits
another round instead.

Key times come from the key events themselves (the window system stamps them when the key is
pressed), so a busy GUI does not make a scanner look like a person. `key_time` is injectable so
tests decide the timing.
"""

from __future__ import annotations

import statistics
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

MAX_GAP_S = 0.030
MIN_LENGTH = 4
#: How long held keys wait for the next one before they are a person's (non-text focus only).
HOLD_S = 0.150
#: A release timer this much later than asked means the event loop was busy: look again.
LATE_S = 0.010
TERMINATORS = frozenset({Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab})
_MODIFIER_KEYS = frozenset(
    {
        Qt.Key.Key_Shift,
        Qt.Key.Key_Control,
        Qt.Key.Key_Alt,
        Qt.Key.Key_AltGr,
        Qt.Key.Key_Meta,
        Qt.Key.Key_CapsLock,
        Qt.Key.Key_NumLock,
    }
)
_COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


def event_time(event: QKeyEvent) -> float:
    """When the key was pressed, in seconds: the window system's stamp, else now."""
    stamp = event.timestamp()
    return stamp / 1000 if stamp else time.monotonic()


def is_text_field(widget: QWidget | None) -> bool:
    """Widgets where typing is text: they get every key at once, never held back.

    A date or number box is not one: no tracking number belongs there, and a screen may open
    with the keyboard in it (the Runs screen's day), so a burst there is a scan; a person's
    digits are handed on as on a table."""
    if isinstance(widget, QComboBox):
        return widget.isEditable()
    if isinstance(widget, QAbstractSpinBox):
        return False
    if isinstance(widget, QLineEdit):
        return not widget.isReadOnly()
    if isinstance(widget, (QTextEdit, QPlainTextEdit)):
        return not widget.isReadOnly()
    return False


@dataclass(frozen=True)
class _HeldKey:
    key: int
    modifiers: Qt.KeyboardModifier
    text: str


class _Pace:
    """The gaps between the printable keys of the current run (by their own time stamps)."""

    def __init__(self) -> None:
        self.gaps: list[float] = []
        self.count = 0
        self.last_at: float | None = None

    def add(self, at: float) -> None:
        if self.last_at is not None:
            self.gaps.append(max(0.0, at - self.last_at))
        self.last_at = at
        self.count += 1

    def gap_to(self, at: float) -> float:
        return float("inf") if self.last_at is None else max(0.0, at - self.last_at)

    def is_burst(self, min_length: int, max_gap: float) -> bool:
        """At least `min_length` keys, most of them scanner-fast."""
        return self.count >= min_length and statistics.median(self.gaps) <= max_gap

    def reset(self) -> None:
        self.gaps.clear()
        self.count = 0
        self.last_at = None


class ScanCapture(QObject):
    """Install with `QApplication.installEventFilter`; connect `scanned` to the check-in."""

    scanned = Signal(str)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        key_time: Callable[[QKeyEvent], float] = event_time,
        max_gap: float = MAX_GAP_S,
        min_length: int = MIN_LENGTH,
        hold: float = HOLD_S,
    ) -> None:
        super().__init__(parent)
        self._key_time = key_time
        self._max_gap = max_gap
        self._min_length = min_length
        self._hold = hold
        self._held: list[_HeldKey] = []
        self._pace = _Pace()
        self._replaying = False
        self.enabled = True
        # Releases a person's last keystroke once nothing follows it (soon: typing shows at
        # once), or a fast burst's keys once it has clearly stopped (`hold`).
        self._release = QTimer(self)
        self._release.setSingleShot(True)
        self._release.setTimerType(Qt.TimerType.PreciseTimer)
        self._release.timeout.connect(self._on_release_timeout)
        self._person_ms = round(max_gap * 1000) + 10
        self._armed_at = 0.0
        self._armed_for = 0.0

    @property
    def holding(self) -> str:
        """The printable text held back right now (for tests and debugging)."""
        return "".join(held.text for held in self._held)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or self._replaying or not self.enabled:
            return False
        if not isinstance(event, QKeyEvent) or not self._is_focus_delivery(watched):
            return False
        if is_text_field(QApplication.focusWidget()) and QApplication.activeModalWidget() is None:
            return self._text_key(watched, event)
        return self._key_press(event)

    @staticmethod
    def _is_focus_delivery(watched: QObject) -> bool:
        """Only the delivery to the focused widget counts (not the window's copy of the event,
        not its propagation to parents, not a menu that grabbed the keyboard)."""
        focus = QApplication.focusWidget()
        if focus is not None:
            return watched is focus
        return isinstance(watched, QWidget) and watched.isWindow()

    # -- a text field: watch the pace, take nothing -------------------------------------------

    def _text_key(self, field: QObject, event: QKeyEvent) -> bool:
        if self._held:
            self.flush()  # keys held before the focus moved into the field go first
        key = Qt.Key(event.key())
        if key in _MODIFIER_KEYS:
            return False
        at = self._key_time(event)
        text = event.text()
        if key == Qt.Key.Key_Tab and self._ends_a_burst(event, at):
            self._pace.reset()
            self._send_return(field)
            return True  # a scanner's Tab suffix: Enter for this field, the focus stays
        if text and text.isprintable() and not event.modifiers() & _COMMAND_MODIFIERS:
            if self._pace.gap_to(at) > self._hold:
                self._pace.reset()
            self._pace.add(at)
        else:
            self._pace.reset()
        return False

    def _ends_a_burst(self, event: QKeyEvent, at: float) -> bool:
        return (
            not event.modifiers() & _COMMAND_MODIFIERS
            and self._pace.gap_to(at) <= self._hold
            and self._pace.is_burst(self._min_length, self._max_gap)
        )

    def _send_return(self, field: QObject) -> None:
        self._replaying = True
        try:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(
                    field, QKeyEvent(kind, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "\r")
                )
        finally:
            self._replaying = False

    # -- anything else: hold printable keys until the burst ends --------------------------------

    def _key_press(self, event: QKeyEvent) -> bool:
        key = Qt.Key(event.key())
        if key in _MODIFIER_KEYS:
            return False  # Shift comes with every capital letter a scanner types
        if event.isAutoRepeat():
            self.flush()
            return False
        at = self._key_time(event)
        # No "pause" rule here: had the loop been free for `hold`, the release timer would
        # have handed the held keys on already; a key that finds them still held came after
        # a busy moment, and the pace of the whole run decides at its end.
        text = event.text()
        if key in TERMINATORS:
            if self._held and self._pace.is_burst(self._min_length, self._max_gap):
                code = self.holding
                self._held.clear()
                self._pace.reset()
                self._release.stop()
                self.scanned.emit(code)
                return True
            self.flush()
            return False
        if text and text.isprintable() and not event.modifiers() & _COMMAND_MODIFIERS:
            self._held.append(_HeldKey(event.key(), event.modifiers(), text))
            self._pace.add(at)
            self._arm()
            return True
        if self._held and text and all(unicodedata.category(char) == "Cc" for char in text):
            return True  # a control character inside a scan (a GS separator): never data
        self.flush()
        return False

    def _arm(self, seconds: float | None = None) -> None:
        self._armed_at = time.monotonic()
        self._armed_for = self._person_ms / 1000 if seconds is None else seconds
        self._release.start(round(self._armed_for * 1000))

    def _on_release_timeout(self) -> None:
        if not self._held:
            return
        waited = time.monotonic() - self._armed_at
        if waited > self._armed_for + LATE_S:
            # The event loop was busy: key presses may be queued behind this timer. Look
            # again once they have been delivered, instead of breaking a scan in two.
            self._arm(self._armed_for)
            return
        fast = self._pace.count >= 2 and statistics.median(self._pace.gaps) <= self._max_gap
        if fast and self._armed_for < self._hold:
            self._arm(self._hold)  # a scanner's burst with a pause: give it time to go on
            return
        self.flush()

    def flush(self) -> None:
        """Replay the held key presses to the focused widget, as a person typed them."""
        held, self._held = self._held, []
        self._pace.reset()
        self._release.stop()
        if not held:
            return
        self._replaying = True
        try:
            for key in held:
                receiver = QApplication.focusWidget() or QApplication.activeWindow()
                if receiver is None:
                    break
                replay = QKeyEvent(QEvent.Type.KeyPress, key.key, key.modifiers, key.text)
                QApplication.sendEvent(receiver, replay)
        finally:
            self._replaying = False
