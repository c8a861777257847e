"""Shop days on real streets, for the planning benchmarks: OSRM road matrices at street points.

Two cities from ``/work/shared/data/osm`` (© OpenStreetMap contributors, ODbL): Harrisburg's
eastern suburbs (PA) and Liechtenstein. For each, OSRM's MLD data is built once with the car
profile of the ``osrm-bindings`` wheel and cached under ``bench/out/osrm/`` (ignored by git).
A day's addresses are nodes of named residential streets within 10 miles of the shop point,
drawn with a seeded generator, so (city, stops, drivers, seed, windows) always gives the same
day; its matrices (road miles and seconds, asymmetric) are cached beside the OSRM data.

Until the roads branch's ``routing/roads.py`` lands, this module is the benchmarks' own
road model; it does what an imported shop area does (OSRM tables on the car profile).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import math
import random
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import routing_path  # noqa: F401  (puts the repository on sys.path)

from routing import Depot, Problem, Stop, Vehicle, haversine_miles, service_seconds

OSM_DIR = Path("/work/shared/data/osm")
OUT = Path(__file__).with_name("out") / "osrm"
RADIUS_MI = 10.0
METRES_PER_MILE = 1609.344

#: The shop point of each city (a street corner near the densest streets of the extract).
SHOPS = {
    "harrisburg": Depot(40.2720, -76.8010),
    "liechtenstein": Depot(47.1410, 9.5215),
}


def _tool(name: str) -> Path:
    """An OSRM tool (or the car profile) from the installed osrm-bindings distribution."""
    for entry in importlib.metadata.files("osrm-bindings") or ():
        if str(entry).endswith(name):
            return Path(str(entry.locate()))
    raise FileNotFoundError(f"{name} is not in the osrm-bindings wheel")


def osrm_data(city: str) -> Path:
    """The city's OSRM MLD data (built on first use, about 2 s for a small extract)."""
    folder = OUT / city
    target = folder / f"{city}.osrm"
    if (folder / f"{city}.osrm.mldgr").exists() and (folder / f"{city}.osrm.cell_metrics").exists():
        return target
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / f"{city}.osm.pbf"
    source.write_bytes((OSM_DIR / f"{city}.osm.pbf").read_bytes())
    profile = _tool("profiles/car.lua")
    steps = (
        [_tool("bin/osrm-extract"), "-p", profile, source],
        [_tool("bin/osrm-partition"), target],
        [_tool("bin/osrm-customize"), target],
    )
    for step in steps:
        subprocess.run([str(part) for part in step], check=True, capture_output=True, cwd=folder)
    return target


class RoadTable:
    """OSRM table queries over one city's data (distance in miles, duration in seconds)."""

    def __init__(self, city: str):
        import osrm

        self._osrm = osrm
        self._engine = osrm.OSRM(
            storage_config=str(osrm_data(city)), algorithm="MLD", use_shared_memory=False,
            max_locations_distance_table=10_000,
        )  # fmt: skip

    def matrices(self, points: Sequence[tuple[float, float]]) -> tuple[np.ndarray, np.ndarray]:
        """The TravelModel protocol: ``points`` are (lat, lon)."""
        params = self._osrm.TableParameters(
            coordinates=[(lon, lat) for lat, lon in points], annotations=["duration", "distance"]
        )
        answer = self._engine.Table(params)
        distance = np.array([list(row) for row in answer["distances"]], float) / METRES_PER_MILE
        duration = np.array([list(row) for row in answer["durations"]], float)
        return distance, duration


def street_points(
    city: str, shop: Depot, radius_mi: float = RADIUS_MI
) -> list[tuple[float, float]]:
    """(lat, lon) of the nodes of named residential streets within the radius (cached)."""
    cache = OUT / city / f"points-{shop.lat:.4f}-{shop.lon:.4f}-{radius_mi:g}.npy"
    if cache.exists():
        return [tuple(p) for p in np.load(cache).tolist()]
    import osmium

    found: dict[int, tuple[float, float]] = {}
    source = OSM_DIR / f"{city}.osm.pbf"
    for way in (
        osmium.FileProcessor(str(source))
        .with_locations()
        .with_filter(osmium.filter.KeyFilter("highway"))
    ):
        if not way.is_way() or way.tags.get("highway") not in ("residential", "living_street"):
            continue
        if not way.tags.get("name"):
            continue
        for node in way.nodes:
            if node.location.valid():
                point = (node.location.lat, node.location.lon)
                if haversine_miles(shop.lat, shop.lon, *point) <= radius_mi - 0.1:
                    found[node.ref] = point
    points = [found[k] for k in sorted(found)]
    cache.parent.mkdir(parents=True, exist_ok=True)
    np.save(cache, np.asarray(points, float))
    return points


