"""The left side of the Print screen: what to print.

"Print the whole day…" (on top, big) sends every label, manifest and load sheet of the day
in one go. Or the owner picks a run (or all of today's runs) and presses Labels, Manifest or
Load sheet; "Reprint changed" redoes the labels a re-plan made wrong; the clerk scans a
parcel into the reprint box for its label again; reports and the printer's calibration
label sit below.
Every button only asks (`requested`); the screen decides what that means.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from labels.words import counted
from store.runs import RunView

#: What a button asks for; `requested` carries it with the chosen run (or the typed parcel).
KINDS = (
    "print_day",
    "labels",
    "manifest",
    "load_sheet",
    "changed",
    "parcel",
    "discrepancies",
    "day_summary",
    "returns",
    "calibration",
    "settings",
)


class PrintChoices(QWidget):
    requested = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.day_label = QLabel()
        self.day_label.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.run_box = QComboBox()
        self.buttons: dict[str, QPushButton] = {}
        runs = QGroupBox("Runs")
        grid = QGridLayout(runs)
        whole_day = self._button("print_day", "Print the whole day…")
        whole_day.setStyleSheet("font-size: 12pt; font-weight: bold; padding: 8px;")
        whole_day.setToolTip("Every label, manifest and load sheet of the day, in one go")
        grid.addWidget(whole_day, 0, 0, 1, 3)
        grid.addWidget(self.run_box, 1, 0, 1, 3)
        for index, (kind, text) in enumerate(
            (("labels", "Labels"), ("manifest", "Manifest"), ("load_sheet", "Load sheet"))
        ):
            grid.addWidget(self._button(kind, text), 2, index)
        grid.addWidget(self._button("changed", "Reprint changed labels"), 3, 0, 1, 3)
        self.parcel_box = QLineEdit()
        self.parcel_box.setPlaceholderText("Scan or type a tracking id")
        self.parcel_box.setClearButtonEnabled(True)
        one = QGroupBox("One parcel")
        row = QHBoxLayout(one)
        row.addWidget(self.parcel_box, 1)
        row.addWidget(self._button("parcel", "Label"))
        reports = QGroupBox("Reports")
        column = QVBoxLayout(reports)
        for kind, text in (
            ("discrepancies", "Check-in discrepancies"),
            ("day_summary", "End-of-day summary"),
            ("returns", "Return manifest"),
        ):
            column.addWidget(self._button(kind, text))
        printer = QGroupBox("Printer")
        row2 = QHBoxLayout(printer)
        row2.addWidget(self._button("calibration", "Calibration label"))
        row2.addWidget(self._button("settings", "Settings…"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.day_label, runs, one, reports, printer):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.parcel_box.returnPressed.connect(lambda: self._ask("parcel"))
        self.set_day(None, [], 0)

    def _button(self, kind: str, text: str) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(lambda _=False, k=kind: self._ask(k))
        self.buttons[kind] = button
        return button

    def _ask(self, kind: str) -> None:
        if not self.buttons[kind].isEnabled():
            return
        self.requested.emit(kind, self.parcel_box.text() if kind == "parcel" else self.run())

    def run(self) -> RunView | None:
        """The chosen run, or None for all of the day's runs."""
        return self.run_box.currentData()

    def set_day(
        self, day: date | None, runs: list[RunView], changed: int, printed: bool = True
    ) -> None:
        """Show the day's runs and how many labels a re-plan made wrong."""
        chosen = self.run()
        self.day_label.setText(f"Print · {day:%a %Y-%m-%d}" if day else "Print")
        self.run_box.clear()
        parcels = sum(run.parcel_count for run in runs)
        if runs:
            self.run_box.addItem(
                f"All runs ({counted(len(runs), 'run')}, {counted(parcels, 'parcel')})", None
            )
        else:
            self.run_box.addItem("No runs planned today", None)
        for run in runs:
            stops, load = counted(len(run.stops), "stop"), counted(run.parcel_count, "parcel")
            text = f"{run.label} · {stops} · {load}"
            self.run_box.addItem(text, run)
            if chosen is not None and run.id == chosen.id:
                self.run_box.setCurrentIndex(self.run_box.count() - 1)
        for kind in ("print_day", "labels", "manifest", "load_sheet"):
            self.buttons[kind].setEnabled(bool(runs))
        self.buttons["changed"].setText(
            f"Reprint changed labels ({changed})" if changed else "Reprint changed labels"
        )
        self.buttons["changed"].setEnabled(bool(changed))
        self.buttons["changed"].setToolTip(
            "Labels a re-plan made wrong since they were printed"
            if printed
            else "No label of the day was printed yet: print the labels first"
        )
