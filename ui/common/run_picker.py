"""Which run a screen works on: today's runs in the states the screen handles, in a list.

The list is rebuilt from `store.runs.runs_of_day` when the screen is shown or after a change,
keeping the run chosen before when it is still there. Each run shows its state as it is now:
a screen that moves a run along (loading starts, the last result brings it back) says so
with `show_state`. A run of another day (one still out from yesterday, on the Results
screen) shows its date first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from PySide6.QtWidgets import QComboBox, QWidget

from labels.words import counted
from store.runs import RunView

STATE_WORDS = {
    "planned": "planned",
    "loading": "loading",
    "out": "out for delivery",
    "back": "back",
    "closed": "closed",
}


def run_text(run: RunView, today: date | None = None) -> str:
    state = STATE_WORDS.get(run.state, run.state)
    stops, parcels = counted(len(run.stops), "stop"), counted(run.parcel_count, "parcel")
    day = date.fromisoformat(run.plan_date)
    when = f"{day:%a %m-%d} · " if today is not None and day != today else ""
    return f"{when}{run.label} — {stops}, {parcels} · {state}"


class RunPicker(QComboBox):
    """`set_runs(runs)`; `run_id()` is the chosen run (None when there is none)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(44)
        self._runs: dict[int, RunView] = {}
        self._today: date | None = None

    def set_runs(self, runs: Sequence[RunView], empty: str, today: date | None = None) -> None:
        """Show `runs` (or the `empty` text), keeping the chosen run when it is still there;
        given `today`, a run of another day is shown with its date."""
        keep = self.run_id()
        self._runs, self._today = {run.id: run for run in runs}, today
        self.blockSignals(True)
        try:
            self.clear()
            for run in runs:
                self.addItem(run_text(run, today), run.id)
            if not runs:
                self.addItem(empty, None)
            found = self.findData(keep) if keep is not None else -1
            self.setCurrentIndex(max(found, 0))
        finally:
            self.blockSignals(False)
        if keep is None or found < 0:
            self.currentIndexChanged.emit(self.currentIndex())

    def show_state(self, run_id: int, state: str) -> None:
        """A run moved along (planned → loading, out → back): its line says so."""
        run, index = self._runs.get(run_id), self.findData(run_id)
        if run is None or index < 0 or run.state == state:
            return
        self._runs[run_id] = replace(run, state=state)
        self.setItemText(index, run_text(self._runs[run_id], self._today))

    def run_id(self) -> int | None:
        data = self.currentData()
        return int(data) if data is not None else None

    def choose(self, run_id: int) -> bool:
        """Make `run_id` the chosen run; False when it is not in the list."""
        index = self.findData(run_id)
        if index >= 0 and index != self.currentIndex():
            self.setCurrentIndex(index)
        return index >= 0
