"""Open the desktop console: the shop's file (or the setup window first), who is at the
counter, then the main window.

The first start on a new PC (no shop file at the default place yet) opens the setup window, from
which "Try the demo shop first" opens the demo's own file instead; `--demo` goes straight
there. A database that cannot be used is explained in a message box (exit 1), never a
traceback; a bug is logged with its traceback and shown with the log file's name. The daily
backup runs in the background once the window is up: on a big shop file it takes seconds,
and the counter must not wait.
"""

from __future__ import annotations

import argparse
import logging
import socket
import sqlite3
import sys
import threading
import traceback
from collections.abc import Callable
from datetime import date
from importlib import resources
from pathlib import Path
from types import TracebackType

import sqlite_utils
from PySide6.QtCore import QEvent, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

from store import backup, demo_file, file_place, logfile, migrations, privacy, settings, staff
from store.db import connect, default_db_path
from store.errors import DatabaseUnavailable, StoreError
from store.events import Actor
from store.failures import environment_failure
from store.places import demo_db_path
from ui import startup_hooks
from ui.common.road_helper import RoadHelper
from ui.common.scanner import ScanCapture
from ui.common.session import Session
from ui.common.sounds import QtSounds
from ui.help.open_folder import open_folder_of
from ui.setup.setup_window import Outcome, run_setup
from ui.shop.demo_maker import make_demo as make_demo_shop
from ui.shop.who_dialog import WhoDialog
from ui.window import placement
from ui.window.main_window import MainWindow

log = logging.getLogger(__name__)

EXIT_OK, EXIT_FAILED = 0, 1
SOUND_PRELOAD_MS = 1500


def open_shop(db_file: Path, *, make_demo: bool) -> sqlite_utils.Database:
    """Connect (migrating if needed); `make_demo`: the demo's own file, with the demo day made
    in it when it has none (with a progress window: it takes seconds). While an older file is
    updated, a small window says so (the console is not up yet)."""
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
        if make_demo:
            if demo_file.needs_making(db_file):
                make_demo_shop(db_file)  # seconds: a progress window says what is made
            db, _ = demo_file.open_demo(db_file, on_upgrade=upgrading)
        else:
            db = connect(db_file, on_upgrade=upgrading)
    finally:
        for notice in notices:
            notice.close()
            notice.deleteLater()
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
            log.warning("daily backup or purge failed: %s", error)
            report(f"The daily backup or purge failed: {error}")
            return
        if made is not None:
            log.info("daily backup written: %s", made)
            report(f"Daily backup written: {made}")
        if purged:
            log.info("privacy purge: recipients cleared from %d parcels", purged)
            report(f"Recipients' details cleared from {purged} parcels finished long ago")

    thread = threading.Thread(target=run, name="daily-backup")
    thread.start()
    return thread


