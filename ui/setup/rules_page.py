"""The working rules page: attempts, time per stop, pay, holds, returns, privacy, units, and,
only while no street map is loaded, the straight-line estimate's speed and detour factor.

Numbers are typed, not spun, so a wrong value is never silently clamped; the store validates
each (`store.settings`) and a refusal is shown in words next to its field.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from store import settings as shop_settings
from store.settings import ShopSettings
from ui.setup.shop_page import FieldError

# (field, label, kind); kind: int, float, text, or a tuple of choices.
RULES: tuple[tuple[str, str, Any], ...] = (
    ("max_attempts", "Attempts before return", "int"),
    ("service_base_s", "Time per stop (seconds)", "int"),
    ("service_per_parcel_s", "Time per parcel (seconds)", "int"),
    ("rate_per_parcel", "Pay per parcel", "float"),
    ("pickup_hold_days", "Hold for pickup (days)", "int"),
    ("return_deadline", "Returns ready by (HH:MM)", "text"),
    ("purge_after_days", "Forget recipients after (days)", "int"),
    ("plan_zip_located", "Plan parcels located by ZIP code only", "bool"),
    ("pickup_id_required", "Check the collector's ID at pickup", "bool"),
    ("units", "Distance units", shop_settings.UNITS),
)
#: What a yes means, beside each on/off setting.
BOOL_TEXT = {
    "plan_zip_located": "yes (off: they wait until someone puts a pin on the map)",
    "pickup_id_required": "required (Hand over waits until “ID checked” is ticked)",
}
#: Only meaningful for straight-line estimates: hidden once a street map gives real roads.
STRAIGHT_LINE_RULES: tuple[tuple[str, str, Any], ...] = (
    ("speed_mph", "Average speed (mph)", "float"),
    ("circuity", "Road detour factor", "float"),
)


class RulesPage(QWidget):
    """The working rules; the straight-line rows show only while no street map is loaded
    (`set_street_map_loaded` follows an import made while the page is open)."""

    def __init__(self, *, street_map_loaded: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editors: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.form = QFormLayout()
        for name, label, kind in RULES + STRAIGHT_LINE_RULES:
            editor: QWidget
            if kind == "bool":
                editor = QCheckBox(BOOL_TEXT.get(name, "yes"))
            elif isinstance(kind, tuple):
                editor = QComboBox()
                editor.addItems(list(kind))
            else:
                editor = QLineEdit()
            error = QLabel()
            error.setStyleSheet("color: #b3261e;")
            error.setWordWrap(True)
            error.hide()
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(editor)
            box.addWidget(error)
            self.form.addRow(label, box)
            self.editors[name], self.errors[name] = editor, error
        self.straight_line_note = QLabel(
            "No street map is loaded, so drive times are estimated from straight lines at "
            "the speed and detour factor below. Load a street map to plan on real roads."
        )
        self.straight_line_note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.straight_line_note)
        layout.addLayout(self.form)
        layout.addStretch(1)
        self.set_street_map_loaded(street_map_loaded)

    @property
    def rules(self) -> tuple[tuple[str, str, Any], ...]:
        """The rules this page shows (and saves) now."""
        return RULES if self._street_map_loaded else RULES + STRAIGHT_LINE_RULES

    def shows(self, name: str) -> bool:
        return any(rule[0] == name for rule in self.rules)

    def set_street_map_loaded(self, loaded: bool) -> None:
        """Show the straight-line estimate's rows only without a street map; hidden rows
        are neither read nor saved (the stored values stay for a map removed later)."""
        self._street_map_loaded = loaded
        self.straight_line_note.setVisible(not loaded)
        for row in range(len(RULES), len(RULES) + len(STRAIGHT_LINE_RULES)):
            self.form.setRowVisible(row, not loaded)

    def load(self, settings: ShopSettings) -> None:
        for name, _, _kind in RULES + STRAIGHT_LINE_RULES:
            value = getattr(settings, name)
            editor = self.editors[name]
            if isinstance(editor, QCheckBox):
                editor.setChecked(bool(value))
            elif isinstance(editor, QComboBox):
                editor.setCurrentText(str(value))
            else:
                assert isinstance(editor, QLineEdit)
                editor.setText(f"{value:g}" if isinstance(value, float) else str(value))

    def values(self) -> dict[str, Any]:
        return {name: _read(name, kind, self.editors[name]) for name, _, kind in self.rules}

    def show_error(self, name: str, message: str) -> bool:
        """Show a refusal next to its field; False when the field is not on this page."""
        if not self.shows(name):
            return False
        self.errors[name].setText(message)
        self.errors[name].show()
        self.editors[name].setFocus()
        return True

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.hide()


def _read(name: str, kind: Any, editor: QWidget) -> Any:
    if isinstance(editor, QCheckBox):
        return editor.isChecked()
    if isinstance(editor, QComboBox):
        return editor.currentText()
    assert isinstance(editor, QLineEdit)
    text = editor.text().strip()
    try:
        if kind == "float":
            return float(text)
        if kind == "int":
            return int(text)
    except ValueError:
        raise FieldError(name, "enter a number" + (" (whole)" if kind == "int" else "")) from None
    return text
