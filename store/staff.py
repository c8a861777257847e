"""The shop's staff: who is at the counter is recorded on every event."""

from __future__ import annotations

import sqlite_utils

from store.db import write_transaction
from store.errors import BadInput, NotFound
from store.timeutil import iso_z, utc_now

MAX_NAME = 60


def clean_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise BadInput("a staff member needs a name")
    if len(name) > MAX_NAME or any(not char.isprintable() for char in name):
        raise BadInput(f"staff name {name[:20]!r}…: at most {MAX_NAME} printable characters")
    return name


def names(db: sqlite_utils.Database, *, active_only: bool = True) -> list[str]:
    where = "WHERE active = 1" if active_only else ""
    return [row[0] for row in db.conn.execute(f"SELECT name FROM staff {where} ORDER BY name")]


def add(db: sqlite_utils.Database, name: str) -> str:
    """Add a staff member (or reactivate one who left); returns the stored name."""
    name = clean_name(name)
    with write_transaction(db):
        db.conn.execute(
            "INSERT INTO staff (name, active, created_at) VALUES (?, 1, ?) "
            "ON CONFLICT(name) DO UPDATE SET active = 1",
            (name, iso_z(utc_now())),
        )
    return name


def deactivate(db: sqlite_utils.Database, name: str) -> None:
    """Staff who leave stay in the log; they only disappear from the pick list."""
    with write_transaction(db):
        cursor = db.conn.execute("UPDATE staff SET active = 0 WHERE name = ?", (name,))
        if cursor.rowcount == 0:
            raise NotFound(f"no staff member named {name}")
