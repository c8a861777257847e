"""A big manifest written in short transactions, yet all or nothing.

Writing 60,000 parcels and their events costs seconds of SQLite's time however it is done, and
a transaction that long makes the other counter's scans wait. So a big import first stores its
prepared rows here as JSON chunks, one short transaction each (`begin`, `stage_chunk`: nobody
else looks at a job still staging), is then decided in one short transaction that writes the
manifest row (`decide`), and is published chunk by chunk, each chunk one short transaction with
its parcels and their `expected` events together (`publish`). A job that dies while staging is
discarded as if never begun; once decided it is certain to finish: if the program dies, whoever
opens the file next finishes it (`resume_stale`). Meanwhile a parcel of a chunk not yet
published is found by the check-in all the same (`publish_one`), so a scan during an import
never says "unexpected" wrongly.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlite_utils

from store import locate
from store.db import inserted_id, long_job, write_transaction, yield_to_writers
from store.events import Actor, Change, append
from store.statuses import Status
from store.timeutil import iso_z, parse_iso_z, utc_now

#: Parcels per chunk: one chunk is one transaction of about 50 ms on a five-year file.
CHUNK_ROWS = 1000
#: A job without progress for this long lost its importer (killed, crashed): others finish it.
STALE_AFTER = timedelta(seconds=30)

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Chunk:
    """Neighbouring parcels of one import, published together in one transaction."""

    first_id: str
    parcels: dict[str, dict[str, Any]]
    learned: list[tuple[str, float, float, str]]

    def to_json(self) -> str:
        """Compact JSON: the column names once, then each parcel's values in that order."""
        columns = sorted({name for values in self.parcels.values() for name in values})
        rows = {tid: [values.get(name) for name in columns] for tid, values in self.parcels.items()}
        part = {"columns": columns, "parcels": rows, "learned": self.learned}
        return json.dumps(part, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, first_id: str, text: str) -> Chunk:
        part = json.loads(text)
        columns = part["columns"]
        parcels = {
            tid: dict(zip(columns, row, strict=True)) for tid, row in part["parcels"].items()
        }
        return cls(first_id, parcels, [tuple(entry) for entry in part["learned"]])


