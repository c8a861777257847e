"""Copies of the shop file: before a migration, once a day, and restore from one.

SQLite's online backup API copies a consistent snapshot even while the other counter writes,
which a plain file copy of a WAL database does not guarantee.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import date
from pathlib import Path

import sqlite_utils

from store.errors import BadInput, DatabaseUnavailable

KEEP_DAILY = 14

log = logging.getLogger(__name__)


def backup_dir(db_file: Path) -> Path:
    return db_file.parent / "backups"


def backup_to(db: sqlite_utils.Database, target: Path) -> Path:
    """Write a consistent copy of the open database to `target` (replacing it)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(target.suffix + ".part")
    tmp.unlink(missing_ok=True)
    dest = sqlite3.connect(str(tmp))
    try:
        db.conn.backup(dest)
    finally:
        dest.close()
    tmp.replace(target)
    log.info("backup written: %s", target)
    return target


def before_migration(db: sqlite_utils.Database, db_file: Path, from_version: int) -> Path | None:
    """Keep a copy of an older file before its schema changes."""
    if str(db_file) == ":memory:":
        return None
    target = backup_dir(db_file) / f"{db_file.stem}.schema-v{from_version}.db"
    return backup_to(db, target)


def daily_backup(db: sqlite_utils.Database, db_file: Path, today: date) -> Path | None:
    """Make today's backup unless it exists; keep the last KEEP_DAILY days."""
    if str(db_file) == ":memory:":
        return None
    folder = backup_dir(db_file)
    target = folder / f"{db_file.stem}.{today.isoformat()}.db"
    if target.exists():
        return None
    backup_to(db, target)
    daily = sorted(folder.glob(f"{db_file.stem}.????-??-??.db"))
    for old in daily[:-KEEP_DAILY]:
        old.unlink(missing_ok=True)
    return target


def list_backups(db_file: Path) -> list[Path]:
    return sorted(backup_dir(db_file).glob(f"{db_file.stem}.*.db"), reverse=True)


def restore(backup_file: Path, db_file: Path) -> Path:
    """Replace the shop file with a backup, keeping the current file as `*.before-restore.db`.

    The backup is checked first (a SQLite file that passes an integrity check and has an events
    table), so a wrong file never replaces a good database.
    """
    if not backup_file.is_file():
        raise BadInput(f"no backup file at {backup_file}")
    try:
        probe = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
        try:
            ok = probe.execute("PRAGMA integrity_check").fetchone()[0]
            has_events = probe.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'"
            ).fetchone()
        finally:
            probe.close()
    except sqlite3.DatabaseError as error:
        raise BadInput(f"{backup_file} is not a database backup: {error}") from error
    if ok != "ok" or not has_events:
        raise BadInput(f"{backup_file} is damaged or not a Parcel Desk backup ({ok})")
    if db_file.exists():
        current = sqlite_utils.Database(
            sqlite3.connect(str(db_file), isolation_level=None), execute_plugins=False
        )
        try:
            backup_to(current, db_file.with_name(db_file.stem + ".before-restore.db"))
        except sqlite3.Error as error:
            raise DatabaseUnavailable(f"cannot save the current file first: {error}") from error
        finally:
            current.conn.close()
    source = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
    dest = sqlite3.connect(str(db_file))
    try:
        source.backup(dest)
    finally:
        source.close()
        dest.close()
    return db_file
