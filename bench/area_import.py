"""Street map import time: `area import` of the two real extracts, step by step.

    python bench/area_import.py [--repeats 5] [--osm-dir ../shared/data/osm]
    python bench/area_import.py --state-mb 300      # the cut of a state-sized file

For each extract a shop is set up in its dense part with a 10-mile radius, and the whole
import runs `--repeats` times into a temporary folder (checksum, cut, OSRM's three tools,
the shop's road check, the streets for the maps): prints the median of the whole and of
each step, and the machine's load.

`--state-mb N` measures what a state-sized extract (hundreds of MB) costs the cut, the only
step whose time grows with the source file (OSRM's tools see the cut): it writes a file of
about N MB made of Liechtenstein's blocks over and over, in a real extract's order (all
nodes, then ways, then relations), cuts it for a shop beyond its roads (every road examined,
none kept: the roads of a state outside the shop's area), and prints the time, the MB/s and
the peak memory of the process.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import osmium
import osmium.io

from store import area_cut, area_import, settings
from store.db import connect


def _shared_osm() -> Path:
    """`shared/data/osm` beside the checkout or one of its parents (a worktree sits deeper)."""
    for folder in Path(__file__).resolve().parents[1:]:
        if (folder / "shared" / "data" / "osm").is_dir():
            return folder / "shared" / "data" / "osm"
    return Path("../shared/data/osm")


OSM_DIR = _shared_osm()
SHOPS = {
    "harrisburg.osm.pbf": (40.2803, -76.8051),  # the demo shop, Colonial Park
    "liechtenstein.osm.pbf": (47.1410, 9.5215),  # Vaduz
}
TARGET_S = {"harrisburg.osm.pbf": 10.0}


def import_once(source: Path, lat: float, lon: float) -> dict[str, float]:
    """One import into a fresh shop; seconds per step and in all."""
    with tempfile.TemporaryDirectory() as folder:
        db = connect(Path(folder) / "shop.db")
        settings.update(db, name="Bench", latitude=lat, longitude=lon, radius_mi=10.0)
        marks: list[tuple[str, float]] = []

        def progress(label: str, _fraction: float) -> None:
            if not marks or marks[-1][0] != label:
                marks.append((label, time.perf_counter()))

        started = time.perf_counter()
        area_import.import_area(db, source, on_progress=progress)
        ended = time.perf_counter()
        db.conn.close()
    steps = {
        label: (marks[n + 1][1] if n + 1 < len(marks) else ended) - at
        for n, (label, at) in enumerate(marks)
        if label != "Done"
    }
    steps["whole import"] = ended - started
    return steps


def bench_extracts(osm_dir: Path, repeats: int) -> None:
    for name, (lat, lon) in SHOPS.items():
        source = osm_dir / name
        runs = [import_once(source, lat, lon) for _ in range(repeats)]
        target = TARGET_S.get(name)
        size = source.stat().st_size / 1e6
        print(f"{name} ({size:.2f} MB), shop at {lat}, {lon}, radius 10 mi, {repeats} runs:")
        for step in runs[0]:
            times = [run[step] for run in runs]
            goal = f"   target <= {target:g} s" if step == "whole import" and target else ""
            print(
                f"  {step:40s} median {statistics.median(times):6.2f} s "
                f"(min {min(times):.2f}, max {max(times):.2f}){goal}"
            )


def state_sized(source: Path, megabytes: int, target: Path) -> None:
    """Write a PBF of about `megabytes` MB: `source`'s header, then its node blocks over and
    over, then its way blocks, then its relation blocks (the order of a real extract, so the
    node locations are sorted once; the copies repeat ids and places, so only the cut can be
    timed on it, not OSRM's tools)."""
    by_type: dict[str, list[bytes]] = {"n": [], "w": [], "r": []}
    with source.open("rb") as stream:
        _, header = area_cut._next_blob(stream, source)
        while True:
            _, block = area_cut._next_blob(stream, source)
            if not block:
                break
            first = next(iter(osmium.FileProcessor(osmium.io.FileBuffer(header + block, "pbf"))))
            by_type[first.type_str()].append(block)
    copies = max(1, round(megabytes * 1e6 / source.stat().st_size))
    with target.open("wb") as out:
        out.write(header)
        for kind in "nwr":
            for _ in range(copies):
                for block in by_type[kind]:
                    out.write(block)


def bench_state(megabytes: int, osm_dir: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        big = Path(folder) / "state.osm.pbf"
        state_sized(osm_dir / "liechtenstein.osm.pbf", megabytes, big)
        size = big.stat().st_size / 1e6
        # Shops just east of the data (every road is looked at node by node, as the roads
        # near a shop's area are) and far east of it (each road is dismissed at its first
        # node, as most of a state's roads are); neither keeps a road.
        for where, lon in (("near the roads", 9.95), ("far from the roads", 11.5)):
            box = area_cut.Box(*area_import.cut_box(47.1410, lon, 10.0))
            fractions: list[float] = []
            started = time.perf_counter()
            result = area_cut.cut(
                big, Path(folder) / "cut.osm.pbf", box, on_progress=fractions.append,
                scratch=Path(folder),
            )  # fmt: skip
            seconds = time.perf_counter() - started
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(
                f"cut of a {size:.0f} MB file, shop {where}: {seconds:.1f} s "
                f"({size / seconds:.1f} MB/s), {result.roads:,} roads kept, progress reported "
                f"{len(fractions)} times, peak memory of the process {peak:.0f} MB"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--osm-dir", type=Path, default=OSM_DIR)
    parser.add_argument("--state-mb", type=int, default=0)
    args = parser.parse_args()
    print(f"load before: {os.getloadavg()[0]:.2f} (1-min), {os.cpu_count()} cores")
    if args.state_mb:
        bench_state(args.state_mb, args.osm_dir)
    else:
        bench_extracts(args.osm_dir, args.repeats)
    print(f"load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
