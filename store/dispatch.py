"""Dispatch: scan each parcel into the driver's car, then send the run out.

A load scan confirms the parcel belongs to this run (and says loudly where it belongs when it
does not). Dispatch turns every loaded parcel `out_for_delivery` and the run `out`, in one
transaction; parcels that were never loaded stop the dispatch, unless the clerk confirms they
stay in the shop, in which case they go back to the shelf (`received`, reason "not loaded").
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

import sqlite_utils

from labels.data import location_short
from labels.words import counted
from store import locate, runs
from store.db import write_transaction
from store.errors import BadInput, NotFound
from store.events import Actor, Change, append
from store.parcels import log_scan, match_scan
from store.scancodes import normalise
from store.settings import load as load_settings
from store.statuses import Status
from store.timeutil import iso_z, parse_iso_z, utc_now


class LoadOutcome(StrEnum):
    LOADED = "loaded"
    ALREADY_LOADED = "already_loaded"
    OTHER_RUN = "other_run"
    NOT_PLANNED = "not_planned"
    UNKNOWN = "unknown"
    UNREADABLE = "unreadable"


@dataclass(frozen=True)
class LoadResult:
    """The answer to one load scan (the screen gives each outcome its colour and sound)."""

    outcome: LoadOutcome
    tracking_id: str | None
    message: str
    stop_sequence: int | None = None
    loaded: int = 0
    total: int = 0


@dataclass(frozen=True)
class MissingParcel:
    tracking_id: str
    stop_sequence: int
    recipient: str
    address: str
    zone: str | None
    #: Its stop's location words when the stop is not located exactly (as on its label).
    location_note: str = ""
    #: Its stop's precision (`store.locate.PRECISIONS`): the least precise of its parcels'.
    precision: str = "given"


@dataclass(frozen=True)
class LoadStatus:
    run_id: int
    label: str
    state: str
    loaded: int
    total: int
    missing: list[MissingParcel] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.total > 0 and not self.missing


@dataclass(frozen=True)
class Dispatched:
    run_id: int
    label: str
    out: list[str]
    left_behind: list[str]

    @property
    def message(self) -> str:
        stays = f"; {len(self.left_behind)} back on the shelf" if self.left_behind else ""
        return f"{self.label} is out with {len(self.out)} parcels{stays}"


@dataclass(frozen=True)
class _Run:
    id: int
    number: int
    driver: str
    state: str

    @property
    def label(self) -> str:
        return f"run {self.number} · {self.driver}"


def _run(db: sqlite_utils.Database, run_id: int) -> _Run:
    row = db.conn.execute(
        "SELECT id, number, driver_name, state FROM runs WHERE id = ?", (run_id,)
    ).fetchone()
    if row is None:
        raise NotFound(f"no run {run_id}")
    return _Run(*row)


def _on_run(db: sqlite_utils.Database, run_id: int) -> dict[str, int]:
    """The parcels a run carries: tracking id -> stop sequence."""
    return dict(
        db.conn.execute(
            "SELECT sp.tracking_id, s.sequence FROM stop_parcels sp JOIN stops s "
            "ON s.id = sp.stop_id WHERE s.run_id = ? ORDER BY s.sequence, sp.tracking_id",
            (run_id,),
        )
    )


def _loaded(db: sqlite_utils.Database, run_id: int) -> dict[str, str]:
    return dict(
        db.conn.execute("SELECT tracking_id, at FROM run_loads WHERE run_id = ?", (run_id,))
    )


def start_loading(db: sqlite_utils.Database, run_id: int, *, at: datetime | None = None) -> None:
    """The car is at the door: the run goes from planned to loading (no-op when loading)."""
    with write_transaction(db):
        run = _run(db, run_id)
        if run.state == "loading":
            return
        if run.state != "planned":
            raise BadInput(f"{run.label} is {run.state}: it cannot be loaded any more")
        runs.set_state(db, run_id, "loading", at=at)


def load_scan(
    db: sqlite_utils.Database, actor: Actor, run_id: int, raw: str, *, at: datetime | None = None
) -> LoadResult:
    """One parcel scanned into the car of `run_id` (committed before the answer returns)."""
    code = normalise(raw)
    moment = at or utc_now()
    with write_transaction(db):
        start_loading(db, run_id, at=moment)
        run = _run(db, run_id)
        if not code.readable:
            result = LoadResult(LoadOutcome.UNREADABLE, None, f"Unreadable scan: {code.problem}")
        else:
            result = _decide(db, actor, run, match_scan(db, code.candidates), moment)
        log_scan(db, actor, code.visible, result.tracking_id, f"load:{result.outcome}",
                 iso_z(moment))  # fmt: skip
    return result


def _decide(
    db: sqlite_utils.Database, actor: Actor, run: _Run, tracking_id: str | None, moment: datetime
) -> LoadResult:
    if tracking_id is None:
        return LoadResult(LoadOutcome.UNKNOWN, None, "Not a parcel of this shop: keep it off")
    on_run = _on_run(db, run.id)
    loaded = _loaded(db, run.id)
    counts = {"loaded": len(loaded), "total": len(on_run)}
    if tracking_id not in on_run:
        return _not_this_run(db, tracking_id, counts)
    sequence = on_run[tracking_id]
    if tracking_id in loaded:
        when = parse_iso_z(loaded[tracking_id]).astimezone(load_settings(db).tz)
        return LoadResult(
            LoadOutcome.ALREADY_LOADED,
            tracking_id,
            f"Already loaded at {when:%H:%M}: stop {sequence}",
            sequence,
            **counts,
        )
    db.conn.execute(
        "INSERT INTO run_loads (run_id, tracking_id, at, staff, counter) VALUES (?, ?, ?, ?, ?)",
        (run.id, tracking_id, iso_z(moment), actor.staff, actor.counter),
    )
    counts["loaded"] += 1
    rough = location_short(_stop_note(db, run.id, sequence))
    look = f" · {rough}: the driver may have to look for the house" if rough else ""
    return LoadResult(
        LoadOutcome.LOADED,
        tracking_id,
        f"Loaded: stop {sequence} ({counts['loaded']} of {counts['total']}){look}",
        sequence,
        **counts,
    )


def _stop_note(db: sqlite_utils.Database, run_id: int, sequence: int) -> str:
    """The location note of a run's stop ("" when it is located exactly)."""
    return locate.location_note(
        db.query(
            "SELECT p.location_precision, p.location_warning FROM stop_parcels sp "
            "JOIN stops s ON s.id = sp.stop_id JOIN parcels p ON p.tracking_id = sp.tracking_id "
            "WHERE s.run_id = ? AND s.sequence = ?",
            [run_id, sequence],
        )
    )


