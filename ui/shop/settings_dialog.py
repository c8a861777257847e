"""Shop › Settings: the setup window's pages again, as tabs, over a shop already set up.

The shop's place, the street map, the working rules, the printers, the drivers and the staff:
the same page widgets as the first-run setup (ui/setup/), so there is one way to change each
thing. "Road detour factor" and "Average speed" only show while no street map is loaded
(with one, drive times come from the roads). Every value is validated by the store
(`store.settings`); a refused value is shown in words next to its field, and nothing is saved
until all are accepted.
"""

from __future__ import annotations

from dataclasses import replace

import sqlite_utils
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from store import settings as shop_settings
from store.errors import StoreError
from store.settings import ShopSettings
from ui.printing.printer_output import System
from ui.setup import area_streets
from ui.setup.people_pages import drivers_page, staff_page
from ui.setup.printers_page import PrintersPage
from ui.setup.rules_page import RulesPage
from ui.setup.shop_page import FieldError, ShopPage, field_of_refusal
from ui.setup.street_map_page import ChooseFile, StreetMapPage


def _scrolled(page: QWidget, *, margins: bool = False) -> QScrollArea:
    """A page that scrolls rather than grow past a small screen."""
    if margins:
        page.setContentsMargins(9, 9, 9, 9)
    scroll = QScrollArea()
    scroll.setWidget(page)
    scroll.setWidgetResizable(True)
    return scroll


class SettingsDialog(QDialog):
    def __init__(
        self,
        db: sqlite_utils.Database,
        parent: QWidget | None = None,
        *,
        system: System | None = None,
        choose_map_file: ChooseFile | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Shop settings")
        self._db = db
        current = shop_settings.load(db)
        self.shop = ShopPage(area_streets.streets(db), area_streets.street_finder(db))
        self.street_map = StreetMapPage(lambda: db, choose_file=choose_map_file)
        self.rules = RulesPage(street_map_loaded=self.street_map.loaded)
        self.printers = PrintersPage(system)
        for page in (self.shop, self.rules, self.printers):
            page.load(current)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.shop, "Shop")
        self.tabs.addTab(_scrolled(self.street_map, margins=True), "Street map")
        self.tabs.addTab(_scrolled(self.rules), "Working rules")
        self.tabs.addTab(_scrolled(self.printers), "Printers")
        self.tabs.addTab(drivers_page(db), "Drivers")
        self.tabs.addTab(staff_page(db), "Staff")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.street_map.imported.connect(self._street_map_imported)
        self.street_map.busy.connect(self._importing)
        self.saved: ShopSettings | None = None
        self.resize(720, 620)

    def accept(self) -> None:
        self.rules.clear_errors()
        self.shop.error.hide()
        try:
            values = {**self.shop.values(), **self.rules.values(), **self.printers.values()}
            self.saved = shop_settings.save(
                self._db, replace(shop_settings.load(self._db), **values)
            )
        except FieldError as error:
            self._show_error(error.name, str(error))
            return
        except StoreError as error:
            self._show_error(field_of_refusal(str(error)), str(error))
            return
        super().accept()

    def _show_error(self, name: str, text: str) -> None:
        if self.rules.show_error(name, text):
            self.tabs.setCurrentIndex(2)
        else:
            self.tabs.setCurrentIndex(0)
            self.shop.show_error(name, text)

    def _street_map_imported(self) -> None:
        """The streets under the shop's pin; the straight-line rows go (drive times now come
        from the roads)."""
        self.shop.show_streets(area_streets.streets(self._db))
        self.rules.set_street_map_loaded(self.street_map.loaded)

    def _importing(self, busy: bool) -> None:
        """Save waits for a running import (Cancel stops it, and the old map stays)."""
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(not busy)

    def done(self, result: int) -> None:
        self.street_map.shutdown()
        super().done(result)
