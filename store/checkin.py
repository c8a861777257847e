"""The check-in decision: one scan in, one committed answer out.

Each scan is its own write transaction, committed before the answer is returned, so what the
screen confirms survives a crash. The answers are distinct on purpose (the screen gives each its
own colour and sound): received, duplicate, unexpected, unreadable, out of zone, needs location,
damaged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

import sqlite_utils

from store import import_jobs
from store.db import write_transaction
from store.errors import BadInput, NotFound
from store.events import Actor, Change, append
from store.scancodes import ScanCode, normalise
from store.settings import load as load_settings
from store.statuses import ON_SHELF, Status, in_words
from store.timeutil import iso_z, utc_now


class Outcome(StrEnum):
    RECEIVED = "received"
    DUPLICATE = "duplicate"
    UNEXPECTED = "unexpected"
    UNREADABLE = "unreadable"
    OUT_OF_ZONE = "out_of_zone"
    NEEDS_LOCATION = "needs_location"
    DAMAGED = "damaged"
    UNDONE = "undone"


@dataclass(frozen=True)
class ScanResult:
    """What the screen (or the command line) tells the clerk about one scan."""

    outcome: Outcome
    tracking_id: str | None
    message: str
    zone: str | None = None
    recipient: str = ""
    address: str = ""
    event_id: int | None = None


_PARCEL_COLUMNS = (
    "tracking_id, status, zone, hold, recipient_name, address_line1, city, received_at, "
    "expected_date, status_reason"
)
#: The needs_location answer says how to fix it: a pin on the map (the console's "Fix
#: location…", or `locate ID --lat LAT --lon LON`), or the address itself when nothing of it
#: was found.
NEEDS_PIN = "Only its ZIP code is known: set it aside and put a pin on its house on the map"
NEEDS_ADDRESS = "No location for this address: set it aside, check the address or put a pin"


def _find(db: sqlite_utils.Database, code: ScanCode) -> dict[str, Any] | None:
    for candidate in code.candidates:
        cursor = db.conn.execute(
            f"SELECT {_PARCEL_COLUMNS} FROM parcels WHERE tracking_id = ?", (candidate,)
        )
        row = cursor.fetchone()
        if row:
            return dict(zip([c[0] for c in cursor.description], row, strict=True))
    return None


def check_in(
    db: sqlite_utils.Database, actor: Actor, raw: str, *, at: datetime | None = None
) -> ScanResult:
    """Record one scan and return the answer for the screen (committed before returning)."""
    code = normalise(raw)
    moment = at or utc_now()
    with write_transaction(db):
        if not code.readable:
            result = ScanResult(Outcome.UNREADABLE, None, f"Unreadable scan: {code.problem}")
        else:
            result = _decide(db, actor, code, moment)
        _log_scan(db, actor, code, result, moment)
    return result


def _decide(
    db: sqlite_utils.Database, actor: Actor, code: ScanCode, moment: datetime
) -> ScanResult:
    parcel = _find(db, code)
    if parcel is None and import_jobs.publish_one(db, code.candidates):
        parcel = _find(db, code)  # on a big manifest still being written: written now
    if parcel is None:
        return _hold_unexpected(db, actor, code.primary or "", moment)
    tracking_id = parcel["tracking_id"]
    who = {
        "recipient": parcel["recipient_name"],
        "address": ", ".join(p for p in (parcel["address_line1"], parcel["city"]) if p),
    }
    status = Status(parcel["status"])
    if status not in (Status.EXPECTED, Status.MISSING):
        zone = parcel["zone"] if status in ON_SHELF else None  # where it already is
        return ScanResult(
            Outcome.DUPLICATE, tracking_id, _first_scan_text(db, parcel), zone=zone, **who
        )
    hold = parcel["hold"]
    if hold:
        [event] = append(db, actor, [Change(tracking_id, Status.EXCEPTION, reason=hold)], at=moment)
        outcome = Outcome.OUT_OF_ZONE if hold == "out_of_zone" else Outcome.NEEDS_LOCATION
        if outcome is Outcome.OUT_OF_ZONE:
            message = "Outside the delivery area: held. Set it aside for return (Returns, F5)"
        else:
            message = NEEDS_PIN if _precision(db, tracking_id) == "zip" else NEEDS_ADDRESS
        return ScanResult(outcome, tracking_id, message, event_id=event.id, **who)
    late = " (it was marked missing; now arrived)" if status is Status.MISSING else ""
    [event] = append(db, actor, [Change(tracking_id, Status.RECEIVED)], at=moment)
    return ScanResult(
        Outcome.RECEIVED,
        tracking_id,
        f"Received: shelf {parcel['zone']}{late}",
        zone=parcel["zone"],
        event_id=event.id,
        **who,
    )


def _precision(db: sqlite_utils.Database, tracking_id: str) -> str | None:
    row = db.conn.execute(
        "SELECT location_precision FROM parcels WHERE tracking_id = ?", (tracking_id,)
    ).fetchone()
    return row[0] if row else None


def _hold_unexpected(
    db: sqlite_utils.Database, actor: Actor, tracking_id: str, moment: datetime
) -> ScanResult:
    """A parcel not on any manifest is physically here: track it, held, until someone decides."""
    today = moment.astimezone(load_settings(db).tz).date().isoformat()
    [event] = append(
        db,
        actor,
        [Change(tracking_id, Status.EXCEPTION, reason="unexpected")],
        at=moment,
        new_parcels={tracking_id: {"expected_date": today, "hold": "unexpected"}},
    )
    return ScanResult(
        Outcome.UNEXPECTED,
        tracking_id,
        "Not on any manifest: held. Add its address (F3), or set it aside for return (Returns, F5)",
        event_id=event.id,
    )


def _first_scan_text(db: sqlite_utils.Database, parcel: dict[str, Any]) -> str:
    row = db.conn.execute(
        "SELECT at, staff, counter FROM events WHERE tracking_id = ? AND status IN "
        "('received', 'exception') ORDER BY id LIMIT 1",
        (parcel["tracking_id"],),
    ).fetchone()
    now = in_words(parcel["status"], parcel.get("status_reason"))
    if row is None:
        return f"Already {now}"
    tz = load_settings(db).tz
    when = datetime.fromisoformat(row[0].replace("Z", "+00:00")).astimezone(tz)
    stamp = (
        when.strftime("%H:%M")
        if when.date() == utc_now().astimezone(tz).date()
        else (when.strftime("%Y-%m-%d %H:%M"))
    )
    return f"Already scanned at {stamp} by {row[1]} ({row[2]}); now {now}"


def _log_scan(
    db: sqlite_utils.Database,
    actor: Actor,
    code: ScanCode,
    result: ScanResult,
    moment: datetime,
) -> None:
    db.conn.execute(
        "INSERT INTO scans (at, raw, tracking_id, outcome, staff, counter, event_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            iso_z(moment),
            code.visible,
            result.tracking_id,
            str(result.outcome),
            actor.staff,
            actor.counter,
            result.event_id,
        ),
    )


def mark_damaged(
    db: sqlite_utils.Database, actor: Actor, tracking_id: str, *, at: datetime | None = None
) -> ScanResult:
    """Hold a checked-in parcel as damaged (the clerk's one key after a scan)."""
    moment = at or utc_now()
    with write_transaction(db):
        row = db.conn.execute(
            "SELECT status FROM parcels WHERE tracking_id = ?", (tracking_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no parcel {tracking_id} in this shop")
        [event] = append(
            db, actor, [Change(tracking_id, Status.EXCEPTION, reason="damaged")], at=moment
        )
        result = ScanResult(
            Outcome.DAMAGED,
            tracking_id,
            "Damaged: held, not delivered. Set it aside for return (Returns, F5)",
            event_id=event.id,
        )
        _log_scan(db, actor, normalise(tracking_id), result, moment)
    return result


def undo_damaged(
    db: sqlite_utils.Database, actor: Actor, tracking_id: str, *, at: datetime | None = None
) -> ScanResult:
    """Take back a damaged mark only (a new event): the parcel is again what it was just
    before it was marked, on its shelf or held as before; its check-in stands."""
    moment = at or utc_now()
    with write_transaction(db):
        last_two = db.conn.execute(
            "SELECT status, reason FROM events WHERE tracking_id = ? ORDER BY id DESC LIMIT 2",
            (tracking_id,),
        ).fetchall()
        if not last_two or tuple(last_two[0]) != (Status.EXCEPTION, "damaged"):
            raise BadInput(f"{tracking_id} is not marked damaged: there is no mark to undo")
        if len(last_two) < 2 or last_two[1][0] not in (Status.RECEIVED, Status.EXCEPTION):
            raise BadInput(f"{tracking_id} was not on the shelf before: the mark stays")
        before, reason = last_two[1]
        why = reason if before == Status.EXCEPTION else "undo"
        [event] = append(
            db, actor, [Change(tracking_id, Status(before), reason=why,
                               details={"undone": "damaged"})], at=moment,
        )  # fmt: skip
        zone = db.conn.execute(
            "SELECT zone FROM parcels WHERE tracking_id = ?", (tracking_id,)
        ).fetchone()[0]
        now = in_words(before, reason if before == Status.EXCEPTION else None)
        result = ScanResult(
            Outcome.UNDONE,
            tracking_id,
            f"Damaged mark undone: {now} again" + (f", shelf {zone}" if zone else ""),
            zone=zone,
            event_id=event.id,
        )
        _log_scan(db, actor, normalise(tracking_id), result, moment)
    return result


def undo_scan(
    db: sqlite_utils.Database, actor: Actor, tracking_id: str, *, at: datetime | None = None
) -> ScanResult:
    """Undo a check-in with a new event (back to expected); the log keeps both."""
    moment = at or utc_now()
    with write_transaction(db):
        row = db.conn.execute(
            "SELECT status, manifest_id FROM parcels WHERE tracking_id = ?", (tracking_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no parcel {tracking_id} in this shop")
        if row[1] is None:
            raise BadInput(
                f"{tracking_id} was not on a manifest: it stays held; set it aside for return "
                "if it is not ours"
            )
        if Status(row[0]) not in (Status.RECEIVED, Status.EXCEPTION):
            raise BadInput(f"{tracking_id} is {row[0]}: only a check-in can be undone here")
        [event] = append(
            db, actor, [Change(tracking_id, Status.EXPECTED, reason="undo")], at=moment
        )
        result = ScanResult(
            Outcome.UNDONE, tracking_id, "Scan undone: expected again", event_id=event.id
        )
        _log_scan(db, actor, normalise(tracking_id), result, moment)
    return result


@dataclass(frozen=True)
class DayCounts:
    """The running count of a check-in day."""

    expected: int  # parcels on the day's manifests
    received: int  # of those, checked in (received or held)
    exceptions: int  # parcels of the day held (damaged, out of zone, unexpected, ...)
    unexpected: int

    @property
    def missing(self) -> int:
        return self.expected - self.received


def day_counts(db: sqlite_utils.Database, day: date) -> DayCounts:
    row = db.conn.execute(
        """
        SELECT
            count(*) FILTER (WHERE manifest_id IS NOT NULL),
            count(*) FILTER (WHERE manifest_id IS NOT NULL
                             AND status NOT IN ('expected', 'missing')),
            count(*) FILTER (WHERE status = 'exception'),
            count(*) FILTER (WHERE manifest_id IS NULL)
        FROM parcels WHERE expected_date = ?
        """,
        (day.isoformat(),),
    ).fetchone()
    return DayCounts(*row)


def still_missing(db: sqlite_utils.Database, day: date) -> list[dict[str, Any]]:
    """Manifest parcels of the day not scanned yet (in tracking-id order)."""
    cursor = db.conn.execute(
        "SELECT tracking_id, recipient_name, address_line1, city, zone FROM parcels "
        "WHERE expected_date = ? AND status IN ('expected', 'missing') "
        "AND manifest_id IS NOT NULL ORDER BY tracking_id",
        (day.isoformat(),),
    )
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]
