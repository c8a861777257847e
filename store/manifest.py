"""Read, validate and import the carrier's inbound manifest CSV (the contract of PRODUCT.md).

A manifest is all-or-nothing: every row is checked first and any problem refuses the whole file
with the line and the column named, so the shop never has half a morning's parcels in the
database. Only a file without problems is written, in one transaction.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from store import locate
from store.db import write_transaction
from store.errors import BadInput
from store.events import Actor, Change, append
from store.scancodes import TRACKING_ID_PATTERN
from store.settings import load as load_settings
from store.statuses import Status
from store.timeutil import iso_z, utc_now

REQUIRED = ("tracking_id", "recipient_name", "address_line1", "city", "state", "postal_code")
OPTIONAL = (
    "address_line2",
    "latitude",
    "longitude",
    "phone",
    "service",
    "due_date",
    "window_start",
    "window_end",
    "weight_lb",
    "notes",
    "signature_required",
)
SERVICES = ("same_day", "next_day", "standard")
MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 100_000
MAX_FIELD = 500
MAX_REPORTED = 30
_STATE_CODES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH "
    "NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI AS MP AA AE AP"
)
US_STATES = frozenset(_STATE_CODES.split())
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_TRUE = {"true", "yes", "y", "1", "t"}
_FALSE = {"false", "no", "n", "0", "f", ""}

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Problem:
    line: int
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


class ManifestRefused(BadInput):
    """The file was refused; `problems` lists each (line, column, message)."""

    def __init__(self, problems: list[Problem], total: int | None = None) -> None:
        self.problems = problems
        total = total or len(problems)
        more = f" (and {total - 1} more problems)" if total > 1 else ""
        super().__init__(f"manifest refused: {problems[0]}{more}")


@dataclass
class ManifestRow:
    line: int
    values: dict[str, Any]


@dataclass
class ParsedManifest:
    rows: list[ManifestRow]
    warnings: list[str] = field(default_factory=list)
    encoding: str = "utf-8"


def decode(data: bytes) -> tuple[str, str, list[str]]:
    """Text of a manifest file, the encoding used and any warning about it.

    UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode text"), and cp1252 (what
    spreadsheets on Windows save as "CSV") are read; anything else is refused.
    """
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ManifestRefused([Problem(1, None, "this is not a text file (it contains NUL bytes)")])
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16", []
        except UnicodeDecodeError as error:
            raise ManifestRefused([Problem(1, None, f"broken UTF-16 text: {error}")]) from error
    try:
        return data.decode("utf-8-sig"), "utf-8", []
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            line = data[: utf8_error.start].count(b"\n") + 1
            raise ManifestRefused(
                [
                    Problem(
                        line,
                        None,
                        "the file is neither UTF-8 nor Windows-1252 text; save it as 'CSV UTF-8'",
                    )
                ]
            ) from utf8_error
        return text, "cp1252", ["the file is not UTF-8; it was read as Windows-1252 (cp1252)"]


def parse(data: bytes) -> ParsedManifest:
    """Validate a whole manifest file; raise ManifestRefused listing every problem found."""
    if len(data) > MAX_BYTES:
        raise ManifestRefused([Problem(1, None, f"the file is larger than {MAX_BYTES >> 20} MB")])
    text, encoding, warnings = decode(data)
    if not text.strip():
        raise ManifestRefused([Problem(1, None, "the file is empty")])
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    problems: list[Problem] = []
    try:
        header = next(reader)
    except csv.Error as error:
        raise ManifestRefused([Problem(1, None, f"unreadable CSV header: {error}")]) from error
    columns = _check_header(header, problems, warnings)
    if problems:
        raise ManifestRefused(problems)
    rows: list[ManifestRow] = []
    seen: dict[str, int] = {}
    for line, record in _records(reader, problems):
        if len(rows) >= MAX_ROWS:
            raise ManifestRefused([Problem(line, None, f"more than {MAX_ROWS} rows")])
        if not any(cell.strip() for cell in record):
            continue  # blank lines at the end of spreadsheet exports
        if len(record) > len(columns):
            problems.append(
                Problem(
                    line, None, f"{len(record)} cells but the header has {len(columns)} columns"
                )
            )
            continue
        raw = {name: record[i] if i < len(record) else "" for i, name in enumerate(columns)}
        values = _validate_row(line, raw, problems, warnings)
        if values is None:
            continue
        first = seen.setdefault(values["tracking_id"], line)
        if first != line:
            problems.append(
                Problem(line, "tracking_id", f"{values['tracking_id']} is also on line {first}")
            )
            continue
        rows.append(ManifestRow(line, values))
    if problems:
        raise ManifestRefused(problems[:MAX_REPORTED], total=len(problems))
    if not rows:
        raise ManifestRefused([Problem(2, None, "the file has a header but no parcels")])
    return ParsedManifest(rows, warnings, encoding)


def _delimiter(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    counts = {sep: first_line.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _records(reader: Any, problems: list[Problem]) -> Iterator[tuple[int, list[str]]]:
    while True:
        start = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            problems.append(Problem(start, None, f"broken CSV quoting: {error}"))
            return
        yield start, record


def _column_name(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", text.strip().lstrip("\ufeff").lower())


def _check_header(header: list[str], problems: list[Problem], warnings: list[str]) -> list[str]:
    columns = [_column_name(cell) for cell in header]
    for name in sorted({name for name in columns if columns.count(name) > 1 and name}):
        problems.append(Problem(1, name, "appears twice in the header"))
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        problems.append(Problem(1, missing[0], f"missing required column(s): {', '.join(missing)}"))
    if ("latitude" in columns) != ("longitude" in columns):
        problems.append(Problem(1, "latitude", "latitude and longitude come together"))
    unknown = [name for name in columns if name not in REQUIRED + OPTIONAL]
    if unknown:
        shown = ", ".join(repr(name) if name else "(blank)" for name in unknown)
        warnings.append(f"unknown column(s) ignored: {shown}")
    return columns


def _validate_row(
    line: int, raw: dict[str, str], problems: list[Problem], warnings: list[str]
) -> dict[str, Any] | None:
    before = len(problems)

    def bad(column: str, message: str) -> None:
        problems.append(Problem(line, column, message))

    text: dict[str, str] = {}
    for name in REQUIRED + OPTIONAL:
        value = raw.get(name, "").strip()
        if _CONTROL.search(value):
            bad(name, "contains control characters")
        elif len(value) > MAX_FIELD:
            bad(name, f"longer than {MAX_FIELD} characters")
        text[name] = value
    for name in REQUIRED:
        if not text[name] and len(problems) == before:
            bad(name, "is empty")
    if len(problems) > before:
        return None
    values: dict[str, Any] = {name: text[name] for name in REQUIRED}
    values["tracking_id"] = text["tracking_id"].upper()
    if not TRACKING_ID_PATTERN.fullmatch(values["tracking_id"]):
        bad("tracking_id", f"{text['tracking_id']!r} is not a tracking id (6-40 letters, digits)")
    values["state"] = text["state"].upper()
    if values["state"] not in US_STATES:
        bad("state", f"{text['state']!r} is not a US state code")
    values["postal_code"] = _postal_code(text["postal_code"], line, bad, warnings)
    for name in ("address_line2", "phone", "notes"):
        values[name] = text[name]
    values["latitude"], values["longitude"] = _coordinates(text, bad)
    service = text["service"].lower()
    if service and service not in SERVICES:
        bad("service", f"{text['service']!r} is not one of {', '.join(SERVICES)}")
    values["service"] = service or None
    values["due_date"] = _date(text["due_date"], "due_date", bad)
    values["window_start"], values["window_end"] = _window(text, bad)
    values["weight_lb"] = _weight(text["weight_lb"], bad)
    flag = text["signature_required"].lower()
    if flag not in _TRUE | _FALSE:
        bad("signature_required", f"{text['signature_required']!r} is not true or false")
    values["signature_required"] = int(flag in _TRUE)
    return values if len(problems) == before else None


ADDRESS_FIELDS = (
    "recipient_name",
    "address_line1",
    "address_line2",
    "city",
    "state",
    "postal_code",
    "latitude",
    "longitude",
)


def validate_address(fields: dict[str, Any]) -> dict[str, Any]:
    """Check an address a clerk typed with the manifest's own rules; BadInput names the field."""
    raw = {name: "" for name in REQUIRED + OPTIONAL}
    raw.update({name: "" if value is None else str(value) for name, value in fields.items()})
    raw["tracking_id"] = "PLACEHOLDER"
    problems: list[Problem] = []
    values = _validate_row(1, raw, problems, [])
    if values is None or problems:
        problem = problems[0]
        raise BadInput(f"{problem.column}: {problem.message}")
    return {name: values[name] for name in ADDRESS_FIELDS}


