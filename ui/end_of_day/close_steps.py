"""What stands between the clerk and closing the day, as a checklist with the button that
settles each step (`store.day_close`): results still to record (on the Results screen), runs
that never left (carry them over to tomorrow), parcels that never arrived (mark them
missing). Each line is ✔ once settled; Close the day waits for all three.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QPushButton, QWidget

from labels.words import counted
from store.day_close import LeftToDo

DONE, TODO = "✔", "✖"
DONE_COLOUR, TODO_COLOUR = "#1b6e34", "#b3261e"


class CloseSteps(QGroupBox):
    """`show_left(left)`; `carry_over` and `mark_missing` when their buttons are pressed."""

    carry_over = Signal()
    mark_missing = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Before closing the day", parent)
        self.marks = [QLabel() for _ in range(3)]
        self.lines = [QLabel() for _ in range(3)]
        self.carry_button = QPushButton("Carry over to tomorrow…")
        self.missing_button = QPushButton("Mark missing…")
        grid = QGridLayout(self)
        for row, (mark, line) in enumerate(zip(self.marks, self.lines, strict=True)):
            line.setWordWrap(True)
            grid.addWidget(mark, row, 0)
            grid.addWidget(line, row, 1)
        grid.addWidget(self.carry_button, 1, 2)
        grid.addWidget(self.missing_button, 2, 2)
        grid.setColumnStretch(1, 1)
        self.carry_button.clicked.connect(self.carry_over)
        self.missing_button.clicked.connect(self.mark_missing)

    def show_left(self, left: LeftToDo) -> None:
        out = sum(len(run.parcels) for run in left.out)
        self._line(
            0,
            not left.out,
            "Every run that went out is back with its results",
            "; ".join(
                f"{run.label}: {counted(len(run.parcels), 'parcel')} still out" for run in left.out
            )
            + f" — record {'its result' if out == 1 else 'their results'} on Results (Ctrl+7)",
        )
        unsent = sum(len(run.parcels) for run in left.unsent)
        names = ", ".join(run.label for run in left.unsent)
        self._line(
            1,
            not left.unsent,
            "No run is waiting to leave",
            f"{names} never left the shop ({counted(unsent, 'parcel')}): carry "
            f"{'it' if len(left.unsent) == 1 else 'them'} over, the parcels go back on the "
            "shelf for tomorrow's plan",
        )
        missing = len(left.not_arrived)
        self._line(
            2,
            not missing,
            "Every parcel of the day's manifests arrived or is marked missing",
            f"{counted(missing, 'parcel')} of the manifest never arrived: mark "
            f"{'it' if missing == 1 else 'them'} missing (the carrier is told)",
        )
        self.carry_button.setEnabled(bool(left.unsent))
        self.missing_button.setEnabled(bool(missing))
        self.missing_button.setText(f"Mark {missing} missing…" if missing else "Mark missing…")

    def _line(self, row: int, done: bool, done_text: str, todo_text: str) -> None:
        self.marks[row].setText(DONE if done else TODO)
        self.marks[row].setStyleSheet(
            f"color: {DONE_COLOUR if done else TODO_COLOUR}; font-weight: bold; font-size: 14pt;"
        )
        self.lines[row].setText(done_text if done else todo_text)
