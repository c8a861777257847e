"""The demo shop's own file: made on first use, made again on request, never the shop's file.

A newcomer sees a whole day working before setting anything up (`parcel-desk --demo`, or
"Try the demo shop first" in the setup window), and a shop that tries the demo later keeps its
own data untouched: the demo lives in `demo.db` beside `shop.db` (store.places).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from store import demo, settings
from store.db import connect
from store.errors import StoreError
from store.places import demo_db_path

log = logging.getLogger(__name__)

SQLITE_SIDE_FILES = ("-wal", "-shm")


def open_demo(
    path: Path | None = None,
    *,
    fresh: bool = False,
    on_upgrade: Callable[[int], None] | None = None,
    on_progress: demo.Progress | None = None,
) -> tuple[sqlite_utils.Database, dict[str, int] | None]:
    """Open the demo shop's file, making the demo day in it when it has none (or when
    `fresh`: the old demo file is deleted first). Returns the database and what was made
    (None when an existing demo was opened as it was). Making it takes seconds, told to
    `on_progress` (see `demo.create`); a demo that fails half made is deleted, so that the
    next start makes it whole instead of opening half a shop."""
    path = path or demo_db_path()
    if fresh:
        remove_demo(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = connect(path, on_upgrade=on_upgrade)
    if settings.load(db).configured:
        return db, None
    try:
        made = demo.create(db, on_progress=on_progress)
    except BaseException:
        db.conn.close()
        remove_demo(path)
        raise
    log.info("demo shop made in %s: %d parcels", path, made["parcels"])
    return db, made


def remove_demo(path: Path) -> None:
    """Delete a demo file and SQLite's side files (only ever the demo's own file)."""
    for suffix in ("", *SQLITE_SIDE_FILES):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def needs_making(path: Path | None = None) -> bool:
    """Whether opening the demo at `path` makes it first (seconds: worth a progress bar)."""
    path = path or demo_db_path()
    if not path.exists():
        return True
    try:
        db = connect(path, migrate=False)
    except StoreError:
        return False  # opening it says what is wrong
    try:
        return not settings.load(db).configured
    except sqlite3.Error:
        return False  # an old schema: opening it updates it
    finally:
        db.conn.close()
