"""A big manifest written in short transactions, yet all or nothing.

Writing 60,000 parcels and their events costs seconds of SQLite's time however it is done, and
a transaction that long makes the other counter's scans wait. So a big import is decided in one
short transaction that stores its prepared rows here (`stage`: the manifest row plus the rows
as JSON chunks), then published chunk by chunk, each chunk one short transaction with its
parcels and their `expected` events together (`publish`). From the moment it is staged the
import is certain to finish: if the program dies, whoever opens the file next finishes it
(`resume_stale`). Until then a parcel of a chunk not yet published is found by the check-in
all the same (`publish_one`), so a scan during an import never says "unexpected" wrongly.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlite_utils

from store import locate
from store.db import write_transaction
from store.events import Actor, Change, append
from store.statuses import Status
from store.timeutil import iso_z, parse_iso_z, utc_now

#: Parcels per chunk: one chunk is one transaction of about 50 ms on a five-year file.
CHUNK_ROWS = 1000
#: A job without progress for this long lost its importer (killed, crashed): others finish it.
STALE_AFTER = timedelta(seconds=30)

Progress = Callable[[int, int], None]


def chunk_of(tracking_id: str, chunks: int) -> int:
    """The chunk a tracking id is staged in (stable across processes and runs)."""
    return zlib.crc32(tracking_id.encode("utf-8")) % chunks


def chunk_count(rows: int, chunk_rows: int = CHUNK_ROWS) -> int:
    return max(1, -(-rows // chunk_rows))


def stage(
    db: sqlite_utils.Database,
    manifest_id: int,
    actor: Actor,
    parcels: Mapping[str, Mapping[str, Any]],
    learned: Iterable[tuple[str, float, float, str]],
    *,
    at: datetime | None,
    chunk_rows: int = CHUNK_ROWS,
) -> int:
    """Store an import's rows for publishing (inside the caller's transaction); returns the
    number of chunks."""
    chunks = chunk_count(len(parcels), chunk_rows)
    parts: list[dict[str, Any]] = [{"parcels": {}, "learned": []} for _ in range(chunks)]
    for tracking_id, values in parcels.items():
        parts[chunk_of(tracking_id, chunks)]["parcels"][tracking_id] = values
    for entry in learned:
        parts[chunk_of(entry[0], chunks)]["learned"].append(entry)
    db.conn.execute(
        "INSERT INTO import_jobs (manifest_id, chunks, staff, counter, at, heartbeat) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (manifest_id, chunks, actor.staff, actor.counter, at and iso_z(at), iso_z(utc_now())),
    )
    db.conn.executemany(
        "INSERT INTO import_chunks (manifest_id, chunk, rows) VALUES (?, ?, ?)",
        [
            (manifest_id, number, json.dumps(part, ensure_ascii=False, separators=(",", ":")))
            for number, part in enumerate(parts)
        ],
    )
    return chunks


@dataclass(frozen=True)
class Published:
    added: int
    skipped: list[str]


@dataclass(frozen=True)
class _Job:
    manifest_id: int
    chunks: int
    actor: Actor
    at: datetime | None

    @classmethod
    def load(cls, db: sqlite_utils.Database, manifest_id: int) -> _Job | None:
        row = db.conn.execute(
            "SELECT chunks, staff, counter, at FROM import_jobs WHERE manifest_id = ?",
            (manifest_id,),
        ).fetchone()
        if row is None:
            return None
        return cls(manifest_id, row[0], Actor(row[1], row[2]), row[3] and parse_iso_z(row[3]))


def publish(
    db: sqlite_utils.Database, manifest_id: int, *, progress: Progress | None = None
) -> Published:
    """Publish every remaining chunk of a staged import, one short transaction each; returns
    what the whole import added (when another process finished it first: nothing)."""
    while True:
        step = publish_chunk(db, manifest_id)
        if step.finished is not None:
            return step.finished
        if step.total == 0:
            return Published(0, [])
        if progress is not None:
            progress(step.done, step.total)


@dataclass(frozen=True)
class Step:
    """One chunk published: how far the import is, and its outcome once complete."""

    done: int
    total: int
    finished: Published | None = None


def publish_chunk(db: sqlite_utils.Database, manifest_id: int) -> Step:
    """Publish the next chunk of an import (one transaction); the last one also records the
    outcome on the manifest and removes the job. Step(0, 0) when there is no such job."""
    with write_transaction(db):
        job = _Job.load(db, manifest_id)
        if job is None:
            return Step(0, 0)
        row = db.conn.execute(
            "SELECT chunk, rows FROM import_chunks WHERE manifest_id = ? ORDER BY chunk LIMIT 1",
            (manifest_id,),
        ).fetchone()
        if row is not None:
            number, text = row
            part = json.loads(text)
            added, skipped = _publish_parcels(db, job, part["parcels"])
            locate.remember(db, [tuple(entry) for entry in part["learned"]], _stamp(job))
            db.conn.execute(
                "DELETE FROM import_chunks WHERE manifest_id = ? AND chunk = ?",
                (manifest_id, number),
            )
            _progressed(db, manifest_id, added, skipped)
        left = db.conn.execute(
            "SELECT count(*) FROM import_chunks WHERE manifest_id = ?", (manifest_id,)
        ).fetchone()[0]
        if left == 0:
            return Step(job.chunks, job.chunks, _finish(db, manifest_id))
        return Step(job.chunks - left, job.chunks)


def _progressed(
    db: sqlite_utils.Database, manifest_id: int, added: int, skipped: list[str]
) -> None:
    """Count what a chunk added and note what it skipped; the heartbeat says the job lives."""
    before = json.loads(
        _one(db, "SELECT skipped FROM import_jobs WHERE manifest_id = ?", manifest_id)
    )
    db.conn.execute(
        "UPDATE import_jobs SET heartbeat = ?, added = added + ?, skipped = ? "
        "WHERE manifest_id = ?",
        (iso_z(utc_now()), added, json.dumps([*before, *skipped]), manifest_id),
    )


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
        append(
            db,
            job.actor,
            [Change(tid, Status.EXPECTED, details={"manifest_id": job.manifest_id}) for tid in new],
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


def _finish(db: sqlite_utils.Database, manifest_id: int) -> Published:
    """The last chunk is in: note any skipped parcels on the manifest and drop the job."""
    added, skipped_json = db.conn.execute(
        "SELECT added, skipped FROM import_jobs WHERE manifest_id = ?", (manifest_id,)
    ).fetchone()
    skipped = sorted(json.loads(skipped_json))
    if skipped:
        warnings = json.loads(_one(db, "SELECT warnings FROM manifests WHERE id = ?", manifest_id))
        db.conn.execute(
            "UPDATE manifests SET warnings = ? WHERE id = ?",
            (json.dumps([*warnings, skipped_warning(skipped)], ensure_ascii=False), manifest_id),
        )
    db.conn.execute("DELETE FROM import_jobs WHERE manifest_id = ?", (manifest_id,))
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
    """Inside a check-in's transaction: if a scanned code is a parcel of an import still being
    published, publish that parcel now; returns its tracking id (else None)."""
    jobs = db.conn.execute("SELECT manifest_id FROM import_jobs").fetchall()
    for (manifest_id,) in jobs:
        job = _Job.load(db, manifest_id)
        if job is None:
            continue
        for tracking_id in candidates:
            row = db.conn.execute(
                "SELECT rows FROM import_chunks WHERE manifest_id = ? AND chunk = ?",
                (manifest_id, chunk_of(tracking_id, job.chunks)),
            ).fetchone()
            values = row and json.loads(row[0])["parcels"].get(tracking_id)
            if values and not _present(db, [tracking_id]):
                added, _ = _publish_parcels(db, job, {tracking_id: values})
                _progressed(db, manifest_id, added, [])
                return tracking_id
    return None


def unfinished(db: sqlite_utils.Database) -> list[tuple[int, int]]:
    """Staged imports not yet complete: (manifest id, chunks left)."""
    return db.conn.execute(
        "SELECT j.manifest_id, count(c.chunk) FROM import_jobs j "
        "LEFT JOIN import_chunks c ON c.manifest_id = j.manifest_id GROUP BY j.manifest_id"
    ).fetchall()


def resume_stale(db: sqlite_utils.Database, now: datetime | None = None) -> list[int]:
    """Finish the imports whose importer stopped (no progress for STALE_AFTER); returns their
    manifest ids. A live importer's job is left to it."""
    moment = now or utc_now()
    if not db.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'import_jobs'").fetchone():
        return []  # a file of an older schema (only while a test pins the migrations)
    stale = [
        manifest_id
        for manifest_id, heartbeat in db.conn.execute(
            "SELECT manifest_id, heartbeat FROM import_jobs"
        ).fetchall()
        if moment - parse_iso_z(heartbeat) >= STALE_AFTER
    ]
    for manifest_id in stale:
        publish(db, manifest_id)
    return stale
