"""Open the desktop console: the shop's database, who is at the counter, then the main window.

The first start on a new PC (no database at the default place yet) creates the demo shop there,
so the README's first command opens a realistic day. A database that cannot be used is
explained in a message box (exit 1), never a traceback. The daily backup runs in the background
once the window is up: on a big shop file it takes seconds, and the counter must not wait.
"""

from __future__ import annotations

import argparse
import socket
import sqlite3
import sys
import threading
import traceback
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import TracebackType

import sqlite_utils
from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from store import backup, demo, migrations, privacy, staff
from store.db import connect, default_db_path
from store.errors import DatabaseUnavailable, StoreError
from store.events import Actor
from store.failures import environment_failure
from ui.common.scanner import ScanCapture
from ui.common.session import Session
from ui.common.sounds import QtSounds
from ui.shop.who_dialog import WhoDialog
from ui.window.main_window import MainWindow

EXIT_OK, EXIT_FAILED = 0, 1
SOUND_PRELOAD_MS = 1500


def open_shop(db_file: Path, *, make_demo: bool) -> sqlite_utils.Database:
    """Connect (migrating if needed); a brand-new default file gets the demo shop. While an
    older file is updated, a small window says so (the console is not up yet)."""
    notices: list[QLabel] = []

    def upgrading(version: int) -> None:
        notice = QLabel(
            f"Updating the shop file {db_file.name} from version {version} to "
            f"{migrations.CURRENT_VERSION}: a backup first, then the update. Once only; a "
            "file with years of parcels takes about a minute."
        )
        notice.setWindowTitle("Parcel Desk")
        notice.setWordWrap(True)
        notice.setMargin(24)
        notice.resize(520, 130)
        notice.show()
        QApplication.processEvents()
        notices.append(notice)

    try:
        db = connect(db_file, on_upgrade=upgrading)
    finally:
        for notice in notices:
            notice.close()
            notice.deleteLater()
    if make_demo:
        demo.create(db)
    return db


def ask_who(db: sqlite_utils.Database) -> str | None:
    dialog = WhoDialog(staff.names(db), lambda name: staff.add(db, name))
    return dialog.chosen if dialog.exec() else None


def start_daily_backup(
    db_file: Path, today: date, report: Callable[[str], None]
) -> threading.Thread:
    """Today's backup, then the daily privacy purge, on their own connection in a worker
    thread; `report` gets one line each. Both run once a day (when the backup is new)."""

    def run() -> None:
        try:
            db = connect(db_file, migrate=False)
            try:
                made = backup.daily_backup(db, db_file, today)
                purged = privacy.purge(db) if made is not None else 0
            finally:
                db.conn.close()
        except (StoreError, OSError, sqlite3.Error) as error:
            report(f"The daily backup or purge failed: {error}")
            return
        if made is not None:
            report(f"Daily backup written: {made}")
        if purged:
            report(f"Recipients' details cleared from {purged} parcels finished long ago")

    thread = threading.Thread(target=run, name="daily-backup")
    thread.start()
    return thread


def open_console(args: argparse.Namespace) -> int:
    """Run the console until its window closes; returns the process exit code.

    `args` are main.py's: --db, --staff, --counter. A caller may add `args.on_ready`, called
    once the window is shown and the event loop runs (the cold-start benchmark uses it).
    """
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Parcel Desk")
    db_file = Path(args.db) if args.db else default_db_path()
    try:
        db = open_shop(db_file, make_demo=args.db is None and not db_file.exists())
    except DatabaseUnavailable as error:
        QMessageBox.critical(
            None,
            "Parcel Desk cannot open the shop",
            f"{error}\n\nNothing was changed. Check the file, or start with --db to use another.",
        )
        return EXIT_FAILED
    try:
        who = args.staff or ask_who(db)
        if not who:
            return EXIT_OK
        counter = args.counter or socket.gethostname() or "counter"
        return _run_window(app, Session.open(db, db_file, Actor(who, counter)), args)  # type: ignore[arg-type]
    finally:
        db.conn.close()


def report_bugs_to(window: MainWindow) -> Callable[..., object]:
    """Show an unexpected error (a bug) in words instead of only on a console nobody reads;
    returns the hook it replaced."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        traceback.print_exception(kind, value, tb)
        failure = environment_failure(window.session.db_file, value)
        if failure is not None:  # the file or the disk, not a bug of the program
            QMessageBox.critical(
                window,
                "Parcel Desk cannot use the shop file",
                f"{failure}\n\nEverything the screen confirmed before is saved.",
            )
            return
        QMessageBox.critical(
            window,
            "Parcel Desk: something went wrong",
            f"{kind.__name__}: {value}\n\nEverything the screen confirmed before is saved. "
            "Try again; if it happens again, tell whoever looks after this PC (the details "
            "are in the program's output).",
        )

    sys.excepthook = hook
    return previous


def _run_window(app: QApplication, session: Session, args: argparse.Namespace) -> int:
    sounds = QtSounds()
    scanner = ScanCapture(app)
    window = MainWindow(session, sounds, scanner)
    previous_hook = report_bugs_to(window)
    app.installEventFilter(scanner)
    window.show()
    # Take the keyboard at once (after the who-dialog, and where no window manager does it):
    # the menu and screen shortcuts only work in the active window.
    window.activateWindow()
    backup_thread = start_daily_backup(session.db_file, session.today(), window.notice.emit)
    if not session.settings.configured:
        window.show_status("Set up the shop first: its name and where it is.")
        QTimer.singleShot(0, window, window.open_settings)
    QTimer.singleShot(SOUND_PRELOAD_MS, window, sounds.preload)
    on_ready = getattr(args, "on_ready", None)
    if on_ready is not None:
        QTimer.singleShot(0, window, on_ready)
    try:
        return app.exec()
    finally:
        sys.excepthook = previous_hook
        app.removeEventFilter(scanner)
        backup_thread.join()  # before the window goes: the thread reports to it
        window.close()
        window.deleteLater()
        scanner.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
