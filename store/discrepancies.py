"""The day's discrepancy report: what did not match the manifest at check-in.

One row per parcel of the day that is missing (on the manifest, never scanned) or held
(unexpected, damaged, out of zone, needs a location, bad address), for the carrier's claims desk.
The CSV uses the same formula-safe cells as the carrier exports; a PDF can be made from `rows`.
"""

from __future__ import annotations

import csv
from datetime import date
from typing import Any, TextIO

import sqlite_utils

from store.cells import safe_cell

COLUMNS = (
    "category",
    "tracking_id",
    "status",
    "recipient_name",
    "address_line1",
    "city",
    "postal_code",
    "expected_date",
    "status_at",
)
#: Report order: what the carrier must act on first.
CATEGORIES = ("missing", "unexpected", "damaged", "out_of_zone", "needs_location", "bad_address")

_SELECT = (
    "SELECT {category} AS category, tracking_id, status, recipient_name, address_line1, city, "
    "postal_code, expected_date, status_at FROM parcels WHERE expected_date = ? AND "
)


def rows(db: sqlite_utils.Database, day: date) -> list[dict[str, Any]]:
    """The day's discrepancies, missing first, then the held parcels by reason."""
    missing = db.conn.execute(
        _SELECT.format(category="'missing'")
        + "status IN ('expected', 'missing') AND manifest_id IS NOT NULL ORDER BY tracking_id",
        (day.isoformat(),),
    )
    held = db.conn.execute(
        _SELECT.format(category="status_reason")
        + "status = 'exception' ORDER BY status_reason, tracking_id",
        (day.isoformat(),),
    )
    found = [dict(zip(COLUMNS, row, strict=True)) for cursor in (missing, held) for row in cursor]
    rank = {category: position for position, category in enumerate(CATEGORIES)}
    return sorted(found, key=lambda row: (rank.get(row["category"], len(rank)), row["tracking_id"]))


def write_csv(db: sqlite_utils.Database, out: TextIO, day: date) -> int:
    """Write the report as CSV; returns the number of parcels in it."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    found = rows(db, day)
    for row in found:
        writer.writerow([safe_cell(row[column]) for column in COLUMNS])
    return len(found)
