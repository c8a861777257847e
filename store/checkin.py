"""The check-in decision: one scan in, one committed answer out.

Each scan is its own write transaction, committed before the answer is returned, so what the
screen confirms survives a crash. The answers are distinct on purpose (the screen gives each its
own colour and sound): received, duplicate, unexpected, unreadable, out of zone, needs location,
damaged, ambiguous.

Which parcel a scan names is `store.scan_match`'s rule: the exact code wins; a code that two
parcels match only by carrier rules is answered "ambiguous" with the choices, and the clerk's
pick comes back as `check_in(..., choose=ID)`. A code that matches nothing becomes an
unexpected parcel only when it looks like a tracking number (`store.tracking_shapes`) or when
the same code is read twice in a row at the counter; anything else is "unreadable, scan
again". An unexpected parcel made by mistake is voided by undoing its scan (a new event).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

import sqlite_utils

from store import import_jobs, scan_match
from store import tracking_shapes as tracking_id_shapes
from store.db import write_transaction
from store.errors import BadInput, NotFound
from store.events import Actor, Change, append
from store.scancodes import ScanCode, normalise
from store.settings import load as load_settings
from store.statuses import ON_SHELF, Status, in_words
from store.timeutil import iso_z, parse_iso_z, utc_now


class Outcome(StrEnum):
    RECEIVED = "received"
    DUPLICATE = "duplicate"
    UNEXPECTED = "unexpected"
    UNREADABLE = "unreadable"
    OUT_OF_ZONE = "out_of_zone"
    NEEDS_LOCATION = "needs_location"
    DAMAGED = "damaged"
    UNDONE = "undone"
    AMBIGUOUS = "ambiguous"


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
    choices: tuple[str, ...] = ()  # AMBIGUOUS: the parcels the scan might be, for the clerk
    code: str | None = None  # what was read, when it names no parcel (AMBIGUOUS, a misread)


_PARCEL_COLUMNS = (
    "tracking_id, status, zone, hold, recipient_name, address_line1, city, received_at, "
    "expected_date, status_reason"
)
#: The needs_location answer says how to fix it: a pin on the map (the console's "Fix
#: location…", or `locate ID --lat LAT --lon LON`), or the address itself when nothing of it
#: was found.
NEEDS_PIN = "Only its ZIP code is known: set it aside and put a pin on its house on the map"
NEEDS_ADDRESS = "No location for this address: set it aside, check the address or put a pin"
NEEDS_HOUSE = (
    "Only its street is known, and that runs out of the delivery area: set it aside and put "
    "a pin on its house on the map"
)


#: A code of a shape the shop has not seen, read again within this time at the same counter,
#: is taken as what the label says (a misread does not repeat itself exactly).
CONFIRM_WITHIN = timedelta(minutes=2)


def _parcels(db: sqlite_utils.Database, code: ScanCode) -> dict[str, dict[str, Any]]:
    """The shop's parcels among the scan's candidates (one query: the scan path is hot)."""
    marks = ", ".join("?" * len(code.candidates))
    cursor = db.conn.execute(
        f"SELECT {_PARCEL_COLUMNS} FROM parcels WHERE tracking_id IN ({marks})", code.candidates
    )
    names = [c[0] for c in cursor.description]
    return {row[0]: dict(zip(names, row, strict=True)) for row in cursor}


def check_in(
    db: sqlite_utils.Database,
    actor: Actor,
    raw: str,
    *,
    at: datetime | None = None,
    choose: str | None = None,
) -> ScanResult:
    """Record one scan and return the answer for the screen (committed before returning).

    `choose` is the clerk's pick after an AMBIGUOUS answer: one of its `choices`."""
    code = normalise(raw)
    moment = at or utc_now()
    with write_transaction(db):
        if not code.readable:
            result = ScanResult(Outcome.UNREADABLE, None, f"Unreadable scan: {code.problem}")
        else:
            result = _decide(db, actor, code, moment, choose)
        _log_scan(db, actor, code, result, moment)
    return result


def _decide(
    db: sqlite_utils.Database,
    actor: Actor,
    code: ScanCode,
    moment: datetime,
    choose: str | None,
) -> ScanResult:
    parcels = _parcels(db, code)
    if code.exact not in parcels and import_jobs.publish_one(db, code.candidates):
        parcels = _parcels(db, code)  # on a big manifest still being written: written now
    found = scan_match.decide(code.candidates, parcels)
    if choose is not None:
        if choose not in found.choices:
            raise BadInput(f"{choose} is not one of the parcels {code.exact} could be")
        found = scan_match.ScanMatch(choose)
    if found.ambiguous:
        return ScanResult(
            Outcome.AMBIGUOUS,
            None,
            scan_match.ambiguity_sentence(code.exact or "", found.choices),
            choices=found.choices,
            code=code.exact,
        )
    if found.tracking_id is None:
        return _unknown(db, actor, code, moment)
    parcel = parcels[found.tracking_id]
    tracking_id = parcel["tracking_id"]
    who = {
        "recipient": parcel["recipient_name"],
        "address": ", ".join(p for p in (parcel["address_line1"], parcel["city"]) if p),
    }
    status = Status(parcel["status"])
    if status is Status.VOIDED:
        return _unknown(db, actor, code, moment, voided=tracking_id)
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
            precision = _precision(db, tracking_id) or "none"
            message = {"zip": NEEDS_PIN, "street": NEEDS_HOUSE}.get(precision, NEEDS_ADDRESS)
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


