"""Delivery results: what the driver reports per parcel or per stop, recorded as events.

Delivered (how: to the recipient, at the door, to a neighbour, a locker) or attempted (why).
An attempted parcel goes back on the shelf and into the next plan; at the shop's maximum of
attempts it is set aside for return instead (`return_pending`, a second event). Who took a
parcel goes into `parcels.handed_to` (personal data, purged later), never into the log.
A wrong result is corrected with new events (back to out_for_delivery with the reason
'correction', then the right result); nothing is ever edited.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import sqlite_utils

from labels.words import counted
from store import runs
from store.codes import OUTCOME_CODES, AttemptReason, Delivered
from store.db import write_transaction
from store.errors import BadInput, NotFound
from store.events import Actor, Change, append
from store.parcels import match_scan
from store.scancodes import normalise
from store.settings import load as load_settings
from store.statuses import Status
from store.timeutil import utc_now

OUTCOMES = ("delivered", "attempted")
MAX_NAME = 80
_CAPTIONS = {code.word: code.caption for code in OUTCOME_CODES}


@dataclass(frozen=True)
class Result:
    """A validated result to record: `word` is the how (delivered) or the reason (attempted)."""

    outcome: str
    word: str
    name: str = ""

    @property
    def caption(self) -> str:
        return _CAPTIONS[self.word]


def make_result(
    outcome: str, *, reason: str | None = None, how: str | None = None, name: str | None = None
) -> Result:
    """Check a result as the clerk gave it; BadInput names the allowed words."""
    if outcome not in OUTCOMES:
        raise BadInput(f"the result is delivered or attempted, not {outcome!r}")
    if outcome == "delivered":
        if reason is not None:
            raise BadInput("a delivered parcel has no reason; say how it was delivered")
        how = how or Delivered.TO_RECIPIENT
        if how not in set(Delivered):
            raise BadInput(f"delivered how: one of {', '.join(Delivered)}, not {how!r}")
        return Result(outcome, str(how), _clean_name(name or ""))
    if how is not None or name:
        raise BadInput("an attempted parcel was not handed to anyone: give only a reason")
    if reason not in set(AttemptReason):
        allowed = ", ".join(AttemptReason)
        raise BadInput(f"an attempt needs a reason: one of {allowed}, not {reason!r}")
    return Result(outcome, str(reason))


def _clean_name(name: str) -> str:
    name = " ".join(name.split())
    if len(name) > MAX_NAME or any(not char.isprintable() for char in name):
        raise BadInput(f"the name of who took it: at most {MAX_NAME} printable characters")
    return name


@dataclass(frozen=True)
class Recorded:
    """What the screen tells the clerk about one recorded parcel."""

    tracking_id: str
    status: Status  # delivered, attempted or return_pending
    attempts: int
    zone: str | None  # where an attempted parcel goes back on the shelf
    message: str
    run_id: int
    stop_sequence: int | None
    run_back: bool = False  # the run has no parcel out any more and is now `back`


@dataclass(frozen=True)
class _Placed:
    status: Status
    attempts: int
    zone: str | None
    signature_required: bool
    run_id: int | None
    stop_sequence: int | None
    driver: str | None


def _placed(db: sqlite_utils.Database, tracking_id: str) -> _Placed:
    """A parcel's status and the run/stop of its latest run event."""
    row = db.conn.execute(
        "SELECT status, attempts, zone, signature_required FROM parcels WHERE tracking_id = ?",
        (tracking_id,),
    ).fetchone()
    if row is None:
        raise NotFound(f"no parcel {tracking_id} in this shop")
    event = db.conn.execute(
        "SELECT e.run_id, e.stop_sequence, r.driver_name FROM events e JOIN runs r "
        "ON r.id = e.run_id WHERE e.tracking_id = ? AND e.run_id IS NOT NULL "
        "ORDER BY e.id DESC LIMIT 1",
        (tracking_id,),
    ).fetchone() or (None, None, None)
    return _Placed(Status(row[0]), row[1], row[2], bool(row[3]), *event)


#: Deliveries nobody signs for: refused for a parcel whose manifest asks for a signature.
UNSIGNED = {Delivered.AT_DOOR: "left at the door", Delivered.LOCKER: "put in a locker"}


