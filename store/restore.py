"""Restore the shop file from a backup: check everything first, keep what is replaced.

Before anything is swapped, a copy of the backup beside the shop file must pass SQLite's
integrity check, be Parcel Desk's (its application_id, or the tables of a file from before
there was one), be of a schema this program knows, hold a log whose hash chain verifies, and be
of this shop (its name and place) unless the person says `--other-shop`. It is then brought
to the current schema, so a console still open at the other counter keeps working on it.

The swap copies it into the live file with SQLite's backup API, which holds the file's write
lock from its first step to its last: in the first step's pause the file as it stands (every
scan the other counter made until then) is copied to a file of its own name, never over an
earlier one, and for the rest of the swap the other counter's writes wait. So nothing that
counter did is lost: it is in the kept file (and the result says how many events the backup
lacks), or it comes after the swap, into the restored file.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlite_utils

from store import integrity, migrations
from store.errors import BadInput, DatabaseUnavailable
from store.failures import primary_code
from store.settings import ShopSettings
from store.settings import load as load_settings

#: Tables every Parcel Desk file has had since its first schema.
_OUR_TABLES = frozenset({"settings", "staff", "manifests", "parcels", "events", "scans"})
#: The schema that first set PRAGMA application_id: older files are told by their tables.
_FIRST_WITH_APPLICATION_ID = 7
#: One page a step: the first step must leave the copy unfinished (the kept file is taken in
#: its pause, and SQLite commits the swap in the step that copies the last page).
SWAP_STEP_PAGES = 1
_CORRUPT, _NOTADB = 11, 26


@dataclass(frozen=True)
class Restored:
    """What a restore did: the file, what it now holds, and where the old one is kept."""

    db_file: Path
    events: int
    kept: Path | None
    lost_events: int  # events of the replaced file that the backup does not hold
    last_lost: str  # when and by whom the newest of them was made ('' when none)


def restore(backup_file: Path, db_file: Path, *, other_shop: bool = False) -> Restored:
    """Replace `db_file` with `backup_file` after checking it; see the module's docstring.
    Raises BadInput (nothing changed) when the backup is refused."""
    if not backup_file.is_file():
        raise BadInput(f"no backup file at {backup_file}")
    if db_file.exists() and backup_file.resolve() == db_file.resolve():
        raise BadInput(f"{backup_file} is the shop file itself, not a backup of it")
    scratch = db_file.with_name(f"{db_file.name}.restoring.{os.getpid()}.part")
    db_file.parent.mkdir(parents=True, exist_ok=True)  # a new PC: no data folder yet
    try:
        shutil.copyfile(backup_file, scratch)
        events = _check_and_update(scratch, backup_file, db_file, other_shop=other_shop)
        kept, lost, last = _swap(scratch, db_file)
    finally:
        for leftover in (
            scratch,
            *(Path(f"{scratch}{end}") for end in ("-journal", "-wal", "-shm")),
        ):
            leftover.unlink(missing_ok=True)
    integrity.clear_mark(db_file)
    return Restored(db_file, events, kept, lost, last)


def _check_and_update(scratch: Path, backup_file: Path, db_file: Path, *, other_shop: bool) -> int:
    """Every check of the module's docstring on the scratch copy, then its migration;
    returns how many events it holds."""
    from store.verify import verify  # it reads the log the events module writes

    try:
        conn = sqlite3.connect(scratch, isolation_level=None)
    except sqlite3.Error as error:
        raise BadInput(f"{backup_file} is not a Parcel Desk backup: {error}") from error
    db = sqlite_utils.Database(conn, execute_plugins=False)
    try:
        _refuse_foreign(conn, backup_file)
        report = verify(db)
        if not report.ok:
            raise BadInput(
                f"{backup_file} does not verify, so it is not restored: {report.problems[0]}"
                + (f" (and {len(report.problems) - 1} more)" if len(report.problems) > 1 else "")
            )
        if not other_shop:
            _refuse_other_shop(db, backup_file, db_file)
        conn.execute("PRAGMA journal_mode = DELETE")
        migrations.migrate(db)
        return report.events
    except sqlite3.DatabaseError as error:
        raise BadInput(f"{backup_file} is damaged or not a Parcel Desk backup: {error}") from error
    finally:
        conn.close()


def _refuse_foreign(conn: sqlite3.Connection, backup_file: Path) -> None:
    (application_id,) = conn.execute("PRAGMA application_id").fetchone()
    (version,) = conn.execute("PRAGMA user_version").fetchone()
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    ours = application_id == migrations.APPLICATION_ID or (
        application_id == 0
        and 0 < version < _FIRST_WITH_APPLICATION_ID
        and tables >= _OUR_TABLES
        and not integrity.missing_guards(conn)
    )
    if not ours:
        raise BadInput(f"{backup_file} is not a Parcel Desk backup (another program's file)")
    if version > migrations.CURRENT_VERSION:
        raise BadInput(
            f"{backup_file} was made by a newer Parcel Desk (schema {version}; this one knows "
            f"up to {migrations.CURRENT_VERSION}): update the program first"
        )


def _identity(settings: ShopSettings) -> str:
    return f"“{settings.name}” at {settings.latitude:.3f}, {settings.longitude:.3f}"


def _refuse_other_shop(backup: sqlite_utils.Database, backup_file: Path, db_file: Path) -> None:
    """The backup must be of the shop the file holds now (name and place), when that can
    still be read."""
    if not db_file.exists():
        return
    try:
        probe = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
        try:
            current = load_settings(sqlite_utils.Database(probe, execute_plugins=False))
        finally:
            probe.close()
    except (sqlite3.Error, ValueError):
        return  # too damaged to tell: the backup is what the shop has left
    theirs = load_settings(backup)
    if current.configured and _identity(theirs) != _identity(current):
        raise BadInput(
            f"{backup_file} is a backup of {_identity(theirs)}, not of {_identity(current)}; "
            "to replace this shop with it anyway, add --other-shop"
        )


def _swap(scratch: Path, db_file: Path) -> tuple[Path | None, int, str]:
    """Copy the checked scratch file into the live one under its write lock, keeping the
    file as it stood in the first step's pause. Returns (kept file, events the backup lacks,
    who made the newest of them)."""
    kept = _keep_name(db_file) if db_file.exists() else None
    lost: list[tuple[int, str]] = []
    source = sqlite3.connect(f"file:{scratch}?mode=ro", uri=True)
    dest = sqlite3.connect(str(db_file), isolation_level=None, timeout=10)
    (restored_head,) = source.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()

    def first_step(_status: int, _remaining: int, _total: int) -> None:
        if kept is not None and not lost:  # the write lock is ours from here to the end
            lost.append(_keep(db_file, kept, restored_head))

    try:
        source.backup(dest, pages=SWAP_STEP_PAGES, progress=first_step)
    except sqlite3.DatabaseError as error:
        if primary_code(error) not in (_CORRUPT, _NOTADB) or lost:
            raise DatabaseUnavailable(
                f"cannot write {db_file}: {error}; it is unchanged"
            ) from error
        source.close()
        dest.close()
        return _replace_unreadable(scratch, db_file, kept), 0, ""
    finally:
        source.close()
        dest.close()
    count, last = lost[0] if lost else (0, "")
    return kept, count, last


def _replace_unreadable(scratch: Path, db_file: Path, kept: Path | None) -> Path | None:
    """The live file is too damaged for SQLite to write into: set it (and its WAL) aside
    under its own name and move the checked copy into its place."""
    if kept is not None:
        db_file.replace(kept)
        for end in ("-wal", "-shm"):
            side = Path(f"{db_file}{end}")
            if side.exists():
                side.replace(Path(f"{kept}{end}"))
    shutil.copyfile(scratch, db_file)
    return kept


def _keep_name(db_file: Path) -> Path:
    """A name of its own for the replaced file: never an earlier restore's."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate = db_file.with_name(f"{db_file.stem}.before-restore-{stamp}.db")
    number = 1
    while candidate.exists():
        number += 1
        candidate = db_file.with_name(f"{db_file.stem}.before-restore-{stamp}-{number}.db")
    return candidate


