"""Make the demo shop with a progress window, so that its seconds never look like a hang.

The first demo of a machine builds its street map (two seconds on an idle PC, over ten on a
busy one), imports a manifest and checks in half the parcels. `--demo` and the setup window's
"Try the demo shop first" both come here before the console opens: the demo is made in a
worker thread on its own connection to the demo's file (closed there), while a progress
window on the GUI thread says what is being made; the console then opens the finished file.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from store import demo_file

log = logging.getLogger(__name__)

TITLE = "Making the demo shop"
HEADLINE = "Making the demo shop: its streets, a morning's manifest and scans (once)."
STEPS = 1000  # the bar's resolution


class DemoWorker(QThread):
    """Makes the demo's file; keeps the error that stopped it, if any."""

    progressed = Signal(str, float)  # what is being made, 0..1 of the whole (queued)

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            db, _ = demo_file.open_demo(self.path, on_progress=self.progressed.emit)
            db.conn.close()
        except Exception as error:  # raised again on the GUI thread, where it is explained
            self.error = error


class DemoProgress(QProgressDialog):
    """The progress window: what is being made, a bar, no Cancel (it takes seconds)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.setLabelText(f"{HEADLINE}\nStarting…")
        self.setCancelButton(None)  # no Cancel: stopping would leave half a demo
        self.setRange(0, STEPS)
        self.setValue(0)
        self.setMinimumDuration(0)
        self.setMinimumWidth(440)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)

    def show_step(self, label: str, fraction: float) -> None:
        self.setLabelText(f"{HEADLINE}\n{label}…")
        self.setValue(round(STEPS * min(1.0, max(0.0, fraction))))


def make_demo(path: Path, parent: QWidget | None = None) -> None:
    """Make the demo shop in `path` (which holds no demo yet), showing its progress; returns
    when it is made. Raises what `demo_file.open_demo` raises (after the window closed)."""
    dialog = DemoProgress(parent)
    worker = DemoWorker(path)
    # Queued on purpose: the worker's steps are shown on the GUI thread, in the order sent.
    worker.progressed.connect(dialog.show_step, Qt.ConnectionType.QueuedConnection)
    waiting = QEventLoop()
    worker.finished.connect(waiting.quit, Qt.ConnectionType.QueuedConnection)
    dialog.show()
    worker.start()
    waiting.exec()
    worker.wait()
    QCoreApplication.sendPostedEvents()  # the last steps sent, shown before the window closes
    dialog.close()
    dialog.deleteLater()
    worker.deleteLater()
    if worker.error is not None:
        raise worker.error
    log.info("demo shop made in %s", path)
