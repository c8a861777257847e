"""Verify the shop's log and everything that depends on it.

One pass over the events in order checks the hash chain (every event's hash covers the one
before, so a changed or removed event breaks it), replays each parcel's cached columns
(status, attempts, received_at, delivered_at) from its events with the very rule that wrote
them, and notes where the chain first broke. Then the parcels are compared with the replay,
the append-only triggers are looked for, and each anchor given (`store.anchor`, a head that
left the file) is checked: the log must still hold that event, with that hash, and an intact
chain up to it. A part that cannot be read (a damaged page) is a problem reported, not an
error.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from store import backup, integrity
from store.anchor import Anchor
from store.db import db_path
from store.events import EVENT_COLUMNS, GENESIS_HASH, Cached, cache_after, event_hash
from store.statuses import Status


@dataclass
class VerifyReport:
    """What `verify` found. `ok` only when the file, the chain and the caches all agree."""

    events: int = 0
    parcels: int = 0
    head_id: int = 0
    head_hash: str = GENESIS_HASH
    anchors_checked: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class _Pass:
    """What the pass over the events leaves for the later checks."""

    replayed: dict[str, Cached] = field(default_factory=dict)
    first_break: int | None = None  # the id of the first event that does not fit the chain
    hashes: dict[int, str] = field(default_factory=dict)  # of the anchored events


def verify(
    db: sqlite_utils.Database, *, anchors: Iterable[Anchor] = (), max_reported: int = 20
) -> VerifyReport:
    """Check the file's integrity, the hash chain, the append-only triggers, the caches and
    the anchors given."""
    report = VerifyReport()
    anchors = list(anchors)
    walked = _Pass(hashes={a.event_id: "" for a in anchors})
    with _one_snapshot(db):
        _integrity(db, report, max_reported)
        sound = not report.problems
        checks: list[tuple[str, Callable[[], None]]] = [
            ("the list of triggers", lambda: _triggers(db, report)),
            ("the event log", lambda: _chain(db, report, walked, max_reported)),
            ("the parcels' cached columns", lambda: _caches(db, report, walked, max_reported)),
        ]
        for what, check in checks:
            try:
                check()
            except sqlite3.DatabaseError as error:
                report.problems.append(f"{what} could not be read to the end: {error}")
    if sound:  # a damaged file is not written to, not even to fold its WAL in
        backup.fold_in_what_was_written_meanwhile(db)
    for anchor in anchors:
        _anchor(anchor, report, walked)
    if sound and db_path(db):  # an in-memory database has no file to mark
        integrity.clear_mark(Path(db_path(db)))
    return report


@contextmanager
def _one_snapshot(db: sqlite_utils.Database) -> Iterator[None]:
    """One read transaction around every pass: the other counter keeps scanning (WAL readers
    never block a writer), and a scan made between the chain's pass and the parcels' is not
    half seen (a parcel 'received' whose log, read a moment before, said 'expected')."""
    if db.conn.in_transaction:
        yield
        return
    db.conn.execute("BEGIN")
    try:
        yield
    finally:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")  # nothing was written: ending a read


def _integrity(db: sqlite_utils.Database, report: VerifyReport, max_reported: int) -> None:
    try:
        for (line,) in db.conn.execute(f"PRAGMA integrity_check({max_reported})"):
            if line != "ok":
                report.problems.append(f"SQLite integrity check: {line}")
    except sqlite3.DatabaseError as error:
        report.problems.append(f"SQLite integrity check: {error}")


def _triggers(db: sqlite_utils.Database, report: VerifyReport) -> None:
    report.problems.extend(
        f"the append-only guard {name} has been removed"
        for name in integrity.missing_guards(db.conn)
    )


def _chain(
    db: sqlite_utils.Database, report: VerifyReport, walked: _Pass, max_reported: int
) -> None:
    head = GENESIS_HASH
    broken = last_id = 0
    replayed = walked.replayed
    statuses = {status.value: status for status in Status}
    fresh = Cached(None, 0, None, None)
    for row in db.conn.execute(f"SELECT {EVENT_COLUMNS} FROM events ORDER BY id"):
        event_id, tracking_id, status, at, staff, counter, run_id, seq, reason, details = row[:10]
        prev_hash, digest = row[10], row[11]
        report.events += 1
        if event_id in walked.hashes:
            walked.hashes[event_id] = digest
        replayed[tracking_id] = cache_after(replayed.get(tracking_id, fresh), statuses[status], at)
        fits = event_id == last_id + 1
        if not fits:
            _note(report, broken, max_reported, f"events {last_id + 1}..{event_id - 1} are missing")
            broken += 1
        last_id = event_id
        fields = (event_id, tracking_id, status, at, staff, counter, run_id, seq, reason, details)
        if prev_hash != head or event_hash(prev_hash, fields) != digest:
            _note(
                report,
                broken,
                max_reported,
                f"event {event_id} ({tracking_id}) does not match the chain: it was changed, "
                "or an event before it was removed",
            )
            broken += 1
            fits = False
        if not fits and walked.first_break is None:
            walked.first_break = event_id
        head = digest  # resynchronise so one edit is reported once
    report.head_id, report.head_hash = last_id, head
    if broken > max_reported:
        report.problems.append(f"... and {broken - max_reported} more broken events")


def _note(report: VerifyReport, already: int, max_reported: int, problem: str) -> None:
    if already < max_reported:
        report.problems.append(problem)


_CACHED = "tracking_id, status, attempts, received_at, delivered_at"


def _caches(
    db: sqlite_utils.Database, report: VerifyReport, walked: _Pass, max_reported: int
) -> None:
    """Each parcel's cached columns against the replay of its events."""
    wrong = 0
    for tracking_id, status, attempts, received_at, delivered_at in db.conn.execute(
        f"SELECT {_CACHED} FROM parcels"
    ):
        report.parcels += 1
        logged = walked.replayed.pop(tracking_id, None)
        for problem in _differences(
            tracking_id, (status, attempts, received_at, delivered_at), logged
        ):
            _note(report, wrong, max_reported, problem)
            wrong += 1
    for tracking_id in list(walked.replayed)[: max(0, max_reported - wrong)]:
        report.problems.append(f"the log has events of {tracking_id}, a parcel that is gone")
    wrong += len(walked.replayed)
    if wrong > max_reported:
        report.problems.append(f"... and {wrong - max_reported} more parcels that disagree")


