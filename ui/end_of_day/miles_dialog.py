"""Miles driven: the odometer's figure for each run of the day, typed in at the end of it.

One spin box per run that went out (planned miles beside it); "–" (zero on the box's left
end) means not entered. OK stores every changed figure (`store.end_of_day.record_miles`);
a refusal is said in the dialog, which stays open.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from store.end_of_day import MAX_MILES, DriverLine
from store.errors import StoreError

NOT_ENTERED = -0.1  # the spin box's lowest value, shown as "–"

Record = Callable[[int, float | None], None]


class MilesDialog(QDialog):
    def __init__(
        self, lines: Sequence[DriverLine], record: Record, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Miles driven")
        self._record = record
        self.boxes: dict[int, QDoubleSpinBox] = {}
        self._before: dict[int, float | None] = {}
        form = QFormLayout()
        for line in lines:
            box = QDoubleSpinBox()
            box.setRange(NOT_ENTERED, MAX_MILES - 0.1)
            box.setDecimals(1)
            box.setSingleStep(1.0)
            box.setSuffix(" mi")
            box.setSpecialValueText("–")
            box.setValue(NOT_ENTERED if line.miles_driven is None else line.miles_driven)
            self.boxes[line.run_id] = box
            self._before[line.run_id] = line.miles_driven
            caption = f"Run {line.run_number} · {line.driver} (planned {line.distance_mi:.1f} mi)"
            form.addRow(caption, box)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("What each driver's odometer says the run took:"))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def miles(self, run_id: int) -> float | None:
        value = self.boxes[run_id].value()
        return None if value <= NOT_ENTERED + 0.05 else round(value, 1)

    def accept(self) -> None:
        try:
            for run_id in self.boxes:
                if self.miles(run_id) != self._before[run_id]:
                    self._record(run_id, self.miles(run_id))
        except StoreError as error:
            self.error.setText(str(error))
            return
        super().accept()