@dataclass(frozen=True, slots=True)
class RoadDay:
    """A benchmark day: the problem and its road matrices over [shop, *stops]."""

    name: str
    problem: Problem
    distance_mi: np.ndarray
    duration_s: np.ndarray

    def travel(self) -> MatrixTravel:
        """A TravelModel answering from this day's matrices (no OSRM query per plan)."""
        points = [(self.problem.depot.lat, self.problem.depot.lon)]
        points += [(s.lat, s.lon) for s in self.problem.stops]
        return MatrixTravel(tuple(points), self.distance_mi, self.duration_s)


@dataclass(frozen=True)
class MatrixTravel:
    """Travel between known points, read from precomputed matrices."""

    points: tuple[tuple[float, float], ...]
    distance_mi: np.ndarray
    duration_s: np.ndarray

    def matrices(self, points: Sequence[tuple[float, float]]) -> tuple[np.ndarray, np.ndarray]:
        index = {p: i for i, p in enumerate(self.points)}
        rows = [index[tuple(p)] for p in points]
        pick = np.ix_(rows, rows)
        return self.distance_mi[pick], self.duration_s[pick]


def day_name(city: str, n_stops: int, n_drivers: int, seed: int, windows: bool) -> str:
    return f"{city}-{n_stops}x{n_drivers}-{'tw' if windows else 'open'}-s{seed}"


def road_day(city: str, n_stops: int, n_drivers: int, seed: int, *, windows: bool) -> RoadDay:
    """A shop day at street points of ``city``: 1–5 parcels a stop, 10 % optional; with
    ``windows``, a quarter of the stops have one (half 14:00–17:00, half 2–3 h between 09:00
    and 17:00). Shifts 09:00–17:00 (08:00–18:00 for 100 stops a driver); cars hold 1.25 × the
    parcels of an even share."""
    shop = SHOPS[city]
    name = day_name(city, n_stops, n_drivers, seed, windows)
    rng = random.Random(name)
    pool = street_points(city, shop)
    picks = rng.sample(range(len(pool)), n_stops)
    stops = []
    for k, at in enumerate(picks):
        lat, lon = pool[at]
        n_parcels = rng.choices((1, 2, 3, 4, 5), weights=(70, 18, 7, 3, 2))[0]
        window = None
        if windows and rng.random() < 0.25:
            if rng.random() < 0.5:
                window = (14 * 3600, 17 * 3600)
            else:
                opens = rng.randrange(9 * 2, 14 * 2 + 1) * 1800
                window = (opens, min(17 * 3600, opens + rng.choice((2, 3)) * 3600))
        stops.append(
            Stop(
                key=f"S{k:03d}", lat=lat, lon=lon,
                tracking_ids=tuple(f"T{k:03d}-{p}" for p in range(n_parcels)),
                service_s=service_seconds(n_parcels, 120, 30), window=window,
                due=rng.random() < 0.9,
            )
        )  # fmt: skip
    parcels = sum(s.parcels for s in stops)
    long_day = n_stops / n_drivers > 60
    vehicles = tuple(
        Vehicle(
            name=f"Driver {d + 1}", capacity_parcels=math.ceil(parcels / n_drivers * 1.25),
            shift_start_s=(8 if long_day else 9) * 3600,
            shift_end_s=(18 if long_day else 17) * 3600,
        )
        for d in range(n_drivers)
    )  # fmt: skip
    problem = Problem(depot=shop, stops=tuple(stops), vehicles=vehicles, radius_mi=RADIUS_MI)
    distance, duration = _matrices(city, name, problem)
    return RoadDay(name, problem, distance, duration)


def _matrices(city: str, name: str, problem: Problem) -> tuple[np.ndarray, np.ndarray]:
    points = [(problem.depot.lat, problem.depot.lon), *((s.lat, s.lon) for s in problem.stops)]
    digest = hashlib.sha256(np.asarray(points).tobytes()).hexdigest()[:12]
    cache = OUT / city / f"{name}-{digest}.npz"
    if cache.exists():
        saved = np.load(cache)
        return saved["distance"], saved["duration"]
    distance, duration = RoadTable(city).matrices(points)
    np.savez(cache, distance=distance, duration=duration)
    return distance, duration