def _postal_code(value: str, line: int, bad: Any, warnings: list[str]) -> str:
    if re.fullmatch(r"\d{4}", value):
        warnings.append(
            f"line {line}: postal_code {value} read as 0{value} (a spreadsheet "
            "dropped the leading zero)"
        )
        return "0" + value
    if not re.fullmatch(r"\d{5}(-?\d{4})?", value):
        bad("postal_code", f"{value!r} is not a US ZIP code (12345 or 12345-6789)")
    return value


def _coordinates(text: dict[str, str], bad: Any) -> tuple[float | None, float | None]:
    lat_text, lon_text = text["latitude"], text["longitude"]
    if not lat_text and not lon_text:
        return None, None
    if not lat_text or not lon_text:
        bad("latitude" if not lat_text else "longitude", "give both latitude and longitude")
        return None, None
    result = []
    for name, value, limit in (("latitude", lat_text, 90), ("longitude", lon_text, 180)):
        try:
            number = float(value)
        except ValueError:
            bad(name, f"{value!r} is not a number")
            return None, None
        if not math.isfinite(number) or abs(number) > limit:
            bad(name, f"{value} is out of range (-{limit} to {limit})")
            return None, None
        result.append(number)
    if result == [0.0, 0.0]:
        bad("latitude", "0, 0 is not an address (missing coordinates written as zeros?)")
    return result[0], result[1]


