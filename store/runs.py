"""The day's runs and stops in the shop file: save a plan, read it back, lock, change state.

A plan (from the planner or from the owner's manual edits) replaces the stops of the day's
editable runs (state `planned`) in one transaction. Parcels that join a run, move to another
run or stop, or leave the plan each get an event, so the log says who planned what and when.
Runs that left the shop (loading, out, back, closed) are history and never change here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlite_utils

from store import locate
from store.db import inserted_id, write_transaction
from store.errors import BadInput, NotFound
from store.events import Actor, Change, append
from store.statuses import Status
from store.timeutil import iso_z, utc_now

EDITABLE = "planned"
#: Parcels a plan may take: on the shelf and ready (new, or back from an attempt), and not
#: held at the counter for the recipient to collect. The planning input reads this.
PLANNABLE_WHERE = "status IN ('received', 'attempted') AND pickup_code IS NULL"
RUN_STATES = ("planned", "loading", "out", "back", "closed", "cancelled")
#: Allowed run state changes (dispatch and results move runs along; a plan may cancel one).
RUN_STEPS = {
    "planned": {"loading", "out", "cancelled"},
    "loading": {"out", "planned"},
    "out": {"back"},
    "back": {"closed"},
    "closed": set(),
    "cancelled": set(),
}


@dataclass(frozen=True)
class StopRecord:
    """One stop of a run as the store keeps it (times in seconds since local midnight)."""

    stop_key: str
    latitude: float
    longitude: float
    tracking_ids: tuple[str, ...]
    arrival_s: int | None = None
    start_s: int | None = None
    depart_s: int | None = None
    service_s: int = 0
    window: tuple[int, int] | None = None
    leg_mi: float | None = None
    label: str = ""
    locked: bool = False
    breaches: tuple[str, ...] = ()


@dataclass(frozen=True)
class RunRecord:
    """One driver's run in a plan to save."""

    driver: str
    stops: tuple[StopRecord, ...]
    distance_mi: float = 0.0
    duration_s: int = 0
    start_s: int | None = None
    end_s: int | None = None
    locked: bool = False
    breaches: tuple[str, ...] = ()
    #: The street map the run was timed on (its source file); None: straight-line estimates.
    street_map: str | None = None


@dataclass
class StopView:
    id: int
    run_id: int
    sequence: int
    stop_key: str
    latitude: float
    longitude: float
    label: str
    arrival_s: int | None
    start_s: int | None
    depart_s: int | None
    service_s: int
    window: tuple[int, int] | None
    leg_mi: float | None
    locked: bool
    breaches: list[str]
    parcels: list[dict[str, Any]] = field(default_factory=list)

    @property
    def precision(self) -> str:
        """How exactly the stop is located: its least precise parcel's precision."""
        return locate.worst(p.get("location_precision") for p in self.parcels)

    @property
    def location_note(self) -> str:
        """What a person must be told about where this stop is ("" when it is exact):
        approximate, or given coordinates that disagree with the address."""
        return locate.location_note(self.parcels)

    @property
    def door_s(self) -> int | None:
        """The time at the door (the ETA shown everywhere): the start of the hand-over,
        never before the window opens; the arrival for a stop saved without one."""
        return self.start_s if self.start_s is not None else self.arrival_s

    @property
    def wait_s(self) -> int:
        """Seconds the driver waits at the door for the window to open (0 if none)."""
        if self.start_s is None or self.arrival_s is None:
            return 0
        return max(0, self.start_s - self.arrival_s)


@dataclass
class RunView:
    id: int
    plan_date: str
    number: int
    driver: str
    capacity_parcels: int
    capacity_weight_lb: float | None
    shift_start: str
    shift_end: str
    state: str
    locked: bool
    distance_mi: float
    duration_s: int
    start_s: int | None
    end_s: int | None
    breaches: list[str]
    dispatched_at: str | None
    returned_at: str | None
    #: The street map the run was timed on; None: straight-line estimates (see `estimated`).
    street_map: str | None
    stops: list[StopView] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"Run {self.number} · {self.driver}"

    @property
    def estimated(self) -> bool:
        """True when its miles and times are straight-line estimates, not the roads'."""
        return self.street_map is None

    @property
    def parcel_count(self) -> int:
        return sum(len(stop.parcels) for stop in self.stops)

    @property
    def tracking_ids(self) -> list[str]:
        return [parcel["tracking_id"] for stop in self.stops for parcel in stop.parcels]


