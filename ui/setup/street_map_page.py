"""The street map page: import the shop's OpenStreetMap area, so plans follow real roads.

The import itself is `store.area`'s (reached through ui.setup.area_link); this page picks the
file, runs the import off the GUI thread with progress and Cancel, and says what is loaded.
Without a street map the shop still works, on straight-line estimates, and the page says so.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import sqlite_utils
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.common.render_task import Task
from ui.setup import area_link

WHERE_TO_GET_ONE = (
    "A street map is your state's or region's OpenStreetMap extract, a file ending in "
    ".osm.pbf, from any OpenStreetMap extract provider (search for your state's name and "
    "“osm.pbf”). Parcel Desk keeps only the part around your shop. With it, plans follow "
    "real roads and times; without it, distances are estimated from straight lines."
)


class StreetMapPage(QWidget):
    """Shows what is loaded; `imported` once a new street map is in place."""

    imported = Signal()

    def __init__(
        self,
        db: Callable[[], sqlite_utils.Database | None],
        ask_file: Callable[[QWidget], Path | None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._ask_file = ask_file or _ask_map_file
        self.task: Task | None = None
        self.status = QLabel()
        self.status.setWordWrap(True)
        explanation = QLabel(WHERE_TO_GET_ONE)
        explanation.setWordWrap(True)
        self.choose = QPushButton("Choose the street map file…")
        self.cancel = QPushButton("Cancel")
        self.cancel.hide()
        self.progress = QProgressBar()
        self.progress.hide()
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.choose)
        buttons.addWidget(self.cancel)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(explanation)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.choose.clicked.connect(self.choose_file)
        self.cancel.clicked.connect(self._cancel)
        self.refresh()

    def refresh(self) -> None:
        self.status.setText(area_link.state(self._db()).summary)
        if not area_link.available():
            self.choose.setEnabled(False)
            self.message.setText(
                "This version cannot import a street map yet: the shop works on straight-line "
                "estimates until it can."
            )

    @property
    def loaded(self) -> bool:
        return area_link.state(self._db()).loaded

    def choose_file(self) -> None:
        source = self._ask_file(self)
        if source is not None:
            self.start_import(source)

    def start_import(self, source: Path) -> None:
        db = self._db()
        if db is None:
            self.message.setText("Save the shop's page first: the map is kept beside its file.")
            return

        def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> str:
            return area_link.import_area(
                db,
                source,
                lambda _stage, fraction: progress(int(fraction * 100), 100),
                cancelled,
            )

        self.task = Task("Street map", work, self)
        self.task.progressed.connect(lambda done, total: self.progress.setValue(done))
        self.task.succeeded.connect(self._done)
        self.task.failed.connect(lambda text: self._ended(f"Not imported: {text}"))
        self.task.cancelled.connect(lambda: self._ended("Cancelled: the old street map stays."))
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.progress.show()
        self.cancel.show()
        self.choose.setEnabled(False)
        self.message.setText(f"Importing {source.name}…")
        self.task.start()

    def _cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _done(self, summary: object) -> None:
        self._ended(f"Imported: {summary}")
        self.imported.emit()

    def _ended(self, sentence: str) -> None:
        self.progress.hide()
        self.cancel.hide()
        self.choose.setEnabled(area_link.available())
        self.message.setText(sentence)
        self.refresh()

    def wait(self) -> None:
        """Block until a running import ends (closing the window, tests)."""
        if self.task is not None:
            self.task.wait()


def _ask_map_file(parent: QWidget) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(
        parent, "The street map file", str(Path.home()), "OpenStreetMap extracts (*.osm.pbf)"
    )
    return Path(name) if name else None
