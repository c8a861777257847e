"""The dialog that fixes where a parcel goes: the pin map, the coordinates, other streets.

Three ways, one result: drag the pin onto the right house (or double-click there), type the
coordinates, or pick another of the area's street matches for the address. Save hands the
position to the store (`store.location_fix`), which keeps it in the address book, moves the
parcel (and every open parcel to that address, and its stop on a plan not yet out) and logs
the fix; a refused value is named under the fields and nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from store.errors import StoreError
from ui.locating.pin_map import NOW, PinMap

#: Save: (latitude, longitude, how, precision) -> the store's result (raises StoreError).
SaveFix = Callable[[float | str, float | str, str, str], Any]


@dataclass(frozen=True)
class Choice:
    """A place the clerk may pick instead of dragging: an area match for the address."""

    label: str
    latitude: float
    longitude: float
    precision: str  # address or street


class PinDialog(QDialog):
    def __init__(
        self,
        parcel: dict[str, Any],
        save: SaveFix,
        *,
        choices: list[Choice],
        pin_map: PinMap,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Fix the location of {parcel['tracking_id']}")
        self._save = save
        self._choices = choices
        self._how = "pin"
        self._precision = "address"
        self.result_value: Any = None
        self.map = pin_map
        who = ", ".join(
            part for part in (parcel.get("recipient_name"), parcel.get("address_line1"),
                              parcel.get("city"), parcel.get("postal_code")) if part
        )  # fmt: skip
        self.heading = QLabel(f"<b>{who}</b>")
        self.heading.setWordWrap(True)
        self.now = QLabel(_now_text(parcel))
        self.now.setWordWrap(True)
        self.now.setStyleSheet(f"color: {NOW.name()};")
        self.hint = QLabel(
            "Drag the red pin onto the right house (or double-click there), type its "
            "coordinates, or pick another street. The address book keeps it for next time."
        )
        self.hint.setWordWrap(True)
        self.latitude = QLineEdit()
        self.longitude = QLineEdit()
        for edit in (self.latitude, self.longitude):
            edit.setMaxLength(20)
            edit.editingFinished.connect(self._typed)
        self.streets = QComboBox()
        self.streets.addItem("Other streets for this address…" if choices else "No other street")
        for choice in choices:
            self.streets.addItem(choice.label)
        self.streets.setEnabled(bool(choices))
        self.streets.activated.connect(self._picked)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Save location")
        self._lay_out()
        self.map.pinMoved.connect(self._pin_moved)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self._pin_moved(*self.map.pin_position())
        self._how = "pin"

    def _lay_out(self) -> None:
        fields = QFormLayout()
        row = QHBoxLayout()
        row.addWidget(QLabel("Latitude"))
        row.addWidget(self.latitude)
        row.addWidget(QLabel("Longitude"))
        row.addWidget(self.longitude)
        fields.addRow(row)
        fields.addRow(self.streets)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.now)
        layout.addWidget(self.map, 1)
        layout.addWidget(self.hint)
        layout.addLayout(fields)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(720, 620)

    # -- the three ways -----------------------------------------------------------------

    def _pin_moved(self, lat: float, lon: float) -> None:
        self._how, self._precision = "pin", "address"
        self.latitude.setText(f"{lat:.6f}")
        self.longitude.setText(f"{lon:.6f}")
        self.error.hide()

    def _typed(self) -> None:
        try:
            lat, lon = float(self.latitude.text()), float(self.longitude.text())
        except ValueError:
            return  # named when saving
        if (lat, lon) != tuple(round(v, 6) for v in self.map.pin_position()):
            self.map.show_pin(lat, lon)
            self._how, self._precision = "typed", "address"

    def _picked(self, index: int) -> None:
        if index <= 0:
            return
        choice = self._choices[index - 1]
        self.map.show_pin(choice.latitude, choice.longitude)
        self._how, self._precision = "street", choice.precision

    # -- saving -------------------------------------------------------------------------

    def submit(self) -> None:
        try:
            self.result_value = self._save(
                self.latitude.text(), self.longitude.text(), self._how, self._precision
            )
        except StoreError as error:
            self.error.setText(str(error))
            self.error.show()
            return
        self.accept()

    @property
    def how(self) -> str:
        return self._how


def _now_text(parcel: dict[str, Any]) -> str:
    precision = parcel.get("location_precision") or "none"
    words = {
        "given": "Placed by the manifest's coordinates",
        "address": "Placed at its address",
        "street": "≈ Approximate: on the street only",
        "zip": "≈ Approximate: the ZIP code's centre only (held for a location)",
        "none": "No location yet",
    }[precision]
    detail = parcel.get("location_detail") or ""
    warning = parcel.get("location_warning") or ""
    return " — ".join(part for part in (words, detail, warning) if part)
