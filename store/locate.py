"""Where a parcel goes, and how precisely that is known.

Most manifests carry coordinates. When one does not, an address the shop located before is
reused (the address book learns from every manifest with coordinates and every clerk's fix);
failing that the shop's own streets are searched (`store.address_match`: the address point,
else the named street); failing that the ZIP code's centre gives a zone but no place to drive
to, so such a parcel is held as `needs_location` unless the owner chooses to plan it anyway;
failing that it is held with no location at all. Each parcel keeps its precision (`given`,
`address`, `street`, `zip`, `none`) so that anything less than exact is marked wherever a
person sees the stop.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlite_utils

from store.geo import bearing_deg, miles_between, zone_for

if TYPE_CHECKING:  # the index's readers (NumPy, RapidFuzz, usaddress) load when first used
    from store.address_match import AddressIndex, Match

#: The address index's file in the area's folder (`store.address_index` builds it).
INDEX_FILE_NAME = "addresses.sqlite"

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


#: How exactly a parcel is located, best first. `given`: the manifest's coordinates;
#: `address`: an address point of the area, the address book or a clerk's pin; `street`: a
#: place on the named street; `zip`: the ZIP code's centre; `none`: nowhere.
PRECISIONS = ("given", "address", "street", "zip", "none")
#: Precisions shown as approximate wherever a person sees the stop.
APPROXIMATE = frozenset({"street", "zip", "none"})
#: Given coordinates this far from the address's own match in the area are flagged.
DISAGREE_MI = 1.0
DISAGREE_WARNING = "coordinates disagree with the address"
#: Where each way of locating leaves a parcel (the `location_source` column's values).
PRECISION_OF_SOURCE = {
    "manifest": "given",
    "address_book": "address",
    "manual": "address",
    "address_point": "address",
    "street": "street",
    "zip_centroid": "zip",
}


def worst(precisions: Iterable[str | None]) -> str:
    """The least precise of several parcels' precisions (a stop is as exact as its worst)."""
    ranks = [PRECISIONS.index(p) if p in PRECISIONS else 0 for p in precisions]
    return PRECISIONS[max(ranks)] if ranks else "given"


def approximate_words(precision: str) -> str:
    """How a person is told a stop's location is not exact ("" when it is)."""
    return {
        "street": "approximate location: street only",
        "zip": "approximate location: ZIP code only",
        "none": "no location",
    }.get(precision, "")


#: Precisions whose point the area (or a clerk) gave for that very house or street: two
#: parcels with the same house number and ZIP at the same such point go to the same door.
PLACED = frozenset({"address", "street"})


def door_key(parcel: Mapping[str, Any]) -> str:
    """The door a parcel goes to, for making one stop of its parcels and fixing them together.

    The address line as written (`address_key`), unless the area's address index (or a
    clerk's pin) placed it: then its house number, ZIP and point, so "3797 Cockley Rd",
    "3797 Cockley" and "3797 Cockly Road", which the index read as the same street, are one
    door (the point alone is not: every number of a street without numbered houses gets the
    same point)."""
    text_key = address_key(parcel["address_line1"] or "", parcel["postal_code"] or "")
    lat, lon = parcel.get("latitude"), parcel.get("longitude")
    if parcel.get("location_precision") not in PLACED or lat is None or lon is None:
        return text_key
    from store.address_parse import parse_line

    number = parse_line(parcel["address_line1"] or "").number
    if not number:
        return text_key
    return f"{number}|{(parcel['postal_code'] or '')[:5]}|{lat:.5f},{lon:.5f}"


def location_note(parcels: Iterable[Mapping[str, Any]]) -> str:
    """What a person must be told about where these parcels are (one stop's, or one parcel):
    approximate (the least precise parcel's words), or given coordinates that disagree with
    the address; "" when they are exact. The words every screen and paper shows."""
    parcels = list(parcels)
    words = [approximate_words(worst(p.get("location_precision") for p in parcels))]
    words += sorted({p["location_warning"] for p in parcels if p.get("location_warning")})
    return "; ".join(word for word in words if word)


@dataclass(frozen=True)
class DayPrecision:
    """How exactly the day's parcels are located: counts per precision, and how many carry
    coordinates that disagree with their address."""

    counts: dict[str, int]
    disagreeing: int

    @property
    def approximate(self) -> int:
        return sum(self.counts.get(p, 0) for p in APPROXIMATE)


def day_precision(db: sqlite_utils.Database, day: date) -> DayPrecision:
    counts: dict[str, int] = {}
    disagreeing = 0
    for precision, count, warned in db.conn.execute(
        "SELECT coalesce(location_precision, 'none'), count(*), "
        "sum(location_warning != '') FROM parcels WHERE expected_date = ? GROUP BY 1",
        (day.isoformat(),),
    ):
        counts[precision] = count
        disagreeing += warned or 0
    return DayPrecision(counts, disagreeing)


def held_for_location(db: sqlite_utils.Database) -> list[str]:
    """Parcels on the shelf held until someone fixes their location."""
    return [
        tracking_id
        for (tracking_id,) in db.conn.execute(
            "SELECT tracking_id FROM parcels INDEXED BY parcels_status WHERE status = "
            "'exception' AND status_reason = 'needs_location' ORDER BY tracking_id"
        )
    ]


