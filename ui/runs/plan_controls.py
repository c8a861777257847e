"""The left column of the Runs screen: which day, which drivers, how long to plan, and Plan.

While a plan is being made the column shows the search's progress (time used and the best
distance so far) with a Cancel button, and the choices are locked until it ends.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

import routing
from store.drivers import Driver
from ui.common.dates import to_date

MAX_BUDGET_S = 600


class PlanControls(QWidget):
    dayChanged = Signal(object)  # datetime.date
    planClicked = Signal()
    cancelClicked = Signal()
    driversClicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("ddd d MMM yyyy")
        self.driver_boxes: dict[str, QCheckBox] = {}
        self.away: dict[str, str] = {}  # drivers out on a run: name -> why they cannot plan
        self.closed = ""  # why the day cannot be planned again (closed), or ""
        self._driver_layout = QVBoxLayout()
        self.drivers_button = QPushButton("Drivers…")
        self.drivers_button.setToolTip("Add a driver, change a car or a shift")
        self.budget = QSpinBox()
        self.budget.setRange(1, MAX_BUDGET_S)
        self.budget.setSuffix(" s")
        self.budget.setToolTip("How long the planner may search; longer can save a few miles")
        self.plan_button = QPushButton("Plan")
        self.plan_button.setDefault(True)
        self.plan_button.setMinimumHeight(34)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress_label = QLabel()
        self.progress_label.setWordWrap(True)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop planning; the saved plan stays as it was")
        self._lay_out()
        self.set_planning(False)
        self.day.dateChanged.connect(lambda d: self.dayChanged.emit(to_date(d)))
        self.plan_button.clicked.connect(self.planClicked)
        self.cancel_button.clicked.connect(self.cancelClicked)
        self.drivers_button.clicked.connect(self.driversClicked)

    def _lay_out(self) -> None:
        drivers = QGroupBox("Drivers today")
        inner = QVBoxLayout(drivers)
        inner.addLayout(self._driver_layout)
        inner.addWidget(self.drivers_button)
        budget_row = QHBoxLayout()
        budget_row.addWidget(QLabel("Plan for up to"))
        budget_row.addWidget(self.budget)
        budget_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Day"))
        layout.addWidget(self.day)
        layout.addWidget(drivers)
        layout.addLayout(budget_row)
        layout.addWidget(self.plan_button)
        layout.addWidget(self.progress)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.cancel_button)
        layout.addStretch(1)
        self.setFixedWidth(220)

    def set_day(self, day: date) -> None:
        self.day.setDate(QDate(day.year, day.month, day.day))

    def current_day(self) -> date:
        return to_date(self.day.date())

    def set_drivers(
        self, drivers: list[Driver], checked: set[str] | None, away: dict[str, str] | None = None
    ) -> None:
        """Show the drivers as check boxes; `checked` None keeps the previous choice (and
        ticks drivers just added). Drivers `away` (name: why) cannot be ticked."""
        if away is not None:
            self.away = away
        known = set(self.driver_boxes)
        before = {name for name, box in self.driver_boxes.items() if box.isChecked()}
        for box in self.driver_boxes.values():
            self._driver_layout.removeWidget(box)
            box.deleteLater()
        self.driver_boxes = {}
        wanted = (
            checked
            if checked is not None
            else before | {d.name for d in drivers if d.name not in known}
        )
        for driver in drivers:
            weight = f" · {driver.capacity_weight_lb:g} lb" if driver.capacity_weight_lb else ""
            box = QCheckBox(
                f"{driver.name}\n{driver.capacity_parcels} parcels{weight} · "
                f"{driver.shift_start}–{driver.shift_end}"
            )
            box.setChecked(driver.name in wanted or not wanted)
            if driver.name in self.away:
                box.setChecked(False)
                box.setEnabled(False)
                box.setToolTip(self.away[driver.name])
            self._driver_layout.addWidget(box)
            self.driver_boxes[driver.name] = box

    def chosen_drivers(self) -> list[str]:
        return [name for name, box in self.driver_boxes.items() if box.isChecked()]

    def set_plan_label(self, planned: bool, locked: bool) -> None:
        text = "Plan"
        if planned:
            text = "Re-plan around locks" if locked else "Re-plan"
        self.plan_button.setText(text)
        self.plan_button.setToolTip(
            "Locked stops and runs stay as they are; the rest is planned again"
            if locked
            else "Plan the day's runs for the drivers ticked above"
        )

    def set_closed(self, why: str) -> None:
        """A closed day is not planned again: the button off, `why` in its tooltip ("": the
        day is open)."""
        self.closed = why
        self.plan_button.setEnabled(not why)
        if why:
            self.plan_button.setToolTip(why)

    def set_planning(self, planning: bool) -> None:
        """Lock the choices while a plan is made; show progress and Cancel meanwhile."""
        for widget in (self.day, self.drivers_button, self.budget, self.plan_button):
            widget.setEnabled(not planning)
        self.plan_button.setEnabled(not planning and not self.closed)
        for name, box in self.driver_boxes.items():
            box.setEnabled(not planning and name not in self.away)
        self.progress.setVisible(planning)
        self.cancel_button.setVisible(planning)
        self.cancel_button.setEnabled(planning)
        if planning:
            self.progress.setRange(0, 0)  # busy until the search reports its first figures
            self.progress_label.setText("Starting the planner…")

    def show_progress(self, progress: routing.Progress) -> None:
        share = progress.elapsed_s / progress.budget_s if progress.budget_s else 0.0
        self.progress.setRange(0, 1000)
        self.progress.setValue(round(1000 * min(1.0, share)))
        if progress.best_distance_mi is None:
            best = "looking for a plan that fits everyone's shift"
        else:
            best = f"best so far {progress.best_distance_mi:.1f} mi"
        self.progress_label.setText(
            f"{progress.elapsed_s:.0f} of {progress.budget_s:.0f} s · {best}"
        )
