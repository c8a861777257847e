"""The shop's own page: its name, its address found on the map, the radius and the time zone.

Nobody types a coordinate: "Find it" places the shop from its address (on the area's streets
once a street map is loaded, else at its ZIP code's centre, marked approximate) and the
person drops the pin on the shop itself. Coordinates stay one click away for the expert.
The same page serves the first-run setup and Shop › Settings.
"""

from __future__ import annotations

import re
import threading
from functools import cache
from typing import Any
from zoneinfo import available_timezones

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from store import locate
from store.locate import Found
from store.settings import ShopSettings, system_timezone
from ui.setup.area_streets import StreetFinder
from ui.setup.pin_map import PinMap, Street


class FieldError(ValueError):
    """A value the page cannot read, with the field it is about."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name


def field_of_refusal(message: str) -> str:
    """The field a refusal from store.settings is about: 'setting radius_mi: …' → 'radius_mi'."""
    if message.startswith("setting "):
        return message.split()[1].rstrip(":")
    return "name"


def zip_of(address: str) -> str | None:
    """The last 5-digit ZIP code in an address ("… PA 17109" or "… 17109-1234")."""
    found = re.findall(r"\b(\d{5})(?:-\d{4})?\b", address)
    return found[-1] if found else None


def on_the_streets(found: Found) -> str:
    """What the page says when the address was found on the area's streets."""
    if found.precision == "street":
        return (
            f"Found on the area's streets: {found.street}, but not its house number (the map "
            "has none there). Click the shop itself on the map."
        )
    return "Found on the area's streets. Click the map if the pin is off."


@cache
def warm_zip_table() -> threading.Thread:
    """Load the ZIP codes' table in the background, once, while the person types: its
    first look-up reads the whole table (seconds on a busy PC), and "Find it" would freeze
    the window meanwhile."""
    thread = threading.Thread(
        target=locate.zip_centroid, args=("00000",), name="zip-table", daemon=True
    )
    thread.start()
    return thread


