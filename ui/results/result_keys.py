"""One key per delivery result: the letters the clerk presses on the Results screen.

Delivered: D to the recipient, F at the front door, N to a neighbour, L to a locker.
Not delivered: A no access, H nobody home, R refused, U unsafe, C closed, X address not
found, B damaged (broken). T writes who took the parcel (for the next delivered result).

The letters are read by the tables themselves (`KeyTable`), not by window shortcuts: a USB
scanner types letters too, and the scanner capture holds its bursts back from the focused
widget, while a shortcut would fire on the first letter of a tracking number.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from store.codes import OUTCOME_CODES
from store.results import UNSIGNED


@dataclass(frozen=True)
class ResultKey:
    letter: str
    outcome: str  # delivered or attempted
    word: str  # how (delivered) or the reason (attempted)
    caption: str


KEYS: dict[str, ResultKey] = {
    code.letter: ResultKey(code.letter, code.outcome, code.word, code.caption)
    for code in OUTCOME_CODES
}
#: Caption of every how and reason word ("at_door" -> "Delivered at the door").
CAPTIONS = {key.word: key.caption for key in KEYS.values()}
NAME_KEY = "T"
SIGNATURE_NOTE = (
    "✍ Needs the recipient's signature: type who signed (T), then D or N. "
    "Not at the door, not in a locker."
)


class KeyTable(QTableView):
    """A table that turns the result letters into `result_key(letter)` (and T into
    `name_key()`); every other key (arrows, Page Down, Home) moves as usual."""

    result_key = Signal(str)
    name_key = Signal()

    def __init__(self, letters: str = "".join(KEYS), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._letters = letters

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text().upper()
        plain = not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
        if plain and len(text) == 1 and text in self._letters:
            self.result_key.emit(text)
        elif plain and text == NAME_KEY:
            self.name_key.emit()
        else:
            super().keyPressEvent(event)


class ResultKeys(QWidget):
    """The result buttons (each with its letter) and the 'taken by' name field."""

    chosen = Signal(str)  # a letter of KEYS
    name_done = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLineEdit()
        self.name.setPlaceholderText("Who took it (optional; T)")
        self.name.setMaxLength(80)
        self.buttons: dict[str, QPushButton] = {}
        delivered = QGroupBox("Delivered")
        attempted = QGroupBox("Not delivered: back on the shelf")
        delivered_grid = QGridLayout(delivered)
        attempted_grid = QGridLayout(attempted)
        counts = {"delivered": 0, "attempted": 0}
        per_row = {"delivered": 4, "attempted": 3}
        for letter, key in KEYS.items():
            words = key.caption.removeprefix("Not delivered: ").removeprefix("Delivered ")
            button = QPushButton(f"{letter}   {words}")
            button.setToolTip(f"{key.caption} (key {letter})")
            button.setStyleSheet("text-align: left; padding: 4px 8px;")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, chosen=letter: self.chosen.emit(chosen))
            self.buttons[letter] = button
            grid = delivered_grid if key.outcome == "delivered" else attempted_grid
            index, columns = counts[key.outcome], per_row[key.outcome]
            grid.addWidget(button, index // columns, index % columns)
            counts[key.outcome] += 1
        self.name_label = QLabel("Taken by:")
        name_row = QHBoxLayout()
        name_row.addWidget(self.name_label)
        name_row.addWidget(self.name, 1)
        delivered_grid.addLayout(name_row, 1, 0, 1, 4)
        self.signature = QLabel(SIGNATURE_NOTE)
        self.signature.setStyleSheet("color: #ffffff; background: #5b2a86; padding: 3px 6px;")
        self.signature.setWordWrap(True)
        self.signature.hide()
        delivered_grid.addWidget(self.signature, 2, 0, 1, 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(delivered)
        layout.addWidget(attempted)
        self.name.returnPressed.connect(self.name_done)

    def set_signature(self, needed: bool) -> None:
        """A stop (or parcel) that needs a signature: only into hands, with the signer's name."""
        self.signature.setVisible(needed)
        self.name_label.setText("Signed by:" if needed else "Taken by:")
        self.name.setPlaceholderText(
            "Who signed (required; T)" if needed else "Who took it (optional; T)"
        )
        for letter, key in KEYS.items():
            unsigned = key.word in UNSIGNED
            self.buttons[letter].setEnabled(not (needed and unsigned))
            tip = f"{key.caption} (key {letter})"
            if needed and unsigned:
                tip = f"Not for this stop: it needs the recipient's signature ({tip})"
            self.buttons[letter].setToolTip(tip)

    def take_name(self) -> str:
        """The name typed for the next delivered result (the field is emptied)."""
        name = self.name.text()
        self.name.clear()
        return name