def open_console(args: argparse.Namespace) -> int:
    """Run the console until its window closes; returns the process exit code.

    `args` are main.py's: --db, --demo, --staff, --counter. With no shop file yet (or one
    with no shop set up) the setup window comes first; from it the person may go to the demo
    shop instead, which lives in its own file. A caller may add `args.on_ready`, called once
    the window is shown and the event loop runs (the cold-start benchmark uses it).
    """
    running = QApplication.instance()  # a test's, or none yet
    app = running if isinstance(running, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("Parcel Desk")
    app.setWindowIcon(app_icon())
    demo_wanted = bool(getattr(args, "demo", False))
    db_file = Path(args.db) if args.db else default_db_path()
    try:
        if not demo_wanted and needs_setup(db_file):
            outcome = run_setup(
                db_file, prepare=lambda window: startup_hooks.exit_when_ready(window, "setup")
            )
            log.info("setup window closed: %s", outcome.value)
            if outcome is Outcome.QUIT:
                return EXIT_OK
            demo_wanted = outcome is Outcome.DEMO
        if demo_wanted:
            db_file = demo_db_path()
            db = open_shop(db_file, make_demo=True)
        else:
            db = open_shop(db_file, make_demo=False)
    except DatabaseUnavailable as error:
        log.warning("the shop file %s cannot be opened: %s", db_file, error)
        QMessageBox.critical(
            None,
            "Parcel Desk cannot open the shop",
            f"{error}\n\nNothing was changed. Check the file, or start with --db to use another.",
        )
        return EXIT_FAILED
    log.info("console opened on %s", db_file)
    try:
        who = args.staff or ask_who(db)
        if not who:
            return EXIT_OK
        counter = args.counter or socket.gethostname() or "counter"
        return _run_window(app, Session.open(db, db_file, Actor(who, counter)), args)
    finally:
        db.conn.close()


def needs_setup(db_file: Path) -> bool:
    """No shop file yet, or one in which no shop was ever set up (an interrupted setup).
    A place the shop file could not be written to (a network drive) raises
    DatabaseUnavailable first: better said now than after the whole setup."""
    if not db_file.exists():
        file_place.check_for_writing(db_file)
        return True
    try:
        db = connect(db_file, migrate=False)
    except DatabaseUnavailable:
        return False  # open_shop explains it
    try:
        return not settings.load(db).configured
    except sqlite3.Error:
        return False  # an old schema: open_shop migrates it, then Shop › Settings
    finally:
        db.conn.close()


def app_icon() -> QIcon:
    """The app's icon (packaging/parcel-desk.svg's PNG, shipped in ui/)."""
    icon = resources.files("ui") / "parcel-desk.png"
    return QIcon(str(icon)) if icon.is_file() else QIcon()


def report_bugs_to(window: MainWindow) -> Callable[..., object]:
    """Show an unexpected error (a bug) in words instead of only on a console nobody reads,
    log it with its traceback, and offer the log's folder; returns the hook it replaced."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        traceback.print_exception(kind, value, tb)
        log.error("unexpected error", exc_info=(kind, value, tb))
        failure = environment_failure(window.session.db_file, value)
        if failure is not None:  # the file or the disk, not a bug of the program
            QMessageBox.critical(
                window,
                "Parcel Desk cannot use the shop file",
                f"{failure}\n\nEverything the screen confirmed before is saved.",
            )
            return
        show_crash(window, f"{kind.__name__}: {value}")

    sys.excepthook = hook
    return previous


def show_crash(parent: QWidget | None, what: str) -> QMessageBox:
    """The crash dialog: what happened, that nothing confirmed is lost, and where the log is."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("Parcel Desk: something went wrong")
    box.setText(
        f"{what}\n\nEverything the screen confirmed before is saved. Try again; if it happens "
        "again, send the log file to whoever looks after this PC:\n"
        f"{logfile.log_file()}"
    )
    open_folder = box.addButton("Open the log's folder", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    open_folder.clicked.connect(lambda: open_folder_of(logfile.log_file()))
    box.open()
    return box


def show_main_window(window: MainWindow) -> None:
    """Fill a laptop's screen, even with no window manager (ui.window.placement)."""
    placement.show_on_screen(window)


def _run_window(app: QApplication, session: Session, args: argparse.Namespace) -> int:
    sounds = QtSounds()
    scanner = ScanCapture(app)
    window = MainWindow(session, sounds, scanner)
    previous_hook = report_bugs_to(window)
    app.installEventFilter(scanner)
    show_main_window(window)
    # Take the keyboard at once (after the who-dialog, and where no window manager does it):
    # the menu and screen shortcuts only work in the active window.
    window.activateWindow()
    backup_thread = start_daily_backup(session.db_file, session.today(), window.notice.emit)
    roads = RoadHelper()  # OSRM in its own process: the window never waits on a table
    QTimer.singleShot(0, window, roads.start)
    if not session.settings.configured:
        window.show_status("Set up the shop first: its name and where it is.")
        QTimer.singleShot(0, window, window.open_settings)
    QTimer.singleShot(SOUND_PRELOAD_MS, window, sounds.preload)
    on_ready = getattr(args, "on_ready", None)
    if on_ready is not None:
        QTimer.singleShot(0, window, on_ready)
    smoke_code = startup_hooks.smoke_scan_requested()
    if smoke_code is not None:
        QTimer.singleShot(0, window, lambda: startup_hooks.scan_once(window, smoke_code))
    startup_hooks.exit_when_ready(window, "console")
    try:
        return app.exec()
    finally:
        sys.excepthook = previous_hook
        app.removeEventFilter(scanner)
        backup_thread.join()  # before the window goes: the thread reports to it
        roads.stop()
        window.close()
        window.deleteLater()
        scanner.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
