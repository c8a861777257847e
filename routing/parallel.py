"""Use the machine's other core: a second search with another seed in a helper process.

PyVRP's search holds the GIL, so a thread would not help; a process does. The helper is
started from a forkserver (safe in a threaded Qt program, unlike a plain fork, and faster than
a fresh interpreter after the first plan), shares the deadline, the iteration budget and the
cancel flag with the calling search, and sends back its best solution. The caller keeps the
better of the two, preferring its own on a tie, so a run with an iteration budget is
deterministic for a given seed.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import time
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerContext, SpawnContext
from multiprocessing.sharedctypes import SynchronizedArray
from multiprocessing.synchronize import Event

import numpy as np
from pyvrp import ProblemData, Solution

from routing.engine import (
    Budget,
    Outcome,
    SearchConfig,
    Snapshot,
    length,
    missing_due,
    objective,
    search,
)

log = logging.getLogger(__name__)

SEED_STRIDE = 7919  # helper k searches with seed + k * SEED_STRIDE: far from the caller's stream
JOIN_GRACE_S = 2.0
#: With a deadline, a helper's answer is awaited this long after it: a helper still in its
#: first (uninterruptible) local search, e.g. on a busy PC, is left out, so that a plan ends
#: within a fraction of a second of its budget.
LATE_ANSWER_S = 0.3
CANCEL_GRACE_S = 0.15  # after a cancel, a helper still in its first local search is not awaited


def _context() -> ForkServerContext | SpawnContext:
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["routing.engine"])  # takes effect when the server starts
        return ctx
    return mp.get_context("spawn")


def _helper_main(
    data: ProblemData,
    budget: Budget,
    seed: int,
    config: SearchConfig,
    cancel: Event,
    best_value: SynchronizedArray[float],
    conn: Connection,
    initial: Solution | None = None,
    due_clients: frozenset[int] = frozenset(),
    lengths: np.ndarray | None = None,
) -> None:
    """Entry point of the helper process: search, publish progress, send the best back.

    Progress publishes the best plan that serves every client in ``due_clients``, and its
    length (``engine.length``).
    """

    def publish(snapshot: Snapshot) -> None:
        infeasible, value = objective(snapshot.best)
        if not infeasible and missing_due(snapshot.best, due_clients) == 0:
            best_value[0], best_value[1] = float(value), float(length(snapshot.best, lengths))

    try:
        outcome = search(
            data, budget=budget, seed=seed, config=config,
            should_stop=cancel.is_set, on_progress=publish, initial=initial,
            due_clients=due_clients,
        )  # fmt: skip
        conn.send(("ok", outcome.best, outcome.iterations))
    except Exception as error:  # the caller still has its own search's result
        conn.send(("error", repr(error), 0))
    finally:
        conn.close()


class HelperSearch:
    """A search running in another process; ask for its outcome with ``result()``."""

    def __init__(
        self,
        data: ProblemData,
        budget: Budget,
        seed: int,
        config: SearchConfig,
        initial: Solution | None = None,
        due_clients: frozenset[int] = frozenset(),
        lengths: np.ndarray | None = None,
    ):
        ctx = _context()
        self._cancel = ctx.Event()
        self.best_value = ctx.Array("d", [float("inf"), float("inf")])  # objective, distance
        self._recv, send = ctx.Pipe(duplex=False)
        self._process = ctx.Process(
            target=_helper_main,
            args=(
                data,
                budget,
                seed,
                config,
                self._cancel,
                self.best_value,
                send,
                initial,
                due_clients,
                lengths,
            ),
            daemon=True,
        )
        self._process.start()
        send.close()
        self._closed = False

    def cancel(self) -> None:
        """Ask the helper to stop now and send what it has."""
        self._cancel.set()

    def result(self, timeout_s: float, join_s: float = JOIN_GRACE_S) -> Outcome | None:
        """The helper's outcome, or None if it failed or did not answer in time.

        The helper process is then given ``join_s`` to exit before it is killed.
        """
        if self._closed:
            return None
        answered = False
        try:
            if not self._recv.poll(timeout_s):
                log.info("helper search did not answer within %.1f s", timeout_s)
                return None
            status, best, iterations = self._recv.recv()
            answered = True
        except (EOFError, OSError) as error:
            log.info("helper search ended without an answer: %r", error)
            return None
        finally:
            self._close(join_s if answered else min(join_s, CANCEL_GRACE_S))
        # The built app's smoke test (packaging/smoke_test.py) reads this line: the helper ran.
        log.info("helper search answered: %s, %d iterations", status, iterations)
        return Outcome(best, iterations) if status == "ok" else None

    def _close(self, join_s: float) -> None:
        if self._closed:
            return
        self._closed = True
        self._cancel.set()
        self._process.join(join_s)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
        self._recv.close()


def search_in_parallel(
    data: ProblemData,
    *,
    budget: Budget,
    seed: int,
    workers: int,
    config: SearchConfig | None = None,
    should_stop: Callable[[], bool] = lambda: False,
    on_progress: Callable[[Snapshot, tuple[float, float]], None] | None = None,
    initials: Sequence[Solution | None] = (),
    due_clients: frozenset[int] = frozenset(),
    lengths: np.ndarray | None = None,
) -> Outcome:
    """Run ``workers`` searches (one here, the rest in helper processes) and keep the best.

    ``initials[k]``, where given and not None, is the start of search k (0: this one);
    the others start from a random solution.

    ``on_progress`` receives the local snapshot and the (objective, length) of the best
    feasible solution serving every one of ``due_clients`` that any helper has published so
    far ((inf, inf) while there is none); lengths as ``engine.length`` reads them.
    """
    config = config or SearchConfig()
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    helpers = []
    for k in range(1, workers):
        try:
            start = initials[k] if k < len(initials) else None
            helper = HelperSearch(
                data, budget, seed + k * SEED_STRIDE, config, start, due_clients, lengths
            )
            helpers.append(helper)
        except OSError:  # no helper process to be had: search on this core alone
            break
    try:

        def report(snapshot: Snapshot) -> None:
            if on_progress is not None:
                inf = (float("inf"), float("inf"))
                others = min(((h.best_value[0], h.best_value[1]) for h in helpers), default=inf)
                on_progress(snapshot, others)

        own = search(
            data, budget=budget, seed=seed, config=config,
            should_stop=should_stop, on_progress=report,
            initial=initials[0] if initials else None, due_clients=due_clients,
        )  # fmt: skip
        outcomes = [own]
        wait_s = _wait_for_helpers(budget)
        for helper in helpers:
            if should_stop():  # the caller is waiting: take what the helper has, or leave it
                helper.cancel()
                outcome = helper.result(CANCEL_GRACE_S, join_s=CANCEL_GRACE_S)
            else:
                outcome = helper.result(wait_s)
            if outcome is not None:
                outcomes.append(outcome)
    finally:
        for helper in helpers:
            helper.cancel()
            helper.result(0.0)
    best = min(outcomes, key=lambda o: objective(o.best))
    return Outcome(best.best, sum(o.iterations for o in outcomes))


def _wait_for_helpers(budget: Budget) -> float:
    """How long to wait for helpers once the local search is done.

    With a deadline the helpers stop at the same moment, so a short grace suffices. With an
    iteration budget alone the helper may run a little slower than the caller; wait for it,
    since determinism depends on its answer.
    """
    if budget.deadline is None:
        return 3600.0
    return max(0.0, budget.deadline - budget.clock()) + LATE_ANSWER_S


MAX_WORKERS = 2


def spare_workers() -> int:
    """How many searches to run side by side now: two when a core is free, else one.

    Measured at equal CPU (bench/ROUTING.md), two searches of half the CPU each are no better
    than one search of all of it (worse on 500-stop window days): the second search pays
    only when it adds a core's CPU, not when it takes half of a busy machine's. The 1-minute
    load average tells (where the system has one; elsewhere two, as the shop PC is meant to
    be idle while planning).
    """
    cores = os.cpu_count() or 1
    if cores < 2:
        return 1
    try:
        busy = os.getloadavg()[0]
    except (AttributeError, OSError):
        return MAX_WORKERS
    return MAX_WORKERS if cores - busy >= 0.9 else 1


def warm_up() -> None:
    """Start the helper machinery ahead of the first plan (optional; blocks ~0.5 s once).

    Call it from a worker thread at start-up so that the first press of Plan does not pay
    for starting the forkserver and importing the engine in it.
    """
    process = _context().Process(target=time.sleep, args=(0,))
    process.start()
    process.join()
