"""Returns to the carrier: what is set aside, by when it must go, and the scan onto the truck.

A parcel is set aside (`return_pending`) after its last attempt, when a pickup hold runs out,
or when the clerk decides so: any held parcel (damaged, outside the delivery area, not on any
manifest, bad address, no location) can be set aside for return with the words it is held
for (`set_aside_held`). The carrier's truck takes it back the next morning: by
`settings.return_deadline` local time on the day after it was set aside. Scanning it onto
the truck makes it `returned`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

import sqlite_utils

from store.db import write_transaction
from store.errors import BadInput, NotFound
from store.events import Actor, Change, append
from store.parcels import log_scan, match_scan
from store.scancodes import normalise
from store.settings import ShopSettings
from store.settings import load as load_settings
from store.statuses import HELD_WORDS, Status, in_words
from store.timeutil import iso_z, local_day_bounds, parse_iso_z, utc_now

MAX_REASON = 120


@dataclass(frozen=True)
class PendingReturn:
    tracking_id: str
    reason: str | None
    since: str  # when it was set aside (UTC, ISO 8601 Z)
    deadline: str  # when it must be on the carrier's truck (UTC, ISO 8601 Z)
    overdue: bool
    attempts: int
    zone: str | None


def deadline(since: str, settings: ShopSettings) -> str:
    """The return deadline of a parcel set aside at `since`: the next local morning."""
    tz = settings.tz
    next_day = parse_iso_z(since).astimezone(tz).date() + timedelta(days=1)
    hours, minutes = (int(part) for part in settings.return_deadline.split(":"))
    return iso_z(datetime.combine(next_day, time(hours, minutes), tzinfo=tz))


def pending(db: sqlite_utils.Database, now: datetime | None = None) -> list[PendingReturn]:
    """Parcels set aside for return, oldest first, each with its deadline."""
    settings = load_settings(db)
    stamp = iso_z(now or utc_now())
    rows = []
    for tracking_id, reason, since, attempts, zone in db.conn.execute(
        "SELECT tracking_id, status_reason, status_at, attempts, zone FROM parcels "
        "INDEXED BY parcels_status WHERE status = 'return_pending' ORDER BY status_at, tracking_id"
    ):
        due = deadline(since, settings)
        rows.append(PendingReturn(tracking_id, reason, since, due, stamp > due, attempts, zone))
    return rows


def set_aside(
    db: sqlite_utils.Database,
    actor: Actor,
    tracking_id: str,
    reason: str,
    *,
    at: datetime | None = None,
) -> PendingReturn:
    """The clerk sets a parcel aside for return (from the shelf, with a reason)."""
    reason = " ".join(reason.split())
    if not reason or len(reason) > MAX_REASON:
        raise BadInput(f"say why it goes back to the carrier (1 to {MAX_REASON} characters)")
    with write_transaction(db):
        row = db.conn.execute(
            "SELECT status FROM parcels WHERE tracking_id = ?", (tracking_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no parcel {tracking_id} in this shop")
        if row[0] == Status.PLANNED:
            raise BadInput(f"{tracking_id} is planned on a run: take it off the plan first")
        append(db, actor, [Change(tracking_id, Status.RETURN_PENDING, reason=reason)], at=at)
        db.conn.execute(
            "UPDATE parcels SET pickup_code = NULL WHERE tracking_id = ?", (tracking_id,)
        )
    return next(p for p in pending(db, at) if p.tracking_id == tracking_id)


@dataclass(frozen=True)
class HeldParcel:
    """A parcel held in the shop (status `exception`), which may go back to the carrier."""

    tracking_id: str
    reason: str  # damaged, out_of_zone, …
    words: str  # "outside the delivery area"
    since: str  # held since (UTC, ISO 8601 Z)
    zone: str | None


def held(db: sqlite_utils.Database) -> list[HeldParcel]:
    """Every held parcel, oldest first."""
    return [
        HeldParcel(
            tracking_id, reason or "", HELD_WORDS.get(reason or "", reason or ""), since, zone
        )
        for tracking_id, reason, since, zone in db.conn.execute(
            "SELECT tracking_id, status_reason, status_at, zone FROM parcels "
            "INDEXED BY parcels_status WHERE status = 'exception' ORDER BY status_at, tracking_id"
        )
    ]


def set_aside_held(
    db: sqlite_utils.Database, actor: Actor, tracking_id: str, *, at: datetime | None = None
) -> PendingReturn:
    """A held parcel set aside for return, for the reason it is held."""
    row = db.conn.execute(
        "SELECT status, status_reason FROM parcels WHERE tracking_id = ?", (tracking_id,)
    ).fetchone()
    if row is None:
        raise NotFound(f"no parcel {tracking_id} in this shop")
    if row[0] != Status.EXCEPTION:
        raise BadInput(f"{tracking_id} is not held: it is {in_words(row[0], row[1])}")
    return set_aside(db, actor, tracking_id, HELD_WORDS.get(row[1] or "", "held"), at=at)


class ReturnOutcome(StrEnum):
    RETURNED = "returned"
    HELD = "held"  # held in the shop: set it aside for return first
    SET_ASIDE = "set_aside"  # the screen's answer once a held parcel is set aside
    NOT_PENDING = "not_pending"
    ALREADY_RETURNED = "already_returned"
    UNKNOWN = "unknown"
    UNREADABLE = "unreadable"


@dataclass(frozen=True)
class ReturnResult:
    outcome: ReturnOutcome
    tracking_id: str | None
    message: str


def return_scan(
    db: sqlite_utils.Database, actor: Actor, raw: str, *, at: datetime | None = None
) -> ReturnResult:
    """One parcel scanned onto the carrier's truck (committed before the answer returns)."""
    code = normalise(raw)
    moment = at or utc_now()
    with write_transaction(db):
        if not code.readable:
            result = ReturnResult(ReturnOutcome.UNREADABLE, None, f"Unreadable: {code.problem}")
        else:
            result = _decide(db, actor, match_scan(db, code.candidates), moment)
        log_scan(db, actor, code.visible, result.tracking_id, f"return:{result.outcome}",
                 iso_z(moment))  # fmt: skip
    return result


