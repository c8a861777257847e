"""Counter pickup: find a recipient's parcel, hand it over, or hold it for them with a code.

A parcel back from a failed attempt can be held at the counter: it gets a short pickup code
(told to the recipient), leaves the planning, and after the shop's hold days it is listed for
return. Who collected a parcel goes into `parcels.handed_to` (purged later), not the log; the
log says whether the clerk checked the collector's ID (the shop may require it:
`settings.pickup_id_required`). A parcel is found by its tracking id or its pickup code,
typed or scanned where the id goes (`resolve`).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlite_utils

from store import text_search
from store.db import write_transaction
from store.errors import BadInput, NotFound
from store.events import Actor, Change, append
from store.parcels import match_scan
from store.results import MAX_NAME
from store.scancodes import normalise
from store.settings import load as load_settings
from store.statuses import Status
from store.timeutil import iso_z, utc_now

#: Pickup codes avoid letters and digits people confuse (0/O, 1/I/L, 2/Z, 5/S, 8/B).
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 6
FIND_LIMIT = 50
#: Statuses in which the parcel is on the shelf and may be handed to its recipient.
HANDABLE = (Status.RECEIVED, Status.ATTEMPTED, Status.PLANNED, Status.RETURN_PENDING,
            Status.EXCEPTION)  # fmt: skip
_ON_SHELF_SQL = ", ".join(f"'{status}'" for status in HANDABLE)


@dataclass(frozen=True)
class CounterParcel:
    """A parcel as the counter screen lists it."""

    tracking_id: str
    status: Status
    status_reason: str | None
    recipient: str
    address: str
    zone: str | None
    attempts: int
    pickup_code: str | None
    held_since: str | None


_COLUMNS = (
    "tracking_id, status, status_reason, recipient_name, address_line1, city, zone, attempts, "
    "pickup_code, held_since"
)


def _parcel(row: tuple[Any, ...]) -> CounterParcel:
    tid, status, reason, name, line1, city, zone, attempts, code, since = row
    address = ", ".join(part for part in (line1, city) if part)
    return CounterParcel(tid, Status(status), reason, name, address, zone, attempts, code, since)


def find(db: sqlite_utils.Database, text: str) -> list[CounterParcel]:
    """Parcels whose tracking id starts with `text` (any status), or parcels on the shelf
    whose recipient or address contains it; at most 50."""
    text = " ".join(text.split())
    if len(text) < 2:
        raise BadInput("type at least 2 characters of a tracking id, name or address")
    prefix = text.upper().replace(" ", "")
    like = text_search.pattern(text)
    cursor = db.conn.execute(
        f"SELECT {_COLUMNS} FROM parcels WHERE tracking_id >= ? AND tracking_id < ? "
        f"UNION SELECT {_COLUMNS} FROM parcels INDEXED BY parcels_status "
        f"WHERE status IN ({_ON_SHELF_SQL}) "
        f"AND ({text_search.contains('recipient_name')} "
        f"OR {text_search.contains('address_line1')}) "
        "ORDER BY tracking_id LIMIT ?",
        (prefix, prefix + "\uffff", like, like, FIND_LIMIT),
    )
    return [_parcel(row) for row in cursor]


def get(db: sqlite_utils.Database, tracking_id: str) -> CounterParcel:
    row = db.conn.execute(
        f"SELECT {_COLUMNS} FROM parcels WHERE tracking_id = ?", (tracking_id,)
    ).fetchone()
    if row is None:
        raise NotFound(f"no parcel {tracking_id} in this shop")
    return _parcel(row)


def _clean_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise BadInput("write down who collects the parcel")
    if len(name) > MAX_NAME or any(not char.isprintable() for char in name):
        raise BadInput(f"the collector's name: at most {MAX_NAME} printable characters")
    return name


def _refuse_unhandable(db: sqlite_utils.Database, parcel: CounterParcel) -> None:
    what = parcel.status.replace("_", " ")
    if parcel.status in (Status.EXPECTED, Status.MISSING):
        raise BadInput(f"{parcel.tracking_id} is {what}: it has not arrived at the shop")
    if parcel.status is Status.OUT_FOR_DELIVERY:
        raise BadInput(f"{parcel.tracking_id} is out for delivery in a driver's car")
    if parcel.status not in HANDABLE:
        raise BadInput(f"{parcel.tracking_id} is already {what}")
    if parcel.status is Status.EXCEPTION and parcel.status_reason == "unexpected":
        raise BadInput(f"{parcel.tracking_id} is not on any manifest: it cannot be handed out")
    loading = db.conn.execute(
        "SELECT r.number, r.driver_name FROM run_loads l JOIN runs r ON r.id = l.run_id "
        "WHERE l.tracking_id = ? AND r.state = 'loading'",
        (parcel.tracking_id,),
    ).fetchone()
    if loading:
        raise BadInput(
            f"{parcel.tracking_id} is loaded in the car of run {loading[0]} · {loading[1]}: "
            "take it out (unload) first"
        )


def hand_over(
    db: sqlite_utils.Database,
    actor: Actor,
    tracking_id: str,
    collected_by: str,
    *,
    id_checked: bool = False,
    at: datetime | None = None,
) -> CounterParcel:
    """The recipient (or someone for them) collects the parcel at the counter: `picked_up`.
    The event says whether the collector's ID was checked (refused unchecked when the shop
    requires it)."""
    name = _clean_name(collected_by)
    if not id_checked and load_settings(db).pickup_id_required:
        raise BadInput(
            "check the collector's ID first (the shop requires it), then say it was checked"
        )
    with write_transaction(db):
        parcel = get(db, tracking_id)
        _refuse_unhandable(db, parcel)
        change = Change(tracking_id, Status.PICKED_UP, reason="counter",
                        details={"id_checked": id_checked})  # fmt: skip
        append(db, actor, [change], at=at)
        db.conn.execute(
            "UPDATE parcels SET handed_to = ?, pickup_code = NULL, held_since = NULL "
            "WHERE tracking_id = ?",
            (name, tracking_id),
        )
        if parcel.status is Status.PLANNED:  # off a run not yet dispatched
            db.conn.execute(
                "DELETE FROM stop_parcels WHERE tracking_id = ? AND stop_id IN (SELECT s.id "
                "FROM stops s JOIN runs r ON r.id = s.run_id WHERE r.state IN "
                "('planned', 'loading'))",
                (tracking_id,),
            )
            db.conn.execute(
                "DELETE FROM stops WHERE id NOT IN (SELECT stop_id FROM stop_parcels) AND run_id "
                "IN (SELECT id FROM runs WHERE state IN ('planned', 'loading'))"
            )
        return get(db, tracking_id)


def new_code(db: sqlite_utils.Database) -> str:
    """A pickup code no held parcel has."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not db.conn.execute("SELECT 1 FROM parcels WHERE pickup_code = ?", (code,)).fetchone():
            return code


