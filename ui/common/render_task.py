"""Long printing work off the GUI thread: render 500 labels, print 40 pages, send ZPL.

A `Task` runs one function `work(on_progress, cancelled)` in its own QThread and reports
back by queued signals, so the window keeps answering the scanner meanwhile. `cancel()` only
raises a flag; the work polls it between labels or pages and stops with `labels.Cancelled`,
having written nothing (the renderers write their file only once the whole document is made).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal

from labels import CancelCheck, Cancelled, ProgressCallback
from store.errors import StoreError

Work = Callable[[ProgressCallback, CancelCheck], object]


class Task(QThread):
    """One piece of work in a thread. Exactly one of `succeeded`, `failed` or `cancelled`
    is emitted when it ends (then QThread's own `finished`)."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, title: str, work: Work, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self._work = work
        self._stop = threading.Event()

    def cancel(self) -> None:
        """Ask the work to stop at its next label or page."""
        self._stop.set()

    @property
    def cancel_requested(self) -> bool:
        return self._stop.is_set()

    def run(self) -> None:  # the worker thread
        try:
            result = self._work(self.progressed.emit, self._stop.is_set)
        except Cancelled:
            self.cancelled.emit()
        except (StoreError, OSError, ValueError) as error:
            self.failed.emit(_sentence(error))
        except Exception as error:  # a bug: still tell the person, never die silently
            self.failed.emit(f"Unexpected error ({type(error).__name__}): {_sentence(error)}")
        else:  # done is done: a cancel that came too late does not unprint anything
            self.succeeded.emit(result)


def _sentence(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__
