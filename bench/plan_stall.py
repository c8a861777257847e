"""The window while a plan is made: the longest time the GUI thread could not run.

    python bench/plan_stall.py [--stops 150 500] [--seconds 3] [--repeats 3]
        [--engines helper here]

Makes a shop on the demo's street map (Harrisburg) with a day of `--stops` doors on its named
streets, all checked in, and cars enough for them; then drives the real Runs screen
offscreen: presses Plan and waits until the plan is saved and shown. A 1 ms heartbeat timer
on the GUI thread records every gap in the event loop; the longest gap is split by phase:
while the planner searches (its worker thread: OSRM's road table, PyVRP), and while the
finished plan is saved and drawn (GUI thread: saving, the runs' road lines, the lists).
Each repeat plans from scratch (the saved plan and every table and line asked before are
forgotten first, so OSRM is asked again), once with OSRM in the console's helper process
(`helper`, as the console runs) and once in the window's own process (`here`, as before),
interleaved. Before each plan the heartbeat runs one second with nothing to do: the
machine's own stalls (other processes taking the cores), the floor under the figures.
Prints, per size, the medians side by side (the range in brackets) and the machine's load.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from routing import road_engine, roads
from store import area, checkin, demo, drivers, manifest, runs, settings
from store.db import connect
from store.events import Actor
from ui.runs.runs_view import RunsView

ACTOR = Actor("Bench", "bench")
IDLE_S = 1.0
PHASES = ("idle", "searching", "saving and drawing")
WHERE = {"here": "OSRM in the window's process", "helper": "OSRM in a helper process"}


def make_shop(folder: Path, stops: int) -> tuple[object, date]:
    """A shop on the demo's streets with `stops` doors to deliver, every parcel on the shelf."""
    db = connect(folder / f"shop-{stops}.db")
    shop = settings.save(db, settings.ShopSettings(**demo.SHOP))
    demo.install_street_map(db)
    day = date.today()
    cars = max(3, round(stops / 100))
    for n in range(cars):
        drivers.add(db, f"Driver {n + 1}", capacity=stops // cars + 40,
                    shift_start="08:00", shift_end="20:00")  # fmt: skip
    data = demo.manifest_csv(day, seed=stops, addresses=stops)
    manifest.import_bytes(db, ACTOR, data, "bench.csv", day)
    for row in manifest.parse(data).rows:
        checkin.check_in(db, ACTOR, row.values["tracking_id"])
    assert shop.configured
    return db, day