@dataclass(frozen=True)
class Found:
    """Where a row points, how precisely, and why (`detail`, in words)."""

    latitude: float | None
    longitude: float | None
    source: str | None  # a key of PRECISION_OF_SOURCE, or None
    detail: str = ""
    warning: str = ""
    street: str = ""  # the area's street it was placed on, if any

    @property
    def precision(self) -> str:
        return PRECISION_OF_SOURCE.get(self.source or "", "none")

    @property
    def point(self) -> tuple[float, float] | None:
        """(latitude, longitude), or None when the row points nowhere."""
        if self.latitude is None or self.longitude is None:
            return None
        return self.latitude, self.longitude


NOWHERE = Found(None, None, None)


@dataclass(frozen=True)
class Location:
    latitude: float | None
    longitude: float | None
    source: str | None  # see PRECISION_OF_SOURCE
    distance_mi: float | None
    zone: str | None
    hold: str | None  # out_of_zone | needs_location | None
    precision: str = "none"
    detail: str = ""
    warning: str = ""

    @property
    def approximate(self) -> bool:
        return self.precision in APPROXIMATE and self.latitude is not None


def place(
    found: Found, shop: tuple[float, float], radius_mi: float, *, plan_zip: bool = False
) -> Location:
    """Distance, zone and hold for a position (or the hold for having none). A parcel known
    only by its ZIP code is held for a location unless the owner plans such parcels anyway
    (`plan_zip`); it still gets a zone, so it can wait on the right shelf. Outside the radius
    a parcel is out of zone, unless only its street is known: then it is held for a pin."""
    latitude, longitude = found.latitude, found.longitude
    extra = {"precision": found.precision, "detail": found.detail, "warning": found.warning}
    if latitude is None or longitude is None:
        return Location(None, None, None, None, None, "needs_location", **extra)
    distance = miles_between(shop[0], shop[1], latitude, longitude)
    if distance > radius_mi:
        # A street's point may lie outside while its house is inside (a long road crossing
        # the circle): only a pin can say, so it waits for one rather than going back.
        away = "needs_location" if found.precision == "street" else "out_of_zone"
        return Location(latitude, longitude, found.source, round(distance, 2), None, away, **extra)
    zone = zone_for(distance, bearing_deg(shop[0], shop[1], latitude, longitude), radius_mi)
    hold = "needs_location" if found.precision == "zip" and not plan_zip else None
    return Location(latitude, longitude, found.source, round(distance, 2), zone, hold, **extra)


def index_file(db: sqlite_utils.Database) -> Path | None:
    """Where the shop's address index lives: in the folder of the street map the shop file
    records (`store.area`; the area import's "addresses" step builds it); None without one."""
    from store import area

    recorded = area.recorded(db)
    return recorded.file(INDEX_FILE_NAME) if recorded is not None else None


def area_index(db: sqlite_utils.Database) -> AddressIndex | None:
    """The shop's address index, or None when no area is imported."""
    from store import address_match

    return address_match.load(index_file(db))


class Locator:
    """Resolves positions for many rows of one import without repeated look-ups, in the
    issue's order: given coordinates, the address book, the area's address point, the named
    street, the ZIP centre, nothing."""

    def __init__(self, db: sqlite_utils.Database, index: AddressIndex | None = None) -> None:
        self._book = {
            key: (lat, lon, source)
            for key, lat, lon, source in db.conn.execute(
                "SELECT key, latitude, longitude, source FROM address_book"
            )
        }
        self.index = index if index is not None else area_index(db)

    def locate(
        self,
        address_line1: str,
        postal_code: str,
        city: str = "",
        latitude: float | None = None,
        longitude: float | None = None,
    ) -> Found:
        if latitude is not None and longitude is not None:
            return Found(latitude, longitude, "manifest", warning=self._check(
                address_line1, postal_code, city, latitude, longitude
            ))  # fmt: skip
        known = self._book.get(address_key(address_line1, postal_code))
        if known:
            if known[2] == "street":  # a clerk chose the street, not the house
                return Found(known[0], known[1], "street", "street chosen before (address book)")
            return Found(known[0], known[1], "address_book", "located before (address book)")
        match = self.match(address_line1, postal_code, city)
        if match is not None:
            source = "address_point" if match.precision == "address" else "street"
            return Found(match.latitude, match.longitude, source, match.detail, street=match.street)
        centre = self.zip_centre(postal_code)
        if centre:
            return Found(centre[0], centre[1], "zip_centroid", f"centre of ZIP {postal_code}")
        return NOWHERE

    def match(self, address_line1: str, postal_code: str, city: str) -> Match | None:
        if self.index is None:
            return None
        from store.address_parse import parse_line

        return self.index.match(parse_line(address_line1), postal_code, city)

    def candidates(self, address_line1: str, postal_code: str, city: str) -> list[Match]:
        """Places a clerk may choose from: the match first, then the ZIP's similar streets."""
        if self.index is None:
            return []
        from store.address_parse import parse_line

        return self.index.candidates(parse_line(address_line1), postal_code, city)

    def zip_centre(self, postal_code: str) -> tuple[float, float] | None:
        """The US ZIP table's centre, else the centre of the area's points with that code."""
        centre = zip_centroid(postal_code)
        if centre is None and self.index is not None:
            centre = self.index.postcode_centre(postal_code)
        return centre

    def _check(
        self, address_line1: str, postal_code: str, city: str, lat: float, lon: float
    ) -> str:
        """A warning when given coordinates lie far from where the area puts the address
        (its address point, or a number placed between its neighbours)."""
        match = self.match(address_line1, postal_code, city)
        if match is None or match.kind not in ("point", "between"):
            return ""
        off = miles_between(lat, lon, match.latitude, match.longitude)
        if off <= DISAGREE_MI:
            return ""
        return f"{DISAGREE_WARNING} ({off:.1f} mi from {match.street})"


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
