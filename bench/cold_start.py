"""Cold start: from process start to the main window shown and its event loop running.

Starts `main.py`'s console in a fresh Python process each time (offscreen unless --platform
says otherwise), with --staff given so no question is asked. The child reports when the window
is up and the event loop has run once (it takes input from then on) and exits; the parent times
that from just before spawning it, and reads the child's peak RSS from the kernel. With
--browse N the child then opens the Parcels screen and scrolls N pages down before exiting, so
the RSS includes a browsed parcel table. The database is copied first (the daily backup of a
first start would otherwise land beside the real file); --in-place uses the file itself.

    python bench/cold_start.py --db PATH [--runs 5] [--browse 50]

The first run writes the compiled modules a normal install keeps; take the median.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child(db: Path, browse: int) -> int:
    """Runs in the spawned process: open the console, say when it is ready, leave."""
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    import commands
    from ui import app

    args = commands.build_parser().parse_args(
        ["--db", str(db), "--staff", "Bench", "--counter", "bench"]
    )

    def ready() -> None:
        print("ready", flush=True)
        if browse:
            QTimer.singleShot(0, lambda: scroll(browse))
        else:
            QApplication.exit(0)

    def scroll(pages: int) -> None:
        from ui.window.main_window import MainWindow

        [window] = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        window.show_page(window.parcels)
        table, model = window.parcels.table, window.parcels.model
        for _ in range(pages):
            while model.loading:  # pages are read in the background
                QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
            table.scrollToBottom()
            QApplication.processEvents()
        while model.loading:
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        print(f"rows {window.parcels.model.rowCount()} of {window.parcels.model.total}", flush=True)
        QApplication.exit(0)

    args.on_ready = ready
    return app.open_console(args)


def one_run(db: Path, platform: str, browse: int) -> tuple[float, float, str]:
    """Seconds to ready, peak RSS in MB, and what the child said after ready."""
    env = {**os.environ, "QT_QPA_PLATFORM": platform}
    # A user's Python keeps compiled modules (pip compiles what it installs, and the program
    # writes its own on the first start); a sandbox that forbids that recompiles every
    # module on every start, which is not what the shop sees.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    command = [sys.executable, str(Path(__file__).resolve()), "--child", "--db", str(db)]
    command += ["--browse", str(browse)]
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    ready = time.perf_counter() - start
    if first.strip() != "ready":
        process.kill()
        raise SystemExit(f"the console did not start (it said {first!r})")
    rest = process.stdout.read().strip()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return ready, usage.ru_maxrss / 1024, rest


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


def measure(db: Path, runs: int, platform: str, browse: int) -> None:
    results = [one_run(db, platform, browse) for _ in range(runs)]
    seconds = [ready for ready, _, _ in results]
    rss = [peak for _, peak, _ in results]
    print(f"database: {db} ({db.stat().st_size / 1e6:.1f} MB), platform {platform}")
    print(f"runs: {', '.join(f'{value:.2f}' for value in seconds)} s")
    print(f"cold start to a usable window: median {statistics.median(seconds):.2f} s")
    print(f"peak RSS: median {statistics.median(rss):.0f} MB, max {max(rss):.0f} MB")
    if browse:
        print(f"after scrolling {browse} pages of parcels: {results[-1][2]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="a shop database")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--platform", default="offscreen", help="Qt platform (xcb with a display)")
    parser.add_argument("--browse", type=int, default=0, help="pages of parcels to scroll")
    parser.add_argument("--in-place", action="store_true", help="open the file itself")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.exit(child(args.db, args.browse))
    if not args.db.is_file():
        parser.error(f"no database at {args.db}")
    if args.in_place:
        measure(args.db, args.runs, args.platform, args.browse)
        return
    with tempfile.TemporaryDirectory(prefix="cold-start-") as folder:
        measure(copy_database(args.db, Path(folder)), args.runs, args.platform, args.browse)


if __name__ == "__main__":
    main()
