"""Print settings: label format, page size for papers, the default printer and the thermal
(ZPL) printer. Saved through `store.settings`, which checks every value; a refused value is
shown in words under the form and nothing is saved.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from store import settings as shop_settings
from store.errors import StoreError
from store.settings import ShopSettings

LAYOUT_CAPTIONS = {
    "4x6": "4×6 in labels (thermal roll)",
    "letter-2up": "Letter sheet, 2 labels",
    "a4-2up": "A4 sheet, 2 labels",
    "letter-4up": "Letter sheet, 4 labels",
    "a4-4up": "A4 sheet, 4 labels",
}
PAGE_CAPTIONS = {"letter": "Letter (8.5 × 11 in)", "a4": "A4 (210 × 297 mm)"}
SYSTEM_DEFAULT = "(the system's default printer)"
SAVE_ZPL = "(none: save ZPL files instead)"


def _choices(captions: dict[str, str], current: str) -> QComboBox:
    combo = QComboBox()
    for value in captions:
        combo.addItem(captions[value], value)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


def _printers(names: list[str], current: str, empty: str) -> QComboBox:
    """An editable list of the system's printers; the first entry means "none chosen"."""
    combo = QComboBox()
    combo.setEditable(True)
    combo.addItem(empty)
    combo.addItems(names)
    combo.setCurrentText(current or empty)
    combo.setMinimumContentsLength(28)
    return combo


class PrintSettingsDialog(QDialog):
    """Edit the four printing settings of the shop."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        printers: Callable[[], list[str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Print settings")
        self._db = db
        self.saved: ShopSettings | None = None
        current = shop_settings.load(db)
        names = printers()
        self.layout_box = _choices(LAYOUT_CAPTIONS, current.label_layout)
        self.page_box = _choices(PAGE_CAPTIONS, current.page_size)
        self.printer_box = _printers(names, current.printer, SYSTEM_DEFAULT)
        self.zpl_box = _printers(names, current.zpl_printer, SAVE_ZPL)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020; font-weight: bold;")
        self.error.hide()
        form = QFormLayout()
        form.addRow("Labels print on", self.layout_box)
        form.addRow("Manifests and reports on", self.page_box)
        form.addRow("Printer", self.printer_box)
        form.addRow("Thermal printer (ZPL)", self.zpl_box)
        hint = QLabel(
            "A thermal printer takes labels as ZPL, sent as they are. Choose it here to send "
            "labels with one click; without one, labels can be saved as a .zpl file."
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def chosen(self) -> dict[str, str]:
        """The values as the form holds them now."""
        return {
            "label_layout": self.layout_box.currentData(),
            "page_size": self.page_box.currentData(),
            "printer": _name(self.printer_box.currentText(), SYSTEM_DEFAULT),
            "zpl_printer": _name(self.zpl_box.currentText(), SAVE_ZPL),
        }

    def save(self) -> None:
        """Save and close, or show why not and stay open."""
        try:
            self.saved = shop_settings.update(self._db, **self.chosen())
        except StoreError as error:
            self.error.setText(f"Not saved: {error}")
            self.error.show()
            return
        self.accept()


def _name(text: str, empty: str) -> str:
    """A printer as typed (spaces at the ends dropped), the "none chosen" entry as empty."""
    return "" if text == empty else text.strip(" ")