_RUN_COLUMNS = (
    "id, plan_date, number, driver_name, capacity_parcels, capacity_weight_lb, shift_start, "
    "shift_end, state, locked, distance_mi, duration_s, start_s, end_s, breaches, "
    "dispatched_at, returned_at, street_map"
)
_STOP_COLUMNS = (
    "id, run_id, sequence, stop_key, latitude, longitude, label, arrival_s, start_s, depart_s, "
    "service_s, window_start_s, window_end_s, leg_mi, locked, breaches"
)
PARCEL_FIELDS = (
    "tracking_id, recipient_name, address_line1, address_line2, city, state, postal_code, "
    "zone, weight_lb, notes, signature_required, window_start, window_end, status, "
    "status_reason, attempts, due_date, service, location_precision, location_warning"
)


def _run_view(row: tuple[Any, ...]) -> RunView:
    values = list(row)
    values[9] = bool(values[9])
    values[14] = json.loads(values[14])
    return RunView(*values)


def _stop_view(row: tuple[Any, ...]) -> StopView:
    (id_, run_id, sequence, key, lat, lon, label, arrival, start, depart, service, w0, w1,
     leg, locked, breaches) = row  # fmt: skip
    window = (w0, w1) if w0 is not None and w1 is not None else None
    return StopView(id_, run_id, sequence, key, lat, lon, label, arrival, start, depart, service,
                    window, leg, bool(locked), json.loads(breaches))  # fmt: skip


def runs_of_day(
    db: sqlite_utils.Database, day: date, *, include_cancelled: bool = False
) -> list[RunView]:
    """The day's runs in number order, each with its stops and their parcels."""
    where = "" if include_cancelled else "AND state != 'cancelled'"
    return _runs_where(db, f"plan_date = ? {where} ORDER BY number", (day.isoformat(),))


def runs_still_out(db: sqlite_utils.Database, before: date) -> list[RunView]:
    """Runs of earlier days still out (a day closed with a run not back): their results are
    still to record, so the Results screen lists them before the day's own runs."""
    where = "state = 'out' AND plan_date < ? ORDER BY plan_date, number"
    return _runs_where(db, where, (before.isoformat(),))


def _runs_where(db: sqlite_utils.Database, where: str, params: tuple[Any, ...]) -> list[RunView]:
    """The runs matching `where` (with its ORDER BY), each with its stops and parcels."""
    query = f"SELECT {_RUN_COLUMNS} FROM runs WHERE {where}"
    runs = [_run_view(row) for row in db.conn.execute(query, params)]
    _attach_stops(db, runs)
    return runs


def state_of(db: sqlite_utils.Database, run_id: int) -> str:
    """A run's state now (one indexed read; the screens show it as it changes)."""
    row = db.conn.execute("SELECT state FROM runs WHERE id = ?", (run_id,)).fetchone()
    if row is None:
        raise NotFound(f"no run {run_id}")
    return str(row[0])


def get_run(db: sqlite_utils.Database, run_id: int) -> RunView:
    row = db.conn.execute(f"SELECT {_RUN_COLUMNS} FROM runs WHERE id = ?", (run_id,)).fetchone()
    if row is None:
        raise NotFound(f"no run {run_id}")
    run = _run_view(row)
    _attach_stops(db, [run])
    return run


def _attach_stops(db: sqlite_utils.Database, runs: list[RunView]) -> None:
    if not runs:
        return
    by_run = {run.id: run for run in runs}
    marks = ", ".join("?" for _ in by_run)
    stops: dict[int, StopView] = {}
    for row in db.conn.execute(
        f"SELECT {_STOP_COLUMNS} FROM stops WHERE run_id IN ({marks}) ORDER BY run_id, sequence",
        tuple(by_run),
    ):
        stop = _stop_view(row)
        by_run[stop.run_id].stops.append(stop)
        stops[stop.id] = stop
    if not stops:
        return
    cursor = db.conn.execute(
        f"SELECT sp.stop_id, {', '.join('p.' + c.strip() for c in PARCEL_FIELDS.split(','))} "
        f"FROM stop_parcels sp JOIN parcels p ON p.tracking_id = sp.tracking_id "
        f"WHERE sp.stop_id IN ({', '.join('?' for _ in stops)}) ORDER BY sp.stop_id, "
        "p.tracking_id",
        tuple(stops),
    )
    names = [column[0] for column in cursor.description][1:]
    for stop_id, *values in cursor:
        stops[stop_id].parcels.append(dict(zip(names, values, strict=True)))


