"""Numbered schema migrations, applied forward in order inside one transaction each.

`PRAGMA user_version` holds the number of the last migration applied. A file from a newer
Parcel Desk is refused rather than guessed at; an older file is backed up before it changes.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable

import sqlite_utils

from store import tracking_shapes
from store.errors import DatabaseUnavailable
from store.statuses import Status

#: The statuses schema 1 knew, as its CHECK constraints list them (later ones: `_v10`).
V1_STATUSES = (
    "expected", "received", "planned", "out_for_delivery", "delivered", "exception",
    "attempted", "picked_up", "return_pending", "returned", "missing",
)  # fmt: skip
_STATUS_LIST = ", ".join(f"'{status}'" for status in V1_STATUSES)

V1_SCHEMA = f"""
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL                -- JSON
);
CREATE TABLE staff (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE TABLE manifests (
    id INTEGER PRIMARY KEY,
    filename TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    for_date TEXT NOT NULL,            -- local YYYY-MM-DD the parcels arrive
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    row_count INTEGER NOT NULL,
    warnings TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE parcels (
    id INTEGER PRIMARY KEY,
    tracking_id TEXT NOT NULL UNIQUE,
    manifest_id INTEGER REFERENCES manifests(id),
    expected_date TEXT,
    recipient_name TEXT NOT NULL DEFAULT '',
    address_line1 TEXT NOT NULL DEFAULT '',
    address_line2 TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT '',
    postal_code TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    service TEXT CHECK (service IN ('same_day', 'next_day', 'standard')),
    due_date TEXT,
    window_start TEXT,
    window_end TEXT,
    weight_lb REAL CHECK (weight_lb IS NULL OR weight_lb >= 0),
    notes TEXT NOT NULL DEFAULT '',
    signature_required INTEGER NOT NULL DEFAULT 0,
    latitude REAL CHECK (latitude IS NULL OR latitude BETWEEN -90 AND 90),
    longitude REAL CHECK (longitude IS NULL OR longitude BETWEEN -180 AND 180),
    location_source TEXT CHECK (location_source IN
        ('manifest', 'address_book', 'zip_centroid', 'manual')),
    distance_mi REAL,
    zone TEXT,
    hold TEXT,                         -- why check-in holds it: out_of_zone, needs_location
    status TEXT NOT NULL CHECK (status IN ({_STATUS_LIST})),
    status_at TEXT NOT NULL,
    status_reason TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    received_at TEXT,
    delivered_at TEXT,
    last_event_id INTEGER,
    purged_at TEXT
);
CREATE INDEX parcels_status ON parcels(status, tracking_id);
CREATE INDEX parcels_expected ON parcels(expected_date, tracking_id);
CREATE INDEX parcels_status_at ON parcels(status_at);
CREATE INDEX parcels_recipient ON parcels(recipient_name COLLATE NOCASE);
CREATE TABLE address_book (
    key TEXT PRIMARY KEY,              -- normalised line1|city|state|zip5
    latitude REAL NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude REAL NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    source TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE drivers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    capacity_parcels INTEGER NOT NULL CHECK (capacity_parcels > 0),
    capacity_weight_lb REAL CHECK (capacity_weight_lb IS NULL OR capacity_weight_lb > 0),
    shift_start TEXT NOT NULL,         -- HH:MM local
    shift_end TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE scans (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    raw TEXT NOT NULL,                 -- what the scanner typed, control characters made visible
    tracking_id TEXT,                  -- after normalisation; NULL when unreadable
    outcome TEXT NOT NULL,
    staff TEXT NOT NULL,
    counter TEXT NOT NULL,
    event_id INTEGER REFERENCES events(id)
);
CREATE INDEX scans_at ON scans(at);
CREATE INDEX scans_tracking ON scans(tracking_id);
CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    tracking_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ({_STATUS_LIST})),
    at TEXT NOT NULL,                  -- UTC, ISO 8601 with Z
    staff TEXT NOT NULL,
    counter TEXT NOT NULL,
    run_id INTEGER,
    stop_sequence INTEGER,
    reason TEXT,
    details TEXT,                      -- JSON object or NULL
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
);
CREATE INDEX events_parcel ON events(tracking_id, id);
CREATE INDEX events_at ON events(at);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'the events table is append-only: an event cannot be changed');
END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'the events table is append-only: an event cannot be deleted');
END;
"""

log = logging.getLogger(__name__)


def _v1(db: sqlite_utils.Database) -> None:
    for statement in _split_sql(V1_SCHEMA):
        db.conn.execute(statement)


V2_SCHEMA = """
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    plan_date TEXT NOT NULL,           -- local YYYY-MM-DD
    number INTEGER NOT NULL,           -- 1, 2, 3 ... within the day, what people call it
    driver_id INTEGER REFERENCES drivers(id),
    driver_name TEXT NOT NULL,         -- as it was that day
    capacity_parcels INTEGER NOT NULL,
    capacity_weight_lb REAL,
    shift_start TEXT NOT NULL,
    shift_end TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'planned'
        CHECK (state IN ('planned', 'loading', 'out', 'back', 'closed', 'cancelled')),
    locked INTEGER NOT NULL DEFAULT 0,
    distance_mi REAL NOT NULL DEFAULT 0,
    duration_s INTEGER NOT NULL DEFAULT 0,
    start_s INTEGER,                   -- planned departure, seconds since local midnight
    end_s INTEGER,                     -- planned return
    breaches TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    dispatched_at TEXT,
    returned_at TEXT,
    UNIQUE (plan_date, number)
);
CREATE INDEX runs_day ON runs(plan_date, state);
CREATE TABLE stops (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    sequence INTEGER NOT NULL CHECK (sequence >= 1),
    stop_key TEXT NOT NULL,
    latitude REAL NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude REAL NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    label TEXT NOT NULL DEFAULT '',
    arrival_s INTEGER,
    start_s INTEGER,
    depart_s INTEGER,
    service_s INTEGER NOT NULL DEFAULT 0,
    window_start_s INTEGER,
    window_end_s INTEGER,
    leg_mi REAL,
    locked INTEGER NOT NULL DEFAULT 0,
    breaches TEXT NOT NULL DEFAULT '[]',
    UNIQUE (run_id, sequence)
);
CREATE TABLE stop_parcels (
    stop_id INTEGER NOT NULL REFERENCES stops(id) ON DELETE CASCADE,
    tracking_id TEXT NOT NULL REFERENCES parcels(tracking_id),
    PRIMARY KEY (stop_id, tracking_id)
);
CREATE INDEX stop_parcels_parcel ON stop_parcels(tracking_id);
CREATE TABLE plan_leftovers (
    plan_date TEXT NOT NULL,
    tracking_id TEXT NOT NULL REFERENCES parcels(tracking_id),
    reason TEXT NOT NULL,
    PRIMARY KEY (plan_date, tracking_id)
);
CREATE TABLE label_prints (
    id INTEGER PRIMARY KEY,
    tracking_id TEXT NOT NULL,
    run_id INTEGER,
    stop_sequence INTEGER,
    printed_at TEXT NOT NULL
);
CREATE INDEX label_prints_parcel ON label_prints(tracking_id, id);
ALTER TABLE parcels ADD COLUMN pickup_code TEXT;
ALTER TABLE parcels ADD COLUMN held_since TEXT;
ALTER TABLE parcels ADD COLUMN handed_to TEXT NOT NULL DEFAULT '';
CREATE INDEX parcels_pickup_code ON parcels(pickup_code) WHERE pickup_code IS NOT NULL;
"""


def _v2(db: sqlite_utils.Database) -> None:
    """Runs and stops (planning), label prints (reprint changed), counter pickup columns."""
    for statement in _split_sql(V2_SCHEMA):
        db.conn.execute(statement)


V3_SCHEMA = """
CREATE TABLE run_loads (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    tracking_id TEXT NOT NULL REFERENCES parcels(tracking_id),
    at TEXT NOT NULL,
    staff TEXT NOT NULL,
    counter TEXT NOT NULL,
    PRIMARY KEY (run_id, tracking_id)
);
CREATE TABLE day_closes (
    plan_date TEXT PRIMARY KEY,        -- local YYYY-MM-DD
    closed_at TEXT NOT NULL,
    staff TEXT NOT NULL,
    counter TEXT NOT NULL,
    summary TEXT NOT NULL              -- JSON of the day's summary as it was closed
);
CREATE INDEX run_loads_parcel ON run_loads(tracking_id);
CREATE UNIQUE INDEX parcels_pickup_code_unique ON parcels(pickup_code)
    WHERE pickup_code IS NOT NULL;
