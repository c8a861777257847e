"""The status log: append an event (through the status machine), and verify the whole log.

Every status change of every parcel is one row in `events`, never updated or deleted (SQLite
triggers refuse it). Each row also carries a SHA-256 hash chained to the previous row, so a file
edited behind the app's back (rows changed, removed, or the triggers dropped first) is detected
by `verify` — a log the shop can show the carrier in a dispute. The parcel's cached status is
written in the same transaction as its event, so the two cannot drift apart except by tampering,
which `verify` reports too.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from store import integrity
from store.db import db_path
from store.errors import NotFound
from store.statuses import Status, check_transition
from store.timeutil import iso_z, utc_now

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class Actor:
    """Who changes things: the staff member at the keyboard and the counter (PC) they use."""

    staff: str
    counter: str

    def __post_init__(self) -> None:
        if not self.staff.strip() or not self.counter.strip():
            raise ValueError("an actor needs a staff name and a counter name")


@dataclass(frozen=True)
class Change:
    """One requested status change of one parcel."""

    tracking_id: str
    status: Status
    reason: str | None = None
    run_id: int | None = None
    stop_sequence: int | None = None
    details: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class Event:
    id: int
    tracking_id: str
    status: Status
    at: str
    staff: str
    counter: str
    run_id: int | None
    stop_sequence: int | None
    reason: str | None
    details: dict[str, Any] | None
    prev_hash: str
    hash: str

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Event:
        details = json.loads(row["details"]) if row["details"] else None
        return cls(**{**dict(row), "status": Status(row["status"]), "details": details})


EVENT_COLUMNS = (
    "id, tracking_id, status, at, staff, counter, run_id, stop_sequence, reason, details, "
    "prev_hash, hash"
)


#: The canonical JSON of the hashed fields (one encoder: json.dumps would build one per call,
#: a third of the cost of appending a big manifest's events).
_CANONICAL = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def event_hash(prev_hash: str, fields: tuple[Any, ...]) -> str:
    """The chained hash: SHA-256 over the previous hash and this event's canonical fields."""
    payload = _CANONICAL.encode(fields)
    return hashlib.sha256((prev_hash + payload).encode("utf-8")).hexdigest()


def _hashed_fields(
    event_id: int,
    change: Change,
    at: str,
    actor: Actor,
    details_json: str | None,
) -> tuple[Any, ...]:
    return (
        event_id,
        change.tracking_id,
        str(change.status),
        at,
        actor.staff,
        actor.counter,
        change.run_id,
        change.stop_sequence,
        change.reason,
        details_json,
    )


@dataclass
class _Chain:
    """The log's head while appending inside one write transaction."""

    next_id: int
    head: str

    @classmethod
    def load(cls, db: sqlite_utils.Database) -> _Chain:
        row = db.conn.execute("SELECT id, hash FROM events ORDER BY id DESC LIMIT 1").fetchone()
        seq = db.conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'events'").fetchone()
        last_id = max(row[0] if row else 0, seq[0] if seq else 0)
        return cls(next_id=last_id + 1, head=row[1] if row else GENESIS_HASH)


@dataclass
class _Cached:
    status: Status | None
    attempts: int
    received_at: str | None
    delivered_at: str | None


#: Where a recorded attempt leaves a parcel: on the shelf, or set aside at the attempt limit.
_ATTEMPT_ENDS = (Status.ATTEMPTED, Status.RETURN_PENDING)


def _cache_after(old: _Cached, change: Change, at: str) -> _Cached:
    """The parcel's cached columns after `change`: derived from the event, nothing else."""
    new = Status(change.status)
    attempts = old.attempts
    if new is Status.ATTEMPTED and old.status is Status.OUT_FOR_DELIVERY:
        attempts += 1
    elif old.status in _ATTEMPT_ENDS and new is Status.OUT_FOR_DELIVERY:
        attempts = max(0, attempts - 1)  # a correction of a wrongly recorded attempt
    received_at = old.received_at
    if new is Status.RECEIVED and received_at is None:
        received_at = at
    elif new is Status.EXPECTED:
        received_at = None  # the check-in was undone
    delivered_at = old.delivered_at
    if new in (Status.DELIVERED, Status.PICKED_UP):
        delivered_at = at
    elif old.status in (Status.DELIVERED, Status.PICKED_UP):
        delivered_at = None
    return _Cached(new, attempts, received_at, delivered_at)