def _date(value: str, column: str, bad: Any) -> str | None:
    if not value:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    bad(column, f"{value!r} is not a date as YYYY-MM-DD")
    return None


def _window(text: dict[str, str], bad: Any) -> tuple[str | None, str | None]:
    start, end = text["window_start"], text["window_end"]
    if not start and not end:
        return None, None
    parsed = []
    for name, value in (("window_start", start), ("window_end", end)):
        if not value:
            bad(name, "give both window_start and window_end")
            return None, None
        match = re.fullmatch(r"(\d{1,2}):(\d{2})", value)
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            bad(name, f"{value!r} is not a time as HH:MM")
            return None, None
        parsed.append(f"{int(match[1]):02d}:{match[2]}")
    if parsed[0] >= parsed[1]:
        bad("window_end", f"the window ends ({parsed[1]}) before it starts ({parsed[0]})")
    return parsed[0], parsed[1]


def _weight(value: str, bad: Any) -> float | None:
    if not value:
        return None
    try:
        weight = float(value)
    except ValueError:
        bad("weight_lb", f"{value!r} is not a number")
        return None
    if not math.isfinite(weight) or not 0 <= weight <= 1000:
        bad("weight_lb", f"{value} is not a parcel weight (0 to 1000 lb)")
        return None
    return weight


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
    log.info(
        "manifest %s imported (id %s) for %s: %d parcels, %d held, %d warnings",
        filename, manifest_id, for_date, len(new_parcels), len(held), len(parsed.warnings),
    )  # fmt: skip
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