-- Finished parcels whose personal data is still kept: what the daily purge looks at.
CREATE INDEX parcels_to_purge ON parcels(status_at)
    WHERE purged_at IS NULL AND status IN ('delivered', 'picked_up', 'returned');
"""


def _v3(db: sqlite_utils.Database) -> None:
    """Dispatch load checks, day closings, pickup codes unique among held parcels."""
    for statement in _split_sql(V3_SCHEMA):
        db.conn.execute(statement)


V4_SCHEMA = """
-- The parcel table pages by (sort column, id): these let a page sorted by status or by day
-- seek in an index instead of sorting every parcel of one status (years of 'delivered').
CREATE INDEX parcels_status_page ON parcels(status);
CREATE INDEX parcels_expected_page ON parcels(expected_date);
"""


def _v4(db: sqlite_utils.Database) -> None:
    """Indexes for paging the parcel table by status and by expected day."""
    for statement in _split_sql(V4_SCHEMA):
        db.conn.execute(statement)


EVENTS_INDEXES_AND_TRIGGERS = """
CREATE INDEX events_parcel ON events(tracking_id, id);
CREATE INDEX events_at ON events(at);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'the events table is append-only: an event cannot be changed');
END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'the events table is append-only: an event cannot be deleted');
END;
"""
UNIQUE_HASH = "hash TEXT NOT NULL UNIQUE"


def _v5(db: sqlite_utils.Database) -> None:
    """The events table without a UNIQUE index on `hash`.

    Every event's hash covers its id and the hash before it, so the chain (checked by
    `verify`) already makes each one unique; the index only cost a random B-tree insert per
    event, which on a five-year log (2.5 M events, a 250 MB index) made a 10,000-row
    manifest import spend two thirds of its time there. SQLite cannot drop a column's
    UNIQUE, so the table is rebuilt with every row, id and the AUTOINCREMENT counter as
    they were (foreign keys are off for this step; `migrate` checks them before commit).
    Once, on opening: about 45 s on a five-year file (then 15 s to compact it), after the
    usual backup; the five-year file is 270 MB smaller after.
    """
    conn = db.conn
    (ddl,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'events'").fetchone()
    if UNIQUE_HASH not in ddl:
        raise DatabaseUnavailable("the events table is not the one Parcel Desk made; not changed")
    conn.execute(
        ddl.replace("CREATE TABLE events", "CREATE TABLE events_v5", 1).replace(
            UNIQUE_HASH, "hash TEXT NOT NULL", 1
        )
    )
    conn.execute("INSERT INTO events_v5 SELECT * FROM events ORDER BY id")
    counter = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'events'").fetchone()
    conn.execute("DROP TABLE events")
    conn.execute("ALTER TABLE events_v5 RENAME TO events")
    if counter is not None:  # the next event's id continues where the old table's would have
        conn.execute("UPDATE sqlite_sequence SET seq = ? WHERE name = 'events'", counter)
    for statement in _split_sql(EVENTS_INDEXES_AND_TRIGGERS):
        conn.execute(statement)


V6_SCHEMA = """
-- Who printed each label (the clerk at the counter at that moment).
ALTER TABLE label_prints ADD COLUMN staff TEXT NOT NULL DEFAULT '';
ALTER TABLE label_prints ADD COLUMN counter TEXT NOT NULL DEFAULT '';
"""


def _v6(db: sqlite_utils.Database) -> None:
    """The counter's day (issue 11): who printed a label."""
    for statement in _split_sql(V6_SCHEMA):
        db.conn.execute(statement)


