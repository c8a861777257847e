"""Long work off the GUI thread, one job at a time: a cancellable QThread and the object that
starts it and reports back on the GUI thread once the thread has ended.

The planner and the street-map import both work this way: the job keeps its own result or
error, a cancel is a flag the job reads, progress from a cancelled job is dropped, and the
report comes once, whether the thread ended by itself or was waited for on shutdown (closing
the window, quitting), so a slot connected to it never sees a thread still running.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QCoreApplication, QObject, QThread


class CancellableWorker(QThread):
    """A QThread whose `run` reads `cancelled` (or passes `cancel_flag` on) to stop early."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cancel_flag = threading.Event()

    def cancel(self) -> None:
        """Ask the work to stop now (any thread)."""
        self.cancel_flag.set()

    @property
    def cancelled(self) -> bool:
        return self.cancel_flag.is_set()


class OneWorkerAtATime(QObject):
    """Starts one `CancellableWorker` at a time; `finished_work(worker)` reports it once."""

    #: What `launch` says when a job is already running.
    busy = "a job is already running"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._worker: CancellableWorker | None = None
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    @property
    def running(self) -> bool:
        return self._worker is not None

    def launch(self, worker: CancellableWorker) -> None:
        """Start `worker` (made with this object as its parent, its progress connected)."""
        if self._worker is not None:
            worker.deleteLater()
            raise RuntimeError(self.busy)
        worker.finished.connect(self._on_thread_ended)
        self._worker = worker
        worker.start()

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancel()

    def shutdown(self) -> None:
        """Cancel and wait for the thread (closing the window or quitting)."""
        worker = self._worker
        if worker is not None:
            worker.cancel()
            worker.wait()
            self._report(worker)

    def still_wanted(self) -> bool:
        """Whether progress arriving now belongs to a job that was not cancelled."""
        return self._worker is not None and not self._worker.cancelled

    def finished_work(self, worker: CancellableWorker) -> None:
        """Report `worker`'s result (its thread has ended); subclasses emit their signal."""
        raise NotImplementedError

    def _on_thread_ended(self) -> None:
        self._report(self.sender())

    def _report(self, worker: object) -> None:
        if worker is None or worker is not self._worker:
            return  # already reported (by shutdown, before the queued `finished` arrived)
        assert isinstance(worker, CancellableWorker)
        worker.wait()
        self._worker = None
        worker.deleteLater()
        self.finished_work(worker)