class ShopPage(QWidget):
    """Name, address and pin, radius, time zone. `changed` when the place moves."""

    changed = Signal()

    def __init__(
        self,
        streets: list[Street] | None = None,
        find_on_streets: StreetFinder | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        warm_zip_table()
        self._find_on_streets = find_on_streets
        self.name = QLineEdit()
        self.name.setPlaceholderText("as on your shop sign")
        self.address = QLineEdit()
        self.address.setPlaceholderText(
            "street, town, state and ZIP: 4200 Derry St, Harrisburg PA 17111"
        )
        self.find_button = QPushButton("Find it on the map")
        self.where = QLabel("Type the address, then Find it; then click the shop on the map.")
        self.where.setWordWrap(True)
        self.map = PinMap()
        self.whole_radius = QCheckBox("Show the whole delivery radius")
        self.whole_radius.setVisible(False)
        self.expert = QCheckBox("I know the coordinates")
        self.latitude, self.longitude = QLineEdit(), QLineEdit()
        self.latitude.setPlaceholderText("latitude, e.g. 40.2737")
        self.longitude.setPlaceholderText("longitude, e.g. -76.8011")
        self.radius = QLineEdit("10")
        self.timezone = QComboBox()
        self.timezone.setEditable(True)
        self.timezone.addItems(sorted(available_timezones()))
        self.timezone.setCurrentText(system_timezone())
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        self.error.hide()
        self._lay_out()
        self._connect_signals()
        if streets:
            self.show_streets(streets)

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.addRow("Shop name", self.name)
        finding = QHBoxLayout()
        finding.addWidget(self.address, 1)
        finding.addWidget(self.find_button)
        form.addRow("Address", finding)
        coordinates = QHBoxLayout()
        coordinates.addWidget(self.expert)
        coordinates.addWidget(self.latitude)
        coordinates.addWidget(self.longitude)
        coordinates.addStretch(1)
        coordinates.addWidget(self.whole_radius)
        for field in (self.latitude, self.longitude):
            field.setVisible(False)
        form.addRow("Delivery radius (miles)", self.radius)
        form.addRow("Time zone", self.timezone)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.where)
        layout.addWidget(self.map, 1)
        layout.addLayout(coordinates)
        layout.addWidget(self.error)

    def _connect_signals(self) -> None:
        self.find_button.clicked.connect(self.locate_address)
        self.address.returnPressed.connect(self.locate_address)
        self.map.moved.connect(self._pin_dropped)
        self.expert.toggled.connect(self._show_coordinates)
        self.whole_radius.toggled.connect(lambda whole: self.map.set_close_up(not whole))
        self.latitude.editingFinished.connect(self._typed_coordinates)
        self.longitude.editingFinished.connect(self._typed_coordinates)
        self.radius.editingFinished.connect(self._radius_changed)

    # -- filling in --------------------------------------------------------------------------

    def load(self, settings: ShopSettings) -> None:
        self.name.setText(settings.name)
        self.address.setText(settings.address)
        self.radius.setText(f"{settings.radius_mi:g}")
        self.timezone.setCurrentText(settings.timezone)
        if settings.latitude is not None and settings.longitude is not None:
            self._place(settings.latitude, settings.longitude, "The shop's pin.")

    def show_streets(self, streets: list[Street]) -> None:
        """Draw the area's streets under the pin (close up; the whole radius on demand)."""
        self.map.show_streets(streets)
        self.whole_radius.setVisible(self.map.streets_shown)

    def set_street_finder(self, find: StreetFinder | None) -> None:
        self._find_on_streets = find

    def find_on_the_streets(self) -> bool:
        """Place the shop from its typed address on the area's streets only (after a street
        map import); False, the pin unmoved, when the address is not on them."""
        address = self.address.text().strip()
        found = self._find_on_streets(address) if self._find_on_streets and address else None
        if found is None or found.point is None:
            return False
        self._place(*found.point, on_the_streets(found))
        self.map.emphasise(found.street)
        return True

    def locate_address(self) -> None:
        """Place the shop from its address: on the streets, else at its ZIP's centre."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self._locate_address()
        finally:
            QApplication.restoreOverrideCursor()

    def _locate_address(self) -> None:
        address = self.address.text().strip()
        if not address:
            self._say_error("address", "Type the shop's address first.")
            return
        self.error.hide()
        found = self._find_on_streets(address) if self._find_on_streets else None
        if found is not None and found.point is not None:
            self._place(*found.point, on_the_streets(found))
            self.map.emphasise(found.street)
            return
        self.map.emphasise("")
        code = zip_of(address)
        centre = locate.zip_centroid(code) if code else None
        if centre is None:
            self._say_error(
                "address",
                "This address has no ZIP code this PC knows: add the 5-digit ZIP, or tick "
                "“I know the coordinates”.",
            )
            return
        if self.map.streets_shown:
            then = "Click the shop itself on the map."
        else:
            then = (
                "Once the street map is loaded (the next page, or Shop › Street map), the "
                "shop is looked for on its streets and they are drawn here."
            )
        self._place(*centre, f"Approximate: the centre of ZIP {code}. {then}")

    def _place(self, latitude: float, longitude: float, sentence: str) -> None:
        self.map.set_pin(latitude, longitude, radius_mi=self._radius_or(10.0))
        self.latitude.setText(f"{latitude:.6f}")
        self.longitude.setText(f"{longitude:.6f}")
        self.where.setText(sentence)
        self.changed.emit()

    def _pin_dropped(self, latitude: float, longitude: float) -> None:
        self.latitude.setText(f"{latitude:.6f}")
        self.longitude.setText(f"{longitude:.6f}")
        self.where.setText("The pin is where you clicked.")
        self.changed.emit()

    def _show_coordinates(self, shown: bool) -> None:
        self.latitude.setVisible(shown)
        self.longitude.setVisible(shown)

    def _typed_coordinates(self) -> None:
        try:
            latitude, longitude = float(self.latitude.text()), float(self.longitude.text())
        except ValueError:
            return
        if -90 <= latitude <= 90 and -180 <= longitude <= 180:
            self.map.set_pin(latitude, longitude, radius_mi=self._radius_or(10.0))
            self.changed.emit()

    def _radius_changed(self) -> None:
        self.map.set_radius(self._radius_or(self.map.radius_mi))

    def _radius_or(self, fallback: float) -> float:
        try:
            value = float(self.radius.text())
        except ValueError:
            return fallback
        return value if 0 < value <= 100 else fallback

    # -- reading back ------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """The page's settings; FieldError names a field that is not a number or missing."""
        if not self.name.text().strip():
            raise FieldError("name", "Give the shop a name.")
        if not self.latitude.text() or not self.longitude.text():
            raise FieldError("address", "Place the shop on the map first (Find it, then click).")
        try:
            latitude, longitude = float(self.latitude.text()), float(self.longitude.text())
        except ValueError:
            raise FieldError("latitude", "Coordinates are numbers, e.g. 40.2737.") from None
        try:
            radius = float(self.radius.text())
        except ValueError:
            raise FieldError("radius_mi", "The radius is a number of miles, e.g. 10.") from None
        return {
            "name": self.name.text().strip(),
            "address": self.address.text().strip(),
            "latitude": latitude,
            "longitude": longitude,
            "radius_mi": radius,
            "timezone": self.timezone.currentText().strip(),
        }

    def show_error(self, name: str, message: str) -> None:
        self._say_error(name, message)

    def _say_error(self, name: str, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        field = {
            "name": self.name,
            "address": self.address,
            "radius_mi": self.radius,
            "timezone": self.timezone,
        }.get(name, self.address)
        field.setFocus()
