"""Finding an address line in the area's address index.

The order is the issue's: the exact address point; else the named street, with the house
number placed between its nearest numbered neighbours on that street (the same side first:
odd and even numbers face each other), else at the street's point nearest the ZIP centre.
A street is looked for only among the streets of the row's ZIP code or town, never across
the whole area: first by its exact name, then without its type ("Main" for "Main St"), then
by a ranked fuzzy match of the spelling (RapidFuzz) that must clearly beat the runner-up.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

from store.address_index import FORMAT_VERSION, metres, nearest_on_segments
from store.address_parse import AddressLine, StreetKey, fold

#: A misspelt street name must score at least this (RapidFuzz ratio, 0-100) ...
FUZZY_CUTOFF = 80.0
#: ... and beat the best other name by this much; otherwise it is not guessed at.
FUZZY_MARGIN = 6.0
#: A number placed between neighbours farther than this from the street (the straight line
#: between two far houses cuts across a bend) is put on the street itself.
OFF_STREET_M = 40.0
#: A number beyond the street's numbered points goes next to the nearest one only this close.
NEIGHBOUR_SPAN = 20


@dataclass(frozen=True)
class Match:
    """Where an address line points in the area. `precision` is `address` (an address point)
    or `street` (a place on the named street); `detail` says how, in words."""

    latitude: float
    longitude: float
    precision: str
    street_id: int
    street: str
    detail: str
    #: `point` (the address point), `between` (two numbered neighbours), `next` (beside the
    #: nearest numbered house) or `street` (the street's point nearest the centre).
    kind: str = "point"


@dataclass(frozen=True)
class NearbyMap:
    """What the pin map draws: named streets (pieces of lon, lat, ...) and address points
    (label, lat, lon)."""

    streets: list[tuple[str, tuple[tuple[float, ...], ...]]]
    points: list[tuple[str, float, float]]


@dataclass(frozen=True)
class _Street:
    id: int
    name: str
    full: str
    core: str
    plain: str
    pieces: tuple[tuple[float, ...], ...]


@dataclass(frozen=True)
class _Point:
    number: str
    value: int | None
    latitude: float
    longitude: float
    interpolated: bool = False  # along an OSM interpolation line, not a house of its own


def postal_key(postal_code: str) -> str:
    """A postal code as the index keeps it: US ZIP+4 to its five digits, others as written."""
    text = postal_code.strip().upper()
    if re.fullmatch(r"\d{5}(?:-?\d{4})?", text):
        return text[:5]
    return text.replace(" ", "")


class AddressIndex:
    """An opened address index (read-only; safe to share between threads)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        (version,) = self._conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        if int(version) != FORMAT_VERSION:
            raise ValueError(f"address index format {version}, expected {FORMAT_VERSION}")
        self.streets = {
            row[0]: _Street(
                row[0],
                row[1],
                row[2],
                row[3],
                row[4],
                tuple(tuple(piece) for piece in json.loads(row[5])),
            )
            for row in self._conn.execute(
                "SELECT id, name, full_key, core_key, plain_key, geometry FROM streets"
            )
        }
        self._by_full: dict[str, list[int]] = defaultdict(list)
        self._by_core: dict[str, list[int]] = defaultdict(list)
        for street in self.streets.values():
            self._by_full[street.full].append(street.id)
            self._by_core[street.core].append(street.id)
        self._scopes: dict[tuple[str, str], set[int]] = defaultdict(set)
        for street_id, kind, value in self._conn.execute("SELECT * FROM scopes"):
            self._scopes[(kind, value)].add(street_id)
        self.postcodes = {
            code: (lat, lon)
            for code, lat, lon in self._conn.execute(
                "SELECT code, latitude, longitude FROM postcodes"
            )
        }
        self.places = {
            key: (lat, lon)
            for key, lat, lon in self._conn.execute("SELECT key, latitude, longitude FROM places")
        }
        self._points: dict[int, list[_Point]] = {}
        self._scope_cache: dict[tuple[str, str], set[int]] = {}
        self._nearest_cache: dict[tuple[int, tuple[float, float]], tuple[float, float, float]]
        self._nearest_cache = {}
        self._segments: dict[int, np.ndarray] = {}
        self._boxes: dict[int, tuple[float, float, float, float]] | None = None

    def close(self) -> None:
        self._conn.close()

    @property
    def point_count(self) -> int:
        with self._lock:
            return int(self._conn.execute("SELECT count(*) FROM points").fetchone()[0])

    def near(self, lat: float, lon: float, radius_m: float) -> NearbyMap:
        """The streets and address points within about `radius_m` of a point (for the map
        a clerk drops a pin on)."""
        dlat = radius_m / 110_540.0
        dlon = radius_m / (111_320.0 * max(0.2, math.cos(math.radians(lat))))
        box = (lat - dlat, lon - dlon, lat + dlat, lon + dlon)
        if self._boxes is None:
            self._boxes = {
                street.id: _bounds(street.pieces)
                for street in self.streets.values()
                if street.pieces
            }
        streets = [
            (self.streets[street_id].name, self.streets[street_id].pieces)
            for street_id, bounds in self._boxes.items()
            if _overlap(bounds, box) and _touches(self.streets[street_id].pieces, box)
        ]
        with self._lock:
            rows = self._conn.execute(
                "SELECT s.name, p.number, p.latitude, p.longitude FROM points p "
                "JOIN streets s ON s.id = p.street_id WHERE NOT p.interpolated "
                "AND p.latitude BETWEEN ? AND ? "
                "AND p.longitude BETWEEN ? AND ?",
                (box[0], box[2], box[1], box[3]),
            ).fetchall()
        return NearbyMap(streets, [(f"{name} {number}", la, lo) for name, number, la, lo in rows])

    def postcode_centre(self, postal_code: str) -> tuple[float, float] | None:
        return self.postcodes.get(postal_key(postal_code))

    def match(self, line: AddressLine, postal_code: str, city: str) -> Match | None:
        """The best place for the line in the row's ZIP or town, or None."""
        found = self.candidates(line, postal_code, city, limit=1)
        return found[0] if found else None

    def candidates(
        self, line: AddressLine, postal_code: str, city: str, *, limit: int = 5
    ) -> list[Match]:
        """Places for the line, best first: the matched street, then (for a clerk choosing)
        other streets of the ZIP or town whose names come closest."""
        if line.street is None:
            return []
        zip_code, town = postal_key(postal_code), fold(city)
        scope = self._scope(zip_code, town)
        named, how = self._named(line, scope) if scope else ([], "")
        if not named and town:  # the exact name, anywhere in the row's postal town
            wider = self._scopes.get(("postal_city", town), set()) - scope
            named, how = self._named(line, wider, fuzzy=False) if wider else ([], "")
        if not scope and not named:
            return []
        others = []  # for a clerk choosing: the scope's streets whose names come closest
        if limit > 1:
            others = [s for s in self._ranked(line.street, scope, limit) if s not in named]
        centre = self.postcodes.get(zip_code) or self.places.get(town)
        ranked = named
        if len(named) > 1:
            ranked = sorted(named, key=self._rank(zip_code, town, centre))
            ranked = self._with_number_first(ranked, line)
        matches = [self._place(street_id, line, centre, how) for street_id in ranked + others]
        return matches[:limit]

    def _scope(self, zip_code: str, town: str) -> set[int]:
        scope = self._scope_cache.get((zip_code, town))
        if scope is None:
            scope = self._scope_cache[(zip_code, town)] = self._scope_of(zip_code, town)
        return scope

    def _scope_of(self, zip_code: str, town: str) -> set[int]:
        scope: set[int] = set()
        for kind in ("zip", "zip_near"):
            scope |= self._scopes.get((kind, zip_code), set())
        for kind in ("city", "city_near"):
            scope |= self._scopes.get((kind, town), set())
        return scope

    def _named(
        self, line: AddressLine, scope: set[int], *, fuzzy: bool = True
    ) -> tuple[list[int], str]:
        """Streets in scope carrying the name: exact, without its type, or (when `fuzzy`)
        misspelt. A street of the same name without its type ("Rotenboden" for
        "Rotenbodenstrasse") that has the very house number wins over an exact name without
        it; among those, the one whose name is the line's with only the type added ("North
        Houcks Road" for "North Houcks", not "South Houcks Road")."""
        key = line.street
        assert key is not None
        exact = [s for s in self._by_full.get(key.full, ()) if s in scope]
        core = [s for s in self._by_core.get(key.core, ()) if s in scope and s not in exact]
        if line.number is not None:
            having = [s for s in exact + core if self._has_number(s, line.number)]
            if having and len({self.streets[s].full for s in having}) == 1:
                return having, "" if having[0] in exact else "corrected"
        if exact:
            return exact, ""
        typed = [s for s in core if self.streets[s].full.rsplit(" ", 1)[0] == key.full]
        for found in (core, typed):
            if found and len({self.streets[s].full for s in found}) == 1:
                return found, "corrected"
        if not fuzzy:
            return [], ""
        guessed = self._fuzzy(key, scope)
        return (guessed, "corrected") if guessed else ([], "")

    def _has_number(self, street_id: int, number: str) -> bool:
        return any(point.number == number for point in self._of(street_id))

    def _fuzzy(self, key: StreetKey, scope: set[int]) -> list[int]:
        scores: dict[str, float] = {}
        names: dict[str, list[int]] = defaultdict(list)
        for street_id in scope:
            street = self.streets[street_id]
            names[street.full].append(street_id)
            if street.full not in scores:
                scores[street.full] = max(
                    fuzz.ratio(key.full, street.full),
                    fuzz.ratio(key.plain, street.plain),
                    fuzz.ratio(key.core, street.core) - 5,
                )
        ranked = sorted(scores.items(), key=lambda item: -item[1])
        if not ranked or ranked[0][1] < FUZZY_CUTOFF:
            return []
        if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < FUZZY_MARGIN:
            return []
        return names[ranked[0][0]]

    def _ranked(self, key: StreetKey, scope: set[int], limit: int) -> list[int]:
        """Streets of the scope by closeness of name (for a clerk to pick from)."""
        choices = {street_id: self.streets[street_id].full for street_id in scope}
        found = process.extract(key.full, choices, scorer=fuzz.WRatio, limit=limit * 3)
        seen: set[str] = set()
        result = []
        for _, _, street_id in found:
            name = self.streets[street_id].full
            if name not in seen:
                seen.add(name)
                result.append(street_id)
        return result[:limit]

    def _rank(
        self, zip_code: str, town: str, centre: tuple[float, float] | None
    ) -> Callable[[int], tuple[int, float]]:
        """Same-named streets: the row's own ZIP or town first, then nearest its centre."""

        def rank(street_id: int) -> tuple[int, float]:
            own = street_id in self._scopes.get(("zip", zip_code), set()) or (
                street_id in self._scopes.get(("city", town), set())
            )
            distance = self._distance(street_id, centre) if centre else 0.0
            return (0 if own else 1, distance)

        return rank

    def _with_number_first(self, ranked: list[int], line: AddressLine) -> list[int]:
        if line.number is None:
            return ranked
        having = [s for s in ranked if self._has_number(s, line.number)]
        return having + [s for s in ranked if s not in having]

    def _distance(self, street_id: int, centre: tuple[float, float]) -> float:
        return self._nearest(street_id, centre)[0]

    def _nearest(self, street_id: int, centre: tuple[float, float]) -> tuple[float, float, float]:
        """(metres, lat, lon) of the street's point nearest `centre` (cached: a manifest asks
        for the same street and ZIP centre many times)."""
        found = self._nearest_cache.get((street_id, centre))
        if found is None:
            segments = self._segments.get(street_id)
            if segments is None:
                segments = self._segments[street_id] = self._segment_array(street_id)
            found = (
                nearest_on_segments(segments, centre[0], centre[1])
                if len(segments)
                else (math.inf, centre[0], centre[1])
            )
            self._nearest_cache[(street_id, centre)] = found
        return found

    def _segment_array(self, street_id: int) -> np.ndarray:
        """Rows of (lon_a, lat_a, lon_b, lat_b): the street's pieces, or its address points
        (segments of length zero) when it has no geometry."""
        rows = []
        for piece in self.streets[street_id].pieces:
            if len(piece) == 2:
                rows.append((piece[0], piece[1], piece[0], piece[1]))
            rows.extend(
                (piece[i], piece[i + 1], piece[i + 2], piece[i + 3])
                for i in range(0, len(piece) - 2, 2)
            )
        if not rows:
            rows = [(p.longitude, p.latitude, p.longitude, p.latitude) for p in self._of(street_id)]
        return np.array(rows, dtype=float).reshape(-1, 4)

    def _of(self, street_id: int) -> list[_Point]:
        points = self._points.get(street_id)
        if points is None:
            with self._lock:
                rows = self._conn.execute(
                    "SELECT number, number_value, latitude, longitude, interpolated "
                    "FROM points WHERE street_id = ?",
                    (street_id,),
                ).fetchall()
            points = [_Point(row[0], row[1], row[2], row[3], bool(row[4])) for row in rows]
            self._points[street_id] = points
        return points

    def _place(
        self,
        street_id: int,
        line: AddressLine,
        centre: tuple[float, float] | None,
        how: str,
    ) -> Match:
        street = self.streets[street_id]
        read = " (the name as written was read as this street)" if how else ""
        points = self._of(street_id)
        if line.number is not None:
            for point in sorted(points, key=lambda p: p.interpolated):  # houses first
                if point.number == line.number and point.interpolated:
                    return Match(
                        point.latitude, point.longitude, "street", street_id, street.name,
                        f"{street.name} {point.number}, along its numbered line{read}",
                        "between",
                    )  # fmt: skip
                if point.number == line.number:
                    return Match(
                        point.latitude,
                        point.longitude,
                        "address",
                        street_id,
                        street.name,
                        f"address point {street.name} {point.number}{read}",
                    )
            between = _interpolate(points, line.number_value)
            if between is not None:
                lat, lon, words = between
                kind = "between" if words.startswith("between") else "next"
                if self.streets[street_id].pieces:
                    off, on_lat, on_lon = self._nearest(street_id, (lat, lon))
                    if off > OFF_STREET_M:  # neighbours far apart on a bending street
                        lat, lon = on_lat, on_lon
                return Match(
                    lat, lon, "street", street_id, street.name,
                    f"{street.name}, {words}{read}", kind,
                )  # fmt: skip
        anchor = centre or self._middle(street_id)
        _, lat, lon = self._nearest(street_id, anchor)
        where = "nearest the ZIP code's centre" if centre else "its middle"
        return Match(
            lat, lon, "street", street_id, street.name, f"{street.name}, {where}{read}", "street"
        )

    def _middle(self, street_id: int) -> tuple[float, float]:
        street = self.streets[street_id]
        coords = [c for piece in street.pieces for c in piece]
        if not coords:
            points = self._of(street_id)
            coords = [c for p in points for c in (p.longitude, p.latitude)]
        lons, lats = coords[0::2], coords[1::2]
        return sum(lats) / len(lats), sum(lons) / len(lons)