def _decide(
    db: sqlite_utils.Database, actor: Actor, tracking_id: str | None, moment: datetime
) -> ReturnResult:
    if tracking_id is None:
        return ReturnResult(ReturnOutcome.UNKNOWN, None, "Not a parcel of this shop")
    status, reason = db.conn.execute(
        "SELECT status, status_reason FROM parcels WHERE tracking_id = ?", (tracking_id,)
    ).fetchone()
    if status == Status.RETURNED:
        return ReturnResult(ReturnOutcome.ALREADY_RETURNED, tracking_id, "Already returned")
    if status == Status.EXCEPTION:
        return ReturnResult(
            ReturnOutcome.HELD,
            tracking_id,
            f"Held in the shop ({in_words(status, reason)}): not set aside for return yet. "
            "Set it aside for return (F5), then scan it onto the truck",
        )
    if status != Status.RETURN_PENDING:
        return ReturnResult(
            ReturnOutcome.NOT_PENDING,
            tracking_id,
            f"NOT FOR RETURN: it is {in_words(status, reason)}; keep it in the shop",
        )
    append(db, actor, [Change(tracking_id, Status.RETURNED, reason="carrier pickup")], at=moment)
    return ReturnResult(ReturnOutcome.RETURNED, tracking_id, "Returned to the carrier")


@dataclass(frozen=True)
class ReturnRow:
    """One line of the return manifest the carrier's driver signs."""

    tracking_id: str
    reason: str | None  # why it was set aside
    attempts: int
    set_aside_at: str | None
    returned_at: str
    staff: str


def manifest_rows(db: sqlite_utils.Database, day: date) -> list[ReturnRow]:
    """Parcels returned on the shop's local `day` (and still returned), in scan order."""
    start, end = local_day_bounds(day, load_settings(db).tz)
    rows = []
    for event_id, tracking_id, at, staff, attempts in db.conn.execute(
        "SELECT e.id, e.tracking_id, e.at, e.staff, p.attempts FROM events e CROSS JOIN "
        "parcels p ON p.tracking_id = e.tracking_id WHERE e.at >= ? AND e.at < ? "
        "AND e.status = 'returned' AND p.last_event_id = e.id ORDER BY e.id",
        (start, end),
    ):
        aside = db.conn.execute(
            "SELECT reason, at FROM events WHERE tracking_id = ? AND id < ? "
            "AND status = 'return_pending' ORDER BY id DESC LIMIT 1",
            (tracking_id, event_id),
        ).fetchone() or (None, None)
        rows.append(ReturnRow(tracking_id, aside[0], attempts, aside[1], at, staff))
    return rows
