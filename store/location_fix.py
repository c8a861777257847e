"""A clerk fixes where a parcel goes: a pin on the map, typed coordinates, or another street.

The fix is the address's from then on: it goes into the address book (the next parcel to that
address is located exactly), every open parcel of that address moves with it, a stop of a
plan not yet out moves to the new point (the next plan or re-timing drives there), a parcel
held for a location is released to the shelf, and the fix is logged (`location_fixes`: who,
when, how, how far it moved; no address and no coordinates, so the log can stay
append-only while the purge clears the parcel's personal data).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlite_utils

from store import locate, parcels
from store.address_index import metres
from store.db import write_transaction
from store.errors import BadInput
from store.events import Actor, Change, append
from store.settings import load as load_settings
from store.statuses import FINISHED, Status
from store.timeutil import iso_z, utc_now

HOWS = ("pin", "typed", "street")
#: Parcels whose place may still change (not finished, not in a car).
_OPEN = ("expected", "received", "planned", "attempted", "exception", "missing", "return_pending")


@dataclass(frozen=True)
class FixResult:
    """What a fix changed: the parcels moved, those released from a hold, stops moved."""

    tracking_ids: tuple[str, ...]
    released: tuple[str, ...]
    stops_moved: int
    precision: str
    hold: str | None
    moved_m: float | None


def check_coordinates(latitude: Any, longitude: Any) -> tuple[float, float]:
    """Numbers a person typed, as a position; BadInput in one sentence otherwise."""
    values = []
    for name, value, limit in (("latitude", latitude, 90), ("longitude", longitude, 180)):
        try:
            number = float(str(value).strip())
        except ValueError:
            raise BadInput(f"{name} {value!r} is not a number") from None
        if not math.isfinite(number) or not -limit <= number <= limit:
            raise BadInput(f"{name} {value} is not between -{limit} and {limit}")
        values.append(number)
    if values == [0.0, 0.0]:
        raise BadInput("latitude 0, longitude 0 is not a place a parcel goes (empty fields?)")
    return values[0], values[1]


def fix_location(
    db: sqlite_utils.Database,
    actor: Actor,
    tracking_id: str,
    latitude: Any,
    longitude: Any,
    *,
    how: str = "pin",
    precision: str = "address",
    at: datetime | None = None,
) -> FixResult:
    """Put the parcel (and its address) at (latitude, longitude); see the module's doc.

    `precision` is `address` for a pin or typed coordinates (the clerk knows the house) and
    `street` when the clerk picked another street's match without a house on it."""
    if how not in HOWS:
        raise ValueError(f"how must be one of {HOWS}")
    if precision not in ("address", "street"):
        raise ValueError("a fix is at address or street precision")
    lat, lon = check_coordinates(latitude, longitude)
    settings = load_settings(db)
    if settings.latitude is None or settings.longitude is None:
        raise BadInput("set up the shop first (its location), then fix parcels' locations")
    shop = (settings.latitude, settings.longitude)
    stamp = iso_z(at or utc_now())
    with write_transaction(db):
        parcel = parcels.get(db, tracking_id)
        if Status(parcel["status"]) in FINISHED or parcel["status"] == "out_for_delivery":
            raise BadInput(
                f"{tracking_id} is {parcel['status'].replace('_', ' ')}: its location can no "
                "longer change"
            )
        moved = _same_address(db, parcel)
        book_source = "manual" if precision == "address" else "street"
        spellings = {locate.address_key(r["address_line1"], r["postal_code"]) for r in moved}
        locate.remember(db, [(key, lat, lon, book_source) for key in sorted(spellings)], stamp)
        found = locate.Found(
            lat, lon, "manual" if precision == "address" else "street", f"fixed by {actor.staff}"
        )
        where = locate.place(found, shop, settings.radius_mi, plan_zip=settings.plan_zip_located)
        released = _move(db, actor, moved, where, how, stamp, at)
        stops = _move_stops(db, [row["tracking_id"] for row in moved], where, stamp)
    before = moved[0]
    distance = (
        None
        if before["latitude"] is None
        else round(metres(before["latitude"], before["longitude"], lat, lon), 1)
    )
    return FixResult(
        tuple(row["tracking_id"] for row in moved),
        tuple(released),
        stops,
        where.precision,
        where.hold,
        distance,
    )