def append(
    db: sqlite_utils.Database,
    actor: Actor,
    changes: Iterable[Change],
    *,
    at: datetime | None = None,
    new_parcels: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[Event]:
    """Append events for `changes` (in order) and update the parcels' cached status.

    Must run inside `write_transaction`: the caller decides what is all-or-nothing. A parcel
    not yet in the database must come with its row in `new_parcels` (keyed by tracking id);
    it is inserted with the event's status. Raises TransitionError (nothing written by this
    call's transaction) when any change is not allowed.
    """
    if not db.conn.in_transaction:
        raise RuntimeError("events.append must run inside write_transaction")
    stamp = iso_z(at or utc_now())
    new_parcels = new_parcels or {}
    chain = _Chain.load(db)
    states: dict[str, _Cached] = {}
    details_cache: dict[int, tuple[Mapping[str, Any], str]] = {}
    event_rows: list[tuple[Any, ...]] = []
    events: list[Event] = []
    for change in changes:
        change = Change(**{**change.__dict__, "status": Status(change.status)})
        old = states.get(change.tracking_id)
        if old is None:
            if change.tracking_id in new_parcels:
                # New parcels are not looked up one by one: the UNIQUE tracking_id refuses
                # an insert of a parcel that exists after all.
                old = _Cached(None, 0, None, None)
            else:
                old = _load_cached(db, change.tracking_id)
                if old is None:
                    raise NotFound(f"no parcel {change.tracking_id} in this shop")
        check_transition(old.status, change.status, change.reason)
        details_json = _details_json(change.details, details_cache)
        fields = _hashed_fields(chain.next_id, change, stamp, actor, details_json)
        digest = event_hash(chain.head, fields)
        event_rows.append((*fields, chain.head, digest))
        events.append(
            Event(
                chain.next_id,
                change.tracking_id,
                change.status,
                stamp,
                actor.staff,
                actor.counter,
                change.run_id,
                change.stop_sequence,
                change.reason,
                dict(change.details) if change.details else None,
                chain.head,
                digest,
            )
        )
        states[change.tracking_id] = _cache_after(old, change, stamp)
        chain.head = digest
        chain.next_id += 1
    inserts = [
        {**new_parcels[tracking_id], "tracking_id": tracking_id}
        for tracking_id in states
        if tracking_id in new_parcels
    ]
    _write(db, event_rows, events, states, inserts)
    return events


_DETAILS = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


def _details_json(
    details: Mapping[str, Any] | None, cache: dict[int, tuple[Mapping[str, Any], str]]
) -> str | None:
    """An event's details as JSON; the same details object (a manifest's thousands of
    events share one) is encoded once."""
    if not details:
        return None
    known = cache.get(id(details))
    if known is not None and known[0] is details:
        return known[1]
    text = _DETAILS.encode(dict(details))
    cache[id(details)] = (details, text)
    return text


def _load_cached(db: sqlite_utils.Database, tracking_id: str) -> _Cached | None:
    row = db.conn.execute(
        "SELECT status, attempts, received_at, delivered_at FROM parcels WHERE tracking_id = ?",
        (tracking_id,),
    ).fetchone()
    if row is None:
        return None
    return _Cached(Status(row[0]), row[1], row[2], row[3])


def _write(
    db: sqlite_utils.Database,
    event_rows: list[tuple[Any, ...]],
    events: list[Event],
    states: dict[str, _Cached],
    inserts: list[dict[str, Any]],
) -> None:
    """Insert new parcels with their final cached columns, the events, then update the rest."""
    conn = db.conn
    last_event = {event.tracking_id: event for event in events}

    def cached(tracking_id: str) -> dict[str, Any]:
        state, event = states[tracking_id], last_event[tracking_id]
        return {
            "status": str(state.status),
            "status_at": event.at,
            "status_reason": event.reason,
            "attempts": state.attempts,
            "received_at": state.received_at,
            "delivered_at": state.delivered_at,
            "last_event_id": event.id,
        }

    if inserts:
        rows = [{**parcel, **cached(parcel["tracking_id"])} for parcel in inserts]
        columns = sorted({key for row in rows for key in row})
        conn.executemany(
            f"INSERT INTO parcels ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)})",
            [tuple(map(row.get, columns)) for row in rows],
        )
    conn.executemany(
        f"INSERT INTO events ({EVENT_COLUMNS}) VALUES ({', '.join('?' * 12)})",
        event_rows,
    )
    inserted = {parcel["tracking_id"] for parcel in inserts}
    conn.executemany(
        "UPDATE parcels SET status = :status, status_at = :status_at, "
        "status_reason = :status_reason, attempts = :attempts, received_at = :received_at, "
        "delivered_at = :delivered_at, last_event_id = :last_event_id "
        "WHERE tracking_id = :tracking_id",
        [
            {**cached(tracking_id), "tracking_id": tracking_id}
            for tracking_id in states
            if tracking_id not in inserted
        ],
    )


def history(db: sqlite_utils.Database, tracking_id: str) -> list[Event]:
    """A parcel's events, oldest first."""
    cursor = db.conn.execute(
        f"SELECT {EVENT_COLUMNS} FROM events WHERE tracking_id = ? ORDER BY id", (tracking_id,)
    )
    names = [column[0] for column in cursor.description]
    return [Event.from_row(dict(zip(names, row, strict=True))) for row in cursor]


@dataclass
class VerifyReport:
    """What `verify` found. `ok` only when the file, the chain and the caches all agree."""

    events: int = 0
    parcels: int = 0
    head_hash: str = GENESIS_HASH
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(db: sqlite_utils.Database, *, max_reported: int = 20) -> VerifyReport:
    """Check the file's integrity, the hash chain, the append-only triggers and the caches.
    A part that cannot be read (a damaged page) is a problem reported, not an error."""
    report = VerifyReport()
    conn = db.conn
    try:
        for (line,) in conn.execute(f"PRAGMA integrity_check({max_reported})"):
            if line != "ok":
                report.problems.append(f"SQLite integrity check: {line}")
    except sqlite3.DatabaseError as error:
        report.problems.append(f"SQLite integrity check: {error}")
    sound = not report.problems
    for check in (_verify_triggers, _verify_chain, _verify_caches):
        try:
            check(db, report, max_reported)
        except sqlite3.DatabaseError as error:
            report.problems.append(f"{_CHECK_NAMES[check]} could not be read to the end: {error}")
    if sound and db_path(db):  # an in-memory database has no file to mark
        integrity.clear_mark(Path(db_path(db)))
    return report


def _verify_triggers(db: sqlite_utils.Database, report: VerifyReport, _max: int) -> None:
    report.problems.extend(missing_guards(db))


APPEND_ONLY_GUARDS = ("events_no_update", "events_no_delete")


def missing_guards(db: sqlite_utils.Database) -> list[str]:
    """A sentence per append-only trigger of the events table that has been removed."""
    triggers = {
        name for (name,) in db.conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    }
    return [
        f"the append-only guard {needed} has been removed"
        for needed in APPEND_ONLY_GUARDS
        if needed not in triggers
    ]


def _verify_chain(db: sqlite_utils.Database, report: VerifyReport, max_reported: int) -> None:
    head = GENESIS_HASH
    broken = 0
    last_id = 0
    cursor = db.conn.execute(f"SELECT {EVENT_COLUMNS} FROM events ORDER BY id")
    for row in cursor:
        event_id, tracking_id, status, at, staff, counter, run_id, seq, reason, details = row[:10]
        prev_hash, digest = row[10], row[11]
        report.events += 1
        if event_id != last_id + 1 and broken < max_reported:
            report.problems.append(f"events {last_id + 1}..{event_id - 1} are missing")
            broken += 1
        last_id = event_id
        fields = (event_id, tracking_id, status, at, staff, counter, run_id, seq, reason, details)
        if prev_hash != head or event_hash(prev_hash, fields) != digest:
            if broken < max_reported:
                report.problems.append(
                    f"event {event_id} ({tracking_id}) does not match the chain: it was "
                    "changed, or an event before it was removed"
                )
            broken += 1
            head = digest  # resynchronise so one edit is reported once
            continue
        head = digest
    report.head_hash = head
    if broken > max_reported:
        report.problems.append(f"... and {broken - max_reported} more broken events")


_CHECK_NAMES = {
    _verify_triggers: "the list of triggers",
    _verify_chain: "the event log",
}


def _verify_caches(db: sqlite_utils.Database, report: VerifyReport, max_reported: int) -> None:
    report.parcels = db.conn.execute("SELECT count(*) FROM parcels").fetchone()[0]
    mismatches = db.conn.execute(
        """
        SELECT p.tracking_id, p.status, e.status
        FROM parcels p
        LEFT JOIN events e ON e.id = (
            SELECT max(id) FROM events WHERE tracking_id = p.tracking_id
        )
        WHERE e.status IS NOT p.status
        LIMIT ?
        """,
        (max_reported + 1,),
    ).fetchall()
    for tracking_id, cached, logged in mismatches[:max_reported]:
        report.problems.append(
            f"parcel {tracking_id} shows {cached} but its log says {logged or 'nothing'}"
        )
    if len(mismatches) > max_reported:
        report.problems.append("... and more parcels whose status disagrees with the log")


_CHECK_NAMES[_verify_caches] = "the parcels' cached statuses"
