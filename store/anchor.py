"""The log's anchor outside the file: its head (event id and hash) on paper and in receipts.

A hash chain inside one file proves nothing against someone who rewrites the file: change an
event, hash every later one again, and the chain is whole. What they cannot change is a copy
of the head that left the file: printed on the end-of-day summary, or in the receipt written
beside every status export the carrier receives. `parcel-desk verify --anchor ID:HASH` then
proves the log still holds that event unchanged, with everything before it (see
`store.verify`). A hash may be given by its first 16 hex digits, as a person types it off the
paper.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from store.errors import BadInput
from store.settings import load as load_settings
from store.timeutil import iso_z, utc_now

#: The shortest hash prefix an anchor may give: 64 bits, no forger finds a match.
MIN_PREFIX = 16
_ANCHOR = re.compile(r"\s*#?([0-9]+)\s*:\s*([0-9a-fA-F]+)\s*")


@dataclass(frozen=True)
class Anchor:
    event_id: int
    hash: str  # the whole hash, or at least its first MIN_PREFIX hex digits

    def __str__(self) -> str:
        return f"{self.event_id}:{self.hash}"

    def matches(self, digest: str) -> bool:
        return digest.startswith(self.hash)


def parse(text: str) -> Anchor:
    """An anchor as written on the summary or a receipt: `ID:HASH`."""
    match = _ANCHOR.fullmatch(text)
    if not match or not MIN_PREFIX <= len(match[2]) <= 64:
        raise BadInput(
            f"{text!r} is not a log anchor: write the event number, a colon and its hash "
            f"(at least its first {MIN_PREFIX} hex digits), as printed"
        )
    return Anchor(int(match[1]), match[2].lower())


def head(db: sqlite_utils.Database) -> Anchor | None:
    """The last event of the log (None for an empty log)."""
    row = db.conn.execute("SELECT id, hash FROM events ORDER BY id DESC LIMIT 1").fetchone()
    return Anchor(row[0], row[1]) if row else None


def receipt_path(export: Path) -> Path:
    return export.with_name(export.name + ".receipt.txt")


def receipt_text(db: sqlite_utils.Database, export: Path, rows: int) -> str:
    """The receipt of an exported file: what it is, and the log head it was made from."""
    digest = hashlib.sha256(export.read_bytes()).hexdigest()
    top = head(db)
    anchor = str(top) if top else "the log is empty"
    return "\n".join(
        [
            "Parcel Desk: receipt of a status export",
            f"shop: {load_settings(db).name}",
            f"file: {export.name} ({rows} rows, sha256 {digest})",
            f"written: {iso_z(utc_now())}",
            f"log head: {anchor}",
            "",
            "Keep this receipt apart from the shop's computer. To prove later that the shop's",
            "event log still holds everything up to this export unchanged, run:",
            f"    parcel-desk verify --anchor {anchor}",
            "",
        ]
    )


def write_receipt(db: sqlite_utils.Database, export: Path, rows: int) -> Path:
    """Write `<export>.receipt.txt` beside an exported file; returns its path."""
    target = receipt_path(export)
    scratch = target.with_name(target.name + ".part")
    scratch.write_text(receipt_text(db, export, rows), encoding="utf-8")
    scratch.replace(target)
    return target
