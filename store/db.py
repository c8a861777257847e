"""Open the shop's SQLite file safely: pragmas, numbered migrations, write transactions.

The counter PC may lose power mid-scan and two counters may share one file, so every
connection runs in WAL mode with full synchronous commits and a busy timeout, and every write
goes through `write_transaction`, which takes the write lock up front (BEGIN IMMEDIATE) so two
writers queue instead of failing with "database is locked" halfway through.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import platformdirs
import sqlite_utils

from store import backup, file_place, integrity, migrations, text_search, waiting_writers
from store.errors import DatabaseUnavailable
from store.failures import describe_failure, environment_failure, primary_code

__all__ = [
    "APP_NAME",
    "BUSY_TIMEOUT_MS",
    "connect",
    "db_path",
    "default_db_path",
    "describe_failure",
    "long_job",
    "write_transaction",
    "yield_to_writers",
]

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
    check_integrity: bool = True,
    read_only: bool = False,
) -> sqlite_utils.Database:
    """Open (creating if needed) the shop database at `path`, migrated to the current schema.

    `on_upgrade(version)` is told before an existing file of an older schema is backed up and
    migrated (a five-year file can take a minute: the console says so meanwhile). A damaged
    file is refused (see store.integrity) unless `check_integrity` is False (verify, restore).
    A file on a network drive is refused, and one this user may not write unless `read_only`
    (then nothing is created, migrated or written; see store.file_place).
    Raises DatabaseUnavailable with a sentence a person can act on when the file cannot be used.
    """
    path = Path(path)
    if str(path) != ":memory:":
        if path.is_dir():
            raise DatabaseUnavailable(f"{path} is a folder, not a database file")
        if path.exists() and not path.is_file():
            # A named pipe or a device (/dev/null): SQLite said "disk I/O error", read as a
            # failing disk, and left a -journal beside the device.
            raise DatabaseUnavailable(
                f"{path} is not a file a shop can be kept in (a pipe or a device)"
            )
        if read_only:
            _refuse_network(path)
            if not path.exists():
                raise DatabaseUnavailable(f"there is no shop file at {path}")
        else:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise DatabaseUnavailable(
                    f"cannot create the folder for {path}: {error}"
                ) from error
            file_place.check_for_writing(path)
    try:
        conn = _open(path, read_only=read_only)
    except sqlite3.DatabaseError as error:
        raise DatabaseUnavailable(describe_failure(path, error)) from error
    if check_integrity:
        try:
            integrity.check_on_open(conn, path)
        except DatabaseUnavailable:
            conn.close()
            raise
    db = sqlite_utils.Database(conn, execute_plugins=False)
    if read_only:
        _refuse_other_schema(db, path)
    elif migrate:
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


def _make_folder(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DatabaseUnavailable(f"cannot create the folder for {path}: {error}") from error


def _refuse_network(path: Path) -> None:
    fstype = file_place.network_filesystem(path)
    if fstype is not None:
        raise DatabaseUnavailable(file_place.on_network(path, fstype))


def _refuse_other_schema(db: sqlite_utils.Database, path: Path) -> None:
    """Opened read-only, a file cannot be migrated: it must be of this program's schema."""
    found = migrations.schema_version(db)
    if found != migrations.CURRENT_VERSION:
        db.conn.close()
        newer = "a newer" if found > migrations.CURRENT_VERSION else "an older"
        raise DatabaseUnavailable(
            f"{path} is of {newer} Parcel Desk (schema {found}; this one knows "
            f"{migrations.CURRENT_VERSION}) and cannot be updated while it is read-only"
        )


def _open(path: Path, *, read_only: bool) -> sqlite3.Connection:
    """The connection, configured. Read-only, a WAL file needs its -shm index beside it, which
    SQLite cannot make in a folder nobody may write (a locked USB stick, a read-only mount):
    there, with no -wal file holding changes, the file cannot change under the reader and is
    opened as immutable."""
    try:
        return _connect(path, read_only=read_only)
    except sqlite3.DatabaseError as error:
        if not (read_only and primary_code(error) in (SQLITE_READONLY, SQLITE_CANTOPEN)):
            raise
        if _size(path.with_name(path.name + "-wal")) > 0:
            raise
        try:
            return _connect(path, read_only=True, immutable=True)
        except sqlite3.DatabaseError:
            raise error from None


def _connect(path: Path, *, read_only: bool, immutable: bool = False) -> sqlite3.Connection:
    target = str(path)
    if read_only:
        target = f"file:{quote(str(path.absolute()))}?mode=ro" + (
            "&immutable=1" if immutable else ""
        )
    conn = sqlite3.connect(
        target,
        isolation_level=None,
        timeout=BUSY_TIMEOUT_MS / 1000,
        check_same_thread=False,
        uri=read_only,
    )
    try:
        _configure(conn, read_only=read_only)
    except sqlite3.DatabaseError:
        conn.close()
        raise
    return conn


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


