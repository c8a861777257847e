"""The street map page: what is loaded, where to get a map, and importing one with progress
and Cancel, so plans follow the shop's real roads.

One widget for every place the street map is changed: the setup window's page, the Street
map tab of Shop › Settings, and the Shop › Street map dialog. The import is
`store.area_import`'s: `prepare` and `install` run on the page's connection (they are quick
and touch the shop file), the slow `build` (which touches no database) in a worker thread
(`StreetMapImporter`). The old map stays in use until the new one is installed, and stays
if the import fails or is cancelled. Without a street map the shop still works, on
straight-line estimates, and the page says so.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import sqlite_utils
from PySide6.QtCore import QStandardPaths, Signal
from PySide6.QtWidgets import (
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
NOTHING_LOADED = "No street map yet: plans use straight-line estimates of the distances."
UNCHANGED = "The street map in use is unchanged."
NOTHING_CHANGED = "Nothing was changed."
IMPORTED = "Imported: plans and maps use these streets from now on."

ChooseFile = Callable[[], Path | str | None]
log = logging.getLogger(__name__)


class StreetMapPage(QWidget):
    """What is loaded and the import. `imported` once a new street map is installed."""

    imported = Signal()
    #: True while an import runs, False once it has ended.
    busy = Signal(bool)

    def __init__(
        self,
        db: Callable[[], sqlite_utils.Database | None],
        *,
        choose_file: ChooseFile | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """`db()` is the shop file's connection (None while the setup window has not made it
        yet); `choose_file()` returns the path picked (tests pass their own), by default a
        file dialog."""
        super().__init__(parent)
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
        self._lay_out()
        self.import_button.clicked.connect(self.choose_and_import)
        self.cancel_button.clicked.connect(self.importer.cancel)
        self.importer.progressed.connect(self._on_progress)
        self.importer.done.connect(self._on_done)
        self.refresh()
        self._set_busy(False)

    def _lay_out(self) -> None:
        row = QHBoxLayout()
        row.addWidget(self.import_button)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.status)
        layout.addWidget(self.help)
        layout.addLayout(row)
        layout.addWidget(self.step)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addStretch(1)

    # -- what is loaded ----------------------------------------------------------------------

    def state(self) -> area.AreaStatus:
        db = self._db()
        return area.status(db) if db is not None else area.AreaStatus(None)

    @property
    def loaded(self) -> bool:
        """A street map plans can use is loaded."""
        return self.state().usable

    def refresh(self) -> None:
        state = self.state()
        first, *rest = state.lines() if state.area is not None else [NOTHING_LOADED]
        self.status.setText("<br>".join([f"<b>{_html(first)}</b>", *(_html(x) for x in rest)]))
        self.import_button.setText("Import a file…" if state.area is None else "Import another…")

    def _set_busy(self, busy: bool) -> None:
        self.import_button.setEnabled(not busy)
        self.cancel_button.setVisible(busy)
        self.progress.setVisible(busy)
        self.step.setVisible(busy)
        self.busy.emit(busy)

    @property
    def importing(self) -> bool:
        return self.importer.running

    # -- importing ---------------------------------------------------------------------------

    def _ask_for_file(self) -> Path | None:
        downloads = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DownloadLocation
        )
        start = downloads if downloads and Path(downloads).is_dir() else str(Path.home())
        name, _ = QFileDialog.getOpenFileName(
            self,
            "The street map file (OpenStreetMap extract)",
            start,
            "OpenStreetMap extracts (*.osm.pbf *.pbf)",
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
        db = self._db()
        if db is None:
            self._say("Not imported: set up the shop's own page first.", ok=False)
            return
        try:
            job = area_import.prepare(db, source)
        except StoreError as error:
            self._say(f"Not imported: {error}. {self._unchanged()}", ok=False)
            return
        self._say("", ok=None)
        self.progress.setValue(0)
        self.step.setText(f"Importing {source.name}…")
        self.importer.start(job)
        self._set_busy(True)
        log.info("street map import started: %s", source.name)

    def _on_progress(self, label: str, fraction: float) -> None:
        self.step.setText(f"{label}…")
        self.progress.setValue(round(fraction * 1000))

    def _on_done(self, built: area_import.Built | None, error: str | None, cancelled: bool) -> None:
        self._set_busy(False)
        db = self._db()
        if cancelled or built is None or db is None:
            why = "the import was cancelled" if cancelled or not error else error
            log.info("street map not imported: %s", why)
            self._say(f"Not imported: {why}. {self._unchanged()}", ok=None if cancelled else False)
            return
        try:
            installed = area_import.install(db, built)
        except StoreError as error:
            log.warning("street map not installed: %s", error)
            self._say(f"Not imported: {error}. {self._unchanged()}", ok=False)
            return
        log.info(
            "street map imported: %s, %d roads, %d address points",
            installed.source_name, installed.roads, installed.addresses,
        )  # fmt: skip
        self.refresh()
        self._say(IMPORTED, ok=True)
        self.imported.emit()

    def _unchanged(self) -> str:
        return UNCHANGED if self.state().area is not None else NOTHING_CHANGED

    def _say(self, sentence: str, *, ok: bool | None) -> None:
        """The outcome under the buttons: green when imported, red when not."""
        colour = {True: "#1b5e20", False: "#b3261e", None: "palette(text)"}[ok]
        self.message.setStyleSheet(f"QLabel {{ color: {colour}; }}")
        self.message.setText(sentence)

    def add_to_message(self, sentence: str) -> None:
        """Say more after the outcome (the setup window: where the shop was found)."""
        self.message.setText(f"{self.message.text()} {sentence}")

    def shutdown(self) -> None:
        """Cancel a running import and wait for its thread (closing the window): the old
        map stays."""
        self.importer.shutdown()


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
