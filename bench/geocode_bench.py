"""Locating addresses without coordinates on an area's own streets: how often, how close, how
fast.

    python bench/geocode_bench.py                     # Liechtenstein, the issue's benchmark
    python bench/geocode_bench.py --import-rows 10000 # plus a 10,000-row manifest import on
                                                      # the Harrisburg area

Liechtenstein: every address point of the extract (street and house number) becomes a row
without coordinates; its postal code is the point's own `addr:postcode`, else that of the
nearest point that has one (a carrier's manifest always has a code), its town the point's
`addr:city`, else the nearest village. A fifth of the rows are perturbed (an abbreviation,
a typo, the street type left out, lower case). The rows are located with the product's own
`store.locate.Locator` (address book empty) and compared with the point each came from:
share at `address` precision, error in metres (median, 95th percentile), wrong-street rate
(rows placed on a street that is not theirs, among rows placed on a street), rows per second
(median of repeats, every cache cleared and the index opened afresh each time).

The import benchmark builds a Harrisburg shop with its address index and imports a manifest of
US-style rows on its named streets without coordinates (and again with coordinates, which
are checked against the address), timing `import_bytes` end to end.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import osmium

from store import address_index, locate, settings
from store.address_match import AddressIndex, metres
from store.address_parse import parse_line, street_key
from store.db import connect
from store.events import Actor
from store.manifest import import_bytes

OSM = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "osm"
if not OSM.is_dir():
    OSM = Path("/work/shared/data/osm")


@dataclass(frozen=True)
class Row:
    line: str
    postcode: str
    city: str
    street: str
    lat: float
    lon: float
    perturbed: str


def address_points(source: Path) -> list[tuple[str, str, float, float, str, str]]:
    """(street, number, lat, lon, postcode, city) of every address point, as in the index."""
    points = []
    processor = osmium.FileProcessor(str(source)).with_locations()
    for obj in processor.with_filter(osmium.filter.KeyFilter("addr:housenumber")):
        tags = obj.tags
        street = tags.get("addr:street")
        if not street:
            continue
        if obj.is_node():
            lat, lon = obj.location.lat, obj.location.lon
        elif obj.is_way():
            try:
                nodes = [(n.lat, n.lon) for n in obj.nodes]
            except osmium.InvalidLocationError:
                continue
            if obj.is_closed() and len(nodes) > 1:
                nodes = nodes[:-1]
            lat = sum(n[0] for n in nodes) / len(nodes)
            lon = sum(n[1] for n in nodes) / len(nodes)
        else:
            continue
        number = tags["addr:housenumber"].split(";")[0].strip()
        points.append(
            (street, number, lat, lon, tags.get("addr:postcode", ""), tags.get("addr:city", ""))
        )
    return points


def places(source: Path) -> list[tuple[str, float, float]]:
    found = []
    for obj in osmium.FileProcessor(str(source)).with_filter(osmium.filter.KeyFilter("place")):
        if obj.is_node() and obj.tags.get("place") in ("town", "village") and "name" in obj.tags:
            found.append((obj.tags["name"], obj.location.lat, obj.location.lon))
    return found


def rows_of(source: Path, rng: random.Random) -> list[Row]:
    points = address_points(source)
    towns = places(source)
    coded = [p for p in points if p[4]]
    rows = []
    for street, number, lat, lon, postcode, city in points:
        if not postcode:
            postcode = min(coded, key=lambda p: metres(lat, lon, p[2], p[3]))[4]
        if not city:
            city = min(towns, key=lambda t: metres(lat, lon, t[1], t[2]))[0]
        line, how = f"{street} {number}", ""
        if rng.random() < 0.2:
            line, how = perturb(street, number, rng)
        rows.append(Row(line, postcode, city, street, lat, lon, how))
    return rows


def perturb(street: str, number: str, rng: random.Random) -> tuple[str, str]:
    """One of the four perturbations of the issue (falling back to lower case)."""
    how = rng.choice(("abbreviation", "typo", "no type", "lower case"))
    if how == "abbreviation" and "strasse" in street.lower():
        return _replace_end(street, "strasse", "str.") + f" {number}", how
    if how == "typo":
        letters = [i for i, c in enumerate(street) if c.isalpha() and i > 0]
        if len(letters) >= 5:
            i = rng.choice(letters)
            kind = rng.choice(("drop", "swap", "change"))
            if kind == "drop":
                typo = street[:i] + street[i + 1 :]
            elif kind == "swap" and i + 1 < len(street):
                typo = street[:i] + street[i + 1] + street[i] + street[i + 2 :]
            else:
                typo = street[:i] + rng.choice("aeiourns") + street[i + 1 :]
            return f"{typo} {number}", how
    if how == "no type":
        for suffix in ("strasse", "weg", "gasse"):
            if street.lower().endswith(suffix) and len(street) > len(suffix) + 2:
                return f"{street[: -len(suffix)]} {number}", how
    return f"{street.lower()} {number}", "lower case"


def _replace_end(text: str, old: str, new: str) -> str:
    at = text.lower().rfind(old)
    return text[:at] + new + text[at + len(old) :]


def locate_all(db, index_file: Path, rows: list[Row]) -> tuple[float, list]:
    """Locate every row with a freshly opened index and cleared caches; (seconds, results)."""
    parse_line.cache_clear()
    street_key.cache_clear()
    started, cpu = time.perf_counter(), time.process_time()
    locator = locate.Locator(db, AddressIndex(index_file))
    found = [locator.locate(r.line, r.postcode, r.city) for r in rows]
    return (time.perf_counter() - started, time.process_time() - cpu), found


def _key(name: str) -> str:
    key = street_key(name)
    return key.full if key else ""


def liechtenstein(repeats: int, seed: int) -> None:
    source = OSM / "liechtenstein.osm.pbf"
    with tempfile.TemporaryDirectory() as folder:
        index_file = Path(folder) / address_index.FILE_NAME
        builds = []
        for _ in range(3):
            started = time.perf_counter()
            summary = address_index.build(source, index_file)
            builds.append(time.perf_counter() - started)
        print(f"index build: median {statistics.median(builds):.2f} s ({summary})")
        rows = rows_of(source, random.Random(seed))
        db = connect(Path(folder) / "shop.db")
        times, cpu = [], []
        for _ in range(repeats):
            (seconds, cpu_seconds), results = locate_all(db, index_file, rows)
            times.append(seconds)
            cpu.append(cpu_seconds)
        report(rows, results, times, cpu)


def report(rows: list[Row], results: list, times: list[float], cpu: list[float]) -> None:
    n = len(rows)
    precision = [found.precision for found in results]
    errors = [
        metres(r.lat, r.lon, found.latitude, found.longitude)
        for r, found in zip(rows, results, strict=True)
        if found.precision in ("address", "street")
    ]
    on_street = [(r, f) for r, f in zip(rows, results, strict=True) if f.street]
    wrong = [(r, f) for r, f in on_street if _key(f.street) != _key(r.street)]
    errors.sort()
    p95 = errors[int(0.95 * (len(errors) - 1))]
    print(f"rows: {n} ({sum(bool(r.perturbed) for r in rows)} perturbed)")
    for name in locate.PRECISIONS:
        print(f"  {name:8s} {precision.count(name):5d}  {precision.count(name) / n:6.1%}")
    print(f"error (address + street rows): median {statistics.median(errors):.1f} m, "
          f"p95 {p95:.1f} m, max {errors[-1]:.0f} m")  # fmt: skip
    print(f"wrong street: {len(wrong)} of {len(on_street)} = {len(wrong) / len(on_street):.2%}")
    for kind in ("abbreviation", "typo", "no type", "lower case"):
        group = [
            found.precision for r, found in zip(rows, results, strict=True) if r.perturbed == kind
        ]
        if group:
            print(f"  {kind:12s} {len(group):4d} rows, at address {group.count('address')}")
    for r, m in wrong[:8]:
        print(f"    wrong: {r.line!r} ({r.postcode} {r.city}; {r.street}) -> {m.detail}")
    missed = [r for r, found in zip(rows, results, strict=True) if found.precision == "zip"]
    for r in missed[:5]:
        print(f"    zip only: {r.line!r} ({r.postcode} {r.city}) street {r.street!r}")
    rates = [n / t for t in times]
    print(f"speed: median {statistics.median(rates):,.0f} rows/s "
          f"(min {min(rates):,.0f}, max {max(rates):,.0f}; {len(times)} runs); "
          f"{statistics.median(n / t for t in cpu):,.0f} rows per CPU second")  # fmt: skip


def harrisburg_import(count: int, repeats: int, seed: int) -> None:
    """A shop in Colonial Park (Harrisburg, PA): import `count` rows on its named streets."""
    source = OSM / "harrisburg.osm.pbf"
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as folder:
        index_file = Path(folder) / "shop.area" / address_index.FILE_NAME
        index_file.parent.mkdir()
        address_index.build(source, index_file)
        index = AddressIndex(index_file)
        streets = [s for s in index.streets.values() if s.pieces]
        zips = sorted(index.postcodes)
        lines = []
        for n in range(count):
            street = rng.choice(streets)
            lat, lon = street.pieces[0][1], street.pieces[0][0]
            zip_code = min(zips, key=lambda z: metres(lat, lon, *index.postcodes[z]))
            lines.append((f"TBA{900000000 + n}", f"{rng.randint(1, 4000)} {street.name}",
                          zip_code, lat, lon))  # fmt: skip
        header = (
            "tracking_id,recipient_name,address_line1,city,state,postal_code,latitude,longitude"
        )
        cases = (
            ("without coordinates", False, True),
            ("with coordinates", True, True),
            ("with coordinates, no street map", True, False),
        )
        for label, with_coordinates, with_area in cases:
            body = "\n".join(
                f"{t},Pat Doe,{line},Harrisburg,PA,{z},"
                + (f"{lat:.6f},{lon:.6f}" if with_coordinates else ",")
                for t, line, z, lat, lon in lines
            )
            data = (header + "\n" + body + "\n").encode()
            times, cpus = [], []
            for attempt in range(repeats):
                path = (
                    Path(folder) / f"shop-{label.replace(' ', '-').replace(',', '')}-{attempt}.db"
                )
                db = connect(path)
                settings.update(db, name="Bench", latitude=40.282, longitude=-76.82,
                                timezone="America/New_York", radius_mi=10.0)  # fmt: skip
                if with_area:  # where the shop looks for its area's address index
                    target = locate.index_file(db)
                    assert target is not None
                    target.parent.mkdir(parents=True)
                    target.write_bytes(index_file.read_bytes())
                parse_line.cache_clear()
                street_key.cache_clear()
                started, cpu = time.perf_counter(), time.process_time()
                result = import_bytes(db, Actor("Bench", "C1"), data, f"m{attempt}.csv")
                times.append(time.perf_counter() - started)
                cpus.append(time.process_time() - cpu)
                db.conn.close()
            print(f"import {count:,} rows {label}: median {statistics.median(times):.2f} s "
                  f"(min {min(times):.2f}, max {max(times):.2f}; {repeats} runs), CPU "
                  f"{statistics.median(cpus):.2f} s; located {result.located}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--import-rows", type=int, default=0)
    args = parser.parse_args()
    print(f"# {time.strftime('%Y-%m-%d %H:%M')}, load {' '.join(_load())}")
    liechtenstein(args.repeats, args.seed)
    if args.import_rows:
        harrisburg_import(args.import_rows, 3, args.seed)
    print(f"# load after: {' '.join(_load())}")


def _load() -> list[str]:
    try:
        return Path("/proc/loadavg").read_text().split()[:3]
    except OSError:
        return ["?"]


if __name__ == "__main__":
    main()
