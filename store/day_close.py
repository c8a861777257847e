"""What closing a day asks: every parcel of the day in a final state or explicitly carried
over, none in the air.

A parcel of the day is one expected that day or changed that day. At the close each is
either finished (delivered, picked up, returned to the carrier) or carried over in a way a
person chose and the summary lists: on the shelf for tomorrow (received, back from an
attempt, held for pickup), held (damaged, out of zone, unexpected, bad address, no
location), set aside for return, or marked missing. What keeps a day open is what is in
the air, each with the step that settles it (`left_to_do`):

- parcels still out for delivery on a run: record their results (nothing else settles a
  parcel that is in a car);
- runs planned or being loaded that never left: carry them over (`carry_over_unsent`: the
  runs are cancelled and their parcels go back on the shelf, planned again tomorrow);
- parcels of the day's manifest that never arrived: mark them missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlite_utils

from labels.words import counted
from store import runs
from store.db import write_transaction
from store.events import Actor, Change, append
from store.settings import load as load_settings
from store.statuses import FINISHED, HELD_WORDS, ON_SHELF, Status
from store.timeutil import local_day_bounds

UNSENT = ("planned", "loading")


@dataclass(frozen=True)
class RunLeft:
    """A run that keeps the day open: still out with parcels, or never sent."""

    run_id: int
    label: str  # "run 2 · Maria"
    state: str
    parcels: list[str]


@dataclass(frozen=True)
class LeftToDo:
    """What keeps the day from closing, in the order the clerk settles it."""

    day: date
    out: list[RunLeft]  # parcels in a car: record the results
    unsent: list[RunLeft]  # runs that never left: carry them over
    not_arrived: list[str]  # expected, never checked in: mark them missing

    @property
    def clear(self) -> bool:
        return not (self.out or self.unsent or self.not_arrived)

    @property
    def in_the_air(self) -> int:
        return sum(len(r.parcels) for r in self.out + self.unsent) + len(self.not_arrived)

    def steps(self) -> list[str]:
        """One sentence per thing left, saying what settles it."""
        said = []
        for run in self.out:
            said.append(
                f"{run.label}: {counted(len(run.parcels), 'parcel')} still out for delivery: "
                "record their results (Results)"
            )
        if self.unsent:
            names = ", ".join(run.label for run in self.unsent)
            parcels = sum(len(run.parcels) for run in self.unsent)
            said.append(
                f"{names} never left the shop: carry {'it' if len(self.unsent) == 1 else 'them'}"
                f" over ({counted(parcels, 'parcel')} back on the shelf for tomorrow)"
            )
        if self.not_arrived:
            said.append(
                f"{counted(len(self.not_arrived), 'parcel')} of the manifest never arrived: "
                "mark them missing"
            )
        return said

    def sentence(self) -> str:
        """Why the day cannot close, in one sentence."""
        return f"{self.day:%a %Y-%m-%d} cannot close with parcels in the air: " + "; ".join(
            self.steps()
        )


def _runs_left(db: sqlite_utils.Database, day: date) -> tuple[list[RunLeft], list[RunLeft]]:
    out, unsent = [], []
    for run in runs.runs_of_day(db, day):
        if run.state in UNSENT:
            unsent.append(RunLeft(run.id, run.label, run.state, run.tracking_ids))
        elif run.state in ("out", "back"):
            still = [
                p["tracking_id"]
                for stop in run.stops
                for p in stop.parcels
                if p["status"] == Status.OUT_FOR_DELIVERY
            ]
            if still:
                out.append(RunLeft(run.id, run.label, run.state, still))
    return out, unsent


def not_arrived(db: sqlite_utils.Database, day: date) -> list[str]:
    """The day's manifest parcels still `expected` (what marking missing marks)."""
    return [
        row[0]
        for row in db.conn.execute(
            "SELECT tracking_id FROM parcels WHERE expected_date = ? AND status = 'expected' "
            "AND manifest_id IS NOT NULL ORDER BY tracking_id",
            (day.isoformat(),),
        )
    ]


def left_to_do(db: sqlite_utils.Database, day: date) -> LeftToDo:
    """What keeps `day` open (nothing when it can close)."""
    out, unsent = _runs_left(db, day)
    return LeftToDo(day, out, unsent, not_arrived(db, day))


