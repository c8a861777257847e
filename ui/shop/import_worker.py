"""A manifest import off the GUI thread, with its progress in the window's status bar.

The import reads, checks and locates every row before it writes, and writes a big file in
short transactions (store.manifest), so the counter keeps scanning meanwhile, in this window
and at the other counter. The work runs in a QThread on its own connection to the shop file.
Stop works until the import is decided (nothing is saved then); after that the rest of the
file is saved whatever happens, so the button says so instead.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QWidget,
)

from store import db as store_db
from store import manifest
from store.errors import StoreError
from store.events import Actor
from store.manifest import ImportCancelled, ManifestRefused


class ImportWorker(QThread):
    """One import. Exactly one of `succeeded`, `refused`, `failed`, `stopped` is emitted."""

    progressed = Signal(str, int, int)  # what it does now, done, total
    succeeded = Signal(object)  # manifest.ImportResult
    refused = Signal(object)  # list of manifest.Problem
    failed = Signal(str)
    stopped = Signal()

    def __init__(self, db_file: Path, actor: Actor, path: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.db_file = db_file
        self.actor = actor
        self.path = path
        self._stop = threading.Event()
        self.decided = False  # past the point where stopping is possible

    def stop(self) -> None:
        """Ask the import to stop before it is decided (any thread)."""
        self._stop.set()

    def _progress(self, what: str, done: int, total: int) -> None:
        if what.startswith("Saving") and done > 0:
            self.decided = True
        if self._stop.is_set() and not self.decided:
            raise ImportCancelled("the import was stopped; nothing of it was saved")
        self.progressed.emit(what, done, total)

    def run(self) -> None:  # the worker thread
        try:
            db = store_db.connect(self.db_file, migrate=False)
        except StoreError as error:
            self.failed.emit(str(error))
            return
        try:
            result = manifest.import_file(db, self.actor, self.path, progress=self._progress)
        except ImportCancelled:
            self.stopped.emit()
        except ManifestRefused as refused:
            self.refused.emit(refused.problems)
        except StoreError as error:
            self.failed.emit(str(error))
        except Exception as error:  # a bug: still tell the person, never die silently
            self.failed.emit(f"Unexpected error ({type(error).__name__}): {error}")
        else:
            self.succeeded.emit(result)
        finally:
            db.conn.close()


class ImportProgress(QWidget):
    """The import's progress in the window's status bar: out of the way of the answer panel,
    so the clerk keeps scanning while it runs."""

    def __init__(self, worker: ImportWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(f"Importing {worker.path.name}…")
        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        self.bar.setFixedWidth(160)
        self.stop_button = QPushButton("Stop import")
        self.stop_button.setToolTip("Stop before anything is saved (nothing of the file is kept)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.stop_button)
        self._worker = worker
        worker.progressed.connect(self.show_progress)
        self.stop_button.clicked.connect(self._stop)

    def show_progress(self, what: str, done: int, total: int) -> None:
        self.label.setText(f"{self._worker.path.name}: {what[:1].lower()}{what[1:]}…")
        self.bar.setValue(int(100 * done / total) if total else 0)
        if self._worker.decided and self.stop_button.isEnabled():
            self.stop_button.setText("Saving: cannot stop now")
            self.stop_button.setEnabled(False)

    def _stop(self) -> None:
        self._worker.stop()
        self.label.setText(f"Stopping the import of {self._worker.path.name}…")
        self.stop_button.setEnabled(False)
