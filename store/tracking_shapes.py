"""Does a read look like a tracking number? Carrier formats and the shapes of the shop's own.

A scanner that misreads, or a cat on the keyboard, produces codes no carrier ever printed
(`FUZZ00`, a TBA number with four digits missing). Holding each as an "unexpected" parcel
would fill the shop with parcels that never existed, so a code that no manifest parcel
matches is first judged here:

- **known carrier formats** with their check digits: UPS `1Z` (mod 10 over the 15 characters
  after `1Z`), USPS IMpb (20 to 34 digits, GS1 mod 10) and S10 (`RA123456785US`, mod 11),
  FedEx Express (12 digits, mod 11), FedEx Ground SSCC (15 digits, GS1 mod 10). A code of one
  of these forms whose check digit fails is a misread, whatever the shop has seen;
- **the shapes of the shop's own manifests**: a tracking id's shape is its letter prefix
  and digit count when it is letters then digits (`TBA534439589204` is `TBA+9x12`), its
  digit count when all digits (`9x12`), else its alphabet and length (`Xx16`). The shapes
  of every manifest parcel are kept in `tracking_shapes` (updated from the newest parcels on
  each look-up), so Amazon's `TBA` + 12 digits or a regional carrier's `CP` + 6 digits are
  known without a list here, and a shop that never receives FedEx refuses 12-digit reads.

A code that is neither is answered "unreadable, scan again". The same code read twice in a
row at one counter is taken as what the label really says (see `store.checkin`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

import sqlite_utils

_LETTERS_THEN_DIGITS = re.compile(r"([A-Z]{1,4})(\d+)")


def shape(code: str) -> str:
    """The shape of a normalised code: `TBA+9x12`, `9x12`, or `Xx16` (see the module)."""
    if code.isdigit():
        return f"9x{len(code)}"
    prefixed = _LETTERS_THEN_DIGITS.fullmatch(code)
    if prefixed:
        return f"{prefixed[1]}+9x{len(prefixed[2])}"
    return f"Xx{len(code)}"


# -- carrier formats with check digits ---------------------------------------------------------


def _gs1_mod10(digits: str) -> bool:
    """GS1 mod 10 (USPS IMpb, SSCC): weights 3, 1, 3… from the right, the check digit last."""
    body, check = digits[:-1], int(digits[-1])
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check


def _ups(code: str) -> bool:
    """UPS 1Z: letters count as (ord - 63) mod 10; odd places once, even places twice."""
    body, check = code[2:-1], code[-1]
    if not check.isdigit():
        return False
    values = [int(c) if c.isdigit() else (ord(c) - 63) % 10 for c in body]
    total = sum(values[0::2]) + 2 * sum(values[1::2])
    return (10 - total % 10) % 10 == int(check)


def _s10(code: str) -> bool:
    """UPU S10 (USPS international): weights 8 6 4 2 3 5 9 7, mod 11 (10 -> 0, 11 -> 5)."""
    digits = code[2:10]
    total = sum(int(d) * w for d, w in zip(digits, (8, 6, 4, 2, 3, 5, 9, 7), strict=True))
    check = 11 - total % 11
    check = {10: 0, 11: 5}.get(check, check)
    return check == int(code[10])


def _fedex_express(code: str) -> bool:
    """FedEx Express 12 digits: weights 1, 3, 7… from the right, mod 11, mod 10."""
    body, check = code[:-1], int(code[-1])
    weights = (1, 3, 7)
    total = sum(int(d) * weights[i % 3] for i, d in enumerate(reversed(body)))
    return total % 11 % 10 == check


#: (name, the form, its check digit). A code of the form is judged by its check digit alone.
CARRIER_FORMATS: tuple[tuple[str, re.Pattern[str], Callable[[str], bool]], ...] = (
    ("UPS", re.compile(r"1Z[0-9A-Z]{15}[0-9]"), _ups),
    ("USPS S10", re.compile(r"[A-Z]{2}\d{9}[A-Z]{2}"), _s10),
    ("USPS IMpb", re.compile(r"9[1-5]\d{18,32}"), _gs1_mod10),
    ("FedEx Express", re.compile(r"\d{12}"), _fedex_express),
    ("FedEx Ground", re.compile(r"\d{15}"), _gs1_mod10),
)


def carrier_format(code: str) -> tuple[str, bool] | None:
    """(the carrier format `code` has, whether its check digit holds), or None."""
    for name, form, check in CARRIER_FORMATS:
        if form.fullmatch(code):
            return name, check(code)
    return None


# -- the shop's own shapes ---------------------------------------------------------------------


def learn(db: sqlite_utils.Database) -> None:
    """Count the shapes of manifest parcels added since the last look (a day's manifest: ms)."""
    conn = db.conn
    (since,) = conn.execute(
        "SELECT coalesce(max(last_parcel_id), 0) FROM tracking_shapes"
    ).fetchone()
    rows = conn.execute(
        "SELECT id, tracking_id FROM parcels WHERE id > ? AND manifest_id IS NOT NULL ORDER BY id",
        (since,),
    ).fetchall()
    if rows:
        count(db, (tracking_id for _, tracking_id in rows), rows[-1][0])


def count(db: sqlite_utils.Database, ids: Iterable[str], last_id: int) -> None:
    """Add `ids` (manifest parcels up to parcels.id `last_id`) to the shop's shapes."""
    counts: dict[str, list[Any]] = {}
    for tracking_id in ids:
        entry = counts.setdefault(shape(tracking_id), [0, 0, tracking_id])
        entry[0] += 1
        form = carrier_format(tracking_id)
        entry[1] += form is not None and form[1]
    db.conn.executemany(
        "INSERT INTO tracking_shapes (shape, parcels, check_digit_ok, example, last_parcel_id) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (shape) DO UPDATE SET "
        "parcels = parcels + excluded.parcels, "
        "check_digit_ok = check_digit_ok + excluded.check_digit_ok, "
        "last_parcel_id = excluded.last_parcel_id",
        [(key, n, ok, example, last_id) for key, (n, ok, example) in counts.items()],
    )


def known_shapes(db: sqlite_utils.Database) -> dict[str, int]:
    """Every shape the shop's manifests have shown, with how many parcels had it."""
    learn(db)
    return dict(db.conn.execute("SELECT shape, parcels FROM tracking_shapes").fetchall())


def looks_like_tracking(db: sqlite_utils.Database, code: str) -> bool:
    """True when `code` could be a real tracking number for this shop (see the module).

    A carrier form's check digit is enforced unless the shop's own ids of that shape mostly
    fail it (a local carrier's 12-digit numbers are not FedEx's and have no check digit)."""
    form = carrier_format(code)
    if form is not None and form[1]:
        return True
    learn(db)
    row = db.conn.execute(
        "SELECT parcels, check_digit_ok FROM tracking_shapes WHERE shape = ?", (shape(code),)
    ).fetchone()
    if row is None:
        return False
    parcels, check_digit_ok = row
    return form is None or check_digit_ok * 2 < parcels


def why_not(code: str) -> str:
    """The sentence for a code that does not look like a tracking number."""
    form = carrier_format(code)
    if form is not None:
        return f"{code} is not a valid {form[0]} number (its check digit is wrong)"
    return f"{code} does not look like any tracking number this shop receives"
