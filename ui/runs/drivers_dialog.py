"""The shop's drivers: add one, change a car's capacity or a shift, take one off the list.

The dialog gets its three store functions as arguments (list, save, remove), so it holds no
database and tests can watch what it asks for. The rules live in `store.drivers.validate`;
a refusal is shown in red next to the field it is about.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTime, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from store.drivers import Driver
from store.errors import StoreError

#: Which field a refusal from store.drivers is about, by how its message starts.
FIELD_OF_MESSAGE = (
    ("driver name", "name"),
    ("capacity", "capacity"),
    ("weight capacity", "weight"),
    ("shift start", "start"),
    ("shift end", "end"),
)

FIELD_WIDTHS = {"name": 240, "capacity": 120, "weight": 120, "start": 90, "end": 90}


def describe(driver: Driver) -> str:
    weight = f", {driver.capacity_weight_lb:g} lb" if driver.capacity_weight_lb else ""
    return (
        f"{driver.name} — {driver.capacity_parcels} parcels{weight}, "
        f"{driver.shift_start}–{driver.shift_end}"
    )


class DriversDialog(QDialog):
    changed = Signal()  # a driver was saved or removed

    def __init__(
        self,
        list_drivers: Callable[[], list[Driver]],
        save_driver: Callable[..., Driver],
        remove_driver: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Drivers")
        self._list_drivers, self._save, self._remove = list_drivers, save_driver, remove_driver
        self.drivers: list[Driver] = []
        self.listing = QListWidget()
        self.name = QLineEdit()
        self.name.setPlaceholderText("first name or nickname, as on the manifest")
        self.capacity = QSpinBox()
        self.capacity.setRange(1, 1000)
        self.capacity.setValue(50)
        self.capacity.setSuffix(" parcels")
        self.weight = QLineEdit()
        self.weight.setPlaceholderText("optional, lb")
        self.start, self.end = QTimeEdit(QTime(9, 0)), QTimeEdit(QTime(17, 0))
        for edit in (self.start, self.end):
            edit.setDisplayFormat("HH:mm")
        self.errors = {key: self._error_label() for _, key in FIELD_OF_MESSAGE}
        self.save_button = QPushButton("Save driver")
        self.new_button = QPushButton("New")
        self.remove_button = QPushButton("Remove from list")
        self.remove_button.setToolTip(
            "The driver stays in past runs; saving the same name again brings them back"
        )
        self._lay_out()
        self._connect_signals()
        self.refresh()

    @staticmethod
    def _error_label() -> QLabel:
        label = QLabel()
        label.setStyleSheet("color: #c62828;")
        label.setWordWrap(True)
        label.hide()
        return label

    def _lay_out(self) -> None:
        form = QFormLayout()
        for title, key, field in (
            ("Name", "name", self.name),
            ("Car holds", "capacity", self.capacity),
            ("Weight limit", "weight", self.weight),
            ("Shift starts", "start", self.start),
            ("Shift ends", "end", self.end),
        ):
            field.setFixedWidth(FIELD_WIDTHS[key])
            row = QHBoxLayout()
            row.addWidget(field)
            row.addWidget(self.errors[key], 1)
            form.addRow(title, row)
        buttons = QHBoxLayout()
        for button in (self.save_button, self.new_button, self.remove_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        self.save_button.setDefault(True)  # Enter in a field saves
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Drivers on the list (pick one to change it):"))
        layout.addWidget(self.listing, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(close)
        self.resize(560, 460)

    def _connect_signals(self) -> None:
        self.listing.currentRowChanged.connect(self._show_driver)
        self.save_button.clicked.connect(self.save)
        self.new_button.clicked.connect(self.clear_form)
        self.remove_button.clicked.connect(self.remove)

    def refresh(self, select: str | None = None) -> None:
        self.drivers = self._list_drivers()
        self.listing.clear()
        self.listing.addItems([describe(d) for d in self.drivers])
        names = [d.name for d in self.drivers]
        if select in names:
            self.listing.setCurrentRow(names.index(select))
        self.remove_button.setEnabled(bool(self.drivers))

    def _show_driver(self, row: int) -> None:
        if not 0 <= row < len(self.drivers):
            return
        driver = self.drivers[row]
        self.name.setText(driver.name)
        self.capacity.setValue(driver.capacity_parcels)
        self.weight.setText(f"{driver.capacity_weight_lb:g}" if driver.capacity_weight_lb else "")
        self.start.setTime(QTime.fromString(driver.shift_start, "HH:mm"))
        self.end.setTime(QTime.fromString(driver.shift_end, "HH:mm"))
        self._show_error(None, "")

    def clear_form(self) -> None:
        self.listing.setCurrentRow(-1)
        self.name.clear()
        self.weight.clear()
        self._show_error(None, "")
        self.name.setFocus()

    def save(self) -> bool:
        """Add the driver in the form, or update the one with that name."""
        weight_text = self.weight.text().strip()
        try:
            weight = float(weight_text) if weight_text else None
        except ValueError:
            self._show_error("weight", f"{weight_text!r} is not a number of pounds")
            return False
        try:
            saved = self._save(
                self.name.text(),
                capacity=self.capacity.value(),
                shift_start=self.start.time().toString("HH:mm"),
                shift_end=self.end.time().toString("HH:mm"),
                weight_lb=weight,
            )
        except StoreError as error:
            self._show_error(self._field_of(str(error)), str(error))
            return False
        self._show_error(None, "")
        self.refresh(select=saved.name)
        self.changed.emit()
        return True

    def remove(self) -> None:
        row = self.listing.currentRow()
        if not 0 <= row < len(self.drivers):
            self._show_error("name", "pick the driver to remove in the list")
            return
        self._remove(self.drivers[row].name)
        self.refresh()
        self.clear_form()
        self.changed.emit()

    @staticmethod
    def _field_of(message: str) -> str:
        for start, key in FIELD_OF_MESSAGE[::-1]:  # longest prefixes first
            if message.startswith(start):
                return key
        return "name"

    def _show_error(self, key: str | None, message: str) -> None:
        for name, label in self.errors.items():
            label.setVisible(name == key)
            label.setText(message if name == key else "")
