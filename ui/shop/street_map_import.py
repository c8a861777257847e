"""Import a street map off the GUI thread: `store.area_import.build` runs in a QThread.

Like planning: `prepare` (reads the shop file) and `install` (records the new map) stay on the
window's connection; only the build, which touches no database, runs in the worker. Progress
arrives as (step, fraction) queued to the GUI; cancelling ends OSRM's tools at once and the
cut within a moment. `done` fires once the thread has ended.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from store import area_import
from store.area_import import Built, ImportJob
from store.errors import StoreError
from ui.common.one_worker import CancellableWorker, OneWorkerAtATime


class ImportWorker(CancellableWorker):
    """One build: keeps its result, or the sentence that says why it failed."""

    progressed = Signal(str, float)  # step label, 0..1 of the whole (queued to the GUI)

    def __init__(self, job: ImportJob, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.job = job
        self.built: Built | None = None
        self.error: str | None = None

    def run(self) -> None:
        try:
            self.built = area_import.build(
                self.job, on_progress=self.progressed.emit, cancel=self.cancel_flag.is_set
            )
        except area_import.Cancelled:
            pass
        except StoreError as error:
            self.error = str(error)
        except Exception as error:  # shown to the owner; the window must stay usable
            self.error = f"the import failed ({type(error).__name__}: {error})"


class StreetMapImporter(OneWorkerAtATime):
    """Starts one `ImportWorker` at a time and reports back on the GUI thread."""

    busy = "a street map is already being imported"
    progressed = Signal(str, float)
    #: (built or None, error text or None, cancelled), after the thread has ended.
    done = Signal(object, object, bool)

    def start(self, job: ImportJob) -> None:
        worker = ImportWorker(job, parent=self)
        worker.progressed.connect(self._on_progress)
        self.launch(worker)

    def _on_progress(self, label: str, fraction: float) -> None:
        if self.still_wanted():
            self.progressed.emit(label, fraction)

    def finished_work(self, worker: CancellableWorker) -> None:
        assert isinstance(worker, ImportWorker)
        self.done.emit(worker.built, worker.error, worker.cancelled)
