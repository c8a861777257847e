"""Bring the demo shop of a console test to a later point of its day, quickly and always the
same way: a plan dealt by address to the three demo drivers (no solver), runs sent out."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import sqlite_utils

from store import dispatch, results, runs
from store.events import Actor
from store.runs import RunRecord, StopRecord

MORNING = Actor("Ana", "Counter 1")
DRIVERS = ("Dev", "Maria", "Sam")


#: Parcels per stop of each driver's run: the shapes the console tests count on (Dev's run
#: holds 10 parcels at 8 stops, Maria's stops have one parcel each, Sam's first stop has two).
SHAPES = {
    "Dev": (1, 1, 1, 1, 1, 2, 2, 1),
    "Maria": (1, 1, 1, 1, 1, 1, 1, 1),
    "Sam": (2, 1, 2, 2, 1, 1, 1, 2),
}


def plan_demo(db: sqlite_utils.Database, day: date, per_driver: int = 8) -> list[int]:
    """Today's received parcels, one stop per address, dealt to Dev, Maria and Sam in turn
    in the SHAPES above (the first `per_driver` stops each); returns the run ids."""
    by_address: dict[str, list[tuple]] = defaultdict(list)
    for row in db.conn.execute(
        "SELECT tracking_id, address_line1, postal_code, latitude, longitude FROM parcels "
        "WHERE status = 'received' AND latitude IS NOT NULL ORDER BY tracking_id"
    ):
        by_address[f"{row[1]}|{row[2]}"].append(row)
    free = sorted(by_address.items())
    dealt: dict[str, list[StopRecord]] = {name: [] for name in DRIVERS}
    for turn in range(per_driver):
        for driver in DRIVERS:
            size = SHAPES[driver][turn % len(SHAPES[driver])]
            key, group = next((k, g) for k, g in free if len(g) == size)
            free.remove((key, group))
            ids = tuple(row[0] for row in group)
            dealt[driver].append(StopRecord(key, group[0][3], group[0][4], ids, label=key))
    plan = [
        RunRecord(name, tuple(stops), distance_mi=20.0 + n)
        for n, (name, stops) in enumerate(dealt.items())
    ]
    return runs.save_plan(db, MORNING, day, plan, {})


def load_all(db: sqlite_utils.Database, run_id: int) -> None:
    for parcel in dispatch.load_status(db, run_id).missing:
        dispatch.load_scan(db, MORNING, run_id, parcel.tracking_id)


def send_out(db: sqlite_utils.Database, run_id: int) -> dispatch.Dispatched:
    """Load every parcel of the run and dispatch it."""
    load_all(db, run_id)
    return dispatch.dispatch(db, MORNING, run_id)


def stop_ids(db: sqlite_utils.Database, run_id: int) -> list[list[str]]:
    """The tracking ids of each stop of a run, in stop order."""
    return [[p["tracking_id"] for p in stop.parcels] for stop in runs.get_run(db, run_id).stops]


def signers(db: sqlite_utils.Database, run_id: int, name: str = "A. Signer") -> dict[str, str]:
    """Who signed for each parcel of the run still out that needs a signature."""
    return {t: name for t in results.needs_signature(db, results.still_out(db, run_id))}
