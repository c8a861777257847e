"""Saving the day's discrepancy report, in whichever formats the console was given.

The check-in screen offers every `ReportFormat` it is handed: the CSV (from
`store.discrepancies`) and the PDF of the labels package, both built from the same rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import sqlite_utils
from PySide6.QtWidgets import QFileDialog, QWidget

from labels.files import text_file_atomically
from store import discrepancies

#: Writes the report of one day to a file; returns how many parcels it lists.
WriteReport = Callable[[sqlite_utils.Database, date, Path], int]


@dataclass(frozen=True)
class ReportFormat:
    label: str  # the button or menu entry, e.g. "CSV"
    suffix: str  # file name suffix without the dot
    write: WriteReport


def write_csv(db: sqlite_utils.Database, day: date, target: Path) -> int:
    """The CSV report, written beside the target and moved into place when complete."""
    with text_file_atomically(target) as out:
        return discrepancies.write_csv(db, out, day)


CSV = ReportFormat("CSV", "csv", write_csv)


def ask_target(parent: QWidget, report: ReportFormat, day: date) -> Path | None:
    """Where to save: the person picks the file (the suggested name carries the day)."""
    suggested = str(Path.home() / f"discrepancies-{day.isoformat()}.{report.suffix}")
    name, _ = QFileDialog.getSaveFileName(
        parent,
        f"Save the discrepancy report ({report.label})",
        suggested,
        f"{report.label} files (*.{report.suffix})",
    )
    if not name:
        return None
    target = Path(name)
    return target if target.suffix else target.with_suffix(f".{report.suffix}")


def write_pdf(db: sqlite_utils.Database, day: date, target: Path) -> int:
    """The PDF a shop hands the carrier's driver before the truck leaves."""
    import labels  # the PDF renderer loads when a PDF is asked for, not at start-up
    from store import print_papers

    report = print_papers.discrepancy_report(db, day)
    labels.render_discrepancy_report(report, target)
    return len(report.rows)


PDF = ReportFormat("PDF", "pdf", write_pdf)
