"""The files the end of the day leaves: the summary PDF with the carrier's status CSV (saved
together into one folder), and the return manifest PDF the carrier's driver signs.

The papers are built by `store.documents`, the one service the Print screen and the printing
commands use too; this module only writes them. Every file is written beside its final
name first, so a half-written file never carries the final name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import sqlite_utils

from labels.files import saving
from store import documents, exports
from store.settings import load as load_settings


def save_return_manifest(db: sqlite_utils.Database, day: date, target: Path) -> int:
    """Write the return manifest PDF of `day` to `target`; returns how many parcels it lists
    (those scanned onto the carrier's truck that day, then those still set aside)."""
    document = documents.return_manifest(db, day, load_settings(db))
    document.write(target)  # written beside, then moved into place
    return document.items


@dataclass(frozen=True)
class DayFiles:
    summary_pdf: Path
    status_csv: Path
    status_rows: int


def day_file_names(day: date) -> tuple[str, str]:
    return f"summary-{day.isoformat()}.pdf", f"status-{day.isoformat()}.csv"


def save_day_files(db: sqlite_utils.Database, day: date, folder: Path) -> DayFiles:
    """The summary PDF and the carrier's status CSV of `day`, written into `folder`."""
    pdf_name, csv_name = day_file_names(day)
    with saving(folder / pdf_name):
        folder.mkdir(parents=True, exist_ok=True)
    documents.day_summary(db, day, load_settings(db)).write(folder / pdf_name)
    target = folder / csv_name
    rows = exports.save_status(db, target, day)  # and its receipt, with the log's head
    return DayFiles(folder / pdf_name, target, rows)