def leftovers(db: sqlite_utils.Database, day: date) -> list[tuple[str, str]]:
    """What the last plan of the day left out, and why."""
    return list(
        db.conn.execute(
            "SELECT tracking_id, reason FROM plan_leftovers WHERE plan_date = ? "
            "ORDER BY tracking_id",
            (day.isoformat(),),
        )
    )


def current_stop(db: sqlite_utils.Database, tracking_id: str) -> tuple[RunView, StopView] | None:
    """The run and stop a parcel is on now (the latest run that holds it), if any."""
    row = db.conn.execute(
        "SELECT s.run_id, s.id FROM stop_parcels sp JOIN stops s ON s.id = sp.stop_id "
        "JOIN runs r ON r.id = s.run_id WHERE sp.tracking_id = ? AND r.state != 'cancelled' "
        "ORDER BY r.id DESC LIMIT 1",
        (tracking_id,),
    ).fetchone()
    if row is None:
        return None
    run = get_run(db, row[0])
    stop = next(stop for stop in run.stops if stop.id == row[1])
    return run, stop


def save_plan(
    db: sqlite_utils.Database,
    actor: Actor,
    day: date,
    runs: Sequence[RunRecord],
    left_out: Mapping[str, str],
    *,
    at: datetime | None = None,
    expected_version: str | None = None,
) -> list[int]:
    """Replace the day's editable runs with `runs`; returns their ids in the given order.

    Runs are matched to the day's editable runs by driver, so a run keeps its id and number
    across re-plans. Parcels get `planned` events (joined or moved) and parcels that leave
    the plan go back to `received` with the reason they were left out. With
    `expected_version` (from `plan_version` when the plan was read), a plan changed since at
    another counter is refused instead of overwritten.
    """
    stamp = iso_z(at or utc_now())
    drivers = [run.driver for run in runs]
    if len(set(drivers)) != len(drivers):
        raise BadInput("a driver can have only one run in a plan")
    planned_ids = [t for run in runs for stop in run.stops for t in stop.tracking_ids]
    if len(set(planned_ids)) != len(planned_ids):
        raise BadInput("a parcel appears on two stops of the plan")
    with write_transaction(db):
        if expected_version is not None and plan_version(db, day) != expected_version:
            raise PlanChanged(
                "the plan of this day was changed at another counter since it was opened here; "
                "the saved plan is shown again, make the change once more"
            )
        _refuse_held(db, planned_ids)
        before = _editable_assignment(db, day)
        _cancel_stale_runs(db, actor, day, before, at)
        existing = {
            name: run_id
            for run_id, name in db.conn.execute(
                "SELECT id, driver_name FROM runs WHERE plan_date = ? AND state = ?",
                (day.isoformat(), EDITABLE),
            )
        }
        _refuse_busy_drivers(db, day, drivers)
        db.conn.execute(
            "DELETE FROM stops WHERE run_id IN (SELECT id FROM runs WHERE plan_date = ? "
            "AND state = ?)",
            (day.isoformat(), EDITABLE),
        )
        run_ids = [_upsert_run(db, day, run, existing.get(run.driver), stamp) for run in runs]
        for name, run_id in existing.items():
            if name not in drivers:
                db.conn.execute(
                    "UPDATE runs SET state = 'cancelled', updated_at = ? WHERE id = ?",
                    (stamp, run_id),
                )
        after: dict[str, tuple[int, int, str]] = {}
        for run, run_id in zip(runs, run_ids, strict=True):
            for sequence, stop in enumerate(run.stops, start=1):
                stop_id = _insert_stop(db, run_id, sequence, stop)
                db.conn.executemany(
                    "INSERT INTO stop_parcels (stop_id, tracking_id) VALUES (?, ?)",
                    [(stop_id, tracking_id) for tracking_id in stop.tracking_ids],
                )
                for tracking_id in stop.tracking_ids:
                    after[tracking_id] = (run_id, sequence, run.driver)
        _write_events(db, actor, before, after, left_out, at)
        db.conn.execute("DELETE FROM plan_leftovers WHERE plan_date = ?", (day.isoformat(),))
        db.conn.executemany(
            "INSERT INTO plan_leftovers (plan_date, tracking_id, reason) VALUES (?, ?, ?)",
            [(day.isoformat(), tracking_id, reason) for tracking_id, reason in left_out.items()],
        )
    return run_ids