#: PRAGMA application_id of a Parcel Desk file ("PDSK"): a restore or an open tells the shop's
#: file apart from any other SQLite file by it.
APPLICATION_ID = 0x5044534B

V7_SCHEMA = """
-- A big manifest is written in short transactions so the other counter never waits: its rows
-- wait here (JSON, one row per chunk of parcels) until each chunk is published. A job without
-- a manifest is still being staged (discarded if its importer dies); once decided, whoever
-- opens the file next finishes an import a crash cut short.
CREATE TABLE import_jobs (
    id INTEGER PRIMARY KEY,
    manifest_id INTEGER UNIQUE REFERENCES manifests(id),  -- NULL while staging
    chunks INTEGER NOT NULL CHECK (chunks > 0),
    staff TEXT NOT NULL,               -- who imported (the events carry it)
    counter TEXT NOT NULL,
    at TEXT,                           -- the events' time when fixed, else each chunk's own
    heartbeat TEXT NOT NULL,           -- last progress: a stale job is finished by others
    added INTEGER NOT NULL DEFAULT 0,
    skipped TEXT NOT NULL DEFAULT '[]' -- parcels already in the shop when their chunk came
);
CREATE TABLE import_chunks (
    job_id INTEGER NOT NULL REFERENCES import_jobs(id),
    chunk INTEGER NOT NULL,
    first_id TEXT NOT NULL,            -- the chunk's first tracking id (they are in order)
    rows TEXT NOT NULL,                -- JSON: {"parcels": {tracking_id: columns}, "learned": []}
    PRIMARY KEY (job_id, chunk)
);
CREATE INDEX import_chunks_first ON import_chunks(job_id, first_id);
"""