def _not_this_run(
    db: sqlite_utils.Database, tracking_id: str, counts: dict[str, int]
) -> LoadResult:
    status = db.conn.execute(
        "SELECT status FROM parcels WHERE tracking_id = ?", (tracking_id,)
    ).fetchone()[0]
    where = runs.current_stop(db, tracking_id)
    if status in (Status.PLANNED, Status.OUT_FOR_DELIVERY) and where is not None:
        other, stop = where
        verb = "belongs to" if status == Status.PLANNED else "is already out with"
        return LoadResult(
            LoadOutcome.OTHER_RUN,
            tracking_id,
            f"NOT THIS CAR: {verb} run {other.number} · {other.driver}, stop {stop.sequence}",
            **counts,
        )
    return LoadResult(
        LoadOutcome.NOT_PLANNED,
        tracking_id,
        f"NOT ON THIS RUN: the parcel is {status.replace('_', ' ')}; keep it off the car",
        **counts,
    )


def unload(db: sqlite_utils.Database, run_id: int, tracking_id: str) -> None:
    """Take a parcel back out of the car before dispatch (a scan made by mistake)."""
    with write_transaction(db):
        run = _run(db, run_id)
        if run.state != "loading":
            raise BadInput(f"{run.label} is {run.state}: only a run being loaded can be unloaded")
        cursor = db.conn.execute(
            "DELETE FROM run_loads WHERE run_id = ? AND tracking_id = ?", (run_id, tracking_id)
        )
        if cursor.rowcount == 0:
            raise BadInput(f"{tracking_id} was not loaded on {run.label}")