def plannable_ids(db: sqlite_utils.Database) -> list[str]:
    """Tracking ids a plan for today may take (see PLANNABLE_WHERE), in tracking-id order."""
    return [
        row[0]
        for row in db.conn.execute(
            f"SELECT tracking_id FROM parcels INDEXED BY parcels_status WHERE {PLANNABLE_WHERE} "
            "ORDER BY tracking_id"
        )
    ]


def _refuse_held(db: sqlite_utils.Database, tracking_ids: list[str]) -> None:
    row = db.conn.execute(
        "SELECT tracking_id, pickup_code FROM parcels WHERE pickup_code IS NOT NULL "
        "AND tracking_id IN (SELECT value FROM json_each(?)) ORDER BY tracking_id LIMIT 1",
        (json.dumps(tracking_ids),),
    ).fetchone()
    if row:
        raise BadInput(
            f"{row[0]} is held at the counter for pickup (code {row[1]}): it cannot be planned"
        )


class PlanChanged(BadInput):
    """Someone else saved the day's plan in between (the other counter): nothing was written."""


def plan_version(db: sqlite_utils.Database, day: date) -> str:
    """A token that changes whenever the day's runs change (any save, edit or state step)."""
    row = db.conn.execute(
        "SELECT count(*), coalesce(max(updated_at), ''), coalesce(sum(id), 0) FROM runs "
        "WHERE plan_date = ?",
        (day.isoformat(),),
    ).fetchone()
    return "|".join(str(value) for value in row)


def _editable_assignment(db: sqlite_utils.Database, day: date) -> dict[str, tuple[int, int, str]]:
    """Parcels on editable runs of this day or earlier: tracking id -> (run, stop, driver)."""
    return {
        tracking_id: (run_id, sequence, driver)
        for tracking_id, run_id, sequence, driver in db.conn.execute(
            "SELECT sp.tracking_id, r.id, s.sequence, r.driver_name FROM stop_parcels sp "
            "JOIN stops s ON s.id = sp.stop_id JOIN runs r ON r.id = s.run_id "
            "WHERE r.state = ? AND r.plan_date <= ?",
            (EDITABLE, day.isoformat()),
        )
    }


def _cancel_stale_runs(
    db: sqlite_utils.Database,
    actor: Actor,
    day: date,
    before: dict[str, tuple[int, int, str]],
    at: datetime | None,
) -> None:
    """Plans of earlier days that never left the shop give their parcels back to the shelf."""
    stale = {
        run_id: plan_date
        for run_id, plan_date in db.conn.execute(
            "SELECT id, plan_date FROM runs WHERE state = ? AND plan_date < ?",
            (EDITABLE, day.isoformat()),
        )
    }
    if not stale:
        return
    changes = [
        Change(tracking_id, Status.RECEIVED, reason=f"plan of {stale[run_id]} not dispatched")
        for tracking_id, (run_id, _, _) in sorted(before.items())
        if run_id in stale
    ]
    if changes:
        append(db, actor, changes, at=at)
    for tracking_id in [t for t, (run_id, _, _) in before.items() if run_id in stale]:
        del before[tracking_id]
    marks = ", ".join("?" for _ in stale)
    db.conn.execute(f"DELETE FROM stops WHERE run_id IN ({marks})", tuple(stale))
    db.conn.execute(f"UPDATE runs SET state = 'cancelled' WHERE id IN ({marks})", tuple(stale))


def _refuse_busy_drivers(db: sqlite_utils.Database, day: date, drivers: list[str]) -> None:
    for name in drivers:
        busy = db.conn.execute(
            "SELECT number, state FROM runs WHERE plan_date = ? AND driver_name = ? "
            "AND state IN ('loading', 'out')",
            (day.isoformat(), name),
        ).fetchone()
        if busy:
            raise BadInput(f"{name} is {busy[1]} on run {busy[0]}; plan them after they return")