def hold_for_pickup(
    db: sqlite_utils.Database, actor: Actor, tracking_id: str, *, at: datetime | None = None
) -> str:
    """Hold a parcel back from an attempt for the recipient to collect; returns its code.

    Holding again returns the same code (no new event)."""
    moment = at or utc_now()
    with write_transaction(db):
        parcel = get(db, tracking_id)
        if parcel.pickup_code:
            return parcel.pickup_code
        if parcel.status is not Status.ATTEMPTED:
            raise BadInput(
                f"{tracking_id} is {parcel.status.replace('_', ' ')}: only a parcel back from "
                "a delivery attempt can be held for pickup"
            )
        append(db, actor, [Change(tracking_id, Status.ATTEMPTED, reason="held_for_pickup")],
               at=moment)  # fmt: skip
        code = new_code(db)
        db.conn.execute(
            "UPDATE parcels SET pickup_code = ?, held_since = ? WHERE tracking_id = ?",
            (code, iso_z(moment), tracking_id),
        )
    return code


def release_hold(
    db: sqlite_utils.Database, actor: Actor, tracking_id: str, *, at: datetime | None = None
) -> CounterParcel:
    """The recipient wants it delivered after all: the hold ends (a new event, the code is
    gone) and the parcel goes back into the next plan like any attempted parcel."""
    with write_transaction(db):
        parcel = get(db, tracking_id)
        if not parcel.pickup_code:
            raise BadInput(f"{tracking_id} is not held for pickup: there is no hold to release")
        append(db, actor, [Change(tracking_id, Status.ATTEMPTED, reason="hold_released")],
               at=at)  # fmt: skip
        db.conn.execute(
            "UPDATE parcels SET pickup_code = NULL, held_since = NULL WHERE tracking_id = ?",
            (tracking_id,),
        )
    return get(db, tracking_id)


def find_by_pickup_code(db: sqlite_utils.Database, code: str) -> CounterParcel:
    """The held parcel with this code (typed in any case, spaces ignored)."""
    cleaned = "".join(code.split()).upper()
    row = db.conn.execute(
        f"SELECT {_COLUMNS} FROM parcels WHERE pickup_code = ?", (cleaned,)
    ).fetchone()
    if row is None:
        raise NotFound(f"no parcel is held with the code {cleaned[:12]}")
    return _parcel(row)


def looks_like_code(text: str) -> bool:
    """Six letters and digits of the pickup-code alphabet (spaces and case ignored)."""
    code = "".join(text.split()).upper()
    return len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET)


def resolve(db: sqlite_utils.Database, typed: str) -> str:
    """The tracking id of what was typed or scanned where a parcel goes: a tracking id (as a
    scanner gives it), else a pickup code."""
    code = normalise(typed)
    tracking_id = match_scan(db, code.candidates) if code.readable else None
    if tracking_id is not None:
        return tracking_id
    if looks_like_code(typed):
        return find_by_pickup_code(db, typed).tracking_id
    shown = code.primary or " ".join(typed.split())[:40]
    raise NotFound(f"no parcel {shown} in this shop, and no parcel held with that pickup code")


def overdue_holds(db: sqlite_utils.Database, now: datetime | None = None) -> list[CounterParcel]:
    """Held parcels not collected within the shop's hold days: to return to the carrier."""
    days = load_settings(db).pickup_hold_days
    cutoff = iso_z((now or utc_now()) - timedelta(days=days))
    cursor = db.conn.execute(
        f"SELECT {_COLUMNS} FROM parcels WHERE pickup_code IS NOT NULL AND held_since < ? "
        "ORDER BY held_since, tracking_id",
        (cutoff,),
    )
    return [_parcel(row) for row in cursor]


def to_return(
    db: sqlite_utils.Database,
    actor: Actor,
    tracking_ids: list[str],
    *,
    at: datetime | None = None,
) -> int:
    """Held parcels not collected are set aside for return (one transaction)."""
    days = load_settings(db).pickup_hold_days
    with write_transaction(db):
        for tracking_id in tracking_ids:
            if not get(db, tracking_id).pickup_code:
                raise BadInput(f"{tracking_id} is not held for pickup")
        reason = f"not collected in {days} days"
        append(db, actor, [Change(t, Status.RETURN_PENDING, reason=reason) for t in tracking_ids],
               at=at)  # fmt: skip
        db.conn.executemany(
            "UPDATE parcels SET pickup_code = NULL WHERE tracking_id = ?",
            [(t,) for t in tracking_ids],
        )
    return len(tracking_ids)
