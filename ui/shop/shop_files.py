"""The files the File menu reads and writes: which exports exist and how they are written.

An export is written beside its final name and moved into place when complete, so a carrier's
upload never picks up half a file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TextIO

import sqlite_utils

from labels.files import text_file_atomically
from store import exports

MANIFEST_FILTER = "Manifest files (*.csv *.txt *.tsv);;All files (*)"


@dataclass(frozen=True)
class Export:
    title: str
    explanation: str
    stem: str
    write: Callable[[sqlite_utils.Database, TextIO, date | None], int]

    def file_name(self, day: date | None) -> str:
        return f"{self.stem}-{day.isoformat() if day else 'all'}.csv"


EXPORTS = {
    "status": Export(
        "Export status CSV",
        "The carrier's status file: one row per parcel whose status changed that day "
        "(or every parcel, with its status now).",
        "status",
        exports.export_status,
    ),
    "events": Export(
        "Export events CSV",
        "The status log: one row per event, of one day or of the whole history.",
        "events",
        exports.export_events,
    ),
}


def export(db: sqlite_utils.Database, kind: str, target: Path, day: date | None) -> int:
    """Write an export to `target`; returns the number of rows. The status CSV gets its
    receipt beside it (the log's head: store.anchor)."""
    if kind == "status":
        return exports.save_status(db, target, day)
    with text_file_atomically(target) as out:
        return EXPORTS[kind].write(db, out, day)