def _differences(tracking_id: str, cached: tuple[object, ...], logged: Cached | None) -> list[str]:
    if logged is None:
        return [f"parcel {tracking_id} shows {cached[0]} but its log says nothing"]
    expected = (str(logged.status), logged.attempts, logged.received_at, logged.delivered_at)
    names = ("", "attempts ", "received_at ", "delivered_at ")
    return [
        f"parcel {tracking_id} shows {name}{shown} but its log says {says}"
        for name, shown, says in zip(names, cached, expected, strict=True)
        if shown != says
    ]


def _anchor(anchor: Anchor, report: VerifyReport, walked: _Pass) -> None:
    report.anchors_checked += 1
    found = walked.hashes.get(anchor.event_id) or ""
    if not found:
        report.problems.append(
            f"anchor {anchor}: the log no longer holds event {anchor.event_id} (its last event "
            f"is {report.head_id}): events were removed"
        )
    elif not anchor.matches(found):
        report.problems.append(
            f"anchor {anchor}: event {anchor.event_id} is not the one anchored (its hash is "
            f"now {found[:16]}…): the log was rewritten at or before it"
        )
    elif walked.first_break is not None and walked.first_break <= anchor.event_id:
        report.problems.append(
            f"anchor {anchor}: the chain is broken at event {walked.first_break}, before the "
            "anchored event"
        )