def load_status(db: sqlite_utils.Database, run_id: int) -> LoadStatus:
    """How far loading is: loaded / total, and what is still missing (in stop order)."""
    run = _run(db, run_id)
    on_run = _on_run(db, run_id)
    loaded = _loaded(db, run_id)
    rows = {
        row["tracking_id"]: row
        for row in db.query(
            "SELECT tracking_id, recipient_name, address_line1, city, zone, location_precision, "
            "location_warning FROM parcels WHERE tracking_id IN (SELECT value FROM json_each(?))",
            [json.dumps(list(on_run))],
        )
    }
    at_stop: dict[int, list[dict]] = {}
    for tracking_id, sequence in on_run.items():
        at_stop.setdefault(sequence, []).append(rows[tracking_id])
    missing = []
    for tracking_id, sequence in on_run.items():
        if tracking_id in loaded:
            continue
        row = rows[tracking_id]
        address = ", ".join(part for part in (row["address_line1"], row["city"]) if part)
        stop = at_stop[sequence]
        missing.append(
            MissingParcel(
                tracking_id,
                sequence,
                row["recipient_name"],
                address,
                row["zone"],
                locate.location_note(stop),
                locate.worst(p["location_precision"] for p in stop),
            )
        )
    return LoadStatus(
        run.id,
        run.label,
        run.state,
        sum(1 for t in on_run if t in loaded),
        len(on_run),
        missing,
    )


def dispatch(
    db: sqlite_utils.Database,
    actor: Actor,
    run_id: int,
    *,
    confirm_missing: bool = False,
    at: datetime | None = None,
) -> Dispatched:
    """Send the run out: loaded parcels out_for_delivery, the run `out`; one transaction."""
    with write_transaction(db):
        run = _run(db, run_id)
        if run.state != "loading":
            raise BadInput(f"{run.label} is {run.state}: scan its parcels into the car first")
        on_run = _on_run(db, run_id)
        loaded = _loaded(db, run_id)
        out = [t for t in on_run if t in loaded]
        missing = [t for t in on_run if t not in loaded]
        if not out:
            raise BadInput(f"nothing of {run.label} is loaded: scan the parcels into the car")
        if missing and not confirm_missing:
            shown = ", ".join(missing[:3]) + (" …" if len(missing) > 3 else "")
            raise BadInput(
                f"{counted(len(missing), 'parcel')} of {run.label} "
                f"{'is' if len(missing) == 1 else 'are'} not loaded ({shown}): load them, "
                "or confirm that they stay in the shop"
            )
        details = {"driver": run.driver}
        changes = [
            Change(t, Status.OUT_FOR_DELIVERY, run_id=run_id, stop_sequence=on_run[t],
                   details=details)
            for t in out
        ]  # fmt: skip
        changes += [Change(t, Status.RECEIVED, reason="not loaded") for t in missing]
        append(db, actor, changes, at=at)
        _take_off_run(db, run_id, missing)
        runs.set_state(db, run_id, "out", at=at)
    return Dispatched(run_id, run.label[0].upper() + run.label[1:], out, missing)


def _take_off_run(db: sqlite_utils.Database, run_id: int, tracking_ids: list[str]) -> None:
    """Parcels left behind leave the run's stops; stops left empty go."""
    db.conn.executemany(
        "DELETE FROM stop_parcels WHERE tracking_id = ? AND stop_id IN "
        "(SELECT id FROM stops WHERE run_id = ?)",
        [(tracking_id, run_id) for tracking_id in tracking_ids],
    )
    db.conn.execute(
        "DELETE FROM stops WHERE run_id = ? AND id NOT IN (SELECT stop_id FROM stop_parcels)",
        (run_id,),
    )
