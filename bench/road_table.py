"""Road table time: OSRM's duration and distance matrix for 150 and 500 delivery points.

    python bench/road_table.py [--repeats 7]

Builds the Harrisburg street map once (as the demo does) in a temporary folder, then times
`OsrmTravel.table` (the planner's path: the OSRM table with both annotations, snapping
distances, and the NumPy matrices) on random doors beside the map's named streets (the
demo's way of placing parcels). Each size is timed `--repeats` times on fresh points (the
last table is kept by the model, so the same points would not be asked again); prints the
median, the fastest and the slowest, and the machine's load.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from routing.roads import OsrmTravel
from store import area, demo
from store.db import connect

TARGETS = {150: 0.3, 500: 1.5}


def doors(rng: random.Random, count: int) -> list[tuple[float, float]]:
    """`count` doors 12-25 m beside the demo map's named streets."""
    segments = demo.street_points()
    return [demo._beside_street(rng, rng.choice(segments)) for _ in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = connect(Path(folder) / "shop.db")
        demo.settings.save(db, demo.settings.ShopSettings(**demo.SHOP))
        demo.install_street_map(db)
        loaded = area.current(db)
        assert loaded is not None
        rng = random.Random(1)
        print(f"load before: {os.getloadavg()[0]:.2f} (1-min), {os.cpu_count()} cores")
        for size, target in TARGETS.items():
            times = []
            for _ in range(args.repeats):
                travel = OsrmTravel(loaded.osrm_base)
                points = doors(rng, size)
                started = time.perf_counter()
                table = travel.table(points)
                times.append(time.perf_counter() - started)
                assert table.duration_s.shape == (size, size)
            print(
                f"{size} x {size}: median {statistics.median(times):.3f} s "
                f"(min {min(times):.3f}, max {max(times):.3f}; target <= {target} s)"
            )
        print(f"load after: {os.getloadavg()[0]:.2f}")
        db.conn.close()


if __name__ == "__main__":
    main()