def carry_over_unsent(
    db: sqlite_utils.Database, actor: Actor, day: date, *, at: datetime | None = None
) -> list[str]:
    """The day's runs that never left are cancelled; their parcels go back on the shelf
    (received) to be planned again tomorrow. One transaction; returns the parcels."""
    with write_transaction(db):
        _, unsent = _runs_left(db, day)
        ids: list[str] = []
        changes = []
        for run in unsent:
            for tracking_id in run.parcels:
                if _status(db, tracking_id) is Status.PLANNED:
                    why = f"carried over: {run.label} not dispatched on {day.isoformat()}"
                    changes.append(Change(tracking_id, Status.RECEIVED, reason=why))
                    ids.append(tracking_id)
        if changes:
            append(db, actor, changes, at=at)
        for run in unsent:
            db.conn.execute("DELETE FROM run_loads WHERE run_id = ?", (run.run_id,))
            db.conn.execute("DELETE FROM stops WHERE run_id = ?", (run.run_id,))
            if run.state == "loading":
                runs.set_state(db, run.run_id, "planned", at=at)
            runs.set_state(db, run.run_id, "cancelled", at=at)
    return ids


def _status(db: sqlite_utils.Database, tracking_id: str) -> Status:
    row = db.conn.execute(
        "SELECT status FROM parcels WHERE tracking_id = ?", (tracking_id,)
    ).fetchone()
    return Status(row[0])


# -- where every parcel of the day ended ---------------------------------------------------


@dataclass(frozen=True)
class LeftOver:
    """A parcel of the day that did not finish, and what became of it."""

    tracking_id: str
    what: str  # "carried over", "held", "set aside for return", "missing", "in the air"
    shelf: str
    why: str


#: How a parcel's status at the end of the day is listed on the summary.
_WHAT = {
    Status.RECEIVED: "carried over",
    Status.ATTEMPTED: "carried over",
    Status.PLANNED: "carried over",
    Status.EXCEPTION: "held",
    Status.RETURN_PENDING: "set aside for return",
    Status.MISSING: "missing",
    Status.EXPECTED: "in the air",
    Status.OUT_FOR_DELIVERY: "in the air",
}
_WHY = {
    "held_for_pickup": "held for pickup at the counter",
    "not received": "never arrived",
}


def _planned(db: sqlite_utils.Database, tracking_id: str, day: date) -> tuple[str, str]:
    """A planned parcel: in the air on a run of `day` never sent, else carried over to the
    later run it is planned on."""
    where = runs.current_stop(db, tracking_id)
    if where is None:  # pragma: no cover - a planned parcel is always on a stop
        return "carried over", "planned"
    run, stop = where
    if run.plan_date <= day.isoformat():
        return "in the air", f"on {run.label}, stop {stop.sequence}: never sent"
    return "carried over", f"planned on {run.label} of {run.plan_date}"


def parcels_of_day(db: sqlite_utils.Database, day: date) -> list[str]:
    """Parcels expected on `day` or changed on it."""
    start, end = local_day_bounds(day, load_settings(db).tz)
    return [
        row[0]
        for row in db.conn.execute(
            "SELECT tracking_id FROM parcels WHERE expected_date = ? UNION "
            "SELECT DISTINCT tracking_id FROM events WHERE at >= ? AND at < ? "
            "ORDER BY 1",
            (day.isoformat(), start, end),
        )
    ]


def left_over(db: sqlite_utils.Database, day: date) -> list[LeftOver]:
    """Every parcel of the day that is not finished, as it stands now, for the summary:
    carried over first, then held, set aside, missing, and any still in the air."""
    order = list(dict.fromkeys(_WHAT.values()))
    found = []
    ids = parcels_of_day(db, day)
    for offset in range(0, len(ids), 500):
        chunk = ids[offset : offset + 500]
        marks = ",".join("?" * len(chunk))
        for tracking_id, status, reason, zone, code in db.conn.execute(
            f"SELECT tracking_id, status, status_reason, zone, pickup_code FROM parcels "
            f"WHERE tracking_id IN ({marks})",
            chunk,
        ):
            status = Status(status)
            if status in FINISHED:
                continue
            why = _WHY.get(reason or "", (reason or "").replace("_", " "))
            what = _WHAT[status]
            if status is Status.ATTEMPTED and code:
                why = f"held for pickup (code {code})"
            elif status is Status.PLANNED:
                what, why = _planned(db, tracking_id, day)
            elif status is Status.EXCEPTION:
                why = HELD_WORDS.get(reason or "", why)
            elif status is Status.EXPECTED:
                why = "not arrived yet"
            elif status is Status.OUT_FOR_DELIVERY:
                where = runs.current_stop(db, tracking_id)
                why = f"out on {where[0].label}" if where else "out for delivery"
            shelf = zone or "" if status in ON_SHELF else ""  # a missing parcel has no shelf
            found.append(LeftOver(tracking_id, what, shelf, why))
    return sorted(found, key=lambda p: (order.index(p.what), p.tracking_id))
