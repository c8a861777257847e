"""Two counters on the five-year file: how long a check-in waits while the other counter
imports a big manifest, or while the morning's backup and purge run.

    python bench/two_counters.py bench/out/big.pristine.db --job import --rows 60000
    python bench/two_counters.py bench/out/big.pristine.db --job backup
    python bench/two_counters.py bench/out/big.pristine.db --job none   # scans alone
    python bench/two_counters.py bench/out/big.pristine.db --job import --alone  # no scans

Each run copies the pristine file (it is never written), starts the job in a child process (the
other counter), and meanwhile checks in today's expected parcels at 10 scans a second in this
process, timing every `check_in` from call to committed answer. Prints, per run and over all
runs, the longest wait, p99 and median, the job's own time, and scans refused. `--code DIR`
runs another checkout's store (e.g. /work/main) for a before/after comparison: give it a
pristine file of the schema that checkout knows.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCAN_INTERVAL_S = 0.1
LONG_S = 0.05  # waits longer than this are shown with when they happened
HEADER = (
    "tracking_id,recipient_name,address_line1,city,state,postal_code,latitude,longitude,"
    "window_start,window_end,weight_lb"
)


def _use_code(code: Path) -> None:
    sys.path.insert(0, str(code))


def write_manifest(path: Path, rows: int) -> None:
    lines = [HEADER]
    for n in range(rows):
        lines.append(
            f"TWO{n:09d},Olivia Smith,{1000 + n % 800} Gallows Rd,Vienna,VA,22180,"
            f"{38.85 + (n % 97) / 1000:.4f},{-77.25 + (n % 89) / 1000:.4f},"
            f"{'09:00,12:00' if n % 3 == 0 else ','},2.5"
        )
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")


def child(job: str, db_file: Path, manifest: Path | None) -> None:
    """The other counter: run the job, say when it starts and how long it took."""
    from datetime import date

    from store import backup, privacy
    from store.db import connect
    from store.events import Actor
    from store.manifest import import_file

    db = connect(db_file, migrate=False)
    print("ready", flush=True)
    time.sleep(1.0)  # the scans run alone for a second first
    started, cpu = time.perf_counter(), time.process_time()
    if job == "import":
        assert manifest is not None
        result = import_file(db, Actor("Bench", "Counter 1"), manifest)
        detail = f"{result.parcels} parcels"
    elif job == "backup":
        made = backup.daily_backup(db, db_file, date.today())
        copied = time.perf_counter() - started
        purged = privacy.purge(db)
        detail = (
            f"backup {made.stat().st_size >> 20 if made else 0} MB in {copied:.1f} s "
            f"(scan clock {1 + copied:.1f} s), then {purged} purged"
        )
    else:  # none: the scans alone, the floor the other jobs are compared with
        time.sleep(30)
        detail = "nothing"
    done = {"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu}
    print(json.dumps({**done, "detail": detail}), flush=True)
    db.conn.close()


def scan_while(process: subprocess.Popen[str], db_file: Path) -> tuple[list[float], int]:
    """Check today's expected parcels in at 10 a second until the child is done."""
    from store import checkin, settings
    from store.db import connect
    from store.errors import StoreError
    from store.events import Actor

    db = connect(db_file, migrate=False)
    tz = settings.load(db).tz
    from datetime import datetime

    today = datetime.now(tz).date().isoformat()
    ids = [
        row[0]
        for row in db.conn.execute(
            "SELECT tracking_id FROM parcels WHERE expected_date = ? AND status = 'expected'",
            (today,),
        )
    ]
    actor = Actor("Bench", "Counter 2")
    waits: list[float] = []
    refused = 0
    begun = next_at = time.perf_counter()
    while process.poll() is None and ids:
        next_at += SCAN_INTERVAL_S
        started = time.perf_counter()
        try:
            checkin.check_in(db, actor, ids.pop())
        except StoreError:
            refused += 1
        waits.append(time.perf_counter() - started)
        if waits[-1] > LONG_S:
            print(f"  a wait of {waits[-1] * 1000:.0f} ms at {started - begun:.1f} s", flush=True)
        time.sleep(max(0.0, next_at - time.perf_counter()))
    db.conn.close()
    return waits, refused


def one_run(args: argparse.Namespace, work: Path, manifest: Path | None) -> dict[str, object]:
    shutil.copyfile(args.pristine, work)
    for suffix in ("-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(work.parent / "backups", ignore_errors=True)
    os.sync()  # the copy's gigabyte of dirty pages would otherwise stall every fsync below
    command = [
        sys.executable,
        __file__,
        str(args.pristine),
        "--child",
        str(work),
        "--job",
        args.job,
        "--code",
        str(args.code),
    ]
    if manifest is not None:
        command += ["--manifest", str(manifest)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "ready"
    waits, refused = ([], 0) if args.alone else scan_while(process, work)
    report = json.loads(process.stdout.readline())
    process.wait()
    return {"waits": waits, "refused": refused, **report}


def _ms(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pristine", type=Path)
    parser.add_argument("--job", choices=("import", "backup", "none"), default="import")
    parser.add_argument("--rows", type=int, default=60_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--code", type=Path, default=HERE.parent)
    parser.add_argument(
        "--alone", action="store_true", help="no scans: the job's own time (wall and CPU)"
    )
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--manifest", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    _use_code(args.code)
    if args.child:
        child(args.job, args.child, args.manifest)
        return
    out = HERE / "out" / "two_counters"
    out.mkdir(parents=True, exist_ok=True)
    manifest = None
    if args.job == "import":
        manifest = out / f"manifest-{args.rows}.csv"
        write_manifest(manifest, args.rows)
    print(f"{args.job} at the other counter; code {args.code}; file {args.pristine}")
    every: list[float] = []
    for number in range(args.runs):
        run = one_run(args, out / "work.db", manifest)
        waits = run["waits"]
        assert isinstance(waits, list)
        every += waits
        if not waits:
            print(f"run {number + 1}: {run['detail']} in {run['seconds']:.1f} s "
                  f"({run['cpu']:.1f} s CPU)", flush=True)  # fmt: skip
            continue
        print(
            f"run {number + 1}: {run['detail']} in {run['seconds']:.1f} s; {len(waits)} scans, "
            f"longest wait {max(waits) * 1000:.0f} ms, p99 {_ms(waits, 0.99):.0f} ms, "
            f"median {statistics.median(waits) * 1000:.1f} ms, refused {run['refused']}",
            flush=True,
        )
    if every:
        print(
            f"all runs: {len(every)} scans, longest wait {max(every) * 1000:.0f} ms, "
            f"p99 {_ms(every, 0.99):.0f} ms, median {statistics.median(every) * 1000:.1f} ms"
        )


if __name__ == "__main__":
    main()