def check_signature(tracking_id: str, signature_required: bool, result: Result) -> None:
    """A parcel that needs a signature is delivered only into hands, with the signer's name."""
    if not signature_required or result.outcome != "delivered":
        return
    if result.word in UNSIGNED:
        raise BadInput(
            f"{tracking_id} needs the recipient's signature: it cannot be "
            f"{UNSIGNED[Delivered(result.word)]}. Record who signed for it (to the recipient "
            "or a neighbour, with the name), or that it was not delivered."
        )
    if not result.name:
        raise BadInput(
            f"{tracking_id} needs the recipient's signature: type the name of who signed for "
            "it, then record the delivery."
        )


def _record(
    db: sqlite_utils.Database,
    actor: Actor,
    tracking_id: str,
    result: Result,
    at: datetime,
    *,
    correction: bool = False,
) -> Recorded:
    """Append the result's events (inside the caller's transaction)."""
    placed = _placed(db, tracking_id)
    if not correction and placed.status is not Status.OUT_FOR_DELIVERY:
        raise BadInput(
            f"{tracking_id} is {placed.status.replace('_', ' ')}, not out for delivery: "
            "there is no result to record"
        )
    if placed.run_id is None:  # pragma: no cover - out_for_delivery always names its run
        raise BadInput(f"{tracking_id} has not been out on any run")
    check_signature(tracking_id, placed.signature_required, result)
    where = {"run_id": placed.run_id, "stop_sequence": placed.stop_sequence}
    driver = {"driver": placed.driver}
    changes = []
    attempts = placed.attempts
    if correction:
        changes.append(Change(tracking_id, Status.OUT_FOR_DELIVERY, "correction", **where,
                              details=driver))  # fmt: skip
        attempts -= placed.status in (Status.ATTEMPTED, Status.RETURN_PENDING)
    if result.outcome == "delivered":
        details: dict[str, object] = {**driver, "how": result.word}
        if placed.signature_required:
            details["signed"] = True  # the signer's name is personal data: parcels.handed_to
        changes.append(Change(tracking_id, Status.DELIVERED, result.word, **where, details=details))
        status, message = Status.DELIVERED, result.caption
    else:
        attempts += 1
        changes.append(Change(tracking_id, Status.ATTEMPTED, result.word, **where, details=driver))
        status, message = _after_attempt(db, tracking_id, attempts, placed.zone, result, changes)
    append(db, actor, changes, at=at)
    db.conn.execute(
        "UPDATE parcels SET handed_to = ?, pickup_code = NULL, held_since = NULL "
        "WHERE tracking_id = ?",
        (result.name, tracking_id),
    )
    return Recorded(tracking_id, status, attempts, placed.zone, message, placed.run_id,
                    placed.stop_sequence)  # fmt: skip


def _after_attempt(
    db: sqlite_utils.Database,
    tracking_id: str,
    attempts: int,
    zone: str | None,
    result: Result,
    changes: list[Change],
) -> tuple[Status, str]:
    limit = load_settings(db).max_attempts
    if attempts >= limit:
        attempts_word = f"{attempts} attempt{'' if attempts == 1 else 's'}"
        changes.append(Change(tracking_id, Status.RETURN_PENDING, attempts_word))
        return Status.RETURN_PENDING, (
            f"{result.caption}. {attempts_word}: set it aside for return to the carrier"
        )
    return Status.ATTEMPTED, (
        f"{result.caption}. Back on shelf {zone or '?'} (attempt {attempts} of {limit})"
    )


def _runs_back(db: sqlite_utils.Database, run_ids: set[int], at: datetime) -> bool:
    """Runs with no parcel still out come back; True when any did."""
    back = False
    for run_id in run_ids:
        state = db.conn.execute("SELECT state FROM runs WHERE id = ?", (run_id,)).fetchone()[0]
        if state == "out" and not still_out(db, run_id):
            runs.set_state(db, run_id, "back", at=at)
            back = True
    return back


def _finish(db: sqlite_utils.Database, recorded: list[Recorded], at: datetime) -> list[Recorded]:
    back = _runs_back(db, {r.run_id for r in recorded}, at)
    if not back:
        return recorded
    return [Recorded(**{**r.__dict__, "run_back": True}) for r in recorded]


