"""Helpers that bring a test shop to a point of its day quickly: shelf, plan, dispatch."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timedelta

import sqlite_utils

from store import dispatch, drivers, settings
from store.checkin import check_in
from store.db import connect
from store.events import Actor
from store.manifest import import_bytes
from store.runs import RunRecord, StopRecord, save_plan
from tests.store.conftest import (
    DAY,
    HEADER,
    MORNING,
    SHOP_LAT,
    SHOP_LON,
    inside,
    manifest_bytes,
)

IDS = [f"TBA2000000{n:02d}" for n in range(1, 9)]
NOON = MORNING + timedelta(hours=4)  # 12:00 in Virginia
EVENING = MORNING + timedelta(hours=9)  # 17:00 in Virginia


def shelf(
    db: sqlite_utils.Database,
    actor: Actor,
    ids: Sequence[str] = IDS,
    *,
    day: date = DAY,
    at: datetime = MORNING,
    checked_in: Sequence[str] | None = None,
    signature: Sequence[str] = (),
) -> sqlite_utils.Database:
    """Parcels imported for `day` and checked in (all, or `checked_in`); drivers Dev, Maria.
    Those in `signature` need the recipient's signature."""
    rows = [f"{inside(t, name=f'Recipient {t[-2:]}')},{str(t in signature).lower()}" for t in ids]
    data = manifest_bytes(*rows, header=f"{HEADER},signature_required")
    import_bytes(db, actor, data, f"m-{day}.csv", day, at=at)
    for tracking_id in ids if checked_in is None else checked_in:
        check_in(db, actor, tracking_id, at=at)
    if not drivers.all_drivers(db):
        drivers.add(db, "Dev", capacity=40, shift_start="09:00", shift_end="17:00")
        drivers.add(db, "Maria", capacity=30, shift_start="09:00", shift_end="15:00")
    return db


def stop(*tracking_ids: str) -> StopRecord:
    return StopRecord(
        stop_key=f"k:{tracking_ids[0]}",
        latitude=38.93,
        longitude=-77.24,
        tracking_ids=tracking_ids,
        label=f"Stop of {tracking_ids[0]}",
    )


def plan(
    db: sqlite_utils.Database,
    actor: Actor,
    layout: dict[str, Sequence[Sequence[str]]],
    *,
    day: date = DAY,
    at: datetime = MORNING,
    distance_mi: float = 12.5,
    street_map: str | None = None,
) -> list[int]:
    """Save a plan: driver -> stops, each a list of tracking ids."""
    return save_plan(
        db,
        actor,
        day,
        [
            RunRecord(
                driver,
                tuple(stop(*ids) for ids in stops),
                distance_mi=distance_mi,
                street_map=street_map,
            )
            for driver, stops in layout.items()
        ],
        {},
        at=at,
    )


def send_out(
    db: sqlite_utils.Database, actor: Actor, run_id: int, *, at: datetime = MORNING
) -> dispatch.Dispatched:
    """Load every parcel of the run and dispatch it."""
    for tracking_id in [m.tracking_id for m in dispatch.load_status(db, run_id).missing]:
        dispatch.load_scan(db, actor, run_id, tracking_id, at=at)
    return dispatch.dispatch(db, actor, run_id, at=at)


def statuses(db: sqlite_utils.Database) -> dict[str, str]:
    return dict(db.conn.execute("SELECT tracking_id, status FROM parcels ORDER BY tracking_id"))


@contextmanager
def memory_shop() -> Iterator[sqlite_utils.Database]:
    """A configured shop in memory, for property tests that need a fresh one per example."""
    db = connect(":memory:")
    try:
        settings.update(
            db, name="Test Shop", latitude=SHOP_LAT, longitude=SHOP_LON, timezone="America/New_York"
        )
        yield db
    finally:
        db.conn.close()
