"""Data-layer figures on a big shop file: manifest import, exports, check-in, verify.

    python bench/build_big_db.py bench/out/big.db      # once: 500,000 parcels, 2.5 M events
    python bench/store_bench.py bench/out/big.db

Prints medians over repeated runs (and p99 for scans). Imports run inside a transaction that
is rolled back afterwards; the scans commit for real (fsync and all), checking in up to
`--scans` of today's expected parcels: rebuild the file to start again from a fresh morning.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from store import checkin, exports, manifest, settings
from store.db import connect
from store.events import Actor, verify

ACTOR = Actor("Bench", "Counter 1")


def _timed(function, repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return times


def _manifest(rows: int, offset: int) -> bytes:
    lines = [
        "tracking_id,recipient_name,address_line1,city,state,postal_code,latitude,longitude,"
        "window_start,window_end,weight_lb"
    ]
    for n in range(rows):
        lines.append(
            f"BEN{offset:03d}{n:08d},Olivia Smith,{1000 + n % 800} Gallows Rd,Vienna,VA,"
            f"22180,{38.85 + (n % 97) / 1000:.4f},{-77.25 + (n % 89) / 1000:.4f},"
            f"{'09:00,12:00' if n % 3 == 0 else ','},2.5"
        )
    return ("\r\n".join(lines) + "\r\n").encode()


def bench_import(db, repeats: int) -> list[float]:
    times = []
    for attempt in range(repeats):
        data = _manifest(10_000, attempt)
        db.conn.execute("BEGIN IMMEDIATE")
        started = time.perf_counter()
        manifest.import_bytes(db, ACTOR, data, "bench.csv")
        times.append(time.perf_counter() - started)
        db.conn.execute("ROLLBACK")
    return times


def bench_scans(db, count: int) -> list[float]:
    today = datetime.now(settings.load(db).tz).date()
    ids = [
        row[0]
        for row in db.conn.execute(
            "SELECT tracking_id FROM parcels WHERE expected_date = ? AND status = 'expected' "
            "LIMIT ?",
            (today.isoformat(), count),
        )
    ]
    if not ids:
        raise SystemExit("no expected parcels today: rebuild the db with build_big_db.py")
    times = []
    for tracking_id in ids:
        raw = f"]C1{tracking_id}\r\n"
        started = time.perf_counter()
        checkin.check_in(db, ACTOR, raw)
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--scans", type=int, default=500)
    parser.add_argument("--skip-events-export", action="store_true")
    args = parser.parse_args()
    db = connect(args.db)
    parcels = db.conn.execute("SELECT count(*) FROM parcels").fetchone()[0]
    events = db.conn.execute("SELECT max(id) FROM events").fetchone()[0]
    print(
        f"database: {args.db} ({parcels:,} parcels, {events:,} events, "
        f"{args.db.stat().st_size / 2**20:,.0f} MB); {os.cpu_count()} cores"
    )
    tz = settings.load(db).tz
    yesterday = datetime.now(tz).date() - timedelta(days=1)

    imports = bench_import(db, args.repeats)
    print(
        f"manifest import, 10,000 rows: median {statistics.median(imports):.2f} s "
        f"(runs: {', '.join(f'{t:.2f}' for t in imports)})  target <= 2 s"
    )

    day_rows = exports.export_status(db, io.StringIO(), yesterday)
    day = _timed(lambda: exports.export_status(db, io.StringIO(), yesterday), args.repeats * 2)
    print(
        f"status export of one day ({day_rows} parcels): median "
        f"{statistics.median(day) * 1000:.1f} ms  target <= 100 ms"
    )

    everything = _timed(lambda: exports.export_status(db, io.StringIO(), None), 1)
    print(f"status export of all parcels: {everything[0]:.2f} s")

    if not args.skip_events_export:
        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder) / "events.csv"

            def write_events() -> None:
                with target.open("w", encoding="utf-8", newline="") as out:
                    exports.export_events(db, out)

            runs = _timed(write_events, 3)
            print(
                f"event export of all {events:,} events: median {statistics.median(runs):.2f} s "
                f"({target.stat().st_size / 2**20:,.0f} MB)  target <= 10 s"
            )

    scans = bench_scans(db, args.scans)
    scans_sorted = sorted(scans)
    p99 = scans_sorted[int(len(scans_sorted) * 0.99) - 1]
    print(
        f"check-in, store layer (scan to committed event), {len(scans)} scans: median "
        f"{statistics.median(scans) * 1000:.2f} ms, p99 {p99 * 1000:.2f} ms"
    )

    started = time.perf_counter()
    report = verify(db)
    print(
        f"verify (integrity check, hash chain, caches): {time.perf_counter() - started:.1f} s, "
        f"{'ok' if report.ok else report.problems[:3]}"
    )
    db.conn.close()


if __name__ == "__main__":
    main()
