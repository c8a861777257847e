"""'Re-order stops': a better stop order for the chosen run, asked for by the owner.

A run being loaded keeps its order through every re-plan (its parcels are going into the car
in load order); this button is the "unless asked". The search (`store.run_order.solve`, a
couple of seconds) runs in a worker thread so the scanner keeps working meanwhile; saving
happens back on the GUI thread. What it did comes out as `reordered(message, changed)` or
`refused(message)`: the screen shows it in its answer band.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QPushButton, QWidget

from labels.words import counted
from store.errors import StoreError
from ui.common.render_task import Task
from ui.common.session import Session

if TYPE_CHECKING:
    from routing import Route
    from store.run_order import RunOrder

IDLE_TEXT = "Re-order stops"
#: Long enough for a day's run (40 stops converge in well under a second on two cores).
SEARCH_SECONDS = 2.0


class RunReorderButton(QPushButton):
    reordered = Signal(str, bool)  # what was done, and whether the order changed
    refused = Signal(str)

    def __init__(
        self,
        session: Session,
        chosen_run: Callable[[], int | None],
        parent: QWidget | None = None,
        *,
        seconds: float = SEARCH_SECONDS,
    ) -> None:
        super().__init__(IDLE_TEXT, parent)
        self.setToolTip(
            "Look for a shorter order of this run's stops (the same stops, the same car). "
            "Parcels whose stop number changes need their labels printed again."
        )
        self._session, self._chosen_run = session, chosen_run
        self.seconds = seconds  # the search budget
        self.task: Task | None = None
        self.clicked.connect(self.start)
        app = QCoreApplication.instance()
        if app is not None:  # no thread outlives Qt
            app.aboutToQuit.connect(self.shutdown)

    def start(self) -> None:
        run_id = self._chosen_run()
        if run_id is None or self.task is not None:
            return
        from store import run_order  # the planner (PyVRP, NumPy) loads on the first press

        try:
            order = run_order.read(self._session.db, run_id)
        except StoreError as error:
            self.refused.emit(str(error))
            return
        seconds = self.seconds
        task = Task(
            "Re-ordering",
            lambda _p, cancelled: run_order.solve(order, seconds=seconds, cancel=cancelled),
            self,
        )
        task.succeeded.connect(lambda route: self._save(order, route))
        task.failed.connect(self.refused.emit)
        task.finished.connect(self._finished)
        self.task = task
        self.setEnabled(False)
        self.setText("Re-ordering…")
        task.start()

    def _save(self, order: RunOrder, route: Route) -> None:
        from store import run_order

        try:
            done = run_order.commit(self._session.db, self._session.actor, order, route)
        except StoreError as error:
            self.refused.emit(str(error))
            return
        label = order.run.label
        if done.renumbered == 0:
            self.reordered.emit(
                f"No shorter order found: {label} keeps its order ({done.before_mi:.1f} mi).", False
            )
            return
        self.reordered.emit(
            f"{label} re-ordered: {done.before_mi:.1f} → {done.after_mi:.1f} mi. "
            f"{counted(done.renumbered, 'parcel')} got a new stop number: print their labels "
            "again (Print → Reprint changed labels) and the run's manifest.",
            True,
        )

    def _finished(self) -> None:
        if self.task is not None:
            self.task.wait()
            self.task.deleteLater()
            self.task = None
        self.setText(IDLE_TEXT)
        self.setEnabled(self._chosen_run() is not None)

    def shutdown(self) -> None:
        """Stop the search and wait for it (before the window closes)."""
        if self.task is not None:
            self.task.cancel()
            self.task.wait()
