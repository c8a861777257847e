"""Read a manifest file into rows: its encoding, its CSV layout, its header, its size limits.

A file is refused whole with the line (and column) of each problem, so the shop never has half
a morning's parcels in the database; `store.manifest` imports only what `parse` accepted.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from store.manifest_fields import (
    KNOWN_COLUMNS,
    REQUIRED,
    ManifestRefused,
    Problem,
    validate_row,
)

MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 100_000
#: A carrier's manifest has 6 to 20 columns; a header far wider is not a manifest (and a
#: 100,000-column header must be refused at once, not checked column by column).
MAX_COLUMNS = 256
MAX_REPORTED = 30


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

    UTF-8 with or without BOM, UTF-16 with or without BOM (Excel's "Unicode text"), and cp1252
    (what spreadsheets on Windows save as "CSV") are read; anything else is refused. A stray
    NUL byte in a text file is named by its line.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _utf16(data, "utf-16")
        return _without_nul(text), "utf-16", []
    if b"\x00" in data:
        codec = _utf16_without_bom(data)
        if codec is not None:
            text = _utf16(data, codec)
            return _without_nul(text), "utf-16", [_UTF16_WARNING]
        if _looks_binary(data):
            raise ManifestRefused(
                [Problem(1, None, "this is not a text file (it contains NUL bytes)")]
            )
    try:
        return _without_nul(data.decode("utf-8-sig")), "utf-8", []
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
        return (
            _without_nul(text),
            "cp1252",
            ["the file is not UTF-8; it was read as Windows-1252 (cp1252)"],
        )


_UTF16_WARNING = "the file is UTF-16 without a byte-order mark; it was read as UTF-16"
#: How much of the file the encoding guesses look at.
_SNIFF = 4096


def _utf16(data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        raise ManifestRefused([Problem(1, None, f"broken UTF-16 text: {error}")]) from error


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the file's start is mostly ASCII written in UTF-16 (a
    zero byte beside every letter, all on the same side), else None."""
    head = data[:_SNIFF]
    if len(data) % 2 or len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    for codec, zeros, letters in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros.count(0) >= 0.9 * len(zeros) and letters.count(0) <= len(letters) // 50:
            return codec
    return None


def _looks_binary(data: bytes) -> bool:
    """Many control bytes at the start: a spreadsheet, a zip or an image, not CSV text."""
    head = data[:_SNIFF]
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 13))
    return controls > len(head) // 20


def _without_nul(text: str) -> str:
    at = text.find("\x00")
    if at >= 0:
        line = text.count("\n", 0, at) + 1
        raise ManifestRefused(
            [
                Problem(
                    line,
                    None,
                    "contains a NUL (zero) byte: the file is damaged or not a CSV text file",
                )
            ]
        )
    return text


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
        raise ManifestRefused(
            [Problem(1, None, f"unreadable CSV header: {_csv_problem(error)}")]
        ) from error
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
        raw = dict(zip(columns, record, strict=False))  # cells missing at the end read as ""
        values = validate_row(line, raw, problems, warnings)
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
            problems.append(Problem(start, None, _csv_problem(error)))
            return
        yield start, record


def _csv_problem(error: csv.Error) -> str:
    if "field larger than field limit" in str(error):
        return (
            f"a cell is longer than {csv.field_size_limit():,} characters: not a manifest "
            "row (or a quote that is never closed)"
        )
    return f"broken CSV quoting: {error}"


def _column_name(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", text.strip().lstrip("\ufeff").lower())


def _check_header(header: list[str], problems: list[Problem], warnings: list[str]) -> list[str]:
    if len(header) > MAX_COLUMNS:
        problems.append(
            Problem(
                1,
                None,
                f"the header has {len(header):,} cells; a manifest has at most {MAX_COLUMNS} "
                "columns (is this the right file?)",
            )
        )
        return []
    columns = [_column_name(cell) for cell in header]
    counts = Counter(columns)
    for name in sorted(name for name, count in counts.items() if count > 1 and name):
        problems.append(Problem(1, name, "appears twice in the header"))
    missing = [name for name in REQUIRED if name not in counts]
    if missing:
        noun = "column" if len(missing) == 1 else "columns"
        problems.append(Problem(1, missing[0], f"missing required {noun}: {', '.join(missing)}"))
    if ("latitude" in counts) != ("longitude" in counts):
        problems.append(Problem(1, "latitude", "latitude and longitude come together"))
    unknown = [name for name in columns if name not in KNOWN_COLUMNS]
    if unknown:
        shown = ", ".join(repr(name) if name else "(blank)" for name in unknown)
        warnings.append(f"unknown {'column' if len(unknown) == 1 else 'columns'} ignored: {shown}")
    return columns
