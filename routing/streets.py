"""The shop's streets as lines for the maps, read once from the area's cut extract.

The Runs screen and the printed manifest draw the roads under the stops. Reading them from
OpenStreetMap data takes a moment, so the area's import writes them once to a small NumPy file
(`build`), and the maps load that (`StreetMap.load`, cached): every road is a kind (motorway,
major, minor, …), a name and a polyline of (lat, lon) points.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import osmium
import osmium.filter

MILES_PER_DEGREE = 69.09

#: Road kinds, from the most to the least important, with OpenStreetMap's `highway` values.
KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("motorway", ("motorway", "motorway_link", "trunk", "trunk_link")),
    ("major", ("primary", "primary_link", "secondary", "secondary_link")),
    ("collector", ("tertiary", "tertiary_link")),
    ("minor", ("unclassified", "residential", "living_street", "road")),
    ("service", ("service",)),
)
MOTORWAY, MAJOR, COLLECTOR, MINOR, SERVICE = range(len(KINDS))
_KIND_OF = {value: index for index, (_, values) in enumerate(KINDS) for value in values}

#: (south, west, north, east) in degrees.
Box = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class Road:
    """One road: its kind (an index into KINDS), its name ("" when unnamed), its points."""

    kind: int
    name: str
    lats: np.ndarray
    lons: np.ndarray

    def points(self) -> list[tuple[float, float]]:
        return list(zip(self.lats.tolist(), self.lons.tolist(), strict=True))


@dataclass(frozen=True, slots=True)
class StreetLabel:
    """Where a street's name is written: a point on it and the angle of the road there."""

    name: str
    kind: int
    lat: float
    lon: float
    degrees: float  # the road's direction, east = 0, counter-clockwise, kept within ±90


class StreetMap:
    """All roads of an area, as flat arrays (fast to load, fast to cut to a box)."""

    def __init__(
        self, kinds: np.ndarray, names: np.ndarray, starts: np.ndarray, lats: np.ndarray,
        lons: np.ndarray,
    ) -> None:  # fmt: skip
        self.kinds, self.names, self.starts = kinds, names, starts
        self.lats, self.lons = lats, lons
        count = len(kinds)
        self.boxes = np.empty((count, 4), dtype=np.float64)
        if count:
            self.boxes[:, 0] = np.minimum.reduceat(lats, starts[:-1])
            self.boxes[:, 1] = np.minimum.reduceat(lons, starts[:-1])
            self.boxes[:, 2] = np.maximum.reduceat(lats, starts[:-1])
            self.boxes[:, 3] = np.maximum.reduceat(lons, starts[:-1])

    def __len__(self) -> int:
        return len(self.kinds)

    @classmethod
    def load(cls, path: Path) -> StreetMap:
        """Read a file written by `build` (see `load_streets` for the cached way)."""
        with np.load(path, allow_pickle=False) as data:
            return cls(data["kinds"], data["names"], data["starts"], data["lats"], data["lons"])

    def save(self, path: Path) -> None:
        with path.open("wb") as stream:
            np.savez_compressed(
                stream, kinds=self.kinds, names=self.names, starts=self.starts,
                lats=self.lats, lons=self.lons,
            )  # fmt: skip

    def extent(self) -> Box | None:
        if not len(self):
            return None
        return (
            float(self.boxes[:, 0].min()),
            float(self.boxes[:, 1].min()),
            float(self.boxes[:, 2].max()),
            float(self.boxes[:, 3].max()),
        )

    def indices(self, box: Box | None = None) -> np.ndarray:
        """Indices of the roads that may cross `box` (all when None), most important last."""
        if box is None:
            chosen = np.arange(len(self))
        else:
            south, west, north, east = box
            b = self.boxes
            inside = (b[:, 0] <= north) & (b[:, 2] >= south) & (b[:, 1] <= east) & (b[:, 3] >= west)
            chosen = np.flatnonzero(inside)
        return chosen[np.argsort(-self.kinds[chosen], kind="stable")]

    def roads(self, box: Box | None = None) -> Iterator[Road]:
        """The roads that may cross `box`, minor ones first (so major ones are drawn on top)."""
        for index in self.indices(box):
            start, end = self.starts[index], self.starts[index + 1]
            yield Road(
                int(self.kinds[index]),
                str(self.names[index]),
                self.lats[start:end],
                self.lons[start:end],
            )

    def labels(self, spacing_mi: float = 0.4, box: Box | None = None) -> list[StreetLabel]:
        """One label per named road piece, on its longest segment; the same name is written
        again only `spacing_mi` or more from where it already is."""
        placed: dict[str, list[tuple[float, float]]] = {}
        found: list[StreetLabel] = []
        for road in self.roads(box):
            if not road.name or len(road.lats) < 2 or road.kind == SERVICE:
                continue
            label = _label_on(road)
            if label is None:
                continue
            near = placed.setdefault(road.name, [])
            cos_lat = math.cos(math.radians(label.lat))
            if any(
                math.hypot(label.lat - lat, (label.lon - lon) * cos_lat) * MILES_PER_DEGREE
                < spacing_mi
                for lat, lon in near
            ):
                continue
            near.append((label.lat, label.lon))
            found.append(label)
        return found