def still_out(db: sqlite_utils.Database, run_id: int) -> list[str]:
    """Parcels of a run still out for delivery (no result recorded yet)."""
    return [
        row[0]
        for row in db.conn.execute(
            "SELECT p.tracking_id FROM parcels p JOIN events e ON e.id = p.last_event_id "
            "WHERE p.status = 'out_for_delivery' AND e.run_id = ? ORDER BY e.stop_sequence, "
            "p.tracking_id",
            (run_id,),
        )
    ]


def record_result(
    db: sqlite_utils.Database,
    actor: Actor,
    tracking_id: str,
    outcome: str,
    *,
    reason: str | None = None,
    how: str | None = None,
    name: str | None = None,
    at: datetime | None = None,
) -> Recorded:
    """Record one parcel's result (the run comes back when it was its last parcel out)."""
    result = make_result(outcome, reason=reason, how=how, name=name)
    moment = at or utc_now()
    with write_transaction(db):
        [recorded] = _finish(db, [_record(db, actor, tracking_id, result, moment)], moment)
    return recorded


def record_stop(
    db: sqlite_utils.Database,
    actor: Actor,
    run_id: int,
    sequence: int,
    outcome: str,
    *,
    reason: str | None = None,
    how: str | None = None,
    name: str | None = None,
    at: datetime | None = None,
) -> list[Recorded]:
    """The same result for every parcel of a stop still out; one transaction."""
    result = make_result(outcome, reason=reason, how=how, name=name)
    moment = at or utc_now()
    with write_transaction(db):
        ids = stop_parcels_out(db, run_id, sequence)
        recorded = [_record(db, actor, t, result, moment) for t in ids]
        return _finish(db, recorded, moment)


def needs_signature(db: sqlite_utils.Database, tracking_ids: list[str]) -> list[str]:
    """Those of `tracking_ids` whose manifest asks for the recipient's signature."""
    if not tracking_ids:
        return []
    marks = ",".join("?" * len(tracking_ids))
    return [
        row[0]
        for row in db.conn.execute(
            f"SELECT tracking_id FROM parcels WHERE signature_required AND tracking_id IN "
            f"({marks}) ORDER BY tracking_id",
            tracking_ids,
        )
    ]


def stop_parcels_out(db: sqlite_utils.Database, run_id: int, sequence: int) -> list[str]:
    """The parcels of a stop still out; BadInput says why there are none."""
    ids = [
        row[0]
        for row in db.conn.execute(
            "SELECT p.tracking_id FROM parcels p JOIN events e ON e.id = p.last_event_id "
            "WHERE p.status = 'out_for_delivery' AND e.run_id = ? AND e.stop_sequence = ? "
            "ORDER BY p.tracking_id",
            (run_id, sequence),
        )
    ]
    if ids:
        return ids
    run = runs.get_run(db, run_id)
    if not any(stop.sequence == sequence for stop in run.stops):
        raise NotFound(f"{run.label} has no stop {sequence}")
    raise BadInput(f"{run.label}, stop {sequence}: nothing is out any more (results recorded)")


def all_delivered_except(
    db: sqlite_utils.Database,
    actor: Actor,
    run_id: int,
    exceptions: Mapping[str, str],
    *,
    how: str = Delivered.TO_RECIPIENT,
    signed: Mapping[str, str] | None = None,
    at: datetime | None = None,
) -> list[Recorded]:
    """Every parcel of the run still out is delivered, except those given with a reason.
    A parcel that needs a signature is delivered into the hands of the name `signed` gives
    for it; without one the whole call is refused (nothing recorded)."""
    delivered = make_result("delivered", how=how)
    attempts = {t: make_result("attempted", reason=r) for t, r in exceptions.items()}
    signed = signed or {}
    moment = at or utc_now()
    with write_transaction(db):
        out = still_out(db, run_id)
        strays = sorted((set(attempts) | set(signed)) - set(out))
        if strays:
            label = runs.get_run(db, run_id).label
            raise BadInput(f"{strays[0]} is not out on {label}: its result cannot be recorded here")
        needing = needs_signature(db, out)
        unsigned = [t for t in needing if t not in attempts and not (signed.get(t) or "").strip()]
        if unsigned:
            label = runs.get_run(db, run_id).label
            raise BadInput(
                f"{counted(len(unsigned), 'parcel')} of {label} "
                f"{'needs' if len(unsigned) == 1 else 'need'} a signature "
                f"({', '.join(unsigned[:3])}{'…' if len(unsigned) > 3 else ''}): give the name "
                "of who signed for each, or mark it not delivered."
            )
        into_hands = Delivered.TO_RECIPIENT if how in UNSIGNED else how
        by_hand = {
            t: make_result("delivered", how=into_hands, name=signed[t])
            for t in needing
            if t not in attempts
        }
        recorded = [
            _record(db, actor, t, attempts.get(t) or by_hand.get(t) or delivered, moment)
            for t in out
        ]
        return _finish(db, recorded, moment)


