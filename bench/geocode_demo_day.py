"""The geocoder's "done when" on the demo day: its manifest imported without coordinates.

    python bench/geocode_demo_day.py [--seconds 5] [--seeds 3]

Two fresh shops like the demo (its place, radius, drivers and shipped Harrisburg street map,
no address book) import the demo day's manifest: one as generated (the true points), one with
every coordinate removed and a fifth of the address lines perturbed (an abbreviation, a
dropped letter, the street type left out, lower case). Both check every parcel in and plan
with the same budget and seeds (interleaved), and the script prints:

- how many parcels were located at each precision, how many were held and why;
- how far the located points lie from the true ones (median, 90th percentile, worst);
- the plan's miles on the located points, the plan's miles on the true points, and the
  located plan's order driven to the true addresses (road miles: what the driver really
  drives when the stops are where the geocoder put them);
- the load (`uptime`), since the machine is shared.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import statistics
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from routing.roads import OsrmTravel
from store import area, demo, drivers, manifest, planning, settings
from store.checkin import check_in
from store.db import connect
from store.events import Actor
from store.geo import miles_between

ACTOR = Actor("Ana", "Counter 1")
DAY = date(2026, 12, 7)
ABBREVIATIONS = {
    "Road": "Rd",
    "Street": "St",
    "Drive": "Dr",
    "Avenue": "Ave",
    "Lane": "Ln",
    "Court": "Ct",
    "Boulevard": "Blvd",
    "Place": "Pl",
    "Circle": "Cir",
}


def perturb(line: str, rng: random.Random) -> tuple[str, str]:
    """One of the four ways a carrier's line differs from the map: (kind, new line)."""
    words = line.split()
    kind = rng.choice(("abbreviation", "typo", "no type", "lower case"))
    if kind == "abbreviation" and words[-1] in ABBREVIATIONS:
        return kind, " ".join([*words[:-1], ABBREVIATIONS[words[-1]]])
    if kind == "typo":
        longest = max(words[1:], key=len)
        cut = rng.randrange(1, len(longest) - 1)
        words[words.index(longest)] = longest[:cut] + longest[cut + 1 :]
        return kind, " ".join(words)
    if kind == "no type" and len(words) > 2:
        return kind, " ".join(words[:-1])
    return "lower case", line.lower()


def blind_manifest(data: bytes, seed: int = 42) -> tuple[bytes, Counter[str]]:
    """The manifest without coordinates, a fifth of its lines perturbed."""
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    rng = random.Random(seed)
    kinds: Counter[str] = Counter()
    for row in rows:
        row["latitude"] = row["longitude"] = ""
        if rng.random() < 0.2 and row["postal_code"] != "99999":
            kind, row["address_line1"] = perturb(row["address_line1"], rng)
            kinds[kind] += 1
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8"), kinds


@dataclass
class Shop:
    db: object
    ids: list[str]


def new_shop(folder: Path, name: str, data: bytes) -> Shop:
    """A fresh demo-like shop with the street map, its manifest imported and all checked in."""
    db = connect(folder / f"{name}.db")
    settings.save(db, settings.ShopSettings(**demo.SHOP))
    demo.install_street_map(db)
    for driver, capacity, start, end in demo.DRIVERS:
        drivers.add(db, driver, capacity=capacity, shift_start=start, shift_end=end)
    manifest.import_bytes(db, ACTOR, data, f"{name}.csv", DAY)
    ids = [row.values["tracking_id"] for row in manifest.parse(data).rows]
    for tracking_id in ids:
        check_in(db, ACTOR, tracking_id)
    return Shop(db, ids)


def plan_miles(shop: Shop, seconds: float, seed: int) -> tuple[float, object, Counter[str]]:
    """(miles, plan, stops per precision) of a plan of the shop's day (not saved)."""
    prepared = planning.prepare(shop.db, DAY)
    plan = planning.solve(prepared, seconds=seconds, seed=seed, workers=1)
    precisions = Counter(
        prepared.location_of(visit.stop.tracking_ids)[0]
        for route in plan.routes
        for visit in route.visits
    )
    return plan.distance_mi, plan, precisions