def _unknown(
    db: sqlite_utils.Database,
    actor: Actor,
    code: ScanCode,
    moment: datetime,
    voided: str | None = None,
) -> ScanResult:
    """A code no parcel answers: a parcel not on any manifest, or a misread (scan again).

    `voided` is the id of a voided parcel the scan named: held again under the same rule."""
    recognised = _recognised(db, code)
    if recognised is None and not _read_twice(db, actor, code.primary or "", moment):
        return ScanResult(
            Outcome.UNREADABLE,
            None,
            f"Unreadable, scan again: {tracking_id_shapes.why_not(code.primary or '')} "
            "(the same code read twice is held as unexpected)",
            code=code.primary,
        )
    tracking_id = voided or recognised or code.primary or ""
    return _hold_unexpected(db, actor, tracking_id, moment, again=voided is not None)


def _recognised(db: sqlite_utils.Database, code: ScanCode) -> str | None:
    """The first of the scan's ids that looks like a tracking number, or None."""
    ids = (*code.derived, code.exact) if code.derived else (code.exact,)
    return next((i for i in ids if i and tracking_id_shapes.looks_like_tracking(db, i)), None)


def _read_twice(db: sqlite_utils.Database, actor: Actor, code: str, moment: datetime) -> bool:
    """True when this counter's previous scan read the same unrecognised code just now."""
    row = db.conn.execute(  # among the last scans only: a bounded look, however big the log
        "SELECT at, tracking_id, outcome FROM (SELECT * FROM scans ORDER BY id DESC LIMIT 50) "
        "WHERE counter = ? ORDER BY id DESC LIMIT 1",
        (actor.counter,),
    ).fetchone()
    if row is None or row[1] != code or row[2] != Outcome.UNREADABLE:
        return False
    return moment - parse_iso_z(row[0]) <= CONFIRM_WITHIN


def _precision(db: sqlite_utils.Database, tracking_id: str) -> str | None:
    row = db.conn.execute(
        "SELECT location_precision FROM parcels WHERE tracking_id = ?", (tracking_id,)
    ).fetchone()
    return row[0] if row else None


def _hold_unexpected(
    db: sqlite_utils.Database,
    actor: Actor,
    tracking_id: str,
    moment: datetime,
    *,
    again: bool = False,
) -> ScanResult:
    """A parcel not on any manifest is physically here: track it, held, until someone decides."""
    today = moment.astimezone(load_settings(db).tz).date().isoformat()
    [event] = append(
        db,
        actor,
        [Change(tracking_id, Status.EXCEPTION, reason="unexpected")],
        at=moment,
        new_parcels=(
            {} if again else {tracking_id: {"expected_date": today, "hold": "unexpected"}}
        ),
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
            result.tracking_id or code.primary,  # an unrecognised code too (see _read_twice)
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
    """Undo a check-in with a new event; the log keeps both.

    A manifest parcel is expected again. A parcel on no manifest (an "unexpected" one a
    misread scan created) is voided: it was never a parcel, and it leaves the day's counts,
    the plans and the carrier's status CSV; scanned again, it is held again."""
    moment = at or utc_now()
    with write_transaction(db):
        row = db.conn.execute(
            "SELECT status, manifest_id FROM parcels WHERE tracking_id = ?", (tracking_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no parcel {tracking_id} in this shop")
        if Status(row[0]) not in (Status.RECEIVED, Status.EXCEPTION):
            raise BadInput(f"{tracking_id} is {row[0]}: only a check-in can be undone here")
        if row[1] is None:
            [event] = append(
                db, actor, [Change(tracking_id, Status.VOIDED, reason="undo")], at=moment
            )
            message = "Scan undone: not a parcel after all (voided; the log keeps it)"
        else:
            [event] = append(
                db, actor, [Change(tracking_id, Status.EXPECTED, reason="undo")], at=moment
            )
            message = "Scan undone: expected again"
        result = ScanResult(Outcome.UNDONE, tracking_id, message, event_id=event.id)
        _log_scan(db, actor, normalise(tracking_id), result, moment)
    return result


@dataclass(frozen=True)
class DayCounts:
    """The running count of a check-in day."""

    expected: int  # parcels on the day's manifests
    received: int  # of those, checked in (received or held)
    exceptions: int  # parcels of the day held (damaged, out of zone, unexpected, ...)
    unexpected: int  # of those held, the ones on no manifest (an address added: on a shelf)
    not_arrived: int = 0  # of the manifests' parcels, still expected (not scanned yet)

    @property
    def missing(self) -> int:
        """Not checked in: still expected, or marked missing."""
        return self.expected - self.received


def day_counts(db: sqlite_utils.Database, day: date) -> DayCounts:
    row = db.conn.execute(
        """
        SELECT
            count(*) FILTER (WHERE manifest_id IS NOT NULL),
            count(*) FILTER (WHERE manifest_id IS NOT NULL
                             AND status NOT IN ('expected', 'missing')),
            count(*) FILTER (WHERE status = 'exception'),
            count(*) FILTER (WHERE manifest_id IS NULL AND status = 'exception'),
            count(*) FILTER (WHERE manifest_id IS NOT NULL AND status = 'expected')
        FROM parcels WHERE expected_date = ?
        """,
        (day.isoformat(),),
    ).fetchone()
    return DayCounts(*row)


def still_missing(db: sqlite_utils.Database, day: date) -> list[dict[str, Any]]:
    """Manifest parcels of the day not scanned yet (in tracking-id order)."""
    cursor = db.conn.execute(
        "SELECT tracking_id, recipient_name, address_line1, city, zone, status FROM parcels "
        "WHERE expected_date = ? AND status IN ('expected', 'missing') "
        "AND manifest_id IS NOT NULL ORDER BY tracking_id",
        (day.isoformat(),),
    )
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]