def _upsert_run(
    db: sqlite_utils.Database, day: date, run: RunRecord, run_id: int | None, stamp: str
) -> int:
    driver = db.conn.execute(
        "SELECT id, capacity_parcels, capacity_weight_lb, shift_start, shift_end FROM drivers "
        "WHERE name = ?",
        (run.driver,),
    ).fetchone()
    if driver is None:
        raise NotFound(f"no driver named {run.driver}")
    values = {
        "driver_id": driver[0],
        "driver_name": run.driver,
        "capacity_parcels": driver[1],
        "capacity_weight_lb": driver[2],
        "shift_start": driver[3],
        "shift_end": driver[4],
        "locked": int(run.locked),
        "distance_mi": round(run.distance_mi, 3),
        "duration_s": run.duration_s,
        "start_s": run.start_s,
        "end_s": run.end_s,
        "breaches": json.dumps(list(run.breaches), ensure_ascii=False),
        "street_map": run.street_map,
        "updated_at": stamp,
    }
    if run_id is not None:
        assignments = ", ".join(f"{key} = :{key}" for key in values)
        db.conn.execute(f"UPDATE runs SET {assignments} WHERE id = :id", {**values, "id": run_id})
        return run_id
    number = db.conn.execute(
        "SELECT coalesce(max(number), 0) + 1 FROM runs WHERE plan_date = ?", (day.isoformat(),)
    ).fetchone()[0]
    values.update(plan_date=day.isoformat(), number=number, state=EDITABLE, created_at=stamp)
    columns = ", ".join(values)
    cursor = db.conn.execute(
        f"INSERT INTO runs ({columns}) VALUES ({', '.join(':' + key for key in values)})", values
    )
    return inserted_id(cursor.lastrowid)


def _insert_stop(db: sqlite_utils.Database, run_id: int, sequence: int, stop: StopRecord) -> int:
    window = stop.window or (None, None)
    cursor = db.conn.execute(
        "INSERT INTO stops (run_id, sequence, stop_key, latitude, longitude, label, arrival_s, "
        "start_s, depart_s, service_s, window_start_s, window_end_s, leg_mi, locked, breaches) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (run_id, sequence, stop.stop_key, stop.latitude, stop.longitude, stop.label,
         stop.arrival_s, stop.start_s, stop.depart_s, stop.service_s, window[0], window[1],
         None if stop.leg_mi is None else round(stop.leg_mi, 3), int(stop.locked),
         json.dumps(list(stop.breaches), ensure_ascii=False)),
    )  # fmt: skip
    return inserted_id(cursor.lastrowid)


def _write_events(
    db: sqlite_utils.Database,
    actor: Actor,
    before: dict[str, tuple[int, int, str]],
    after: dict[str, tuple[int, int, str]],
    left_out: Mapping[str, str],
    at: datetime | None,
) -> None:
    changes = []
    for tracking_id, (run_id, sequence, driver) in sorted(after.items()):
        if before.get(tracking_id, (None, None, None))[:2] == (run_id, sequence):
            continue
        changes.append(
            Change(tracking_id, Status.PLANNED, run_id=run_id, stop_sequence=sequence,
                   reason="moved" if tracking_id in before else None,
                   details={"driver": driver})
        )  # fmt: skip
    for tracking_id in sorted(set(before) - set(after)):
        reason = left_out.get(tracking_id, "left out of the plan")
        changes.append(Change(tracking_id, Status.RECEIVED, reason=reason))
    if changes:
        append(db, actor, changes, at=at)


def require_reorderable(run: RunView) -> RunView:
    """`run`, when its stops may be put in a new order: not yet out, not locked."""
    if run.state not in (EDITABLE, "loading"):
        raise BadInput(f"{run.label} is {run.state}: only a run not yet out can be re-ordered")
    if run.locked:
        raise BadInput(f"{run.label} is locked: unlock it to re-order its stops")
    return run