def driven_on_truth(plan: object, truth: dict[str, tuple[float, float]], base: Path) -> float:
    """Road miles of the plan's order with each stop's parcels at their true addresses."""
    shop = (demo.SHOP["latitude"], demo.SHOP["longitude"])
    travel = OsrmTravel(base)
    total = 0.0
    for route in plan.routes:  # type: ignore[attr-defined]
        points = [shop]
        for visit in route.visits:
            for tracking_id in visit.stop.tracking_ids:
                if truth[tracking_id] != points[-1]:
                    points.append(truth[tracking_id])
        points.append(shop)
        table = travel.table(points)
        total += sum(table.distance_mi[i, i + 1] for i in range(len(points) - 1))
    return total


def located_errors(blind: Shop, truth: dict[str, tuple[float, float]]) -> list[float]:
    """Miles from the true address of every parcel that goes out (on the shelf, not held)."""
    errors = []
    for tracking_id, lat, lon in blind.db.conn.execute(
        "SELECT tracking_id, latitude, longitude FROM parcels WHERE latitude IS NOT NULL "
        "AND status = 'received'"
    ):
        if truth.get(tracking_id) is not None:
            errors.append(miles_between(lat, lon, *truth[tracking_id]))
    return sorted(errors)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="planning budget")
    parser.add_argument("--seeds", type=int, default=3, help="plans per shop (medians)")
    args = parser.parse_args()
    data = demo.manifest_csv(DAY)
    blind_data, kinds = blind_manifest(data)
    with tempfile.TemporaryDirectory() as folder:
        true_shop = new_shop(Path(folder), "true", data)
        blind = new_shop(Path(folder), "blind", blind_data)
        truth = {
            t: (lat, lon)
            for t, lat, lon in true_shop.db.conn.execute(
                "SELECT tracking_id, latitude, longitude FROM parcels"
            )
            if lat is not None
        }
        print(f"{len(blind.ids)} parcels; perturbed lines: {dict(kinds)}")
        print("precision:", dict(Counter(r[0] for r in blind.db.conn.execute(
            "SELECT coalesce(location_precision, 'none') FROM parcels"))))  # fmt: skip
        print("held:", dict(Counter(r[0] for r in blind.db.conn.execute(
            "SELECT status_reason FROM parcels WHERE status = 'exception'"))))  # fmt: skip
        errors = located_errors(blind, truth)
        print(
            f"{len(errors)} parcels to plan, placed from their true address: median "
            f"{statistics.median(errors):.2f} mi, p90 {errors[int(0.9 * len(errors))]:.2f} mi, "
            f"worst {errors[-1]:.2f} mi"
        )
        base = area.current(blind.db).osrm_base  # type: ignore[union-attr]
        rows = []
        for seed in range(args.seeds):  # interleaved: the load changes under both alike
            claimed, plan, stops = plan_miles(blind, args.seconds, seed)
            real = driven_on_truth(plan, truth, base)
            true_miles, _, true_stops = plan_miles(true_shop, args.seconds, seed)
            rows.append((claimed, real, true_miles))
            print(
                f"seed {seed}: located plan {claimed:.1f} mi ({sum(stops.values())} stops: "
                f"{dict(stops)}), its order driven to the true addresses {real:.1f} mi; plan "
                f"on the true points {true_miles:.1f} mi ({sum(true_stops.values())} stops)"
            )
        claimed, real, true_miles = (statistics.median(row[i] for row in rows) for i in range(3))
        print(
            f"median: located plan {claimed:.1f} mi, driven to the true addresses {real:.1f} "
            f"mi, plan on the true points {true_miles:.1f} mi ({real / true_miles:.2f}x)"
        )
        print(f"load average: {os.getloadavg()[0]:.1f} (1 min)")
        true_shop.db.conn.close()
        blind.db.conn.close()


if __name__ == "__main__":
    main()