def _v7(db: sqlite_utils.Database) -> None:
    """Imports written in short batches (their waiting rows), and the file's application_id."""
    for statement in _split_sql(V7_SCHEMA):
        db.conn.execute(statement)
    db.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")


V8_SOURCES_BEFORE = "('manifest', 'address_book', 'zip_centroid', 'manual')"
V8_SOURCES_AFTER = (
    "('manifest', 'address_book', 'zip_centroid', 'manual', 'address_point', 'street')"
)
V8_SCHEMA = """
ALTER TABLE parcels ADD COLUMN location_precision TEXT
    CHECK (location_precision IN ('given', 'address', 'street', 'zip', 'none'));
ALTER TABLE parcels ADD COLUMN location_detail TEXT NOT NULL DEFAULT '';
ALTER TABLE parcels ADD COLUMN location_warning TEXT NOT NULL DEFAULT '';
UPDATE parcels SET location_precision = CASE location_source
    WHEN 'manifest' THEN 'given' WHEN 'address_book' THEN 'address'
    WHEN 'manual' THEN 'address' WHEN 'zip_centroid' THEN 'zip' ELSE 'none' END;
-- A clerk's fix of a parcel's location (the pin, typed coordinates or another street): who,
-- when, how and by how much. No coordinates and no address: like the event log, it keeps no
-- personal data, so it can be append-only while the purge clears the parcel itself.
CREATE TABLE location_fixes (
    id INTEGER PRIMARY KEY,
    tracking_id TEXT NOT NULL,
    at TEXT NOT NULL,
    staff TEXT NOT NULL,
    counter TEXT NOT NULL,
    how TEXT NOT NULL CHECK (how IN ('pin', 'typed', 'street')),
    precision_before TEXT NOT NULL,
    moved_m REAL
);
CREATE INDEX location_fixes_parcel ON location_fixes(tracking_id, id);
CREATE TRIGGER location_fixes_no_update BEFORE UPDATE ON location_fixes
BEGIN
    SELECT RAISE(ABORT, 'location fixes are append-only: a fix cannot be changed');
END;
CREATE TRIGGER location_fixes_no_delete BEFORE DELETE ON location_fixes
BEGIN
    SELECT RAISE(ABORT, 'location fixes are append-only: a fix cannot be deleted');
END;
"""