def correct_result(
    db: sqlite_utils.Database,
    actor: Actor,
    tracking_id: str,
    outcome: str,
    *,
    reason: str | None = None,
    how: str | None = None,
    name: str | None = None,
    at: datetime | None = None,
) -> Recorded:
    """Replace a recorded result with new events (never an edit): back out, then the result."""
    result = make_result(outcome, reason=reason, how=how, name=name)
    moment = at or utc_now()
    with write_transaction(db):
        placed = _placed(db, tracking_id)
        by_attempts = placed.status is Status.RETURN_PENDING and _set_aside_by_attempt(
            db, tracking_id
        )
        if placed.status not in (Status.DELIVERED, Status.ATTEMPTED) and not by_attempts:
            raise BadInput(
                f"{tracking_id} is {placed.status.replace('_', ' ')}: only a delivered or "
                "attempted result that is still the latest can be corrected"
            )
        [recorded] = _finish(
            db, [_record(db, actor, tracking_id, result, moment, correction=True)], moment
        )
    return recorded


def _set_aside_by_attempt(db: sqlite_utils.Database, tracking_id: str) -> bool:
    """True when the parcel's last two events are an attempt on a run and the set-aside the
    attempt limit made of it: that attempt is still the latest result, and correctable."""
    last_two = db.conn.execute(
        "SELECT status, reason, run_id FROM events WHERE tracking_id = ? ORDER BY id DESC LIMIT 2",
        (tracking_id,),
    ).fetchall()
    if len(last_two) != 2:
        return False
    (status, reason, _), (before, _, run_id) = last_two
    return (
        status == Status.RETURN_PENDING
        and re.fullmatch(r"\d+ attempts?", reason or "") is not None
        and before == Status.ATTEMPTED
        and run_id is not None
    )


#: Statuses a result key can correct (a set-aside only when the attempt limit made it).
CORRECTABLE = (Status.DELIVERED, Status.ATTEMPTED, Status.RETURN_PENDING)


@dataclass(frozen=True)
class ParcelOnRun:
    """A parcel scanned at the counter when the driver is back: where it rode, what it is."""

    tracking_id: str
    status: Status
    attempts: int
    zone: str | None
    recipient: str
    address: str
    run_id: int | None
    run_label: str | None
    run_state: str | None
    stop_sequence: int | None
    set_aside_by_attempt: bool = False  # return_pending because that run's attempt was the limit

    @property
    def recordable(self) -> bool:
        return self.status is Status.OUT_FOR_DELIVERY

    @property
    def correctable(self) -> bool:
        if self.status is Status.RETURN_PENDING:
            return self.set_aside_by_attempt
        return self.run_id is not None and self.status in CORRECTABLE


def lookup_for_result(db: sqlite_utils.Database, scan: str) -> ParcelOnRun:
    """A parcel by its scan (or typed id), with its run and stop, so a screen opens its result."""
    code = normalise(scan)
    tracking_id = match_scan(db, code.candidates) if code.readable else None
    if tracking_id is None:
        raise NotFound(f"no parcel {code.primary or code.visible} in this shop")
    placed = _placed(db, tracking_id)
    name, line1, city = db.conn.execute(
        "SELECT recipient_name, address_line1, city FROM parcels WHERE tracking_id = ?",
        (tracking_id,),
    ).fetchone()
    run_label = run_state = None
    if placed.run_id is not None:
        number, run_state = db.conn.execute(
            "SELECT number, state FROM runs WHERE id = ?", (placed.run_id,)
        ).fetchone()
        run_label = f"Run {number} · {placed.driver}"
    return ParcelOnRun(
        tracking_id,
        placed.status,
        placed.attempts,
        placed.zone,
        name,
        ", ".join(part for part in (line1, city) if part),
        placed.run_id,
        run_label,
        run_state,
        placed.stop_sequence,
        placed.status is Status.RETURN_PENDING and _set_aside_by_attempt(db, tracking_id),
    )
