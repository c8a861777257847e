"""Forgetting recipients: personal data of finished parcels is cleared after a while.

Once a parcel is delivered, picked up or returned, the shop keeps the recipient's name,
address, phone, notes and who took the parcel only for `settings.purge_after_days`. After
that they are cleared and the coordinates rounded to 2 decimals (about half a mile), enough
for statistics and no longer a doorstep. The status log holds no personal data and is kept.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta

import sqlite_utils

from store.db import long_job, write_transaction, yield_to_writers
from store.settings import load as load_settings
from store.timeutil import iso_z, utc_now

#: Parcels purged per transaction, so a first purge of years of parcels never holds the
#: write lock long enough to make the other counter wait (a few milliseconds each).
BATCH = 100


def purge(
    db: sqlite_utils.Database,
    now: datetime | None = None,
    *,
    batch: int = BATCH,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Clear the personal data of parcels finished more than the set days ago; returns how
    many parcels were purged. Between its small transactions it pauses for the other
    counter, and tells `progress` how many are done so far."""
    settings = load_settings(db)
    moment = now or utc_now()
    cutoff = moment - timedelta(days=settings.purge_after_days)
    with long_job(db):
        purged = _purge_parcels(db, moment, cutoff, batch, progress)
    _purge_stops(db, cutoff.astimezone(settings.tz).date().isoformat())
    return purged


def _purge_parcels(
    db: sqlite_utils.Database,
    moment: datetime,
    cutoff: datetime,
    batch: int,
    progress: Callable[[int], None] | None,
) -> int:
    purged = 0
    while True:
        started = time.perf_counter()
        with write_transaction(db):
            done = db.conn.execute(
                "UPDATE parcels SET recipient_name = '', address_line1 = '', address_line2 = '', "
                "phone = '', notes = '', handed_to = '', pickup_code = NULL, "
                "latitude = round(latitude, 2), longitude = round(longitude, 2), purged_at = ? "
                "WHERE id IN (SELECT id FROM parcels INDEXED BY parcels_to_purge "
                "WHERE purged_at IS NULL AND status IN ('delivered', 'picked_up', 'returned') "
                "AND status_at < ? LIMIT ?)",
                (iso_z(moment), iso_z(cutoff), batch),
            ).rowcount
        purged += done
        if done and progress is not None:
            progress(purged)
        if done < batch:
            return purged
        yield_to_writers(db, time.perf_counter() - started)


def _purge_stops(db: sqlite_utils.Database, before_day: str) -> None:
    """Stops of old runs carry the recipient's name as their label and exact coordinates."""
    with write_transaction(db):
        db.conn.execute(
            "UPDATE stops SET label = '', stop_key = 'purged', latitude = round(latitude, 2), "
            "longitude = round(longitude, 2) WHERE stop_key != 'purged' AND run_id IN "
            "(SELECT id FROM runs WHERE plan_date < ?)",
            (before_day,),
        )