def _same_address(db: sqlite_utils.Database, parcel: dict[str, Any]) -> list[dict[str, Any]]:
    """The parcel first, then the other open parcels to the same address: written the same
    way, or placed by the area at the same door (`locate.door_key`: "3797 Cockley" and
    "3797 Cockley Rd"), so every spelling of it moves and goes into the address book."""
    marks = ", ".join("?" for _ in _OPEN)
    cursor = db.conn.execute(
        "SELECT tracking_id, address_line1, postal_code, latitude, longitude, "
        f"location_precision, status, status_reason FROM parcels INDEXED BY parcels_status "
        f"WHERE status IN ({marks}) AND postal_code = ? AND tracking_id != ?",
        (*_OPEN, parcel["postal_code"], parcel["tracking_id"]),
    )
    names = [column[0] for column in cursor.description]
    others = [dict(zip(names, row, strict=True)) for row in cursor]
    key = locate.address_key(parcel["address_line1"], parcel["postal_code"])
    door = locate.door_key(parcel)
    return [parcel] + [
        row
        for row in others
        if locate.address_key(row["address_line1"], row["postal_code"]) == key
        or locate.door_key(row) == door
    ]


def _move(
    db: sqlite_utils.Database,
    actor: Actor,
    moved: list[dict[str, Any]],
    where: locate.Location,
    how: str,
    stamp: str,
    at: datetime | None,
) -> list[str]:
    db.conn.executemany(
        "UPDATE parcels SET latitude = ?, longitude = ?, location_source = ?, "
        "location_precision = ?, location_detail = ?, location_warning = '', distance_mi = ?, "
        "zone = ?, hold = ? WHERE tracking_id = ?",
        [
            (where.latitude, where.longitude, where.source, where.precision, where.detail,
             where.distance_mi, where.zone, where.hold, row["tracking_id"])
            for row in moved
        ],
    )  # fmt: skip
    db.conn.executemany(
        "INSERT INTO location_fixes (tracking_id, at, staff, counter, how, precision_before, "
        "moved_m) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (row["tracking_id"], stamp, actor.staff, actor.counter, how,
             row["location_precision"] or "none", _moved_m(row, where))
            for row in moved
        ],
    )  # fmt: skip
    changes = []
    for row in moved:
        held_for = row["status_reason"] if row["status"] == "exception" else None
        if held_for in ("needs_location", "out_of_zone") and where.hold != held_for:
            changes.append(
                Change(row["tracking_id"], Status.RECEIVED, reason="location fixed")
                if where.hold is None
                else Change(row["tracking_id"], Status.EXCEPTION, reason=where.hold)
            )
    append(db, actor, changes, at=at)
    return [change.tracking_id for change in changes if change.status == Status.RECEIVED]


def _moved_m(row: dict[str, Any], where: locate.Location) -> float | None:
    if row["latitude"] is None or where.latitude is None or where.longitude is None:
        return None
    return round(metres(row["latitude"], row["longitude"], where.latitude, where.longitude), 1)


def _move_stops(
    db: sqlite_utils.Database, tracking_ids: list[str], where: locate.Location, stamp: str
) -> int:
    """Stops of plans not yet out that carry these parcels move to the new point (their
    runs count as changed, so a counter holding the old plan re-reads it before saving)."""
    stop_ids = [
        stop_id
        for (stop_id,) in db.conn.execute(
            "SELECT DISTINCT sp.stop_id FROM stop_parcels sp JOIN stops s ON s.id = sp.stop_id "
            "JOIN runs r ON r.id = s.run_id WHERE r.state = 'planned' "
            "AND sp.tracking_id IN (SELECT value FROM json_each(?))",
            (json.dumps(tracking_ids),),
        )
    ]
    db.conn.executemany(
        "UPDATE stops SET latitude = ?, longitude = ? WHERE id = ?",
        [(where.latitude, where.longitude, stop_id) for stop_id in stop_ids],
    )
    db.conn.executemany(
        "UPDATE runs SET updated_at = ? WHERE id = (SELECT run_id FROM stops WHERE id = ?)",
        [(stamp, stop_id) for stop_id in stop_ids],
    )
    return len(stop_ids)


def history(db: sqlite_utils.Database, tracking_id: str) -> list[dict[str, Any]]:
    """A parcel's location fixes, oldest first (for its detail page)."""
    cursor = db.conn.execute(
        "SELECT at, staff, counter, how, precision_before, moved_m FROM location_fixes "
        "WHERE tracking_id = ? ORDER BY id",
        (tracking_id,),
    )
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]
