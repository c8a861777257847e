"""Shop → Settings: the shop's name and place, the delivery radius and the working rules.

Every value is validated by the store (`store.settings`); a refused value is shown in words next
to its field, and nothing is saved until all are accepted. Numbers are typed, not spun, so a
wrong value is never silently clamped.
"""

from __future__ import annotations

import re
from dataclasses import asdict, replace
from typing import Any
from zoneinfo import available_timezones

import sqlite_utils
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from store import settings as shop_settings
from store.errors import StoreError
from store.settings import ShopSettings

# (field, label, kind); kind: text, float, int, float?, zone, or a tuple of choices.
FIELDS: tuple[tuple[str, str, Any], ...] = (
    ("name", "Shop name", "text"),
    ("address", "Shop address", "text"),
    ("latitude", "Latitude", "float?"),
    ("longitude", "Longitude", "float?"),
    ("radius_mi", "Delivery radius (miles)", "float"),
    ("timezone", "Time zone", "zone"),
    ("max_attempts", "Attempts before return", "int"),
    ("service_base_s", "Time per stop (seconds)", "int"),
    ("service_per_parcel_s", "Time per parcel (seconds)", "int"),
    ("speed_mph", "Average speed (mph)", "float"),
    ("circuity", "Road detour factor", "float"),
    ("rate_per_parcel", "Pay per parcel", "float"),
    ("pickup_hold_days", "Hold for pickup (days)", "int"),
    ("return_deadline", "Returns ready by (HH:MM)", "text"),
    ("purge_after_days", "Forget recipients after (days)", "int"),
    ("plan_zip_located", "Plan parcels located by ZIP code only", "bool"),
    ("pickup_id_required", "Check the collector's ID at pickup", "bool"),
    ("units", "Distance units", shop_settings.UNITS),
    ("label_layout", "Label layout", shop_settings.LABEL_LAYOUTS),
    ("page_size", "Page size", shop_settings.PAGE_SIZES),
    ("printer", "Printer", "text"),
    ("zpl_printer", "Thermal (ZPL) printer", "text"),
)


class FieldError(ValueError):
    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name


#: What a yes means, beside each on/off setting.
BOOL_TEXT = {
    "plan_zip_located": "yes (off: they wait until someone puts a pin on the map)",
    "pickup_id_required": "required (Hand over waits until “ID checked” is ticked)",
}


def _editor(name: str, kind: Any, value: Any) -> QWidget:
    if kind == "bool":
        box = QCheckBox(BOOL_TEXT.get(name, "yes"))
        box.setChecked(bool(value))
        return box
    if isinstance(kind, tuple) or kind == "zone":
        combo = QComboBox()
        combo.addItems(list(kind) if isinstance(kind, tuple) else sorted(available_timezones()))
        combo.setEditable(kind == "zone")
        combo.setCurrentText(str(value))
        return combo
    return QLineEdit(
        "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)
    )


def _read(name: str, kind: Any, editor: QWidget) -> Any:
    if isinstance(editor, QCheckBox):
        return editor.isChecked()
    text = (editor.currentText() if isinstance(editor, QComboBox) else editor.text()).strip()
    try:
        if kind == "float?":
            return float(text) if text else None
        if kind == "float":
            return float(text)
        if kind == "int":
            return int(text)
    except ValueError:
        raise FieldError(name, "enter a number" + (" (whole)" if kind == "int" else "")) from None
    return text


class SettingsDialog(QDialog):
    def __init__(self, db: sqlite_utils.Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Shop settings")
        self._db = db
        current = asdict(shop_settings.load(db))
        self.editors: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        form_widget = QWidget()
        form = QFormLayout(form_widget)
        for name, label, kind in FIELDS:
            editor = _editor(name, kind, current[name])
            error = QLabel()
            error.setStyleSheet("color: #b3261e;")
            error.setWordWrap(True)
            error.hide()
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(editor)
            box.addWidget(error)
            form.addRow(label, box)
            self.editors[name] = editor
            self.errors[name] = error
        scroll = QScrollArea()
        scroll.setWidget(form_widget)
        scroll.setWidgetResizable(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.saved: ShopSettings | None = None
        self.resize(560, 640)

    def accept(self) -> None:
        for label in self.errors.values():
            label.hide()
        try:
            values = {name: _read(name, kind, self.editors[name]) for name, _, kind in FIELDS}
            self.saved = shop_settings.save(
                self._db, replace(shop_settings.load(self._db), **values)
            )
        except FieldError as error:
            self._show_error(error.name, str(error))
            return
        except StoreError as error:
            match = re.match(r"setting (\w+): (.*)", str(error))
            if match and match[1] in self.errors:
                self._show_error(match[1], match[2])
            else:
                self._show_error("name", str(error))
            return
        super().accept()

    def _show_error(self, name: str, text: str) -> None:
        self.errors[name].setText(text)
        self.errors[name].show()
        self.editors[name].setFocus()
