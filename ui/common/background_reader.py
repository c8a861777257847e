"""Store reads that may be slow, run off the GUI thread so the window never freezes.

A search in five years of parcels ("name contains …") reads the whole table; at half a million
parcels that takes most of a second. `BackgroundReader` runs such reads one at a time on a
worker thread with its own connection to the shop file (SQLite's WAL lets it read while the
counter writes) and hands each result back on the GUI thread, tagged with the ticket `submit`
returned, so a screen ignores answers to questions it no longer asks. `interrupt()` stops the
read in progress (a new search replaces the old one).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlite_utils
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from store import db as store_db
from store.errors import StoreError

Read = Callable[[sqlite_utils.Database], Any]


class _Job(QRunnable):
    def __init__(self, run: Callable[[], None]) -> None:
        super().__init__()
        self._run = run

    def run(self) -> None:
        self._run()


class BackgroundReader(QObject):
    """`done(ticket, result)` or `failed(ticket, message)` for each submitted read."""

    done = Signal(int, object)
    failed = Signal(int, str)

    def __init__(self, db_file: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db_file = Path(db_file)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one connection, used by one thread at a time
        self._db: sqlite_utils.Database | None = None
        self._lock = threading.Lock()
        self._tickets = 0

    def submit(self, read: Read) -> int:
        """Queue `read(db)`; returns its ticket."""
        self._tickets += 1
        ticket = self._tickets
        self._pool.start(_Job(lambda: self._run(ticket, read)))
        return ticket

    def interrupt(self) -> None:
        """Drop the reads not started yet and stop the one running now (it then fails)."""
        self._pool.clear()
        with self._lock:
            if self._db is not None:
                self._db.conn.interrupt()

    def wait(self, msecs: int = -1) -> bool:
        """Block until every queued read has finished (tests, and closing the screen)."""
        return self._pool.waitForDone(msecs)

    def close(self) -> None:
        self.interrupt()
        self.wait()
        with self._lock:
            if self._db is not None:
                self._db.conn.close()
                self._db = None

    def _run(self, ticket: int, read: Read) -> None:
        try:
            with self._lock:
                if self._db is None:
                    self._db = store_db.connect(self._db_file, migrate=False)
            result = read(self._db)
        except (StoreError, sqlite3.Error) as error:
            self.failed.emit(ticket, str(error))
            return
        self.done.emit(ticket, result)
