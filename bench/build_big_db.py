"""Build the five-year shop database the benchmarks run on: 500,000 parcels, 2,500,000 events.

    python bench/build_big_db.py bench/out/big.db [--parcels 500000] [--today-expected 2000]

Parcels are spread over ~1,800 shop days ending yesterday, each with the five events of a normal
delivery (expected, received, planned, out for delivery, delivered), and a few attempted ones;
today holds a fresh manifest of `--today-expected` parcels still expected, for the check-in
benchmarks to scan. The hash chain is real, so `parcel-desk verify` passes on the result.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from store import demo, drivers, settings, staff
from store.db import connect
from store.events import GENESIS_HASH, event_hash
from store.geo import point_at, zone_for
from store.timeutil import iso_z

#: Street names for the history's addresses (any will do: these parcels are long delivered).
STREETS = ("Derry Street", "Locust Lane", "Jonestown Road", "Union Deposit Road", "Oxford Road")

PARCEL_COLUMNS = (
    "tracking_id, manifest_id, expected_date, recipient_name, address_line1, city, state, "
    "postal_code, service, latitude, longitude, location_source, distance_mi, zone, status, "
    "status_at, status_reason, attempts, received_at, delivered_at, last_event_id"
)


def build(path: Path, parcels: int, today_expected: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    path.unlink(missing_ok=True)
    db = connect(path)
    settings.save(db, settings.ShopSettings(**demo.SHOP))
    for name in demo.STAFF:
        staff.add(db, name)
    for name, capacity, start, end in demo.DRIVERS:
        drivers.add(db, name, capacity=capacity, shift_start=start, shift_end=end)
    conn = db.conn
    tz = settings.load(db).tz
    today = datetime.now(tz).date()
    history = parcels - today_expected
    days = 1800
    per_day = history / days
    head, next_id = GENESIS_HASH, 1
    parcel_rows: list[tuple] = []
    event_rows: list[tuple] = []
    conn.execute("BEGIN IMMEDIATE")
    started = time.perf_counter()
    serial = 10**11
    for day_index in range(days + 1):
        day = today - timedelta(days=days - day_index)
        count = (
            today_expected
            if day == today
            else int(per_day * (day_index + 1)) - int(per_day * day_index)
        )
        conn.execute(
            "INSERT INTO manifests (filename, sha256, for_date, imported_at, imported_by, "
            "row_count) VALUES (?, ?, ?, ?, 'Ana', ?)",
            (
                f"manifest-{day}.csv",
                f"{day_index:064x}",
                day.isoformat(),
                iso_z(_at(day, 7, 0, tz)),
                count,
            ),
        )
        manifest_id = day_index + 1
        for _ in range(count):
            serial += rng.randrange(1, 30)
            tracking_id = f"TBA{serial}"
            lat, lon, distance, zone = _place(rng)
            statuses = _life(rng) if day != today else ["expected"]
            times = [
                _at(day, 7, 0, tz) + timedelta(minutes=10 * i + rng.randrange(5))
                for i in range(len(statuses))
            ]
            run_id = day_index * 3 + rng.randrange(3) + 1
            attempts = 0
            for status, moment in zip(statuses, times, strict=True):
                on_run = status in ("planned", "out_for_delivery", "delivered", "attempted")
                reason = (
                    "to_recipient"
                    if status == "delivered"
                    else ("recipient_unavailable" if status == "attempted" else None)
                )
                details = '{"driver": "Dev"}' if on_run else None
                fields = (
                    next_id,
                    tracking_id,
                    status,
                    iso_z(moment),
                    "Ana",
                    "Counter 1",
                    run_id if on_run else None,
                    1 if on_run else None,
                    reason,
                    details,
                )
                digest = event_hash(head, fields)
                event_rows.append((*fields, head, digest))
                head = digest
                next_id += 1
                attempts += status == "attempted"
            received = iso_z(times[1]) if len(statuses) > 1 else None
            # as the app's own rule has it: a parcel picked up was delivered, at the counter
            delivered = iso_z(times[-1]) if statuses[-1] in ("delivered", "picked_up") else None
            parcel_rows.append(
                (
                    tracking_id,
                    manifest_id,
                    day.isoformat(),
                    _name(rng),
                    f"{rng.randrange(100, 9999)} {rng.choice(STREETS)}",
                    "Harrisburg",
                    "PA",
                    "17109",
                    "next_day",
                    lat,
                    lon,
                    "manifest",
                    distance,
                    zone,
                    statuses[-1],
                    iso_z(times[-1]),
                    event_rows[-1][8],
                    attempts,
                    received,
                    delivered,
                    next_id - 1,
                )
            )
        if len(event_rows) > 50_000 or day == today:
            _flush(conn, parcel_rows, event_rows)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    built = time.perf_counter() - started
    total_events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    total_parcels = conn.execute("SELECT count(*) FROM parcels").fetchone()[0]
    conn.close()
    size = path.stat().st_size / 2**20
    print(
        f"built {path}: {total_parcels:,} parcels, {total_events:,} events, {size:,.0f} MB "
        f"in {built:.0f} s; today ({today}) has {today_expected:,} expected parcels"
    )


def _flush(conn, parcel_rows: list[tuple], event_rows: list[tuple]) -> None:
    conn.executemany(
        f"INSERT INTO parcels ({PARCEL_COLUMNS}) VALUES ({', '.join('?' * 21)})", parcel_rows
    )
    conn.executemany(
        "INSERT INTO events (id, tracking_id, status, at, staff, counter, run_id, stop_sequence, "
        "reason, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        event_rows,
    )
    parcel_rows.clear()
    event_rows.clear()


def _life(rng: random.Random) -> list[str]:
    """Most parcels: five events. Some need a second attempt; a few are picked up."""
    roll = rng.random()
    if roll < 0.90:
        return ["expected", "received", "planned", "out_for_delivery", "delivered"]
    if roll < 0.97:
        return [
            "expected",
            "received",
            "planned",
            "out_for_delivery",
            "attempted",
            "planned",
            "out_for_delivery",
            "delivered",
        ]
    return ["expected", "received", "picked_up"]


def _place(rng: random.Random) -> tuple[float, float, float, str]:
    bearing, distance = rng.uniform(0, 360), 9.6 * rng.random() ** 0.6 + 0.2
    lat, lon = point_at(demo.SHOP["latitude"], demo.SHOP["longitude"], bearing, distance)
    return round(lat, 6), round(lon, 6), round(distance, 2), zone_for(distance, bearing, 10.0)


def _name(rng: random.Random) -> str:
    return f"{rng.choice(demo.FIRST)} {rng.choice(demo.LAST)}"


def _at(day: date, hour: int, minute: int, tz) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz).astimezone(UTC)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, nargs="?", default=Path("bench/out/big.db"))
    parser.add_argument("--parcels", type=int, default=500_000)
    parser.add_argument("--today-expected", type=int, default=2_000)
    args = parser.parse_args()
    args.path.parent.mkdir(parents=True, exist_ok=True)
    build(args.path, args.parcels, args.today_expected)


if __name__ == "__main__":
    main()
