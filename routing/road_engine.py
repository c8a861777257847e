"""Where OSRM answers: in this process, or in a helper process that holds the engine.

OSRM's Python binding (osrm-bindings 26.10, the newest) keeps Python's GIL for the whole of
a query: its Table, Route and Nearest are bound without releasing it, and no call option or
engine setting changes that. A 500-point table asked from a worker thread (the console's
planner) therefore stops every thread of the process for up to a second, the window's too.
A query sent to a helper process leaves the asking thread waiting on a pipe, which releases
the GIL: the window keeps drawing and taking scans while the table is made.

The command line has no window to keep alive and asks OSRM in its own process (`LocalEngine`,
the default). The console calls `use_helper_process()` once at start: from then on every
query of the process (`engine()`) goes to one long-lived helper (`HelperEngine`), started
from multiprocessing's forkserver like the planner's helpers (safe in a threaded Qt program,
and in the built app through `freeze_support`). If the helper dies it is started again; if
it cannot be, queries are answered here, slower to the eye but never wrong.

Points are (lat, lon) here as everywhere in routing; OSRM itself takes (lon, lat).
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing as mp
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerContext, SpawnContext
from typing import Any, Protocol, cast

import numpy as np

log = logging.getLogger(__name__)

Point = tuple[float, float]
MAX_LOCATIONS = 10_000
STOP_WAIT_S = 2.0


@dataclass(frozen=True, slots=True)
class TableAnswer:
    """OSRM's table over n points: n×n durations (s) and distances (m), NaN where no road
    joins a pair, and each point's distance to the road it was snapped to (m)."""

    duration_s: np.ndarray
    distance_m: np.ndarray
    snap_m: np.ndarray


class RoadEngine(Protocol):
    """OSRM's three queries the program uses, over the road data at `base` (…/area.osrm)."""

    def table(self, base: str, points: Sequence[Point]) -> TableAnswer: ...

    def route(self, base: str, points: Sequence[Point]) -> list[Point] | None:
        """The road through `points` in order, or None when no route joins them."""
        ...

    def snap(self, base: str, point: Point) -> float:
        """How far `point` is from the nearest road a car may use (m)."""
        ...


@lru_cache(maxsize=2)
def _osrm(base: str) -> Any:  # osrm ships no type hints
    """One engine per area (loading is quick, but not free); safe to share between threads."""
    import osrm  # here: a process that never asks the roads need not load OSRM

    return osrm.OSRM(
        storage_config=base,
        algorithm="MLD",
        use_shared_memory=False,
        max_locations_distance_table=MAX_LOCATIONS,
        max_locations_viaroute=MAX_LOCATIONS,
    )


class LocalEngine:
    """OSRM in this process (the thread that asks holds the GIL until the answer)."""

    def table(self, base: str, points: Sequence[Point]) -> TableAnswer:
        import osrm

        result = _osrm(base).Table(
            osrm.TableParameters(
                coordinates=[(lon, lat) for lat, lon in points],
                annotations=["duration", "distance"],
                generate_hints=False,
            )
        )
        count = len(points)
        return TableAnswer(
            duration_s=_matrix(result["durations"], count),
            distance_m=_matrix(result["distances"], count),
            snap_m=np.array([float(s["distance"]) for s in result["sources"]]),
        )

    def route(self, base: str, points: Sequence[Point]) -> list[Point] | None:
        import osrm

        try:
            result = _osrm(base).Route(
                osrm.RouteParameters(
                    coordinates=[(lon, lat) for lat, lon in points],
                    overview="full",
                    geometries="geojson",
                    generate_hints=False,
                )
            )
        except RuntimeError:  # OSRM's "NoRoute": a point cut off from the others
            return None
        line = result["routes"][0]["geometry"]["coordinates"]
        return [(float(p[1]), float(p[0])) for p in line]

    def snap(self, base: str, point: Point) -> float:
        import osrm

        result = _osrm(base).Nearest(osrm.NearestParameters(coordinates=[(point[1], point[0])]))
        return float(result["waypoints"][0]["distance"])


def _matrix(rows: Iterable[Iterable[float | None]], count: int) -> np.ndarray:
    """An OSRM array of `count` arrays (null where no route) as floats (NaN there)."""
    flat = list(itertools.chain.from_iterable(rows))
    return np.array(flat, dtype=float).reshape(count, -1)


