"""Where a parcel goes: given coordinates, the shop's address book, or the ZIP centroid.

Most manifests carry coordinates. When one does not, an address the shop located before is
reused (the address book learns from every manifest with coordinates and every manual fix);
failing that the ZIP code's centroid gives an approximate position (good enough for a zone and a
rough plan, and marked as such); failing that the parcel is held as `needs_location`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import sqlite_utils

from store.geo import bearing_deg, miles_between, zone_for

_ABBREVIATIONS = {
    "STREET": "ST",
    "AVENUE": "AVE",
    "ROAD": "RD",
    "DRIVE": "DR",
    "BOULEVARD": "BLVD",
    "LANE": "LN",
    "COURT": "CT",
    "PLACE": "PL",
    "TERRACE": "TER",
    "CIRCLE": "CIR",
    "PARKWAY": "PKWY",
    "HIGHWAY": "HWY",
    "NORTH": "N",
    "SOUTH": "S",
    "EAST": "E",
    "WEST": "W",
    "SUITE": "STE",
    "APARTMENT": "APT",
}


def address_key(address_line1: str, postal_code: str) -> str:
    """A normalised key for the address book: street line and 5-digit ZIP."""
    words = re.sub(r"[^\w\s]", " ", address_line1.upper()).split()
    street = " ".join(_ABBREVIATIONS.get(word, word) for word in words)
    return f"{street}|{postal_code[:5]}"


@lru_cache(maxsize=4096)
def zip_centroid(postal_code: str) -> tuple[float, float] | None:
    """The centroid of a US ZIP code from the offline `zipcodes` data, or None if unknown."""
    zip5 = postal_code[:5]
    if not re.fullmatch(r"[0-9]{5}", zip5):  # \d would let other scripts' digits through
        return None
    import zipcodes  # imported late: loading its data costs ~0.5 s, not needed at start-up

    try:
        matches = zipcodes.matching(zip5)
    except (ValueError, TypeError):
        return None
    except BaseException as error:  # its Rust core panics (a BaseException) on odd input
        if isinstance(error, (KeyboardInterrupt, SystemExit, GeneratorExit)):
            raise
        return None
    for match in matches:
        try:
            return float(match["lat"]), float(match["long"])
        except (KeyError, TypeError, ValueError):
            continue
    return None


@dataclass(frozen=True)
class Location:
    latitude: float | None
    longitude: float | None
    source: str | None  # manifest | address_book | zip_centroid | manual | None
    distance_mi: float | None
    zone: str | None
    hold: str | None  # out_of_zone | needs_location | None

    @property
    def approximate(self) -> bool:
        return self.source == "zip_centroid"


def place(
    latitude: float | None,
    longitude: float | None,
    source: str | None,
    shop: tuple[float, float],
    radius_mi: float,
) -> Location:
    """Distance, zone and hold for a position (or the hold for having none)."""
    if latitude is None or longitude is None:
        return Location(None, None, None, None, None, "needs_location")
    distance = miles_between(shop[0], shop[1], latitude, longitude)
    if distance > radius_mi:
        return Location(latitude, longitude, source, round(distance, 2), None, "out_of_zone")
    zone = zone_for(distance, bearing_deg(shop[0], shop[1], latitude, longitude), radius_mi)
    return Location(latitude, longitude, source, round(distance, 2), zone, None)


class Locator:
    """Resolves positions for many rows of one import without repeated look-ups."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self._book = {
            key: (lat, lon)
            for key, lat, lon in db.conn.execute(
                "SELECT key, latitude, longitude FROM address_book"
            )
        }

    def resolve(
        self, address_line1: str, postal_code: str, latitude: float | None, longitude: float | None
    ) -> tuple[float | None, float | None, str | None]:
        if latitude is not None and longitude is not None:
            return latitude, longitude, "manifest"
        known = self._book.get(address_key(address_line1, postal_code))
        if known:
            return known[0], known[1], "address_book"
        centroid = zip_centroid(postal_code)
        if centroid:
            return centroid[0], centroid[1], "zip_centroid"
        return None, None, None


def remember(
    db: sqlite_utils.Database, entries: list[tuple[str, float, float, str]], at: str
) -> None:
    """Add or refresh address-book entries (key, latitude, longitude, source) in the caller's
    transaction."""
    db.conn.executemany(
        "INSERT INTO address_book (key, latitude, longitude, source, updated_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET "
        "latitude = excluded.latitude, longitude = excluded.longitude, "
        "source = excluded.source, updated_at = excluded.updated_at",
        [(key, lat, lon, source, at) for key, lat, lon, source in entries],
    )
