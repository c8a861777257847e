"""Shop → Street map…: the street map page (what is loaded, where to get a map, importing
one with progress and Cancel) in a dialog of its own. The page is the setup window's and
Shop › Settings' too (`ui.setup.street_map_page`), so there is one way to import a map."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import sqlite_utils
from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from ui.setup.street_map_page import StreetMapPage


class StreetMapDialog(QDialog):
    #: A new street map was installed (the Runs screen draws and plans on it).
    imported = Signal()

    def __init__(
        self,
        db: sqlite_utils.Database,
        parent: QWidget | None = None,
        *,
        choose_file: Callable[[], Path | str | None] | None = None,
    ) -> None:
        """`choose_file()` returns the path picked (tests pass their own); default: a file
        dialog."""
        super().__init__(parent)
        self.setWindowTitle("Street map")
        self.setMinimumWidth(720)
        self.page = StreetMapPage(lambda: db, choose_file=choose_file)
        # The page's parts, as tests and callers reach them.
        page = self.page
        self.importer, self.status, self.help = page.importer, page.status, page.help
        self.import_button, self.cancel_button = page.import_button, page.cancel_button
        self.step, self.progress, self.message = page.step, page.progress, page.message
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.page)
        layout.addWidget(self.buttons)
        self.buttons.rejected.connect(self.reject)
        self.page.imported.connect(self.imported)

    def start_import(self, source: Path) -> None:
        self.page.start_import(source)

    def choose_and_import(self) -> None:
        self.page.choose_and_import()

    def reject(self) -> None:
        self.page.shutdown()  # a running import is cancelled; the old map stays
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.page.shutdown()
        super().closeEvent(event)
