"""Generated shop days around Tysons Corner, VA, shared by the routing benchmarks.

A day is drawn from a seeded random generator, so a (stops, drivers, seed) triple always
gives the same day: the cached best-known values in bench/routing_best_known.json refer to
exactly these days.
"""

from __future__ import annotations

import math
import random

import routing_path  # noqa: F401  (puts the repository on sys.path)

from routing import Depot, Problem, Stop, Vehicle, service_seconds

TYSONS = Depot(38.9187, -77.2311)
RADIUS_MI = 10.0
MILES_PER_DEG_LAT = 69.05

# (stops, drivers): the day sizes of PRODUCT.md's targets and a few around them.
DAY_SIZES = ((25, 1), (60, 2), (150, 3), (300, 4), (500, 5))


def shop_day(n_stops: int, n_drivers: int, seed: int = 1) -> Problem:
    """A realistic day: clustered addresses, 1–5 parcels a stop, windows on about a third."""
    rng = random.Random(f"{n_stops}-{n_drivers}-{seed}")
    centres = [_point_in_disc(rng, 8.0) for _ in range(6)]
    stops = []
    for k in range(n_stops):
        if rng.random() < 0.6:
            cx, cy = rng.choice(centres)
            x, y = cx + rng.gauss(0, 0.8), cy + rng.gauss(0, 0.8)
            if math.hypot(x, y) > RADIUS_MI - 0.2:
                x, y = _point_in_disc(rng, RADIUS_MI - 0.5)
        else:
            x, y = _point_in_disc(rng, RADIUS_MI - 0.2)
        n_parcels = rng.choices((1, 2, 3, 4, 5), weights=(70, 18, 7, 3, 2))[0]
        window = None
        if rng.random() < 1 / 3:
            opens = rng.randrange(9, 15) * 3600
            window = (opens, opens + rng.choice((2, 2, 3)) * 3600)
        stops.append(
            Stop(
                key=f"S{k:03d}",
                lat=TYSONS.lat + y / MILES_PER_DEG_LAT,
                lon=TYSONS.lon + x / (MILES_PER_DEG_LAT * math.cos(math.radians(TYSONS.lat))),
                tracking_ids=tuple(f"T{k:03d}-{p}" for p in range(n_parcels)),
                service_s=service_seconds(n_parcels, 120, 30),
                weight_lb=round(sum(rng.uniform(0.5, 12) for _ in range(n_parcels)), 1),
                window=window,
                due=rng.random() < 0.9,
            )
        )
    parcels = sum(s.parcels for s in stops)
    capacity = math.ceil(parcels / n_drivers * 1.25)
    vehicles = tuple(
        Vehicle(
            name=f"Driver {d + 1}",
            capacity_parcels=capacity,
            shift_start_s=8 * 3600,
            shift_end_s=(17 if n_stops / n_drivers < 90 else 19) * 3600,
        )
        for d in range(n_drivers)
    )
    return Problem(depot=TYSONS, stops=tuple(stops), vehicles=vehicles, radius_mi=RADIUS_MI)


def _point_in_disc(rng: random.Random, radius: float) -> tuple[float, float]:
    r = radius * math.sqrt(rng.random())
    a = rng.uniform(0, 2 * math.pi)
    return r * math.cos(a), r * math.sin(a)
