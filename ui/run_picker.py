"""Which run a screen works on: today's runs in the states the screen handles, in a list.

The list is rebuilt from `store.runs.runs_of_day` when the screen is shown or after a change,
keeping the run chosen before when it is still there.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox, QWidget

from labels.text import counted
from store.runs import RunView

STATE_WORDS = {
    "planned": "planned",
    "loading": "loading",
    "out": "out for delivery",
    "back": "back",
    "closed": "closed",
}


def run_text(run: RunView) -> str:
    state = STATE_WORDS.get(run.state, run.state)
    stops, parcels = counted(len(run.stops), "stop"), counted(run.parcel_count, "parcel")
    return f"{run.label} — {stops}, {parcels} · {state}"


class RunPicker(QComboBox):
    """`set_runs(runs)`; `run_id()` is the chosen run (None when there is none)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(44)

    def set_runs(self, runs: Sequence[RunView], empty: str) -> None:
        """Show `runs` (or the `empty` text), keeping the chosen run when it is still there."""
        keep = self.run_id()
        self.blockSignals(True)
        try:
            self.clear()
            for run in runs:
                self.addItem(run_text(run), run.id)
            if not runs:
                self.addItem(empty, None)
            found = self.findData(keep) if keep is not None else -1
            self.setCurrentIndex(max(found, 0))
        finally:
            self.blockSignals(False)
        if keep is None or found < 0:
            self.currentIndexChanged.emit(self.currentIndex())

    def run_id(self) -> int | None:
        data = self.currentData()
        return int(data) if data is not None else None

    def choose(self, run_id: int) -> bool:
        """Make `run_id` the chosen run; False when it is not in the list."""
        index = self.findData(run_id)
        if index >= 0 and index != self.currentIndex():
            self.setCurrentIndex(index)
        return index >= 0
