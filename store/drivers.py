"""The shop's drivers and their cars: capacity and shift, as the planner needs them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from store.db import write_transaction
from store.errors import BadInput, NotFound


@dataclass(frozen=True)
class Driver:
    id: int
    name: str
    capacity_parcels: int
    capacity_weight_lb: float | None
    shift_start: str  # HH:MM local
    shift_end: str
    active: bool = True


def _hhmm(text: str, what: str) -> str:
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", text.strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise BadInput(f"{what}: {text!r} is not a time as HH:MM")
    return f"{int(match[1]):02d}:{match[2]}"


def validate(
    name: str, capacity: int, shift_start: str, shift_end: str, weight_lb: float | None
) -> tuple[str, int, str, str, float | None]:
    name = " ".join(name.split())
    if not name or len(name) > 60:
        raise BadInput("driver name: 1 to 60 characters")
    if not isinstance(capacity, int) or isinstance(capacity, bool) or not 1 <= capacity <= 1000:
        raise BadInput(f"capacity: {capacity!r} is not a number of parcels from 1 to 1000")
    start, end = _hhmm(shift_start, "shift start"), _hhmm(shift_end, "shift end")
    if start >= end:
        raise BadInput(f"shift end {end} is not after shift start {start}")
    if weight_lb is not None and not 0 < weight_lb <= 5000:
        raise BadInput(f"weight capacity: {weight_lb} is not between 0 and 5000 lb")
    return name, capacity, start, end, weight_lb


def add(
    db: sqlite_utils.Database,
    name: str,
    *,
    capacity: int,
    shift_start: str,
    shift_end: str,
    weight_lb: float | None = None,
) -> Driver:
    """Add a driver, or update the car and shift of one with that name."""
    name, capacity, start, end, weight_lb = validate(
        name, capacity, shift_start, shift_end, weight_lb
    )
    with write_transaction(db):
        db.conn.execute(
            "INSERT INTO drivers (name, capacity_parcels, capacity_weight_lb, shift_start, "
            "shift_end, active) VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT(name) DO UPDATE SET "
            "capacity_parcels = excluded.capacity_parcels, capacity_weight_lb = "
            "excluded.capacity_weight_lb, shift_start = excluded.shift_start, "
            "shift_end = excluded.shift_end, active = 1",
            (name, capacity, weight_lb, start, end),
        )
    return get(db, name)


def _driver(row: tuple[Any, ...]) -> Driver:
    """A Driver from a row of (id, name, capacity_parcels, capacity_weight_lb, shift_start,
    shift_end, active)."""
    id_, name, parcels, weight_lb, start, end, active = row
    return Driver(id_, name, parcels, weight_lb, start, end, active=bool(active))


def get(db: sqlite_utils.Database, name: str) -> Driver:
    row = db.conn.execute(
        "SELECT id, name, capacity_parcels, capacity_weight_lb, shift_start, shift_end, active "
        "FROM drivers WHERE name = ? COLLATE NOCASE",
        (name.strip(),),
    ).fetchone()
    if row is None:
        raise NotFound(f"no driver named {name}")
    return _driver(row)


def all_drivers(db: sqlite_utils.Database, *, active_only: bool = True) -> list[Driver]:
    where = "WHERE active = 1" if active_only else ""
    return [
        _driver(row)
        for row in db.conn.execute(
            "SELECT id, name, capacity_parcels, capacity_weight_lb, shift_start, shift_end, "
            f"active FROM drivers {where} ORDER BY name"
        )
    ]


def remove(db: sqlite_utils.Database, name: str) -> None:
    """Drivers who leave stay in the history of past runs; they leave the pick list."""
    with write_transaction(db):
        cursor = db.conn.execute(
            "UPDATE drivers SET active = 0 WHERE name = ? COLLATE NOCASE", (name.strip(),)
        )
        if cursor.rowcount == 0:
            raise NotFound(f"no driver named {name}")
