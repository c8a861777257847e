"""Open the shop's SQLite file safely: pragmas, numbered migrations, write transactions.

The counter PC may lose power mid-scan and two counters may share one file, so every
connection runs in WAL mode with full synchronous commits and a busy timeout, and every write
goes through `write_transaction`, which takes the write lock up front (BEGIN IMMEDIATE) so two
writers queue instead of failing with "database is locked" halfway through.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import platformdirs
import sqlite_utils

from store import backup, migrations
from store.errors import DatabaseBusy, DatabaseUnavailable

APP_NAME = "parcel-desk"
BUSY_TIMEOUT_MS = 10_000


def default_db_path() -> Path:
    """The shop file in the user's data directory, so a new user needs no setup."""
    return platformdirs.user_data_path(APP_NAME, appauthor=False) / "shop.db"


def connect(
    path: Path | str,
    *,
    migrate: bool = True,
    on_upgrade: Callable[[int], None] | None = None,
) -> sqlite_utils.Database:
    """Open (creating if needed) the shop database at `path`, migrated to the current schema.

    `on_upgrade(version)` is told before an existing file of an older schema is backed up and
    migrated (a five-year file can take a minute: the console says so meanwhile).
    Raises DatabaseUnavailable with a sentence a person can act on when the file cannot be used.
    """
    path = Path(path)
    if str(path) != ":memory:":
        if path.is_dir():
            raise DatabaseUnavailable(f"{path} is a folder, not a database file")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DatabaseUnavailable(f"cannot create the folder for {path}: {error}") from error
    try:
        conn = sqlite3.connect(
            str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
        )
        _configure(conn)
    except sqlite3.DatabaseError as error:
        raise DatabaseUnavailable(describe_failure(path, error)) from error
    db = sqlite_utils.Database(conn, execute_plugins=False)
    if migrate:
        try:

            def before_upgrade(version: int) -> None:
                if on_upgrade is not None:
                    on_upgrade(version)
                backup.before_migration(db, path, version)

            migrations.migrate(db, before_upgrade=before_upgrade)
            _finish_cut_short_imports(db)
        except sqlite3.DatabaseError as error:
            conn.close()
            raise DatabaseUnavailable(describe_failure(path, error)) from error
        except DatabaseUnavailable:
            conn.close()
            raise
    return db


def _finish_cut_short_imports(db: sqlite_utils.Database) -> None:
    """A manifest import that was decided but whose importer died is finished now (rare; a
    few seconds for the biggest file). One that is still running is left to its importer."""
    from store import import_jobs  # it writes through this module

    import_jobs.resume_stale(db)


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    # Reading the schema fails fast on a file that is not SQLite at all.
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.execute("PRAGMA journal_mode = WAL").fetchone()
    # FULL: a scan the screen confirmed survives a power cut, not only a crash.
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    # 16 MB of page cache (SQLite's default is 2 MB): a morning's manifest inserts into
    # indexes of years of parcels and events, and the pages it touches stay in memory.
    conn.execute("PRAGMA cache_size = -16000")


def describe_failure(path: Path, error: sqlite3.Error) -> str:
    """Turn an sqlite3 error into words a shop owner can act on."""
    text = str(error)
    if "file is not a database" in text or "malformed" in text:
        return f"{path} is not a Parcel Desk database (or it is damaged): {text}"
    if "locked" in text or "busy" in text:
        return (
            f"{path} is busy: another counter (or program) is writing to it and did not "
            f"finish in {BUSY_TIMEOUT_MS // 1000} s ({text})"
        )
    if "disk" in text and ("full" in text or "I/O" in text):
        return f"cannot write {path}: the disk is full or failing ({text})"
    if "unable to open" in text or "readonly" in text:
        return f"cannot open {path} for writing: {text}"
    return f"cannot use the database {path}: {text}"


@contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One all-or-nothing write. Nested use becomes a savepoint inside the outer transaction."""
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():
            yield db
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        raise _unavailable(Path(db_path(db)), error) from error
    try:
        yield db
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except sqlite3.Error as error:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise _unavailable(Path(db_path(db)), error) from error


def _unavailable(path: Path, error: sqlite3.Error) -> DatabaseUnavailable:
    """The environment's failure as our error; a lock held too long is worth a retry."""
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF  # the primary code of an extended one
    busy = code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return (DatabaseBusy if busy else DatabaseUnavailable)(describe_failure(path, error))


def db_path(db: sqlite_utils.Database) -> str:
    """The file behind a connection ('' for an in-memory database)."""
    row = db.conn.execute("PRAGMA database_list").fetchone()
    return row[2] if row else ""