def _serve(conn: Connection) -> None:
    """The helper process: answer each (query, base, points) until the pipe closes."""
    local = LocalEngine()
    while True:
        try:
            kind, base, points = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(("ok", getattr(local, kind)(base, points)))
        except Exception as error:  # the asker raises it; the helper stays up
            conn.send(("error", f"{type(error).__name__}: {error}"))


def _context() -> ForkServerContext | SpawnContext:
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        # One forkserver serves the planner's helpers (routing.parallel) and this one: the
        # first to start it decides what it preloads, so both name both.
        ctx.set_forkserver_preload(["routing.engine", "routing.road_engine"])
        return ctx
    return mp.get_context("spawn")


class HelperUnavailable(RuntimeError):
    """The helper process could not be started or stopped answering."""


class HelperEngine:
    """OSRM in a helper process: one query at a time, the asking thread waits on a pipe.

    Thread-safe; the process starts at the first query (or `start()`), and is started again
    once if it dies mid-query. `close()` ends it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: mp.process.BaseProcess | None = None
        self._conn: Connection | None = None
        self._local: LocalEngine | None = None  # answers here once the helper is given up
        self.starts = 0

    def start(self) -> None:
        """Start the helper now (from a worker thread at start-up: it takes a moment)."""
        with self._lock:
            self._connection()

    def table(self, base: str, points: Sequence[Point]) -> TableAnswer:
        return cast(TableAnswer, self._ask("table", base, list(points)))

    def route(self, base: str, points: Sequence[Point]) -> list[Point] | None:
        return cast("list[Point] | None", self._ask("route", base, list(points)))

    def snap(self, base: str, point: Point) -> float:
        return cast(float, self._ask("snap", base, point))

    @property
    def pid(self) -> int | None:
        process = self._process
        return process.pid if process is not None and process.is_alive() else None

    def _ask(self, kind: str, base: str, points: object) -> object:
        with self._lock:
            if self._local is not None:
                return getattr(self._local, kind)(base, points)
            for attempt in (1, 2):
                try:
                    conn = self._connection()
                    conn.send((kind, base, points))
                    answer = conn.recv()
                    break
                except (EOFError, OSError, HelperUnavailable) as error:
                    self._end()
                    if attempt == 2:
                        log.warning("road engine helper gave up (%s): OSRM answers here", error)
                        self._local = LocalEngine()
                        return getattr(self._local, kind)(base, points)
                    log.warning("road engine helper stopped (%s): starting it again", error)
        if answer[0] == "error":
            raise RuntimeError(answer[1])
        return answer[1]

    def _connection(self) -> Connection:
        if self._conn is not None and self._process is not None and self._process.is_alive():
            return self._conn
        self._end()
        ctx = _context()
        here, there = ctx.Pipe(duplex=True)
        process = ctx.Process(target=_serve, args=(there,), name="road-engine", daemon=True)
        try:
            process.start()
        except OSError as error:
            here.close()
            raise HelperUnavailable(f"cannot start the road engine's process: {error}") from None
        finally:
            there.close()
        self._process, self._conn = process, here
        self.starts += 1
        log.info("road engine helper process started (pid %s)", process.pid)
        return here

    def close(self) -> None:
        """End the helper process (it ends by itself when this process does, too)."""
        with self._lock:
            self._end()

    def _end(self) -> None:
        conn, process = self._conn, self._process
        self._conn = self._process = None
        if conn is not None:
            conn.close()  # the helper's recv ends: it returns
        if process is not None:
            process.join(STOP_WAIT_S)
            if process.is_alive():
                process.kill()
                process.join()


_engine: RoadEngine = LocalEngine()
_engine_lock = threading.Lock()


def engine() -> RoadEngine:
    """The engine this process asks (`LocalEngine` unless `use_helper_process` was called)."""
    return _engine


def use_engine(chosen: RoadEngine) -> RoadEngine:
    """Ask `chosen` from now on; returns the engine asked until now (not closed)."""
    global _engine
    with _engine_lock:
        previous, _engine = _engine, chosen
    return previous


def use_helper_process() -> HelperEngine:
    """From now on, ask OSRM in a helper process (the console, so its window never waits)."""
    with _engine_lock:
        current = _engine
    if isinstance(current, HelperEngine):
        return current
    helper = HelperEngine()
    use_engine(helper)
    return helper


def use_this_process() -> None:
    """Ask OSRM here again, ending the helper process if there is one."""
    previous = use_engine(LocalEngine())
    if isinstance(previous, HelperEngine):
        previous.close()
