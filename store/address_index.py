"""The area's address index: address points, named streets and places, read once from OSM.

Built when the shop's area is imported and kept as a small SQLite file in the area's folder
(derived data: rebuildable from the extract, never part of the shop file). Locating a
manifest row (`store.address_match`) loads the streets at once and each street's numbered
points when a row asks for that street, so a 10,000-row manifest reads only what it needs.

What it holds:
- `points`: every `addr:housenumber` with `addr:street` (or `addr:place`) on a node or a
  building way (the way's centre), attached to the nearest street of that name;
- `streets`: named roads joined into one street per name and neighbourhood (two "Main
  Street"s in two towns stay two streets), with their geometry; a street name that exists
  only on address points becomes a street without geometry;
- `scopes`: which ZIP codes and towns each street belongs to (from its address points, else
  the postal-code and town centres near it), the bounds of a misspelling's fuzzy match;
- `postcodes` and `places`: the centre of every postal code seen on an address point (and of
  every US ZIP code whose centre lies in the area), and the named towns and villages.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import osmium

from store.address_parse import fold, normalise_number, number_value, street_key
from store.errors import BadInput

FILE_NAME = "addresses.sqlite"  # = store.locate.INDEX_FILE_NAME
FORMAT_VERSION = 2
#: Roads that carry addresses (no motorways, no footpaths).
ADDRESS_ROADS = frozenset(
    {
        "primary", "secondary", "tertiary", "unclassified", "residential", "living_street",
        "service", "road", "trunk", "primary_link", "secondary_link", "tertiary_link",
        "pedestrian", "track",
    }
)  # fmt: skip
PLACE_KINDS = frozenset({"city", "town", "village", "suburb", "hamlet", "neighbourhood", "quarter"})
#: Pieces of a street with one name closer than this are one street (a roundabout between).
JOIN_M = 250.0
#: A street without address points belongs to every centre this much farther than its
#: nearest one (streets near a ZIP boundary belong to both sides).
SCOPE_SLACK_M = 2000.0

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE streets (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    full_key TEXT NOT NULL,
    core_key TEXT NOT NULL,
    plain_key TEXT NOT NULL,
    geometry TEXT NOT NULL      -- JSON: [[lon, lat, lon, lat, ...], ...], one list per piece
);
CREATE TABLE scopes (street_id INTEGER NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL);
CREATE TABLE points (
    street_id INTEGER NOT NULL,
    number TEXT NOT NULL,
    number_value INTEGER,
    latitude REAL NOT NULL,
    longitude REAL NOT NULL,
    postcode TEXT NOT NULL,
    interpolated INTEGER NOT NULL     -- 1: placed along an OSM addr:interpolation line
);
CREATE TABLE postcodes (code TEXT PRIMARY KEY, latitude REAL, longitude REAL, source TEXT);
CREATE TABLE places (name TEXT, key TEXT, kind TEXT, latitude REAL, longitude REAL);
CREATE INDEX points_street ON points(street_id);
CREATE INDEX scopes_value ON scopes(kind, value);
"""


@dataclass(frozen=True)
class IndexSummary:
    """What a build found (for the import's report and `area status`)."""

    points: int
    streets: int
    postcodes: int
    places: int
    interpolated: int = 0  # numbers placed along OSM interpolation lines


@dataclass
class _Piece:
    name: str
    nodes: frozenset[int]
    coords: list[float]  # lon, lat, lon, lat, ...


