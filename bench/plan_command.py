"""Benchmark: the whole `plan` command, from the process's start to its exit, and where its
time goes outside the search.

    python bench/plan_command.py [--db SHOP.db] [--seconds 2] [--runs 5] [--as-built]

Without ``--db`` it plans the demo shop (made once in ``bench/out/plan-command/``: 160
parcels in Colonial Park on OSRM streets). Each run is a fresh process of
``parcel-desk plan --seconds S``; the wall time is measured from outside, the phases inside
(seconds since the process started): Python and the imports up to the command; reading the
shop (``store.planning.prepare``); the road check (the OSRM table of the day); the search;
what follows it (timing the runs, saving, printing them). ``--as-built`` hides pandas, which
the built app leaves out (sqlite-utils imports it when it is installed, as in the dev
environment's ``bench`` extra) — the shop's install does not pay for it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).with_name("out") / "plan-command"

PROBE = r"""
import json, os, sys, time

def since_start():
    fields = open("/proc/self/stat").read().rsplit(")", 1)[1].split()
    return time.clock_gettime(time.CLOCK_BOOTTIME) - int(fields[19]) / os.sysconf("SC_CLK_TCK")

if AS_BUILT:
    sys.modules["pandas"] = None  # as packaging/parcel-desk.spec: sqlite-utils then skips it
marks = {}
import main, commands, commands.plan, store.planning, routing
marks["imported"] = since_start()

def timed(owner, name, before, after=None):
    original = getattr(owner, name)
    def wrapper(*args, **kwargs):
        marks.setdefault(before, since_start())
        try:
            return original(*args, **kwargs)
        finally:
            if after:
                marks[after] = since_start()
    setattr(owner, name, wrapper)

timed(store.planning, "prepare", "read shop", "read")
timed(store.planning, "check_on_roads", "road check", "road checked")
timed(store.planning.routing, "plan", "search", "searched")
timed(store.planning, "commit", "save", "saved")
code = main.run(ARGV)
marks["done"] = since_start()
print("PROBE " + json.dumps(marks), file=sys.stderr)
sys.exit(code)
"""


def demo_shop() -> Path:
    shop = OUT / "shop.db"
    if not shop.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "main.py", "--db", str(shop), "demo"], cwd=ROOT,
                       check=True, capture_output=True)  # fmt: skip
    return shop


def one_run(shop: Path, seconds: float, as_built: bool) -> dict[str, float]:
    argv = ["--db", str(shop), "plan", "--seconds", f"{seconds:g}"]
    code = PROBE.replace("AS_BUILT", repr(as_built)).replace("ARGV", repr(argv))
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    wall = time.monotonic() - started
    if done.returncode != 0:
        raise SystemExit(f"plan failed: {done.stderr[-2000:]}")
    line = next(x for x in done.stderr.splitlines() if x.startswith("PROBE "))
    marks = json.loads(line[len("PROBE ") :])
    return {
        "wall": wall,
        "start and imports": marks["imported"],
        "reading the shop": marks["read"] - marks["read shop"],
        "road check": marks["road checked"] - marks["road check"],
        "search": marks["searched"] - marks["search"],
        "after the search": marks["done"] - marks["searched"],
        "exit": wall - marks["done"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="the shop (default: the demo shop)")
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--as-built", action="store_true", help="without pandas, as the app")
    args = parser.parse_args()
    shop = args.db or demo_shop()
    runs = []
    for _ in range(args.runs):
        runs.append(one_run(shop, args.seconds, args.as_built))
        print(f"  {runs[-1]['wall']:.2f} s, load {os.getloadavg()[0]:.1f}", flush=True)
    print(f"plan --seconds {args.seconds:g}, {args.runs} runs, as built: {args.as_built}, "
          f"load {' '.join(f'{x:.2f}' for x in os.getloadavg())}")  # fmt: skip
    for phase in runs[0]:
        values = [r[phase] for r in runs]
        print(f"  {phase:<18} median {statistics.median(values):5.2f} s "
              f"(min {min(values):.2f}, max {max(values):.2f})")  # fmt: skip


if __name__ == "__main__":
    main()