class Heartbeat:
    """A 1 ms timer on the GUI thread: the longest gap between its ticks, per phase."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.phase = "idle"
        self.longest: dict[str, float] = {}
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(1)
        self.timer.timeout.connect(self.beat)

    def start(self, phase: str) -> None:
        self.phase = phase
        self.clock.start()
        self.timer.start()

    def beat(self) -> None:
        gap = self.clock.restart() / 1000.0
        self.longest[self.phase] = max(self.longest.get(self.phase, 0.0), gap)

    def enter(self, phase: str) -> None:
        self.beat()
        self.phase = phase


def idle_stall() -> float:
    """The GUI's longest stall over IDLE_S with nothing to do (the machine's own noise)."""
    beat = Heartbeat()
    loop = QEventLoop()
    QTimer.singleShot(round(IDLE_S * 1000), loop.quit)
    beat.start("idle")
    loop.exec()
    beat.beat()
    beat.timer.stop()
    return beat.longest["idle"]


def one_plan(view: RunsView, seconds: float) -> dict[str, float]:
    idle = idle_stall()
    beat = Heartbeat()
    finished: list[str] = []
    view.planFinished.connect(finished.append)
    adopt = view.editor.adopt

    def marked_adopt(*args: object) -> None:
        beat.enter("saving and drawing")
        adopt(*args)  # type: ignore[arg-type]

    view.editor.adopt = marked_adopt  # type: ignore[method-assign]
    view.controls.budget.setValue(seconds)
    beat.start("searching")
    loop = QEventLoop()
    view.planFinished.connect(loop.quit)
    started = time.perf_counter()
    view.plan()
    if not finished:
        loop.exec()
    view.planFinished.disconnect(loop.quit)
    whole = time.perf_counter() - started
    beat.beat()  # the gap up to the end (the last phase may end without a tick)
    beat.timer.stop()
    view.editor.adopt = adopt  # type: ignore[method-assign]
    view.planFinished.disconnect(finished.append)
    assert finished == ["saved"], finished
    return {**beat.longest, "idle": idle, "whole": whole}


ENGINES: dict[str, road_engine.RoadEngine] = {}


def use(name: str, base: str) -> None:
    """OSRM where `name` says (each engine made once and kept, with the street map loaded,
    as in the console), with every table and line asked before forgotten."""
    if name not in ENGINES:
        made = road_engine.HelperEngine() if name == "helper" else road_engine.LocalEngine()
        made.snap(base, (demo.SHOP["latitude"], demo.SHOP["longitude"]))
        ENGINES[name] = made
    road_engine.use_engine(ENGINES[name])
    roads.forget()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stops", type=int, nargs="+", default=[150, 500])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--engines", nargs="+", default=["here", "helper"])
    args = parser.parse_args()
    qInstallMessageHandler(quiet_offscreen)
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        for stops in args.stops:
            db, day = make_shop(Path(folder), stops)
            view = RunsView(db, lambda: ACTOR, lambda day=day: day)  # type: ignore[misc]
            view.resize(1300, 720)
            view.show()
            app.processEvents()
            results: dict[str, list[tuple[dict[str, float], float]]] = {}
            planned = 0
            for _ in range(args.repeats):
                for name in args.engines:
                    use(name, str(area_of(db)))
                    runs.save_plan(db, ACTOR, day, [], {})  # plan afresh
                    view.load(day)
                    load = os.getloadavg()[0]
                    results.setdefault(name, []).append((one_plan(view, args.seconds), load))
                    planned = sum(len(r.stops) for r in view.editor.rows.runs)
            report(stops, results, planned)
            view.shutdown()
            view.close()
            db.conn.close()
    road_engine.use_this_process()
    for made in ENGINES.values():
        if isinstance(made, road_engine.HelperEngine):
            made.close()


def area_of(db: object) -> Path:
    loaded = area.current(db)  # type: ignore[arg-type]
    assert loaded is not None
    return loaded.osrm_base


def report(
    stops: int, results: dict[str, list[tuple[dict[str, float], float]]], planned: int
) -> None:
    """One table per size: each phase's longest stall, medians side by side."""
    names = list(results)
    print(f"\n{stops} stops ({planned} planned), {len(results[names[0]])} plans each, "
          f"longest GUI stall in ms, median (range):")  # fmt: skip
    print(f"  {'':<20}" + "".join(f"{WHERE.get(n, n):>32}" for n in names))
    for phase in PHASES:
        cells = []
        for name in names:
            values = [r[phase] * 1000 for r, _ in results[name] if phase in r]
            cells.append(f"{statistics.median(values):.0f} ({min(values):.0f}–{max(values):.0f})")
        print(f"  {phase:<20}" + "".join(f"{cell:>32}" for cell in cells))
    wholes = [statistics.median(r["whole"] for r, _ in results[n]) for n in names]
    print(f"  {'Plan to saved screen':<20}" + "".join(f"{w:>30.2f} s" for w in wholes))
    loads = [load for name in names for _, load in results[name]]
    print(f"  load (1-minute average) {min(loads):.1f}–{max(loads):.1f}")


def quiet_offscreen(kind: object, context: object, message: str) -> None:
    """Qt's messages, but the offscreen platform's note on every window shown."""
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)


if __name__ == "__main__":
    main()
