"""Import a street map off the GUI thread: `store.area_import.build` runs in a QThread.

Like planning: `prepare` (reads the shop file) and `install` (records the new map) stay on the
window's connection; only the build, which touches no database, runs in the worker. Progress
arrives as (step, fraction) queued to the GUI; cancelling ends OSRM's tools at once and the
cut within a moment. `done` fires once the thread has ended.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal

from store import area_import
from store.area_import import Built, ImportJob
from store.errors import StoreError


class ImportWorker(QThread):
    """One build: keeps its result, or the sentence that says why it failed."""

    progressed = Signal(str, float)  # step label, 0..1 of the whole (queued to the GUI)

    def __init__(self, job: ImportJob, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.job = job
        self.built: Built | None = None
        self.error: str | None = None
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        try:
            self.built = area_import.build(
                self.job, on_progress=self.progressed.emit, cancel=self._cancel.is_set
            )
        except area_import.Cancelled:
            pass
        except StoreError as error:
            self.error = str(error)
        except Exception as error:  # shown to the owner; the window must stay usable
            self.error = f"the import failed ({type(error).__name__}: {error})"


class StreetMapImporter(QObject):
    """Starts one `ImportWorker` at a time and reports back on the GUI thread."""

    progressed = Signal(str, float)
    #: (built or None, error text or None, cancelled), after the thread has ended.
    done = Signal(object, object, bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._worker: ImportWorker | None = None
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    @property
    def running(self) -> bool:
        return self._worker is not None

    def start(self, job: ImportJob) -> None:
        if self._worker is not None:
            raise RuntimeError("a street map is already being imported")
        worker = ImportWorker(job, parent=self)
        worker.progressed.connect(self._on_progress)
        worker.finished.connect(self._on_thread_ended)
        self._worker = worker
        worker.start()

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancel()

    def shutdown(self) -> None:
        """Cancel and wait for the thread (closing the dialog or quitting)."""
        worker = self._worker
        if worker is not None:
            worker.cancel()
            worker.wait()
            self._report(worker)

    def _on_progress(self, label: str, fraction: float) -> None:
        if self._worker is not None and not self._worker.cancelled:
            self.progressed.emit(label, fraction)

    def _on_thread_ended(self) -> None:
        self._report(self.sender())

    def _report(self, worker: object) -> None:
        if worker is None or worker is not self._worker:
            return
        assert isinstance(worker, ImportWorker)
        worker.wait()
        self._worker = None
        worker.deleteLater()
        self.done.emit(worker.built, worker.error, worker.cancelled)
