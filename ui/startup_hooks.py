"""Two hooks for testing and measuring the built app from outside, by environment variable.
A person never needs them; each does nothing unless its variable is set.

PARCEL_DESK_EXIT_WHEN_READY=1: once the first window (the console, or the setup window on a
first start) is shown and its event loop has run, print `ready<TAB>console|setup` to stdout
and quit with status 0 (bench/app_start.py times start-up with it).

PARCEL_DESK_SMOKE_SCAN: the built app's smoke test: open the console, take one scan, quit
cleanly. Set it to a tracking code (with --staff, so no one is asked who is at the counter).
Once the window is up, the code is typed into it key by key with Enter, as a USB scanner
types it; when the Check-in screen has answered, one line
`smoke-scan<TAB>outcome<TAB>tracking id<TAB>shelf or message` goes to stdout and the console
quits with status 0 (status 1 if no answer came within SMOKE_TIMEOUT_MS). CI runs it on the
built binary with QT_QPA_PLATFORM=offscreen (packaging/smoke_test.py, from .ci/run).
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from ui.window.main_window import MainWindow

SMOKE_SCAN = "PARCEL_DESK_SMOKE_SCAN"
EXIT_WHEN_READY = "PARCEL_DESK_EXIT_WHEN_READY"
SMOKE_TIMEOUT_MS = 20_000


def smoke_scan_requested() -> str | None:
    return os.environ.get(SMOKE_SCAN) or None


def exit_when_ready(window: QWidget, what: str) -> None:
    """If asked, say `ready` once `window` is up and its event loop runs, then leave."""
    if os.environ.get(EXIT_WHEN_READY) != "1":
        return

    def ready() -> None:
        print(f"ready\t{what}", flush=True)
        window.close()
        QApplication.exit(0)

    QTimer.singleShot(0, window, ready)


def scan_once(window: MainWindow, code: str) -> None:
    """Type `code` and Enter into the window; print the answer and quit when it comes."""

    def answered(result: object) -> None:
        outcome = getattr(result, "outcome", None)
        detail = getattr(result, "zone", None) or getattr(result, "message", "")
        print(
            "\t".join(
                ("smoke-scan", str(getattr(outcome, "value", outcome)),
                 str(getattr(result, "tracking_id", "")), str(detail))
            ),
            flush=True,
        )  # fmt: skip
        QTimer.singleShot(0, lambda: QApplication.exit(0))

    def too_late() -> None:
        print("smoke-scan\tno answer", file=sys.stderr, flush=True)
        QApplication.exit(1)

    window.checkin.checked_in.connect(answered)
    QTimer.singleShot(SMOKE_TIMEOUT_MS, window, too_late)
    target = QApplication.focusWidget() or window
    QTest.keyClicks(target, code)
    QTest.keyClick(target, Qt.Key.Key_Return)
