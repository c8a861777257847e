"""The carrier's CSV files: per-parcel status for a period, and every event of the log.

Both are read by spreadsheets at the carrier's end, so no cell may start a formula
(`store.cells.safe_cell`).
Timestamps stay ISO 8601 UTC with `Z`, as stored.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, TextIO

import sqlite_utils

from labels.files import text_file_atomically
from store import anchor, event_export
from store.cells import safe_cell
from store.db import db_path
from store.settings import load as load_settings
from store.timeutil import local_day_bounds

STATUS_COLUMNS = (
    "tracking_id",
    "status",
    "status_at",
    "attempts",
    "reason",
    "run_id",
    "driver",
    "stop_sequence",
    "received_at",
    "delivered_at",
)
EVENT_CSV_COLUMNS = event_export.COLUMNS


def _write(out: TextIO, header: Iterable[str], rows: Iterable[Iterable[Any]]) -> int:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
        count += 1
    return count


def status_rows(db: sqlite_utils.Database, day: date | None) -> Iterator[tuple[Any, ...]]:
    """One row per parcel whose status changed on the shop's local `day` (all parcels if None),
    describing its state at the end of that day. The day is checked before the first row
    (before the caller writes a header)."""
    if day is None:
        return _current_rows(db)
    return _rows_of_day(db, *local_day_bounds(day, load_settings(db).tz))


def _rows_of_day(db: sqlite_utils.Database, start: str, end: str) -> Iterator[tuple[Any, ...]]:
    changed = [
        tracking_id
        for (tracking_id,) in db.conn.execute(
            "SELECT DISTINCT tracking_id FROM events WHERE at >= ? AND at < ? ORDER BY tracking_id",
            (start, end),
        )
    ]
    for chunk_start in range(0, len(changed), 500):
        chunk = changed[chunk_start : chunk_start + 500]
        marks = ", ".join("?" for _ in chunk)
        by_parcel: dict[str, list[tuple[Any, ...]]] = {tracking_id: [] for tracking_id in chunk}
        for row in db.conn.execute(
            f"SELECT tracking_id, status, at, reason, run_id, stop_sequence, details FROM events "
            f"WHERE tracking_id IN ({marks}) AND at < ? ORDER BY id",
            (*chunk, end),
        ):
            by_parcel[row[0]].append(row)
        for tracking_id in chunk:
            row = _state_from_events(tracking_id, by_parcel[tracking_id])
            if row[1] != "voided":  # a misread, not a parcel: nothing for the carrier
                yield row


def _state_from_events(tracking_id: str, events: list[tuple[Any, ...]]) -> tuple[Any, ...]:
    """Replay one parcel's events: the figures of the status CSV, derived from the log."""
    attempts = 0
    received_at = delivered_at = None
    run_id = driver = stop_sequence = None
    previous = None
    for _, status, at, _reason, event_run, event_stop, details in events:
        if status == "attempted" and previous == "out_for_delivery":
            attempts += 1
        elif status == "out_for_delivery" and previous == "attempted":
            attempts = max(0, attempts - 1)
        if status == "received" and received_at is None:
            received_at = at
        elif status == "expected":
            received_at = None
        if status in ("delivered", "picked_up"):
            delivered_at = at
        elif previous in ("delivered", "picked_up"):
            delivered_at = None
        if event_run is not None:
            run_id, stop_sequence = event_run, event_stop
            driver = json.loads(details).get("driver") if details else None
        previous = status
    last = events[-1]
    return (
        tracking_id,
        last[1],
        last[2],
        attempts,
        last[3],
        run_id,
        driver,
        stop_sequence,
        received_at,
        delivered_at,
    )


def _current_rows(db: sqlite_utils.Database) -> Iterator[tuple[Any, ...]]:
    cursor = db.conn.execute(
        """
        SELECT p.tracking_id, p.status, p.status_at, p.attempts, p.status_reason,
               r.run_id, r.details, r.stop_sequence, p.received_at, p.delivered_at
        FROM parcels p
        LEFT JOIN events r ON r.id = (
            SELECT max(id) FROM events WHERE tracking_id = p.tracking_id AND run_id IS NOT NULL
        )
        WHERE p.status != 'voided'
        ORDER BY p.tracking_id
        """
    )
    for row in cursor:
        driver = json.loads(row[6]).get("driver") if row[6] else None
        yield (*row[:6], driver, *row[7:])


def save_status(db: sqlite_utils.Database, target: Path, day: date | None) -> int:
    """Write the status CSV to `target` (whole or not at all) and its receipt beside it, with
    the log's head (`store.anchor`); returns the number of parcel rows."""
    with text_file_atomically(target) as out:
        rows = export_status(db, out, day)
    anchor.write_receipt(db, target, rows)
    return rows


def export_status(db: sqlite_utils.Database, out: TextIO, day: date | None) -> int:
    """Write the status CSV; returns the number of parcel rows."""
    rows = status_rows(db, day)  # a day out of range fails here, before the header
    return _write(out, STATUS_COLUMNS, rows)


#: Event columns that hold text people typed (quoted and made formula-safe); the others are
#: numbers, fixed words, timestamps and hex digests that cannot start a formula.
_EVENT_TEXT_COLUMNS = frozenset({"tracking_id", "staff", "counter", "reason", "details"})


def _sql_csv_cell(column: str) -> str:
    """SQL rendering one CSV cell the way `safe_cell` and the csv module would."""
    if column not in _EVENT_TEXT_COLUMNS:
        return f"coalesce({column}, '')"
    starts = "'=', '+', '-', '@', char(9), char(13), char(10)"
    neutral = (
        f"CASE WHEN substr({column}, 1, 1) IN ({starts}) "
        f"THEN char(39) || {column} ELSE {column} END"
    )
    return f"coalesce(char(34) || replace({neutral}, char(34), char(34, 34)) || char(34), '')"


_EVENT_LINE = " || ',' || ".join(_sql_csv_cell(c) for c in EVENT_CSV_COLUMNS) + " || char(13, 10)"


def export_events(db: sqlite_utils.Database, out: TextIO, day: date | None = None) -> int:
    """Write one row per event (the whole log, or one local day); returns the row count.

    See store/event_export.py for how millions of events are written in seconds."""
    if day is None:
        return event_export.export_all(db.conn, db_path(db), out)
    start, end = local_day_bounds(day, load_settings(db).tz)
    out.write(event_export.HEADER)
    return event_export.write_range(db.conn, out, "at >= ? AND at < ?", (start, end))