def _v8(db: sqlite_utils.Database) -> None:
    """Each parcel's location precision (`given`, `address`, `street`, `zip`, `none`), how it
    was found and any warning; the area's address points and streets as location sources;
    the log of clerks' location fixes.

    Existing parcels take their precision from how they were located. The sources' CHECK
    is widened in place with SQLite's documented `writable_schema` recipe for loosening a
    constraint (every stored row satisfies the wider one), instead of copying every parcel
    of a five-year file into a new table: on 500,000 parcels this step takes about 3 s of
    CPU (the precision of every parcel written once), once, after the usual backup.
    """
    conn = db.conn
    (ddl,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'parcels'").fetchone()
    if V8_SOURCES_BEFORE not in ddl:
        raise DatabaseUnavailable("the parcels table is not the one Parcel Desk made; not changed")
    (version,) = conn.execute("PRAGMA schema_version").fetchone()
    conn.execute("PRAGMA writable_schema = ON")
    try:
        conn.execute(
            "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'parcels'",
            (ddl.replace(V8_SOURCES_BEFORE, V8_SOURCES_AFTER, 1),),
        )
        conn.execute(f"PRAGMA schema_version = {version + 1}")
    finally:
        conn.execute("PRAGMA writable_schema = OFF")
    for statement in _split_sql(V8_SCHEMA):
        conn.execute(statement)


V9_SCHEMA = """
-- The miles a run's driver really drove (the odometer), entered at the end of the day.
ALTER TABLE runs ADD COLUMN miles_driven REAL
    CHECK (miles_driven IS NULL OR (miles_driven >= 0 AND miles_driven < 2000));
"""


def _v9(db: sqlite_utils.Database) -> None:
    """The counter's day (issue 11): the miles each run was driven, for the day's summary."""
    for statement in _split_sql(V9_SCHEMA):
        db.conn.execute(statement)


def _status_check(statuses: tuple[str, ...]) -> str:
    return "CHECK (status IN ({}))".format(", ".join(f"'{status}'" for status in statuses))


def _v10(db: sqlite_utils.Database) -> None:
    """The status `voided`: an unexpected "parcel" a misread scan created, voided by a new event.

    `parcels` and `events` check their status against a list written in their CREATE TABLE.
    Only that text changes, to a list with one more value, which accepts every row the old
    one accepted: nothing on disk changes, so SQLite's own procedure for loosening a CHECK
    applies (the table's SQL rewritten in `sqlite_master` and the schema cookie bumped, in
    this migration's transaction) instead of copying the events table, which takes 45 s on a
    five-year file. `PRAGMA integrity_check` passes after it (tested).
    """
    conn = db.conn
    old, new = _status_check(V1_STATUSES), _status_check(tuple(Status))
    tables = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name IN ('parcels', 'events')"
    ).fetchall()
    if len(tables) != 2 or any(sql.count(old) != 1 for _, sql in tables):
        raise DatabaseUnavailable("the status lists are not the ones Parcel Desk made; not changed")
    (cookie,) = conn.execute("PRAGMA schema_version").fetchone()
    conn.execute("PRAGMA writable_schema = ON")
    try:
        for name, sql in tables:
            conn.execute(
                "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?",
                (sql.replace(old, new), name),
            )
        conn.execute(f"PRAGMA schema_version = {cookie + 1}")
    finally:
        conn.execute("PRAGMA writable_schema = OFF")


V11_SCHEMA = """
CREATE TABLE tracking_shapes (
    shape TEXT PRIMARY KEY,            -- store/tracking_shapes.py: TBA+9x12, 9x12, Xx16
    parcels INTEGER NOT NULL,          -- manifest parcels seen with this shape
    check_digit_ok INTEGER NOT NULL,   -- of those, how many pass a carrier's check digit
    example TEXT NOT NULL,
    last_parcel_id INTEGER NOT NULL    -- parcels.id up to which the shapes are counted
);
"""


