"""Scan latency: from the scanner's Enter to the committed event and the repainted screen.

Drives the real check-in screen offscreen, through the real scanner capture: each scan is typed
into the scan box by QTest (as fast as a USB scanner), then Enter; the clock runs from Enter until
the answer is committed (the scan's row is in the database) and the screen has repainted. A mix
of outcomes: received, duplicate, unexpected, unreadable, held. A heartbeat timer measures the
longest time the event loop could not run. The database is copied first (use --in-place to scan
into the file itself).

    python bench/scan_latency.py --db PATH [--scans 500]
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

import store.checkin
from store import db as store_db
from store.events import Actor
from ui.checkin.checkin_view import CheckinView
from ui.common.lagging_table import DELAY_MS
from ui.common.scanner import ScanCapture
from ui.common.session import Session


class Silent:
    def play(self, name: str) -> None:
        pass


def copy_database(source: Path, folder: Path) -> Path:
    target = folder / source.name
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dest = sqlite3.connect(target)
    try:
        src.backup(dest)
    finally:
        src.close()
        dest.close()
    return target


def scan_mix(db_file: Path, count: int, seed: int = 1) -> tuple[list[str], dict[str, int]]:
    """Codes to scan: mostly expected parcels, then repeats, unknown ids, garbage, held ones."""
    rng = random.Random(seed)
    conn = sqlite3.connect(db_file)
    try:
        expected = [
            r[0]
            for r in conn.execute(
                "SELECT tracking_id FROM parcels WHERE status = 'expected' AND hold IS NULL "
                "ORDER BY expected_date DESC, tracking_id LIMIT ?",
                (int(count * 0.6),),
            )
        ]
        held = [
            r[0]
            for r in conn.execute(
                "SELECT tracking_id FROM parcels WHERE status = 'expected' AND hold IS NOT NULL "
                "LIMIT ?",
                (int(count * 0.05),),
            )
        ]
        received = [
            r[0]
            for r in conn.execute(
                "SELECT tracking_id FROM parcels WHERE status = 'received' LIMIT 200"
            )
        ]
    finally:
        conn.close()
    # Parcels on no manifest, in the shop's own shape (TBA + 12 digits): held as unexpected.
    # (A TBX code would now be a misread: "unreadable, scan again".)
    unexpected = [f"TBA{rng.randrange(9 * 10**11, 10**12)}" for _ in range(int(count * 0.08))]
    unreadable = ["]C1#??#", "x", "12", "lorem ipsum!"] * (count // 40 + 1)
    unreadable = unreadable[: int(count * 0.07)]
    codes = expected + held + unexpected + unreadable
    repeats = (received or expected or ["TBX1"]) + expected
    codes += [rng.choice(repeats) for _ in range(count - len(codes))]
    rng.shuffle(codes)
    mix = {
        "expected": len(expected),
        "held": len(held),
        "unexpected": len(unexpected),
        "unreadable": len(unreadable),
        "repeat": count - len(expected) - len(held) - len(unexpected) - len(unreadable),
    }
    return codes[:count], mix


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run(db_file: Path, scans: int) -> None:
    app = QApplication.instance() or QApplication([])
    codes, mix = scan_mix(db_file, scans)
    db = store_db.connect(db_file)
    session = Session.open(db, db_file, Actor("Bench", "bench"))
    view = CheckinView(session, Silent())
    capture = ScanCapture()
    capture.scanned.connect(view.take_scan)
    app.installEventFilter(capture)
    view.resize(1200, 800)
    view.show()
    QTest.qWaitForWindowExposed(view)
    view.activateWindow()
    view.focus_scan_box()
    QTest.qWait(50)

    store_times: list[float] = []
    real_check_in = store.checkin.check_in

    def timed_check_in(*args, **kwargs):
        start = time.perf_counter()
        try:
            return real_check_in(*args, **kwargs)
        finally:
            store_times.append(time.perf_counter() - start)

    store.checkin.check_in = timed_check_in

    latencies: list[float] = []
    list_latencies: list[float] = []
    stall = {"last": QElapsedTimer(), "max": 0}
    stall["last"].start()

    def heartbeat() -> None:
        stall["max"] = max(stall["max"], stall["last"].restart())

    beat = QTimer()
    beat.setTimerType(Qt.TimerType.PreciseTimer)
    beat.setInterval(1)
    beat.timeout.connect(heartbeat)
    pending = list(codes)
    before = db.conn.execute("SELECT count(*) FROM scans").fetchone()[0]

    def one_scan() -> None:
        if not pending:
            app.exit(0)
            return
        code = pending.pop(0)
        QTest.keyClicks(view.scan_box, code)
        # A scanner takes ~4 ms a key: the screen keeps up with the typing (the scan box now
        # shows it as typed) before the Enter; only Enter -> answer is timed.
        app.processEvents()
        start = time.perf_counter()
        QTest.keyClick(view.scan_box, Qt.Key.Key_Return)
        app.processEvents()  # the repaint of the answer
        latencies.append(time.perf_counter() - start)
        while view.lists_pending:  # the history and missing list follow a moment later
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        list_latencies.append(time.perf_counter() - start)

    driver = QTimer()
    driver.setInterval(5)
    driver.timeout.connect(one_scan)
    beat.start()
    driver.start()
    wall = time.perf_counter()
    app.exec()
    wall = time.perf_counter() - wall
    recorded = db.conn.execute("SELECT count(*) FROM scans").fetchone()[0] - before
    app.removeEventFilter(capture)
    db.conn.close()

    ms = [value * 1000 for value in latencies]
    store_ms = [value * 1000 for value in store_times]
    print(f"database: {db_file} ({os.path.getsize(db_file) / 1e6:.1f} MB)")
    print(
        f"scans: {len(ms)} ({', '.join(f'{k} {v}' for k, v in mix.items())}) "
        f"in {wall:.1f} s; recorded {recorded}, lost {len(codes) - recorded}"
    )
    print(
        f"Enter -> committed + answer repainted: median {statistics.median(ms):.2f} ms, "
        f"p99 {percentile(ms, 0.99):.2f} ms, max {max(ms):.2f} ms"
    )
    lists = [value * 1000 for value in list_latencies]
    print(
        f"Enter -> history and missing list repainted too (held {DELAY_MS} ms): "
        f"median {statistics.median(lists):.2f} ms, p99 {percentile(lists, 0.99):.2f} ms"
    )
    print(
        f"  of which store.check_in: median {statistics.median(store_ms):.2f} ms, "
        f"p99 {percentile(store_ms, 0.99):.2f} ms"
    )
    print(f"longest event-loop stall: {stall['max']} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="a shop database")
    parser.add_argument("--scans", type=int, default=500)
    parser.add_argument("--in-place", action="store_true", help="scan into the file itself")
    args = parser.parse_args()
    if not args.db.is_file():
        parser.error(f"no database at {args.db}")
    if args.in_place:
        run(args.db, args.scans)
        return
    with tempfile.TemporaryDirectory(prefix="scan-bench-") as folder:
        run(copy_database(args.db, Path(folder)), args.scans)


if __name__ == "__main__":
    main()