SQLITE_READONLY, SQLITE_CANTOPEN = 8, 14


def _configure(conn: sqlite3.Connection, *, read_only: bool = False) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    text_search.register(conn)  # searches ignore accents: "Nunez" finds "Núñez"
    # Reading the schema fails fast on a file that is not SQLite at all.
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    if read_only:
        return
    conn.execute("PRAGMA journal_mode = WAL").fetchone()
    # FULL: a scan the screen confirmed survives a power cut, not only a crash.
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    # 16 MB of page cache (SQLite's default is 2 MB): a morning's manifest inserts into
    # indexes of years of parcels and events, and the pages it touches stay in memory.
    conn.execute("PRAGMA cache_size = -16000")


@contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One all-or-nothing write. Nested use becomes a savepoint inside the outer transaction."""
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():
            yield db
        return
    _begin_immediate(db)
    try:
        integrity.refuse_without_guards(conn, Path(db_path(db)))
        yield db
    except sqlite3.Error as error:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        failure = environment_failure(db_path(db), error)
        if failure is None:
            raise  # a bug, not the environment
        raise failure from error
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


#: How often a writer waiting for the lock tries again. SQLite's own busy handler sleeps up
#: to 100 ms between tries, so a writer that commits and begins again at once (an import's
#: chunks, a purge's batches) could starve it for seconds; a try every millisecond, with its
#: hand up (store.waiting_writers), gets it in the next pause such a job makes.
_RETRY_S = 0.001


def _begin_immediate(db: sqlite_utils.Database) -> None:
    """BEGIN IMMEDIATE, waiting up to BUSY_TIMEOUT_MS for the write lock in short tries."""
    conn = db.conn
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    hand: waiting_writers.Hand | None = None
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        while True:
            try:
                conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                failure = _unavailable(Path(db_path(db)), error)
                if not failure.busy or time.monotonic() >= deadline:
                    raise failure from error
            hand = hand or waiting_writers.Hand(db_path(db))
            hand.raise_()
            time.sleep(_RETRY_S)
    finally:
        if hand is not None:
            hand.lower()
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


#: WAL pages after which a long job folds the log into the file itself, well before the
#: counters' 1,000 (SQLite's default): the copying and flushing is the job's to pay, not the
#: next scan's.
JOB_AUTOCHECKPOINT = 250


@contextmanager
def long_job(db: sqlite_utils.Database) -> Iterator[None]:
    """The settings of a job of many transactions (a big import, the purge): commits that do
    not wait for the disk (WAL's synchronous NORMAL: a power cut may lose the last of them,
    never garble the file, and the job redoes what it lost), and checkpoints made by the job.
    The counter's settings again afterwards. Inside a caller's transaction nothing commits:
    nothing changes."""
    if db.conn.in_transaction:
        yield
        return
    db.conn.execute("PRAGMA synchronous = NORMAL")
    db.conn.execute(f"PRAGMA wal_autocheckpoint = {JOB_AUTOCHECKPOINT}")
    try:
        yield
    finally:
        db.conn.execute("PRAGMA synchronous = FULL")
        db.conn.execute("PRAGMA wal_autocheckpoint = 1000")


def yield_to_writers(db: sqlite_utils.Database, held_s: float = 0.0) -> None:
    """Between the transactions of a long job (the last one held the lock `held_s`): let a
    waiting counter's scan in first (store.waiting_writers). Inside a caller's transaction
    the lock stays held, so there is nobody to let in."""
    if not db.conn.in_transaction:
        waiting_writers.let_in(db_path(db), held_s)


def _unavailable(path: Path, error: sqlite3.Error) -> DatabaseUnavailable:
    """The environment's failure as our error; a lock held too long is worth a retry."""
    return environment_failure(path, error) or DatabaseUnavailable(describe_failure(path, error))


def db_path(db: sqlite_utils.Database) -> str:
    """The file behind a connection ('' for an in-memory database)."""
    row = db.conn.execute("PRAGMA database_list").fetchone()
    return row[2] if row else ""


def inserted_id(row_id: object) -> int:
    """The id of the row an INSERT just made. sqlite3 and sqlite-utils type it as optional
    (None before any INSERT); after one into a rowid table it is always a whole number."""
    if not isinstance(row_id, int):
        raise TypeError(f"the INSERT gave no row id ({row_id!r})")
    return row_id
