"""Import the carrier's inbound manifest (the contract of PRODUCT.md): all or nothing.

The file is read and checked (`store.manifest_csv`), its parcels located, and their rows built
before anything is written, outside any transaction, so the other counter keeps scanning. A
refused file writes nothing. A small file is then written in one short transaction; a big one
is decided in one short transaction and published in chunks (`store.import_jobs`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from store import import_jobs, locate
from store.db import inserted_id, long_job, write_transaction
from store.errors import BadInput, StoreError
from store.events import Actor, Change, append
from store.manifest_csv import (
    MAX_BYTES,
    MAX_COLUMNS,
    MAX_REPORTED,
    MAX_ROWS,
    ManifestRow,
    ParsedManifest,
    decode,
    parse,
)
from store.manifest_fields import (
    OPTIONAL,
    REQUIRED,
    ManifestRefused,
    Problem,
    validate_address,
)
from store.settings import load as load_settings
from store.statuses import Status
from store.timeutil import iso_z, utc_now

__all__ = [
    "MAX_BYTES",
    "MAX_COLUMNS",
    "MAX_REPORTED",
    "MAX_ROWS",
    "OPTIONAL",
    "REQUIRED",
    "ImportCancelled",
    "ImportResult",
    "ManifestRefused",
    "ManifestRow",
    "ParsedManifest",
    "PreparedImport",
    "Problem",
    "decode",
    "import_bytes",
    "import_file",
    "parse",
    "prepare",
    "validate_address",
    "write",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ImportResult:
    manifest_id: int
    parcels: int
    warnings: list[str]
    held: dict[str, int]
    approximate: int
    #: Parcels per location precision (given, address, street, zip, none).
    located: dict[str, int] = field(default_factory=dict)
    #: Parcels whose given coordinates lie far from their address's match in the area.
    disagreeing: int = 0


class ImportCancelled(BadInput):
    """The person stopped the import before anything was written."""


#: Told how an import goes: (what it does now, in words; done; total). It may raise
#: ImportCancelled to stop, which only works before the import is decided.
Progress = Callable[[str, int, int], None]

#: A manifest up to this many parcels is written in one transaction (well under the half
#: second the other counter may wait); a bigger one is staged and published in chunks.
ONE_TRANSACTION_ROWS = 2000


@dataclass
class PreparedImport:
    """Everything an import will write, worked out without holding the write lock."""

    filename: str
    digest: str
    for_date: date
    actor: Actor
    at: datetime | None
    parcels: dict[str, dict[str, Any]]
    warnings: list[str]
    held: dict[str, int]
    approximate: int
    learned: list[tuple[str, float, float, str]]


def import_file(
    db: sqlite_utils.Database,
    actor: Actor,
    path: Path,
    for_date: date | None = None,
    *,
    progress: Progress | None = None,
) -> ImportResult:
    """Import a manifest file; refused files leave the database exactly as it was."""
    try:
        with path.open("rb") as file:
            # One byte past the limit is enough to refuse a file by its size: a wrong file
            # picked (a film, a disk image, /dev/zero) is never read whole into memory.
            data = file.read(MAX_BYTES + 1)
    except OSError as error:
        raise BadInput(f"cannot read {path}: {error.strerror or error}") from error
    return import_bytes(db, actor, data, path.name, for_date, progress=progress)


def import_bytes(
    db: sqlite_utils.Database,
    actor: Actor,
    data: bytes,
    filename: str,
    for_date: date | None = None,
    *,
    at: datetime | None = None,
    progress: Progress | None = None,
    one_transaction_rows: int = ONE_TRANSACTION_ROWS,
    chunk_rows: int = import_jobs.CHUNK_ROWS,
) -> ImportResult:
    """Check, locate and write a manifest. The other counter never waits long for it: all
    the reading and checking happens before the write lock is taken, and a big file is
    written in short transactions (see `store.import_jobs`) yet all or nothing."""
    prepared = prepare(db, actor, data, filename, for_date, at=at, progress=progress)
    return write(
        db,
        prepared,
        progress=progress,
        one_transaction_rows=one_transaction_rows,
        chunk_rows=chunk_rows,
    )


def prepare(
    db: sqlite_utils.Database,
    actor: Actor,
    data: bytes,
    filename: str,
    for_date: date | None = None,
    *,
    at: datetime | None = None,
    progress: Progress | None = None,
) -> PreparedImport:
    """Parse, validate, check against the shop and locate: reads only, no write lock."""
    tell = progress or (lambda _what, _done, _total: None)
    settings = load_settings(db)
    if not settings.configured:
        raise BadInput("set up the shop first (its name and location), then import manifests")
    tell("Reading the file", 0, 3)
    parsed = parse(data)
    digest = hashlib.sha256(data).hexdigest()
    _refuse_imported_before(db, digest)
    tell("Checking against the parcels in the shop", 1, 3)
    _refuse_known_parcels(db, parsed)
    tell(f"Locating {len(parsed.rows):,} parcels", 2, 3)
    for_date = for_date or (at or utc_now()).astimezone(settings.tz).date()
    parcels, held, approximate, learned = _parcel_rows(db, parsed, for_date, settings)
    return PreparedImport(
        filename, digest, for_date, actor, at, parcels, parsed.warnings, held, approximate, learned
    )


def write(
    db: sqlite_utils.Database,
    prepared: PreparedImport,
    *,
    progress: Progress | None = None,
    one_transaction_rows: int = ONE_TRANSACTION_ROWS,
    chunk_rows: int = import_jobs.CHUNK_ROWS,
) -> ImportResult:
    """Write a prepared import: in one transaction when small, else staged in short
    transactions (it may still be stopped or refused then), decided, and published."""
    tell = progress or (lambda _what, _done, _total: None)
    total = len(prepared.parcels)
    if total <= one_transaction_rows:
        tell(f"Saving {total:,} parcels", 0, total)
        with write_transaction(db):
            _refuse_imported_before(db, prepared.digest)
            manifest_id = _insert_manifest(db, prepared)
            skipped = _write_all(db, prepared, manifest_id)
        added = total - len(skipped)
    else:
        chunks = import_jobs.split(prepared.parcels, prepared.learned, chunk_rows)
        job_id, manifest_id = _stage_and_decide(db, prepared, tell, chunks)

        def published(done: int, chunks: int) -> None:
            tell(f"Saving {total:,} parcels", total * done // chunks, total)

        outcome = import_jobs.publish(db, job_id, progress=published, in_memory=chunks)
        added, skipped = outcome.added, outcome.skipped
    warnings = list(prepared.warnings)
    if skipped:
        warnings.append(import_jobs.skipped_warning(skipped))
    tell(f"Saved {added:,} parcels", total, total)
    located = Counter[str](p.get("location_precision") or "none" for p in prepared.parcels.values())
    log.info(
        "manifest %s imported (id %s): %d parcels, %d held, %d warnings",
        prepared.filename, manifest_id, added, len(prepared.held), len(warnings),
    )  # fmt: skip
    return ImportResult(
        manifest_id,
        added,
        warnings,
        prepared.held,
        prepared.approximate,
        located=dict(located),
        disagreeing=sum(bool(p.get("location_warning")) for p in prepared.parcels.values()),
    )


def _stage_and_decide(
    db: sqlite_utils.Database,
    prepared: PreparedImport,
    tell: Progress,
    chunks: list[import_jobs.Chunk],
) -> tuple[int, int]:
    """Store the rows chunk by chunk, then decide the import with its manifest row; anything
    going wrong before the decision removes the staged rows. Returns (job id, manifest id)."""
    total = len(prepared.parcels)
    job_id = import_jobs.begin(db, prepared.actor, prepared.at, len(chunks))
    try:
        with long_job(db):  # staged rows lost in a power cut were not decided: no harm
            _stage(db, job_id, chunks, tell, total)
        with write_transaction(db):
            _refuse_imported_before(db, prepared.digest)
            manifest_id = _insert_manifest(db, prepared)
            import_jobs.decide(db, job_id, manifest_id)
    except BaseException:
        # If even this fails, the job goes stale and whoever opens the file next removes it.
        with contextlib.suppress(StoreError):
            import_jobs.discard(db, job_id)
        raise
    return job_id, manifest_id


def _stage(
    db: sqlite_utils.Database,
    job_id: int,
    chunks: list[import_jobs.Chunk],
    tell: Progress,
    total: int,
) -> None:
    """Store the chunks, a megabyte of JSON per transaction."""
    batch: list[tuple[int, str, str]] = []
    size = 0
    for number, chunk in enumerate(chunks):
        tell(f"Getting {total:,} parcels ready", number, len(chunks))
        text = chunk.to_json()
        batch.append((number, chunk.first_id, text))
        size += len(text)
        if size >= import_jobs.STAGE_BYTES or number == len(chunks) - 1:
            import_jobs.stage_chunks(db, job_id, batch)
            batch, size = [], 0


def _insert_manifest(db: sqlite_utils.Database, prepared: PreparedImport) -> int:
    return inserted_id(
        db.table("manifests")
        .insert(
            {
                "filename": prepared.filename,
                "sha256": prepared.digest,
                "for_date": prepared.for_date.isoformat(),
                "imported_at": iso_z(prepared.at or utc_now()),
                "imported_by": prepared.actor.staff,
                "row_count": len(prepared.parcels),
                "warnings": _json_list(prepared.warnings),
            }
        )
        .last_pk
    )


def _write_all(db: sqlite_utils.Database, prepared: PreparedImport, manifest_id: int) -> list[str]:
    """The whole manifest in the caller's transaction; returns the ids skipped because they
    came into the shop after `prepare` checked (scanned as unexpected meanwhile)."""
    skipped = sorted(_known(db, list(prepared.parcels)))
    parcels = {
        tracking_id: {**values, "manifest_id": manifest_id}
        for tracking_id, values in prepared.parcels.items()
        if tracking_id not in skipped
    }
    locate.remember(db, prepared.learned, iso_z(prepared.at or utc_now()))
    details = {"manifest_id": manifest_id}  # one object: encoded once for all
    append(
        db,
        prepared.actor,
        [Change(tracking_id, Status.EXPECTED, details=details) for tracking_id in parcels],
        at=prepared.at,
        new_parcels=parcels,
    )
    if skipped:
        db.conn.execute(
            "UPDATE manifests SET warnings = ? WHERE id = ?",
            (_json_list([*prepared.warnings, import_jobs.skipped_warning(skipped)]), manifest_id),
        )
    return skipped


def _json_list(items: list[str]) -> str:
    return json.dumps(items, ensure_ascii=False)


def _refuse_imported_before(db: sqlite_utils.Database, digest: str) -> None:
    earlier = db.conn.execute(
        "SELECT imported_at FROM manifests WHERE sha256 = ?", (digest,)
    ).fetchone()
    if earlier:
        raise ManifestRefused([Problem(1, None, f"this file was already imported at {earlier[0]}")])


def _known(db: sqlite_utils.Database, ids: list[str]) -> set[str]:
    known: set[str] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        known.update(
            tracking_id
            for (tracking_id,) in db.conn.execute(
                f"SELECT tracking_id FROM parcels WHERE tracking_id IN "
                f"({', '.join('?' for _ in chunk)})",
                chunk,
            )
        )
    return known


def _refuse_known_parcels(db: sqlite_utils.Database, parsed: ParsedManifest) -> None:
    known = _known(db, [row.values["tracking_id"] for row in parsed.rows])
    problems = [
        Problem(row.line, "tracking_id", f"{row.values['tracking_id']} is already in the database")
        for row in parsed.rows
        if row.values["tracking_id"] in known
    ]
    if problems:
        raise ManifestRefused(problems[:MAX_REPORTED], total=len(problems))


def _parcel_rows(
    db: sqlite_utils.Database,
    parsed: ParsedManifest,
    for_date: date,
    settings: Any,
) -> tuple[dict[str, dict[str, Any]], dict[str, int], int, list[tuple[str, float, float, str]]]:
    locator = locate.Locator(db)
    shop = settings.location
    new_parcels: dict[str, dict[str, Any]] = {}
    held: dict[str, int] = {}
    approximate = 0
    learned: list[tuple[str, float, float, str]] = []
    for row in parsed.rows:
        values = dict(row.values)
        found = locator.locate(
            values["address_line1"],
            values["postal_code"],
            values["city"],
            values["latitude"],
            values["longitude"],
        )
        where = locate.place(found, shop, settings.radius_mi, plan_zip=settings.plan_zip_located)
        if found.source == "manifest" and not found.warning and (point := found.point):
            key = locate.address_key(values["address_line1"], values["postal_code"])
            learned.append((key, *point, "manifest"))
        approximate += where.approximate
        if where.hold:
            held[where.hold] = held.get(where.hold, 0) + 1
        values.update(
            latitude=where.latitude,
            longitude=where.longitude,
            location_source=where.source,
            location_precision=where.precision,
            location_detail=where.detail,
            location_warning=where.warning,
            distance_mi=where.distance_mi,
            zone=where.zone,
            hold=where.hold,
            expected_date=for_date.isoformat(),
        )
        new_parcels[values.pop("tracking_id")] = values
    return new_parcels, held, approximate, learned
