"""Scanner capture: a USB scanner's burst of keystrokes becomes one scan, wherever the focus is.

A USB barcode scanner is a keyboard that types very fast (a few ms between keys) and ends with
Enter (or Tab). `ScanCapture` is an application-wide event filter that holds back printable
key presses for a moment: when they keep coming faster than a person types and end with
Enter/Return/Tab, the whole code is emitted as `scanned` and nothing reaches the focused widget
(the Parcels search field, a button, a dialog). When the keys turn out to be typed by a person
(a pause longer than `max_gap`, fewer than `min_length` characters, another key), they are
replayed to the focused widget in order, so typing at human speed works as usual. Control
characters inside a burst (GS separators, stray CR) are dropped, never passed on as data.

Key times come from the key events themselves (the window system stamps them when the key is
pressed), so a busy moment of the GUI does not make a scanner look like a person. `key_time` is
injectable so tests decide the timing.
"""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

MAX_GAP_S = 0.030
MIN_LENGTH = 4
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


@dataclass(frozen=True)
class _HeldKey:
    key: int
    modifiers: Qt.KeyboardModifier
    text: str


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
    ) -> None:
        super().__init__(parent)
        self._key_time = key_time
        self._max_gap = max_gap
        self._min_length = min_length
        self._held: list[_HeldKey] = []
        self._last_at = 0.0
        self._replaying = False
        self.enabled = True
        # Releases a person's last keystroke once nothing follows it.
        self._release = QTimer(self)
        self._release.setSingleShot(True)
        self._release.setInterval(round(max_gap * 1000) + 10)
        self._release.timeout.connect(self._on_release_timeout)
        self._armed_at = 0.0

    @property
    def holding(self) -> str:
        """The printable text held back right now (for tests and debugging)."""
        return "".join(held.text for held in self._held)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or self._replaying or not self.enabled:
            return False
        if not self._is_focus_delivery(watched):
            return False
        return self._key_press(event)  # type: ignore[arg-type]

    @staticmethod
    def _is_focus_delivery(watched: QObject) -> bool:
        """Only the delivery to the focused widget counts (not the window's copy of the event,
        not its propagation to parents, not a menu that grabbed the keyboard)."""
        focus = QApplication.focusWidget()
        if focus is not None:
            return watched is focus
        return isinstance(watched, QWidget) and watched.isWindow()

    def _key_press(self, event: QKeyEvent) -> bool:
        key = Qt.Key(event.key())
        if key in _MODIFIER_KEYS:
            return False  # Shift comes with every capital letter a scanner types
        if event.isAutoRepeat():
            self.flush()
            return False
        at = self._key_time(event)
        in_burst = bool(self._held) and max(0.0, at - self._last_at) <= self._max_gap
        if self._held and not in_burst:
            self.flush()  # a pause: a person typed what we held
        text = event.text()
        if key in TERMINATORS:
            if in_burst and len(self._held) >= self._min_length:
                code = self.holding
                self._held.clear()
                self._release.stop()
                self.scanned.emit(code)
                return True
            self.flush()
            return False
        if text and text.isprintable() and not event.modifiers() & _COMMAND_MODIFIERS:
            self._held.append(_HeldKey(event.key(), event.modifiers(), text))
            self._last_at = at
            self._arm()
            return True
        if in_burst and text and all(unicodedata.category(char) == "Cc" for char in text):
            self._last_at = at  # a control character inside a scan: never data
            return True
        self.flush()
        return False

    def _arm(self) -> None:
        self._armed_at = time.monotonic()
        self._release.start()

    def _on_release_timeout(self) -> None:
        if not self._held:
            return
        late = time.monotonic() - self._armed_at > 2 * self._release.interval() / 1000
        if late:
            # The GUI was busy: key presses may be queued behind this timer. Look again once
            # they have been delivered, instead of breaking a scan in two.
            self._arm()
            return
        self.flush()

    def flush(self) -> None:
        """Replay the held key presses to the focused widget, as a person typed them."""
        held, self._held = self._held, []
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