def _keep(db_file: Path, kept: Path, restored_head: int) -> tuple[int, str]:
    """Copy the live file as it stands to `kept`; returns how many of its events come after
    the backup's last one, and who made the newest."""
    reader = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
    try:
        target = sqlite3.connect(str(kept))
        try:
            reader.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
        count, at, staff, counter = reader.execute(
            "SELECT count(*), max(at), (SELECT staff FROM events ORDER BY id DESC LIMIT 1), "
            "(SELECT counter FROM events ORDER BY id DESC LIMIT 1) FROM events WHERE id > ?",
            (restored_head,),
        ).fetchone()
    except sqlite3.DatabaseError:  # too damaged to read: keep its bytes as they are
        with contextlib.suppress(OSError):
            shutil.copyfile(db_file, kept)
        return 0, ""
    finally:
        reader.close()
    return count, f"{at} by {staff} at {counter}" if count else ""


def lost_words(restored: Restored) -> str:
    """One line about what the backup lacks that the replaced file held."""
    if restored.kept is None:
        return ""
    if restored.lost_events:
        return (
            f"the replaced file held {restored.lost_events} "
            f"{'event' if restored.lost_events == 1 else 'events'} the backup lacks (the last "
            f"{restored.last_lost}); it is kept as {restored.kept}"
        )
    return f"the replaced file is kept as {restored.kept}"
