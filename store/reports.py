"""Small read-only figures for the console's overview: parcels by status, the day's activity."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import sqlite_utils

from store.timeutil import local_day_bounds


def status_counts(db: sqlite_utils.Database, day: date | None = None) -> dict[str, int]:
    """Parcels by current status: those expected on `day`, or every parcel on record."""
    if day is None:
        cursor = db.conn.execute("SELECT status, count(*) FROM parcels GROUP BY status")
    else:
        cursor = db.conn.execute(
            "SELECT status, count(*) FROM parcels WHERE expected_date = ? GROUP BY status",
            (day.isoformat(),),
        )
    return dict(cursor.fetchall())


def day_activity(db: sqlite_utils.Database, day: date, tz: ZoneInfo) -> dict[str, int]:
    """Status changes recorded during the shop's local `day`, by the status they set."""
    start, end = local_day_bounds(day, tz)
    cursor = db.conn.execute(
        "SELECT status, count(*) FROM events WHERE at >= ? AND at < ? GROUP BY status",
        (start, end),
    )
    return dict(cursor.fetchall())