def _label_on(road: Road) -> StreetLabel | None:
    cos_lat = math.cos(math.radians(float(road.lats[0])))
    dy = np.diff(road.lats)
    dx = np.diff(road.lons) * cos_lat
    lengths = np.hypot(dx, dy)
    longest = int(np.argmax(lengths))
    if lengths[longest] * MILES_PER_DEGREE < 0.03:  # shorter than ~50 m: no room for a name
        return None
    degrees = math.degrees(math.atan2(dy[longest], dx[longest]))
    if degrees > 90:
        degrees -= 180
    elif degrees < -90:
        degrees += 180
    return StreetLabel(
        name=road.name,
        kind=road.kind,
        lat=float(road.lats[longest] + dy[longest] / 2),
        lon=float(road.lons[longest] + np.diff(road.lons)[longest] / 2),
        degrees=degrees,
    )


def read_streets(extract: Path) -> StreetMap:
    """The drivable roads of an OpenStreetMap file (the area's cut extract)."""
    kinds: list[int] = []
    names: list[str] = []
    sizes: list[int] = []
    lats: list[float] = []
    lons: list[float] = []
    processor = osmium.FileProcessor(str(extract)).with_locations()
    for way in processor.with_filter(osmium.filter.KeyFilter("highway")):
        if not isinstance(way, osmium.osm.Way):
            continue
        kind = _KIND_OF.get(way.tags.get("highway") or "")
        if kind is None or way.tags.get("area") == "yes":
            continue
        points = [(n.location.lat, n.location.lon) for n in way.nodes if n.location.valid()]
        if len(points) < 2:
            continue
        kinds.append(kind)
        names.append(way.tags.get("name") or way.tags.get("ref") or "")
        sizes.append(len(points))
        lats.extend(p[0] for p in points)
        lons.extend(p[1] for p in points)
    starts = np.zeros(len(sizes) + 1, dtype=np.int64)
    np.cumsum(sizes, out=starts[1:])
    return StreetMap(
        np.asarray(kinds, dtype=np.uint8),
        np.asarray(names, dtype=str) if names else np.zeros(0, dtype="<U1"),
        starts,
        np.asarray(lats, dtype=np.float64),
        np.asarray(lons, dtype=np.float64),
    )


def build(extract: Path, target: Path) -> StreetMap:
    """Read the roads of `extract` and keep them in `target` for the maps."""
    streets = read_streets(extract)
    streets.save(target)
    return streets


@lru_cache(maxsize=4)
def load_streets(path: Path) -> StreetMap:
    """The roads kept at `path`, read once per process (the maps open fast after that)."""
    return StreetMap.load(path)