def reorder_run(
    db: sqlite_utils.Database,
    actor: Actor,
    run_id: int,
    record: RunRecord,
    *,
    at: datetime | None = None,
) -> int:
    """Save a new order for a run's own stops (planned or loading; the same stops and
    parcels, checked here); returns how many parcels got a new stop number (a `planned`
    event each, reason "resequenced"). Their labels show the old number: reprint them."""
    stamp = iso_z(at or utc_now())
    with write_transaction(db):
        run = require_reorderable(get_run(db, run_id))
        saved = {
            stop.stop_key: sorted(p["tracking_id"] for p in stop.parcels) for stop in run.stops
        }
        given = {stop.stop_key: sorted(stop.tracking_ids) for stop in record.stops}
        if saved != given or record.driver != run.driver:
            raise PlanChanged(
                f"{run.label} changed since its stops were read; nothing was saved, try again"
            )
        before = {
            p["tracking_id"]: (run_id, stop.sequence, run.driver)
            for stop in run.stops
            for p in stop.parcels
        }
        db.conn.execute("DELETE FROM stops WHERE run_id = ?", (run_id,))
        after: dict[str, tuple[int, int, str]] = {}
        for sequence, stop in enumerate(record.stops, start=1):
            stop_id = _insert_stop(db, run_id, sequence, stop)
            db.conn.executemany(
                "INSERT INTO stop_parcels (stop_id, tracking_id) VALUES (?, ?)",
                [(stop_id, tracking_id) for tracking_id in stop.tracking_ids],
            )
            after.update({t: (run_id, sequence, run.driver) for t in stop.tracking_ids})
        db.conn.execute(
            "UPDATE runs SET distance_mi = ?, duration_s = ?, start_s = ?, end_s = ?, "
            "breaches = ?, street_map = ?, updated_at = ? WHERE id = ?",
            (round(record.distance_mi, 3), record.duration_s, record.start_s, record.end_s,
             json.dumps(list(record.breaches), ensure_ascii=False), record.street_map, stamp,
             run_id),
        )  # fmt: skip
        moved = [
            Change(t, Status.PLANNED, run_id=run_id, stop_sequence=after[t][1],
                   reason="resequenced", details={"driver": run.driver})
            for t in sorted(after)
            if after[t] != before[t]
        ]  # fmt: skip
        if moved:
            append(db, actor, moved, at=at)
    return len(moved)


def set_locked(
    db: sqlite_utils.Database, *, locked: bool, run_id: int | None = None,
    stop_id: int | None = None,
) -> None:  # fmt: skip
    """Lock or unlock a whole run or one stop (only while the run is editable)."""
    if (run_id is None) == (stop_id is None):
        raise ValueError("give exactly one of run_id or stop_id")
    with write_transaction(db):
        if run_id is not None:
            cursor = db.conn.execute(
                "UPDATE runs SET locked = ?, updated_at = ? WHERE id = ? AND state = ?",
                (int(locked), iso_z(utc_now()), run_id, EDITABLE),
            )
        else:
            cursor = db.conn.execute(
                "UPDATE stops SET locked = ? WHERE id = ? AND run_id IN "
                "(SELECT id FROM runs WHERE state = ?)",
                (int(locked), stop_id, EDITABLE),
            )
            db.conn.execute(
                "UPDATE runs SET updated_at = ? WHERE id = (SELECT run_id FROM stops WHERE id = ?)",
                (iso_z(utc_now()), stop_id),
            )
        if cursor.rowcount == 0:
            raise BadInput("only stops and runs of a plan not yet dispatched can be locked")


def set_state(
    db: sqlite_utils.Database, run_id: int, state: str, *, at: datetime | None = None
) -> None:
    """Move a run along planned -> loading -> out -> back -> closed (caller's transaction
    or its own)."""
    stamp = iso_z(at or utc_now())
    with write_transaction(db):
        row = db.conn.execute("SELECT state, number FROM runs WHERE id = ?", (run_id,)).fetchone()
        if row is None:
            raise NotFound(f"no run {run_id}")
        if state not in RUN_STEPS[row[0]]:
            raise BadInput(f"run {row[1]} is {row[0]} and cannot become {state}")
        extra = {"out": ", dispatched_at = :at", "back": ", returned_at = :at"}.get(state, "")
        db.conn.execute(
            f"UPDATE runs SET state = :state, updated_at = :at{extra} WHERE id = :id",
            {"state": state, "at": stamp, "id": run_id},
        )