@dataclass
class _Street:
    name: str
    pieces: list[list[float]] = field(default_factory=list)
    points: list[tuple[str, float, float, str, str, bool]] = field(default_factory=list)
    _segments: np.ndarray | None = None

    def distance_m(self, lat: float, lon: float) -> float:
        """Metres from (lat, lon) to the nearest point of the street (its address points
        when it has no geometry)."""
        if self._segments is None or len(self._segments) != self._segment_count():
            self._segments = _segment_array(self)
        return segments_distance_m(self._segments, lat, lon)

    def _segment_count(self) -> int:
        count = sum(max(1, len(coords) // 2 - 1) for coords in self.pieces)
        return count if self.pieces else len(self.points)


def _segment_array(street: _Street) -> np.ndarray:
    """Rows of (lon_a, lat_a, lon_b, lat_b); a lone point is a segment of length zero."""
    rows = []
    for coords in street.pieces:
        if len(coords) == 2:
            rows.append((coords[0], coords[1], coords[0], coords[1]))
        rows.extend(
            (coords[i], coords[i + 1], coords[i + 2], coords[i + 3])
            for i in range(0, len(coords) - 2, 2)
        )
    if not street.pieces:
        rows = [(p[2], p[1], p[2], p[1]) for p in street.points]
    return np.array(rows, dtype=float).reshape(-1, 4)


def segments_distance_m(segments: np.ndarray, lat: float, lon: float) -> float:
    """Metres from a point to the nearest of many segments."""
    return nearest_on_segments(segments, lat, lon)[0]


def nearest_on_segments(segments: np.ndarray, lat: float, lon: float) -> tuple[float, float, float]:
    """The point of many segments (rows of lon_a, lat_a, lon_b, lat_b) nearest (lat, lon):
    (distance m, lat, lon), on a local flat projection."""
    kx = 111_320.0 * math.cos(math.radians(lat))
    ky = 110_540.0
    ax, ay = (segments[:, 0] - lon) * kx, (segments[:, 1] - lat) * ky
    dx, dy = (segments[:, 2] - lon) * kx - ax, (segments[:, 3] - lat) * ky - ay
    length2 = dx * dx + dy * dy
    with np.errstate(invalid="ignore", divide="ignore"):
        t = np.where(length2 > 0, -(ax * dx + ay * dy) / length2, 0.0)
    t = np.clip(t, 0.0, 1.0)
    px, py = ax + t * dx, ay + t * dy
    distances = np.hypot(px, py)
    best = int(np.argmin(distances))
    return float(distances[best]), lat + float(py[best]) / ky, lon + float(px[best]) / kx


def metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance in metres on a local flat projection (exact enough inside a shop's area)."""
    x = (lon2 - lon1) * 111_320.0 * math.cos(math.radians((lat1 + lat2) / 2))
    y = (lat2 - lat1) * 110_540.0
    return math.hypot(x, y)


def nearest_on_line(lat: float, lon: float, coords: list[float]) -> tuple[float, float, float]:
    """The point of a polyline (lon, lat, ...) nearest (lat, lon): (distance m, lat, lon)."""
    kx = 111_320.0 * math.cos(math.radians(lat))
    ky = 110_540.0
    best = (math.inf, lat, lon)
    if len(coords) == 2:
        return metres(lat, lon, coords[1], coords[0]), coords[1], coords[0]
    for i in range(0, len(coords) - 2, 2):
        ax, ay = (coords[i] - lon) * kx, (coords[i + 1] - lat) * ky
        bx, by = (coords[i + 2] - lon) * kx, (coords[i + 3] - lat) * ky
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy
        t = 0.0 if length2 == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / length2))
        px, py = ax + t * dx, ay + t * dy
        distance = math.hypot(px, py)
        if distance < best[0]:
            best = (distance, lat + py / ky, lon + px / kx)
    return best


class _Reader:
    """One pass over an OSM file collecting what the index needs."""

    def __init__(self) -> None:
        self.pieces: list[_Piece] = []
        self.addresses: list[tuple[str, str, float, float, str, str]] = []
        self.places: list[tuple[str, str, float, float]] = []
        #: Numbered nodes by id (street, number, postcode, city): the ends of interpolations.
        self.numbered: dict[int, tuple[str, str, str, str]] = {}
        #: `addr:interpolation` ways: (node ids, coordinates, kind, the way's addr:street).
        self.lines: list[tuple[list[int], list[float], str, str]] = []

    def read(self, source: Path, cancel: Callable[[], bool] | None) -> None:
        wanted = osmium.filter.KeyFilter(
            "addr:housenumber", "addr:interpolation", "highway", "place"
        )
        processor = osmium.FileProcessor(str(source)).with_locations().with_filter(wanted)
        for count, obj in enumerate(processor):
            if cancel is not None and count % 5000 == 0 and cancel():
                raise InterruptedError("address index build cancelled")
            if isinstance(obj, osmium.osm.Node):
                self._node(obj)
            elif isinstance(obj, osmium.osm.Way):
                self._way(obj, obj.tags)

    def _node(self, node: osmium.osm.Node) -> None:
        tags, where = node.tags, node.location
        if "addr:housenumber" in tags:
            self._address(tags, where.lat, where.lon)
            self.numbered[node.id] = (
                tags.get("addr:street") or tags.get("addr:place") or "",
                normalise_number(tags["addr:housenumber"]),
                (tags.get("addr:postcode") or "").strip().upper(),
                tags.get("addr:city") or "",
            )
        if tags.get("place") in PLACE_KINDS and "name" in tags:
            self.places.append((tags["name"], tags["place"], where.lat, where.lon))

    def _way(self, way: osmium.osm.Way, tags: osmium.osm.TagList) -> None:
        try:
            coords = [c for node in way.nodes for c in (node.lon, node.lat)]
        except osmium.InvalidLocationError:
            return
        if not coords:
            return
        if "addr:housenumber" in tags:
            ring = coords[:-2] if way.is_closed() and len(coords) > 2 else coords
            lons, lats = ring[0::2], ring[1::2]
            self._address(tags, sum(lats) / len(lats), sum(lons) / len(lons))
        if "addr:interpolation" in tags:
            refs = [node.ref for node in way.nodes]
            kind = tags["addr:interpolation"]
            self.lines.append((refs, coords, kind, tags.get("addr:street") or ""))
        if tags.get("highway") in ADDRESS_ROADS and "name" in tags:
            self.pieces.append(
                _Piece(tags["name"], frozenset(node.ref for node in way.nodes), coords)
            )

    def _address(self, tags: osmium.osm.TagList, lat: float, lon: float) -> None:
        street = tags.get("addr:street") or tags.get("addr:place")
        if not street:
            return
        for number in tags["addr:housenumber"].replace(",", ";").split(";"):
            if number.strip():
                self.addresses.append(
                    (
                        street,
                        normalise_number(number.strip()),
                        lat,
                        lon,
                        (tags.get("addr:postcode") or "").strip().upper(),
                        tags.get("addr:city") or "",
                    )
                )


def build(
    source: Path,
    dest: Path,
    *,
    zip_centres: Callable[[tuple[float, float, float, float]], Iterable[ZipCentre]] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> IndexSummary:
    """Read `source` (an .osm.pbf) and write the index to `dest` (replaced when complete).

    `zip_centres(bbox)` names the postal-code centres known outside OSM (US ZIP codes) in the
    area's box (south, west, north, east), with their postal towns; by default the offline US
    ZIP table."""
    reader = _Reader()
    try:
        reader.read(source, cancel)
    except RuntimeError as error:
        raise BadInput(f"{source.name} is not OpenStreetMap data: {error}") from error
    streets = _join_streets(reader.pieces)
    _attach_points(streets, reader.addresses)
    _attach_points(streets, interpolated_points(reader.lines, reader.numbered), interpolated=True)
    postcodes = _postcode_centres(reader.addresses)
    box = _bbox(streets)
    postal_towns: dict[str, tuple[str, ...]] = {}
    if box is not None:
        for entry in (zip_centres or us_zip_centres)(box):
            postcodes.setdefault(entry.code, (entry.latitude, entry.longitude, "zip table"))
            postal_towns[entry.code] = tuple(fold(town) for town in entry.cities)
    places = [(name, fold(name), kind, lat, lon) for name, kind, lat, lon in reader.places]
    scopes = _scopes(streets, postcodes, places, postal_towns)
    _write(dest, streets, scopes, postcodes, places, source)
    return IndexSummary(
        points=sum(not p[5] for street in streets for p in street.points),
        interpolated=sum(p[5] for street in streets for p in street.points),
        streets=len(streets),
        postcodes=len(postcodes),
        places=len(places),
    )


#: One interpolation line places at most this many numbers (a mistyped end is not a city).
MAX_INTERPOLATED = 400


def interpolated_points(
    lines: list[tuple[list[int], list[float], str, str]],
    numbered: dict[int, tuple[str, str, str, str]],
) -> list[tuple[str, str, float, float, str, str]]:
    """The house numbers an `addr:interpolation` line stands for, placed along it by their
    share of the way between its two numbered ends (even, odd, all, or every Nth)."""
    found = []
    for refs, coords, kind, way_street in lines:
        first, last = numbered.get(refs[0]), numbered.get(refs[-1])
        if first is None or last is None or len(coords) < 4:
            continue
        low, high = number_value(first[1]), number_value(last[1])
        step = {"even": 2, "odd": 2, "all": 1}.get(kind) or (int(kind) if kind.isdigit() else 0)
        if low is None or high is None or low == high or step <= 0:
            continue
        street = way_street or first[0] or last[0]
        if not street or abs(high - low) // step > MAX_INTERPOLATED:
            continue
        sign = 1 if high > low else -1
        for value in range(low + sign * step, high, sign * step):
            lat, lon = _along(coords, (value - low) / (high - low))
            found.append((street, str(value), lat, lon, first[2] or last[2], first[3] or last[3]))
    return found


def _along(coords: list[float], share: float) -> tuple[float, float]:
    """The point `share` (0-1) of the way along a polyline (lon, lat, ...)."""
    legs = [
        metres(coords[i + 1], coords[i], coords[i + 3], coords[i + 2])
        for i in range(0, len(coords) - 2, 2)
    ]
    goal = share * sum(legs)
    for i, leg in enumerate(legs):
        if goal <= leg or i == len(legs) - 1:
            t = 0.0 if leg == 0 else min(1.0, goal / leg)
            lon = coords[2 * i] + t * (coords[2 * i + 2] - coords[2 * i])
            lat = coords[2 * i + 1] + t * (coords[2 * i + 3] - coords[2 * i + 1])
            return lat, lon
        goal -= leg
    return coords[-1], coords[-2]


def _join_streets(pieces: list[_Piece]) -> list[_Street]:
    """One street per name and neighbourhood: pieces that share a node or lie within JOIN_M."""
    by_name: dict[str, list[_Piece]] = defaultdict(list)
    for piece in pieces:
        key = street_key(piece.name)
        if key is not None:
            by_name[key.full].append(piece)
    streets: list[_Street] = []
    for group in by_name.values():
        for members in _connected(group):
            street = _Street(group[members[0]].name)
            street.pieces = [group[i].coords for i in members]
            streets.append(street)
    return streets


def _connected(group: list[_Piece]) -> list[list[int]]:
    """Indexes of the pieces grouped by touching (a shared node) or nearness (union-find)."""
    parent = list(range(len(group)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(group):
        for j in range(i + 1, len(group)):
            b = group[j]
            if find(i) != find(j) and (a.nodes & b.nodes or _near(a.coords, b.coords)):
                parent[find(i)] = find(j)
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(group)):
        members[find(i)].append(i)
    return list(members.values())


def _near(a: list[float], b: list[float]) -> bool:
    """Whether an end of one piece lies within JOIN_M of the other piece."""
    for coords, other in ((a, b), (b, a)):
        for k in (0, len(coords) - 2):
            if nearest_on_line(coords[k + 1], coords[k], other)[0] <= JOIN_M:
                return True
    return False


def _attach_points(
    streets: list[_Street],
    addresses: list[tuple[str, str, float, float, str, str]],
    *,
    interpolated: bool = False,
) -> None:
    """Each address point goes to the nearest street of its street's name; a name no road
    carries becomes a street of its own (its points are its geometry). `interpolated`
    points come from an OSM interpolation line, not from a house."""
    by_key: dict[str, list[_Street]] = defaultdict(list)
    for street in streets:
        key = street_key(street.name)
        if key is not None:
            by_key[key.full].append(street)
    for name, number, lat, lon, postcode, city in addresses:
        key = street_key(name)
        if key is None:
            continue
        candidates = by_key[key.full]
        if candidates:
            street = min(candidates, key=lambda s: _distance_to(s, lat, lon))
            if _distance_to(street, lat, lon) > 2 * JOIN_M:
                street = _Street(name)
                candidates.append(street)
                streets.append(street)
        else:
            street = _Street(name)
            by_key[key.full].append(street)
            streets.append(street)
        street.points.append((number, lat, lon, postcode, city, interpolated))


def _distance_to(street: _Street, lat: float, lon: float) -> float:
    return street.distance_m(lat, lon)


def _postcode_centres(
    addresses: list[tuple[str, str, float, float, str, str]],
) -> dict[str, tuple[float, float, str]]:
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for _, _, lat, lon, postcode, _ in addresses:
        if postcode:
            total = sums[postcode]
            total[0] += lat
            total[1] += lon
            total[2] += 1
    return {code: (t[0] / t[2], t[1] / t[2], "addresses") for code, t in sums.items()}


class ZipCentre(NamedTuple):
    """A postal code known outside OSM: its centre and the postal town names a carrier writes
    with it (a US ZIP's city and its acceptable city names)."""

    code: str
    latitude: float
    longitude: float
    cities: tuple[str, ...] = ()


def us_zip_centres(box: tuple[float, float, float, float]) -> Iterable[ZipCentre]:
    """US ZIP codes that deliver to streets (`STANDARD` ones: not PO-box-only, not a single
    firm's own code), from the offline `zipcodes` table, whose centre lies inside a box (with
    a small margin). A PO-box ZIP's centre is the post office downtown: taken as the centre of
    a street area, it would pull the streets around it away from the ZIPs they belong to."""
    import zipcodes  # loading its table costs about half a second: only when building

    south, west, north, east = box
    for entry in zipcodes.list_all():
        if entry.get("zip_code_type") != "STANDARD":
            continue
        try:
            lat, lon = float(entry["lat"]), float(entry["long"])
        except (KeyError, TypeError, ValueError):
            continue
        if south - 0.05 <= lat <= north + 0.05 and west - 0.05 <= lon <= east + 0.05:
            cities = [entry.get("city") or "", *(entry.get("acceptable_cities") or [])]
            yield ZipCentre(entry["zip_code"], lat, lon, tuple(c for c in cities if c))


def _bbox(streets: list[_Street]) -> tuple[float, float, float, float] | None:
    lats = [c for s in streets for coords in s.pieces for c in coords[1::2]]
    lons = [c for s in streets for coords in s.pieces for c in coords[0::2]]
    lats += [p[1] for s in streets for p in s.points]
    lons += [p[2] for s in streets for p in s.points]
    if not lats:
        return None
    return min(lats), min(lons), max(lats), max(lons)


def _scopes(
    streets: list[_Street],
    postcodes: dict[str, tuple[float, float, str]],
    places: list[tuple[str, str, str, float, float]],
    postal_towns: dict[str, tuple[str, ...]] | None = None,
) -> list[set[tuple[str, str]]]:
    """Per street, the ZIP codes and towns it belongs to: `zip`/`city` from its own address
    points, `zip_near`/`city_near` from the centres nearest to it; and `postal_city`, the
    postal town names of the ZIP codes near it ("Harrisburg" for most of Colonial Park,
    whose OSM places are hamlets), where a street's exact name is looked for when its ZIP's
    nearest streets do not have it (a ZIP is an area, its centre only a point of it)."""
    zip_names = list(postcodes)
    zip_centres = np.array([postcodes[code][:2] for code in zip_names], dtype=float)
    place_names = [p[1] for p in places]
    place_centres = np.array([p[3:5] for p in places], dtype=float)
    towns = postal_towns or {}
    postal_names = [code for code in zip_names if towns.get(code)]
    postal_centres = np.array([postcodes[code][:2] for code in postal_names], dtype=float)
    result = []
    for street in streets:
        scope = {("zip", p[3]) for p in street.points if p[3]}
        scope |= {("city", fold(p[4])) for p in street.points if p[4]}
        vertices = _vertices(street)
        if not any(kind == "zip" for kind, _ in scope):
            scope |= {("zip_near", code) for code in _nearby(vertices, zip_names, zip_centres)}
        scope |= {("city_near", key) for key in _nearby(vertices, place_names, place_centres)}
        for code in _nearby(vertices, postal_names, postal_centres):
            scope |= {("postal_city", town) for town in towns[code]}
        result.append(scope)
    return result


def _vertices(street: _Street) -> np.ndarray:
    """The street's vertices and address points as rows of (lat, lon)."""
    rows = [(c[i + 1], c[i]) for c in street.pieces for i in range(0, len(c), 2)]
    rows += [(p[1], p[2]) for p in street.points]
    return np.array(rows, dtype=float).reshape(-1, 2)


def _nearby(vertices: np.ndarray, names: list[str], centres: np.ndarray) -> set[str]:
    """Names of the centres within SCOPE_SLACK_M of the nearest one to the street (measured
    to its vertices: close enough for a scope)."""
    if not names or not len(vertices):
        return set()
    kx = 111_320.0 * math.cos(math.radians(float(vertices[0, 0])))
    dy = (vertices[None, :, 0] - centres[:, None, 0]) * 110_540.0
    dx = (vertices[None, :, 1] - centres[:, None, 1]) * kx
    distances = np.hypot(dx, dy).min(axis=1)
    limit = distances.min() + SCOPE_SLACK_M
    return {name for name, d in zip(names, distances, strict=True) if d <= limit}


def _write(
    dest: Path,
    streets: list[_Street],
    scopes: list[set[tuple[str, str]]],
    postcodes: dict[str, tuple[float, float, str]],
    places: list[tuple[str, str, str, float, float]],
    source: Path,
) -> None:
    partial = dest.with_name(dest.name + ".partial")
    partial.unlink(missing_ok=True)
    conn = sqlite3.connect(partial)
    try:
        conn.executescript(SCHEMA)
        for street_id, (street, scope) in enumerate(zip(streets, scopes, strict=True), 1):
            key = street_key(street.name)
            assert key is not None
            geometry = [[round(c, 7) for c in coords] for coords in street.pieces]
            conn.execute(
                "INSERT INTO streets VALUES (?, ?, ?, ?, ?, ?)",
                (street_id, street.name, key.full, key.core, key.plain, json.dumps(geometry)),
            )
            conn.executemany(
                "INSERT INTO scopes VALUES (?, ?, ?)",
                [(street_id, kind, value) for kind, value in sorted(scope)],
            )
            conn.executemany(
                "INSERT INTO points VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (street_id, number, number_value(number), lat, lon, postcode, int(made))
                    for number, lat, lon, postcode, _, made in street.points
                ],
            )
        conn.executemany(
            "INSERT INTO postcodes VALUES (?, ?, ?, ?)",
            [(code, lat, lon, how) for code, (lat, lon, how) in postcodes.items()],
        )
        conn.executemany("INSERT INTO places VALUES (?, ?, ?, ?, ?)", places)
        conn.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [("format", str(FORMAT_VERSION)), ("source", source.name)],
        )
        conn.commit()
    finally:
        conn.close()
    partial.replace(dest)


def import_step(job: Any, progress: Callable[[float], None]) -> None:
    """The area import's step that indexes the addresses of the cut extract into the new
    area's folder (`store.area_import`'s ImportStep protocol: the job's `extract`, `folder`,
    `cancelled` and `facts`)."""
    progress(0.0)
    summary = build(job.extract, job.folder / FILE_NAME, cancel=job.cancelled)
    job.facts["address_points"] = summary.points
    job.facts["named_streets"] = summary.streets
    progress(1.0)
