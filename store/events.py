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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlite_utils

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


@dataclass(slots=True)
class Cached:
    status: Status | None
    attempts: int
    received_at: str | None
    delivered_at: str | None


#: Where a recorded attempt leaves a parcel: on the shelf, or set aside at the attempt limit.
_ATTEMPT_ENDS = (Status.ATTEMPTED, Status.RETURN_PENDING)


def cache_after(old: Cached, new: Status, at: str) -> Cached:
    """The parcel's cached columns after an event to `new` at `at`: derived from the event
    and the state before, nothing else (verify replays the log with it)."""
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
    return Cached(new, attempts, received_at, delivered_at)


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
    states: dict[str, Cached] = {}
    details_cache: dict[int, tuple[Mapping[str, Any], str]] = {}
    event_rows: list[tuple[Any, ...]] = []
    events: list[Event] = []
    for change in changes:
        if not isinstance(change.status, Status):  # a plain string from a caller
            change = Change(**{**change.__dict__, "status": Status(change.status)})
        old = states.get(change.tracking_id)
        if old is None:
            if change.tracking_id in new_parcels:
                # New parcels are not looked up one by one: the UNIQUE tracking_id refuses
                # an insert of a parcel that exists after all.
                old = Cached(None, 0, None, None)
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
        states[change.tracking_id] = cache_after(old, change.status, stamp)
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


def _load_cached(db: sqlite_utils.Database, tracking_id: str) -> Cached | None:
    row = db.conn.execute(
        "SELECT status, attempts, received_at, delivered_at FROM parcels WHERE tracking_id = ?",
        (tracking_id,),
    ).fetchone()
    if row is None:
        return None
    return Cached(Status(row[0]), row[1], row[2], row[3])


def _write(
    db: sqlite_utils.Database,
    event_rows: list[tuple[Any, ...]],
    events: list[Event],
    states: dict[str, Cached],
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
        columns = sorted(set().union(*(row.keys() for row in rows)))
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


def verify(db: sqlite_utils.Database, **options: Any) -> Any:
    """Check the whole log and what depends on it: see `store.verify.verify`."""
    from store.verify import verify as verify_log  # it reads the log this module writes

    return verify_log(db, **options)