def _bounds(pieces: tuple[tuple[float, ...], ...]) -> tuple[float, float, float, float]:
    lats = [c for piece in pieces for c in piece[1::2]]
    lons = [c for piece in pieces for c in piece[0::2]]
    return min(lats), min(lons), max(lats), max(lons)


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _touches(pieces: tuple[tuple[float, ...], ...], box: tuple[float, ...]) -> bool:
    south, west, north, east = box
    return any(
        south <= piece[i + 1] <= north and west <= piece[i] <= east
        for piece in pieces
        for i in range(0, len(piece), 2)
    )


def _interpolate(points: list[_Point], value: int | None) -> tuple[float, float, str] | None:
    """Between the nearest numbered neighbours (same side first), else the nearest one."""
    if value is None:
        return None
    numbered = [p for p in points if p.value is not None]
    same_side = [p for p in numbered if p.value is not None and p.value % 2 == value % 2]
    for pool in (same_side, numbered):
        below = [p for p in pool if p.value is not None and p.value < value]
        above = [p for p in pool if p.value is not None and p.value > value]
        if below and above:
            low = max(below, key=lambda p: p.value or 0)
            high = min(above, key=lambda p: p.value or 0)
            if low.value is None or high.value is None:
                continue
            share = (value - low.value) / (high.value - low.value)
            lat = low.latitude + share * (high.latitude - low.latitude)
            lon = low.longitude + share * (high.longitude - low.longitude)
            return lat, lon, f"between {low.number} and {high.number}"
    for pool in (same_side, numbered):
        if pool:
            near = min(pool, key=lambda p: abs((p.value or 0) - value))
            if abs((near.value or 0) - value) <= NEIGHBOUR_SPAN:
                return near.latitude, near.longitude, f"next to {near.number}"
    return None


@lru_cache(maxsize=4)
def open_index(path: Path, stamp: float) -> AddressIndex:
    """An index opened once per file version (`stamp`: its modification time)."""
    return AddressIndex(path)


def load(path: Path | None) -> AddressIndex | None:
    """The index at `path`, or None when there is none (no area imported yet)."""
    if path is None or not path.is_file():
        return None
    try:
        return open_index(path, path.stat().st_mtime)
    except (sqlite3.DatabaseError, ValueError, TypeError):
        return None


__all__ = ["AddressIndex", "Match", "NearbyMap", "load", "metres", "postal_key"]
