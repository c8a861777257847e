"""Shop → Street map…: what is loaded, where to get a map, and importing one (progress,
cancel). The import's slow part runs in a worker (`StreetMapImporter`); the old map stays in
use until the new one is installed, and stays if the import fails or is cancelled."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import sqlite_utils
from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from store import area, area_import
from store.errors import StoreError
from ui.shop.street_map_import import StreetMapImporter

WHERE_TO_GET_ONE = (
    "<b>Where to get a street map.</b> Download the OpenStreetMap extract of the shop's state "
    "or region, as an <tt>.osm.pbf</tt> file, from any OpenStreetMap extract provider: for "
    "example Geofabrik's download site lists every US state (North America → United States "
    "→ the state → its <tt>.osm.pbf</tt> file, a few hundred MB). Choose it below: it is cut "
    "to the delivery radius and kept beside the shop file; nothing is sent anywhere and the "
    "downloaded file can be deleted afterwards. Map data © OpenStreetMap contributors."
)
WHAT_IT_CHANGES = (
    "<b>What it changes.</b> Plans use drive times and road distances on the shop's real "
    "streets (a river, a one-way street or a freeway counts as it does for the driver) instead "
    "of straight-line estimates; each run's line follows the roads on the Runs map and on the "
    "drivers' manifests, over the streets; a stop more than 250 m from any road a car can use "
    "is set aside with the reason instead of planned. The delivery radius stays a straight-line "
    "circle."
)


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
        self._db = db
        self._choose = choose_file or self._ask_for_file
        self.importer = StreetMapImporter(self)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setStyleSheet(
            "QLabel { background: #f1f4f7; border: 1px solid #d5dbe1; padding: 8px; }"
        )
        self.help = QLabel(f"{WHERE_TO_GET_ONE}<br><br>{WHAT_IT_CHANGES}")
        self.help.setWordWrap(True)
        self.step = QLabel()
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.import_button = QPushButton("Import a file…")
        self.cancel_button = QPushButton("Cancel import")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self._lay_out()
        self._connect_signals()
        self._show_status()
        self._set_busy(False)

    def _lay_out(self) -> None:
        row = QHBoxLayout()
        row.addWidget(self.import_button)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self.status)
        layout.addWidget(self.help)
        layout.addLayout(row)
        layout.addWidget(self.step)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def _connect_signals(self) -> None:
        self.import_button.clicked.connect(self.choose_and_import)
        self.cancel_button.clicked.connect(self.importer.cancel)
        self.importer.progressed.connect(self._on_progress)
        self.importer.done.connect(self._on_done)
        self.buttons.rejected.connect(self.reject)

    def _show_status(self) -> None:
        state = area.status(self._db)
        first, *rest = state.lines()
        self.status.setText("<br>".join([f"<b>{_html(first)}</b>", *(_html(x) for x in rest)]))
        self.import_button.setText("Import a file…" if state.area is None else "Import another…")

    def _set_busy(self, busy: bool) -> None:
        self.import_button.setEnabled(not busy)
        self.cancel_button.setVisible(busy)
        self.progress.setVisible(busy)
        self.step.setVisible(busy)

    # -- importing ---------------------------------------------------------------------------

    def _ask_for_file(self) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(
            self, "OpenStreetMap extract", "", "OpenStreetMap extracts (*.osm.pbf *.pbf)"
        )
        return Path(name) if name else None

    def choose_and_import(self) -> None:
        source = self._choose()
        if source is not None:
            self.start_import(Path(source))

    def start_import(self, source: Path) -> None:
        """Check the file and the shop at once, then build in the worker."""
        if self.importer.running:
            return
        try:
            job = area_import.prepare(self._db, source)
        except StoreError as error:
            self.message.setText(f"Not imported: {error}.")
            return
        self.message.setText("")
        self.progress.setValue(0)
        self.step.setText(f"Importing {source.name}…")
        self._set_busy(True)
        self.importer.start(job)

    def _on_progress(self, label: str, fraction: float) -> None:
        self.step.setText(f"{label}…")
        self.progress.setValue(round(fraction * 1000))

    def _on_done(self, built: area_import.Built | None, error: str | None, cancelled: bool) -> None:
        self._set_busy(False)
        if cancelled or built is None:
            why = "the import was cancelled" if cancelled or not error else f"{error}"
            self.message.setText(f"Not imported: {why}. The street map in use is unchanged.")
            return
        try:
            area_import.install(self._db, built)
        except StoreError as error:
            self.message.setText(f"Not imported: {error}. The street map in use is unchanged.")
            return
        self._show_status()
        self.message.setText("Imported: plans and maps use these streets from now on.")
        self.imported.emit()

    # -- closing -----------------------------------------------------------------------------

    def reject(self) -> None:
        self.importer.shutdown()  # a running import is cancelled; the old map stays
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.importer.shutdown()
        super().closeEvent(event)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