def _v11(db: sqlite_utils.Database) -> None:
    """The shapes of the shop's tracking ids, so a misread scan is not taken for a parcel.

    Counted here once for every manifest parcel (about a second on a five-year file), then
    kept up to date from the newest parcels whenever a scan matches no parcel.
    """
    for statement in _split_sql(V11_SCHEMA):
        db.conn.execute(statement)
    tracking_shapes.learn(db)


def _split_sql(script: str) -> list[str]:
    """Split a schema script into statements (triggers contain ';' inside BEGIN ... END)."""
    statements: list[str] = []
    current: list[str] = []
    for line in script.splitlines():
        current.append(line)
        text = "\n".join(current).strip()
        if text and sqlite3.complete_statement(text):
            statements.append(text)
            current = []
    if "\n".join(current).strip():
        raise ValueError("schema script ends inside a statement")
    return statements


def _v12(db: sqlite_utils.Database) -> None:
    """Which street map a run was timed on (the source file's name); NULL, as for every run
    before street maps, means its miles and times are straight-line estimates, and the
    screens and manifests say so."""
    db.conn.execute("ALTER TABLE runs ADD COLUMN street_map TEXT")


#: The migrations in order; index + 1 is the schema version they produce.
MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    *(_v1, _v2, _v3, _v4, _v5, _v6, _v7, _v8, _v9),
    *(_v10, _v11, _v12),
]
#: Versions that rebuild a table other tables refer to: foreign keys are switched off while
#: they run (SQLite's own recipe) and checked in full before their transaction commits.
REBUILDS = frozenset({5})
#: After a rebuild, the file is compacted when more than this share of it is free pages.
COMPACT_WHEN_FREE = 0.25
CURRENT_VERSION = len(MIGRATIONS)


def schema_version(db: sqlite_utils.Database) -> int:
    return db.conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(
    db: sqlite_utils.Database, *, before_upgrade: Callable[[int], None] | None = None
) -> int:
    """Bring the file to CURRENT_VERSION; returns the version it had before."""
    found = schema_version(db)
    if found > CURRENT_VERSION:
        raise DatabaseUnavailable(
            f"this database was written by a newer Parcel Desk (schema {found}, this program "
            f"knows up to {CURRENT_VERSION}); update the program instead of opening it here"
        )
    if found == CURRENT_VERSION:
        return found
    if found == 0 and _has_foreign_tables(db):
        raise DatabaseUnavailable(
            "this SQLite file holds tables that are not Parcel Desk's; refusing to change it"
        )
    if found > 0 and before_upgrade is not None:
        before_upgrade(found)
    log.info("updating the shop file's schema from version %d to %d", found, CURRENT_VERSION)
    conn = db.conn
    for version in range(found + 1, CURRENT_VERSION + 1):
        rebuild = version in REBUILDS
        if rebuild:
            conn.execute("PRAGMA foreign_keys = OFF")  # a no-op inside a transaction
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while we waited for the lock.
            if schema_version(db) >= version:
                conn.execute("ROLLBACK")
                continue
            MIGRATIONS[version - 1](db)
            if rebuild and conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
                raise DatabaseUnavailable(
                    f"schema {version}: a reference between tables broke; nothing was changed"
                )
            conn.execute(f"PRAGMA user_version = {version}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        finally:
            if rebuild:
                conn.execute("PRAGMA foreign_keys = ON")
    if REBUILDS & set(range(found + 1, CURRENT_VERSION + 1)):
        _compact(db)
    log.info("shop file schema now at version %d", CURRENT_VERSION)
    return found


def _compact(db: sqlite_utils.Database) -> None:
    """After a rebuild the old table's pages are free space in the file (a third of a
    five-year file): give it back once, so the file and every backup of it shrink (15 s on
    a five-year file)."""
    pages = db.conn.execute("PRAGMA page_count").fetchone()[0]
    free = db.conn.execute("PRAGMA freelist_count").fetchone()[0]
    if free > pages * COMPACT_WHEN_FREE:
        db.conn.execute("VACUUM")


def _has_foreign_tables(db: sqlite_utils.Database) -> bool:
    return bool(db.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table'").fetchone())
