"""Plan the day off the GUI thread: the search runs in a QThread, the window stays live.

`store.planning.solve` touches no database, so it is the only step that leaves the GUI thread
(with the new runs' road lines, asked here so that drawing them asks OSRM nothing); reading
the day (`prepare`) and saving the result (`commit`) stay on the window's connection.
The search reports progress about ten times a second (queued to the GUI as `progressed`) and
stops within a fraction of a second when cancelled. `Planner.done` fires once the thread has
ended, so a slot connected to it never sees a thread still running.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

import routing
from store import planning as store_planning
from store.planning import PlanningInput
from ui.common.one_worker import CancellableWorker, OneWorkerAtATime
from ui.runs.plan_rows import ask_road_lines

log = logging.getLogger(__name__)


class PlanWorker(CancellableWorker):
    """One search: `run` calls `store.planning.solve` and keeps its plan or its error."""

    progressed = Signal(object)  # routing.Progress, from the worker thread (queued)

    def __init__(
        self,
        planning: PlanningInput,
        *,
        seconds: float,
        iterations: int | None = None,
        seed: int = 0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.planning = planning
        self.seconds = seconds
        self.iterations = iterations
        self.seed = seed
        self.plan: routing.Plan | None = None
        self.error: str | None = None

    def run(self) -> None:
        try:
            self.plan = store_planning.solve(
                self.planning,
                seconds=self.seconds,
                seed=self.seed,
                iterations=self.iterations,
                on_progress=self.progressed.emit,
                cancel=self.cancel_flag,
            )
        except Exception as error:  # shown to the owner; the window must stay usable
            self.error = f"{type(error).__name__}: {error}"
            return
        if not self.cancelled:
            try:
                ask_road_lines(self.planning, self.plan)
            except Exception as error:  # the screen asks them again; the plan stands
                log.warning("road lines not asked ahead: %s", error)


class Planner(OneWorkerAtATime):
    """Starts one `PlanWorker` at a time and reports back on the GUI thread."""

    busy = "a plan is already being made"
    progressed = Signal(object)  # routing.Progress
    #: (planning, plan or None, error text or None, cancelled), after the thread has ended.
    done = Signal(object, object, object, bool)

    def start(
        self, planning: PlanningInput, *, seconds: float, iterations: int | None = None
    ) -> None:
        worker = PlanWorker(planning, seconds=seconds, iterations=iterations, parent=self)
        worker.progressed.connect(self._on_progress)
        self.launch(worker)

    def _on_progress(self, progress: routing.Progress) -> None:
        if self.still_wanted():
            self.progressed.emit(progress)

    def finished_work(self, worker: CancellableWorker) -> None:
        assert isinstance(worker, PlanWorker)
        self.done.emit(worker.planning, worker.plan, worker.error, worker.cancelled)
