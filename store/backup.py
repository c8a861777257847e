"""Copies of the shop file: before a migration, once a day, and restore from one.

SQLite's online backup API copies a consistent snapshot even while the other counter writes,
which a plain file copy of a WAL database does not guarantee. The copy goes in small steps
from one read transaction (so the other counter's writes neither wait for it nor make it start
over), into a scratch file that is flushed to disk step by step (so a scan's own flush never
queues behind a gigabyte of backup), and is renamed into place when whole.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import sqlite3
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import sqlite_utils

from store import integrity
from store.errors import DatabaseUnavailable
from store.failures import damaged

KEEP_DAILY = 14

log = logging.getLogger(__name__)


def backup_dir(db_file: Path) -> Path:
    return db_file.parent / "backups"


#: Pages copied per step (1 MB of 4 KB pages), and the pause after each.
STEP_PAGES = 256
STEP_PAUSE_S = 0.002
#: A scratch file untouched this long belongs to a backup that was killed.
STALE_PART_S = 600

Progress = Callable[[int, int], None]


def backup_to(
    db: sqlite_utils.Database,
    target: Path,
    *,
    progress: Progress | None = None,
    step_pages: int = STEP_PAGES,
) -> Path:
    """Write a consistent copy of the open database to `target` (replacing it), in steps;
    `progress(pages done, pages in all)` is told after each."""
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_parts(target.parent)
    scratch = target.with_name(f"{target.name}.{os.getpid()}.part")
    scratch.unlink(missing_ok=True)
    try:
        try:
            _copy(db.conn, scratch, progress, step_pages)
        except sqlite3.Error as error:
            if not _copy_not_written(error):
                raise
            # Said of the copy: an error SQLite raises names no file, and was taken for the
            # shop file's ("cannot write shop.db: the disk is failing"), a healthy disk.
            full = (getattr(error, "sqlite_errorname", "") or "").startswith("SQLITE_FULL")
            raise OSError(
                errno.ENOSPC if full else errno.EIO,
                "the disk is full" if full else "the disk is full, failing or was removed",
            ) from error
        scratch.replace(target)
    finally:
        scratch.unlink(missing_ok=True)
    log.info("backup written: %s", target)
    return target


def _copy_not_written(error: sqlite3.Error) -> bool:
    """Whether SQLite failed writing the copy (the shop file is only read: a failed read is
    the shop file's own damage, reported as such)."""
    name = getattr(error, "sqlite_errorname", "") or ""
    if name.startswith(("SQLITE_IOERR_READ", "SQLITE_IOERR_SHORT_READ")):
        return False
    return name.startswith(
        ("SQLITE_FULL", "SQLITE_IOERR", "SQLITE_CANTOPEN", "SQLITE_READONLY", "SQLITE_PERM")
    )


def _copy(
    source: sqlite3.Connection, scratch: Path, progress: Progress | None, step_pages: int
) -> None:
    """Copy from one read snapshot of `source`, flushing the scratch file as it grows."""
    own_snapshot = not source.in_transaction
    if own_snapshot:
        source.execute("BEGIN")
        source.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot
    dest = sqlite3.connect(str(scratch), isolation_level=None)
    try:
        dest.execute("PRAGMA journal_mode = OFF")  # a scratch file: flushed by hand below
        dest.execute("PRAGMA synchronous = OFF")
        flusher = _Flusher(scratch)

        def step(_status: int, remaining: int, total: int) -> None:
            flusher.flush()
            if progress is not None:
                progress(total - remaining, total)

        source.backup(dest, pages=step_pages, progress=step, sleep=STEP_PAUSE_S)
        # A copy is one self-contained file: opened read-only (a check, a restore's look at
        # it) it needs no -wal or -shm beside it. Opening it as the shop file turns WAL on.
        dest.execute("PRAGMA journal_mode = DELETE").fetchone()
        flusher.flush()
        flusher.close()
    finally:
        dest.close()
        if own_snapshot and source.in_transaction:
            source.execute("COMMIT")


class _Flusher:
    """fsync the scratch file after every step: its dirty pages stay a megabyte, not the
    gigabyte a five-year file would leave for the kernel to write at once."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._fd: int | None = None

    def flush(self) -> None:
        if self._fd is None:
            if not self._path.exists():
                return  # SQLite creates the file with its first page
            self._fd = os.open(self._path, os.O_RDWR)
        os.fsync(self._fd)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def remove_stale_parts(folder: Path, now: float | None = None) -> list[Path]:
    """Delete the scratch files of killed backups (untouched for STALE_PART_S); a running
    backup's file (another counter's) is written every few milliseconds and stays. Only a
    backup's own scratch file goes: named `<target>.<pid>.part` and empty or an SQLite file
    (`backup -o` may write into a folder where a browser keeps `film.mkv.part`)."""
    moment = time.time() if now is None else now
    removed = []
    for part in folder.glob("*.part"):
        try:
            if (
                _SCRATCH_NAME.fullmatch(part.name)
                and moment - part.stat().st_mtime > STALE_PART_S
                and _empty_or_sqlite(part)
            ):
                part.unlink()
                removed.append(part)
        except OSError:
            continue  # gone meanwhile, or not ours to delete: the next backup tries again
    return removed


#: `backup_to`'s scratch file: the target's name, the writer's process id, `.part`.
_SCRATCH_NAME = re.compile(r".+\.\d+\.part")
_SQLITE_HEADER = b"SQLite format 3\0"


def _empty_or_sqlite(path: Path) -> bool:
    with path.open("rb") as stream:
        start = stream.read(len(_SQLITE_HEADER))
    return start == _SQLITE_HEADER or not start.strip(b"\0")


def before_migration(db: sqlite_utils.Database, db_file: Path, from_version: int) -> Path | None:
    """Keep a copy of an older file before its schema changes."""
    if str(db_file) == ":memory:":
        return None
    target = backup_dir(db_file) / f"{db_file.stem}.schema-v{from_version}.db"
    return backup_to(db, target)


def daily_backup(db: sqlite_utils.Database, db_file: Path, today: date) -> Path | None:
    """Make today's backup unless it exists; keep the last KEEP_DAILY days.

    The fresh copy gets SQLite's quick check (off the counter's way, in the background): it
    holds the file's pages as they are, so a damaged page shows there. Then the shop file is
    marked damaged, the copy is set aside (it does not push a good day out of the 14 kept),
    and DatabaseUnavailable says so."""
    if str(db_file) == ":memory:":
        return None
    folder = backup_dir(db_file)
    target = folder / f"{db_file.stem}.{today.isoformat()}.db"
    if target.exists():
        return None
    backup_to(db, target)
    _check_copy(db_file, target)
    daily = sorted(folder.glob(f"{db_file.stem}.????-??-??.db"))
    for old in daily[:-KEEP_DAILY]:
        old.unlink(missing_ok=True)
    return target


def _check_copy(db_file: Path, copy: Path) -> None:
    probe = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    try:
        findings = integrity.quick_check(probe)
    finally:
        probe.close()
    if findings:
        finding = "; ".join(findings)
        integrity.mark_damaged(db_file, finding)
        copy.replace(copy.with_name(copy.stem + ".damaged.db"))
        raise DatabaseUnavailable(damaged(db_file, finding))


def list_backups(db_file: Path) -> list[Path]:
    return sorted(backup_dir(db_file).glob(f"{db_file.stem}.*.db"), reverse=True)
