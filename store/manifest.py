"""Import the carrier's inbound manifest (the contract of PRODUCT.md): all or nothing.

The file is read and checked (`store.manifest_csv`), its parcels located, and their rows built
before anything is written, outside any transaction, so the other counter keeps scanning. A
refused file writes nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from store import locate
from store.db import write_transaction
from store.errors import BadInput
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
    "ImportResult",
    "ManifestRefused",
    "ManifestRow",
    "ParsedManifest",
    "Problem",
    "decode",
    "import_bytes",
    "import_file",
    "parse",
    "validate_address",
]


@dataclass(frozen=True)
class ImportResult:
    manifest_id: int
    parcels: int
    warnings: list[str]
    held: dict[str, int]
    approximate: int


def import_file(
    db: sqlite_utils.Database, actor: Actor, path: Path, for_date: date | None = None
) -> ImportResult:
    """Import a manifest file; refused files leave the database exactly as it was."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise BadInput(f"cannot read {path}: {error.strerror or error}") from error
    return import_bytes(db, actor, data, path.name, for_date)


def import_bytes(
    db: sqlite_utils.Database,
    actor: Actor,
    data: bytes,
    filename: str,
    for_date: date | None = None,
    *,
    at: datetime | None = None,
) -> ImportResult:
    settings = load_settings(db)
    if not settings.configured:
        raise BadInput("set up the shop first (its name and location), then import manifests")
    parsed = parse(data)
    digest = hashlib.sha256(data).hexdigest()
    for_date = for_date or (at or utc_now()).astimezone(settings.tz).date()
    stamp = iso_z(at or utc_now())
    with write_transaction(db):
        earlier = db.conn.execute(
            "SELECT imported_at FROM manifests WHERE sha256 = ?", (digest,)
        ).fetchone()
        if earlier:
            raise ManifestRefused(
                [Problem(1, None, f"this file was already imported at {earlier[0]}")]
            )
        _refuse_known_parcels(db, parsed)
        manifest_id = (
            db["manifests"]
            .insert(
                {
                    "filename": filename,
                    "sha256": digest,
                    "for_date": for_date.isoformat(),
                    "imported_at": stamp,
                    "imported_by": actor.staff,
                    "row_count": len(parsed.rows),
                    "warnings": _json_list(parsed.warnings),
                }
            )
            .last_pk
        )
        new_parcels, held, approximate, learned = _parcel_rows(
            db, parsed, manifest_id, for_date, settings
        )
        locate.remember(db, learned, stamp)
        append(
            db,
            actor,
            [
                Change(tracking_id, Status.EXPECTED, details={"manifest_id": manifest_id})
                for tracking_id in new_parcels
            ],
            at=at,
            new_parcels=new_parcels,
        )
    return ImportResult(manifest_id, len(new_parcels), parsed.warnings, held, approximate)


def _json_list(items: list[str]) -> str:
    return json.dumps(items, ensure_ascii=False)


def _refuse_known_parcels(db: sqlite_utils.Database, parsed: ParsedManifest) -> None:
    ids = [row.values["tracking_id"] for row in parsed.rows]
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
    manifest_id: int,
    for_date: date,
    settings: Any,
) -> tuple[dict[str, dict[str, Any]], dict[str, int], int, list[tuple[str, float, float, str]]]:
    locator = locate.Locator(db)
    shop = (settings.latitude, settings.longitude)
    new_parcels: dict[str, dict[str, Any]] = {}
    held: dict[str, int] = {}
    approximate = 0
    learned: list[tuple[str, float, float, str]] = []
    for row in parsed.rows:
        values = dict(row.values)
        lat, lon, source = locator.resolve(
            values["address_line1"], values["postal_code"], values["latitude"], values["longitude"]
        )
        where = locate.place(lat, lon, source, shop, settings.radius_mi)
        if source == "manifest":
            key = locate.address_key(values["address_line1"], values["postal_code"])
            learned.append((key, lat, lon, "manifest"))
        approximate += where.approximate
        if where.hold:
            held[where.hold] = held.get(where.hold, 0) + 1
        values.update(
            latitude=where.latitude,
            longitude=where.longitude,
            location_source=where.source,
            distance_mi=where.distance_mi,
            zone=where.zone,
            hold=where.hold,
            manifest_id=manifest_id,
            expected_date=for_date.isoformat(),
        )
        new_parcels[values.pop("tracking_id")] = values
    return new_parcels, held, approximate, learned