def split(
    parcels: Mapping[str, dict[str, Any]],
    learned: Iterable[tuple[str, float, float, str]],
    chunk_rows: int = CHUNK_ROWS,
) -> list[Chunk]:
    """An import's rows in chunks of neighbouring tracking ids (before any lock is taken).
    Neighbours share the index pages they go into, so each chunk rewrites few pages; and a
    scan finds its chunk by its first id. The address book entries learned from the file are
    shared out evenly."""
    ordered = sorted(parcels)
    starts = range(0, len(ordered), chunk_rows)
    entries = list(learned)
    share = -(-len(entries) // len(starts)) if entries else 0
    return [
        Chunk(
            ordered[start],
            {tid: parcels[tid] for tid in ordered[start : start + chunk_rows]},
            entries[number * share : (number + 1) * share],
        )
        for number, start in enumerate(starts)
    ]


def begin(db: sqlite_utils.Database, actor: Actor, at: datetime | None, chunks: int) -> int:
    """A new job, staging (invisible to everyone else until `decide`); returns its id."""
    with write_transaction(db):
        cursor = db.conn.execute(
            "INSERT INTO import_jobs (chunks, staff, counter, at, heartbeat) "
            "VALUES (?, ?, ?, ?, ?)",
            (chunks, actor.staff, actor.counter, at and iso_z(at), iso_z(utc_now())),
        )
        return inserted_id(cursor.lastrowid)


#: Staged JSON written per transaction (a few chunks): a few milliseconds of the lock each.
STAGE_BYTES = 1 << 20


def stage_chunks(
    db: sqlite_utils.Database, job_id: int, chunks: Sequence[tuple[int, str, str]]
) -> None:
    """Store chunks (number, first id, JSON) of a staging job in one short transaction."""
    started = time.perf_counter()
    with write_transaction(db):
        db.conn.executemany(
            "INSERT INTO import_chunks (job_id, chunk, first_id, rows) VALUES (?, ?, ?, ?)",
            [(job_id, *chunk) for chunk in chunks],
        )
        _beat(db, job_id)
    yield_to_writers(db, time.perf_counter() - started)


def decide(db: sqlite_utils.Database, job_id: int, manifest_id: int) -> None:
    """Inside the transaction that writes the manifest row: from now on the job finishes."""
    db.conn.execute(
        "UPDATE import_jobs SET manifest_id = ?, heartbeat = ? WHERE id = ?",
        (manifest_id, iso_z(utc_now()), job_id),
    )


def discard(db: sqlite_utils.Database, job_id: int) -> None:
    """Remove a job that was never decided, chunk by chunk (a refused or stopped import)."""
    while True:
        with write_transaction(db):
            if db.conn.execute(
                "SELECT 1 FROM import_jobs WHERE id = ? AND manifest_id IS NOT NULL", (job_id,)
            ).fetchone():
                return  # decided after all: it must finish, not vanish
            gone = db.conn.execute(
                "DELETE FROM import_chunks WHERE rowid IN (SELECT rowid FROM import_chunks "
                "WHERE job_id = ? LIMIT 8)",
                (job_id,),
            ).rowcount
            if gone == 0:
                db.conn.execute("DELETE FROM import_jobs WHERE id = ?", (job_id,))
                return


def _beat(db: sqlite_utils.Database, job_id: int) -> None:
    db.conn.execute("UPDATE import_jobs SET heartbeat = ? WHERE id = ?", (iso_z(utc_now()), job_id))


@dataclass(frozen=True)
class Published:
    added: int
    skipped: list[str]


@dataclass(frozen=True)
class _Job:
    """A decided job (one still staging is nobody's business but its importer's)."""

    id: int
    manifest_id: int
    chunks: int
    actor: Actor
    at: datetime | None

    @classmethod
    def load(cls, db: sqlite_utils.Database, job_id: int) -> _Job | None:
        row = db.conn.execute(
            "SELECT manifest_id, chunks, staff, counter, at FROM import_jobs "
            "WHERE id = ? AND manifest_id IS NOT NULL",
            (job_id,),
        ).fetchone()
        if row is None:
            return None
        at = row[4] and parse_iso_z(row[4])
        return cls(job_id, row[0], row[1], Actor(row[2], row[3]), at)


def publish(
    db: sqlite_utils.Database,
    job_id: int,
    *,
    progress: Progress | None = None,
    in_memory: Sequence[Chunk] = (),
) -> Published:
    """Publish every remaining chunk of a staged import, one short transaction each; returns
    what the whole import added (when another process finished it first: nothing). The
    importer passes its chunks `in_memory` (in staging order) to spare reading them back.

    The chunks before the last commit without waiting for the disk (WAL's synchronous
    NORMAL: a power cut can lose them, never garble them, and the job redoes what it lost);
    the last one waits, and so makes the whole import durable before it is reported done."""
    with long_job(db):
        while True:
            started = time.perf_counter()
            step = publish_chunk(db, job_id, in_memory)
            held = time.perf_counter() - started
            if step.finished is not None:
                return step.finished
            if step.total == 0:
                return Published(0, [])
            if step.total - step.done == 1 and not db.conn.in_transaction:
                db.conn.execute("PRAGMA synchronous = FULL")  # the last chunk flushes them all
            if progress is not None:
                progress(step.done, step.total)
            yield_to_writers(db, held)


@dataclass(frozen=True)
class Step:
    """One chunk published: how far the import is, and its outcome once complete."""

    done: int
    total: int
    finished: Published | None = None


def publish_chunk(db: sqlite_utils.Database, job_id: int, in_memory: Sequence[Chunk] = ()) -> Step:
    """Publish the next chunk of an import (one transaction); the last one also records the
    outcome on the manifest and removes the job. Step(0, 0) when there is no such job."""
    with write_transaction(db):
        job = _Job.load(db, job_id)
        if job is None:
            return Step(0, 0)
        row = db.conn.execute(
            "SELECT chunk, first_id FROM import_chunks WHERE job_id = ? ORDER BY chunk LIMIT 1",
            (job_id,),
        ).fetchone()
        if row is not None:
            number, first_id = row
            chunk = (
                in_memory[number]
                if number < len(in_memory) and in_memory[number].first_id == first_id
                else Chunk.from_json(first_id, _one(db, _ROWS, job_id, number))
            )
            added, skipped = _publish_parcels(db, job, chunk.parcels)
            locate.remember(db, chunk.learned, _stamp(job))
            db.conn.execute(
                "DELETE FROM import_chunks WHERE job_id = ? AND chunk = ?", (job_id, number)
            )
            _progressed(db, job_id, added, skipped)
        left = db.conn.execute(
            "SELECT count(*) FROM import_chunks WHERE job_id = ?", (job_id,)
        ).fetchone()[0]
        if left == 0:
            return Step(job.chunks, job.chunks, _finish(db, job))
        return Step(job.chunks - left, job.chunks)


def _progressed(db: sqlite_utils.Database, job_id: int, added: int, skipped: list[str]) -> None:
    """Count what a chunk added and note what it skipped; the heartbeat says the job lives."""
    before = json.loads(_one(db, "SELECT skipped FROM import_jobs WHERE id = ?", job_id))
    db.conn.execute(
        "UPDATE import_jobs SET heartbeat = ?, added = added + ?, skipped = ? WHERE id = ?",
        (iso_z(utc_now()), added, json.dumps([*before, *skipped]), job_id),
    )


_ROWS = "SELECT rows FROM import_chunks WHERE job_id = ? AND chunk = ?"


def _one(db: sqlite_utils.Database, sql: str, *params: Any) -> Any:
    return db.conn.execute(sql, params).fetchone()[0]


def _stamp(job: _Job) -> str:
    return iso_z(job.at or utc_now())


def _publish_parcels(
    db: sqlite_utils.Database, job: _Job, parcels: dict[str, dict[str, Any]]
) -> tuple[int, list[str]]:
    """Insert the parcels not yet in the shop with their `expected` events; returns how many,
    and the ids skipped because another parcel of that id came first (not this import's)."""
    present = _present(db, list(parcels))
    skipped = [tid for tid, owner in present.items() if owner != job.manifest_id]
    new = {
        tid: {**values, "manifest_id": job.manifest_id}
        for tid, values in parcels.items()
        if tid not in present
    }
    if new:
        details = {"manifest_id": job.manifest_id}  # one object: encoded once for all
        append(
            db,
            job.actor,
            [Change(tid, Status.EXPECTED, details=details) for tid in new],
            at=job.at,
            new_parcels=new,
        )
    return len(new), skipped


def _present(db: sqlite_utils.Database, ids: list[str]) -> dict[str, int | None]:
    """Of `ids`, those already in the parcels table, with the manifest each came from."""
    found: dict[str, int | None] = {}
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        found.update(
            db.conn.execute(
                "SELECT tracking_id, manifest_id FROM parcels WHERE tracking_id IN "
                f"({', '.join('?' for _ in part)})",
                part,
            ).fetchall()
        )
    return found


def _finish(db: sqlite_utils.Database, job: _Job) -> Published:
    """The last chunk is in: note any skipped parcels on the manifest and drop the job."""
    manifest_id = job.manifest_id
    added, skipped_json = db.conn.execute(
        "SELECT added, skipped FROM import_jobs WHERE id = ?", (job.id,)
    ).fetchone()
    skipped = sorted(json.loads(skipped_json))
    if skipped:
        warnings = json.loads(_one(db, "SELECT warnings FROM manifests WHERE id = ?", manifest_id))
        db.conn.execute(
            "UPDATE manifests SET warnings = ? WHERE id = ?",
            (json.dumps([*warnings, skipped_warning(skipped)], ensure_ascii=False), manifest_id),
        )
    db.conn.execute("DELETE FROM import_jobs WHERE id = ?", (job.id,))
    return Published(added, skipped)


def skipped_warning(skipped: list[str]) -> str:
    shown = ", ".join(skipped[:10]) + (
        f" and {len(skipped) - 10} more" if len(skipped) > 10 else ""
    )
    return (
        f"{len(skipped)} parcel(s) were already in the shop when the manifest's rows were "
        f"added (scanned as unexpected meanwhile?): {shown}; their rows were not applied"
    )


def publish_one(db: sqlite_utils.Database, candidates: Iterable[str]) -> str | None:
    """Inside a check-in's transaction: if a scanned code is a parcel of a decided import
    still being published, publish that parcel now; returns its tracking id (else None)."""
    jobs = db.conn.execute("SELECT id FROM import_jobs WHERE manifest_id IS NOT NULL").fetchall()
    for (job_id,) in jobs:
        job = _Job.load(db, job_id)
        if job is None:
            continue
        for tracking_id in candidates:
            row = db.conn.execute(
                "SELECT first_id, rows FROM import_chunks WHERE job_id = ? AND first_id <= ? "
                "ORDER BY first_id DESC LIMIT 1",
                (job_id, tracking_id),
            ).fetchone()
            values = row and Chunk.from_json(*row).parcels.get(tracking_id)
            if values and not _present(db, [tracking_id]):
                added, _ = _publish_parcels(db, job, {tracking_id: values})
                _progressed(db, job_id, added, [])
                return tracking_id
    return None


def unfinished(db: sqlite_utils.Database) -> list[tuple[int | None, int]]:
    """Imports not yet complete: (manifest id, or None while staging; chunks left)."""
    return db.conn.execute(
        "SELECT j.manifest_id, count(c.chunk) FROM import_jobs j "
        "LEFT JOIN import_chunks c ON c.job_id = j.id GROUP BY j.id ORDER BY j.id"
    ).fetchall()


def resume_stale(db: sqlite_utils.Database, now: datetime | None = None) -> list[int]:
    """Finish the decided imports whose importer stopped (no progress for STALE_AFTER) and
    discard the undecided ones; returns the manifest ids finished. A live importer's job is
    left to it."""
    moment = now or utc_now()
    if not db.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'import_jobs'").fetchone():
        return []  # a file of an older schema (only while a test pins the migrations)
    finished = []
    for job_id, manifest_id, heartbeat in db.conn.execute(
        "SELECT id, manifest_id, heartbeat FROM import_jobs ORDER BY id"
    ).fetchall():
        if moment - parse_iso_z(heartbeat) < STALE_AFTER:
            continue
        if manifest_id is None:
            discard(db, job_id)
        else:
            publish(db, job_id)
            finished.append(manifest_id)
    return finished
