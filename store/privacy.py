"""Forgetting recipients: personal data of finished parcels is cleared after a while.

Once a parcel is delivered, picked up or returned, the shop keeps the recipient's name,
address, phone, notes and who took the parcel only for `settings.purge_after_days`. After
that they are cleared and the coordinates rounded to 2 decimals (about half a mile), enough
for statistics and no longer a doorstep. The status log holds no personal data and is kept.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlite_utils

from store.db import write_transaction
from store.settings import load as load_settings
from store.timeutil import iso_z, utc_now


def purge(db: sqlite_utils.Database, now: datetime | None = None) -> int:
    """Clear the personal data of parcels finished more than the set days ago; returns how
    many parcels were purged (one transaction)."""
    settings = load_settings(db)
    moment = now or utc_now()
    cutoff = moment - timedelta(days=settings.purge_after_days)
    with write_transaction(db):
        purged = db.conn.execute(
            "UPDATE parcels SET recipient_name = '', address_line1 = '', address_line2 = '', "
            "phone = '', notes = '', handed_to = '', pickup_code = NULL, "
            "latitude = round(latitude, 2), longitude = round(longitude, 2), purged_at = ? "
            "WHERE status IN ('delivered', 'picked_up', 'returned') AND status_at < ? "
            "AND purged_at IS NULL",
            (iso_z(moment), iso_z(cutoff)),
        ).rowcount
        # Stops of old runs carry the recipient's name as their label and exact coordinates.
        db.conn.execute(
            "UPDATE stops SET label = '', stop_key = 'purged', latitude = round(latitude, 2), "
            "longitude = round(longitude, 2) WHERE label != '' AND run_id IN "
            "(SELECT id FROM runs WHERE plan_date < ?)",
            (cutoff.astimezone(settings.tz).date().isoformat(),),
        )
    return purged
