"""The console's main window: the screens in a list on the left, menus for the shop's files.

The screens are built in one place (`_build_pages`) as a plain list of (title, widget); the
screens of later work (Runs, Print, Dispatch, Results, Pickup, Returns, End of day) are added
there. A scan from the scanner goes to the screen on show when it takes scans (`take_scan`),
else to Check-in, which is brought forward so the clerk sees the answer.

While a modal dialog is open (the print dialog, a file dialog, the settings) a scan never
reaches the screen behind it: it is held, said in the status bar with a short sound, and
handed to the screen once the dialog is closed. A dialog that takes scans itself ("All
delivered except…") gets them directly.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from labels.files import not_saved
from labels.words import counted
from store import backup, manifest, staff
from store import db as store_db
from store.errors import StoreError
from store.events import Actor
from ui.checkin import discrepancy_report
from ui.checkin.checkin_view import CheckinView
from ui.common.background_reader import BackgroundReader
from ui.common.scanner import ScanCapture
from ui.common.session import Session
from ui.common.sounds import SoundPlayer
from ui.help.help_menu import HelpMenu
from ui.help.open_folder import open_folder_of
from ui.parcels.parcel_detail import open_parcel
from ui.parcels.parcels_view import ParcelsView
from ui.shop import shop_files
from ui.shop.export_dialog import ExportDialog
from ui.shop.import_dialogs import ImportResultDialog, RefusedDialog
from ui.shop.import_worker import ImportProgress, ImportWorker
from ui.shop.settings_dialog import SettingsDialog
from ui.shop.staff_dialog import StaffDialog
from ui.shop.street_map_dialog import StreetMapDialog
from ui.shop.who_dialog import WhoDialog
from ui.today.today_view import TodayView
from ui.window import day_screens, main_menus
from ui.window.lazy_page import LazyPage

RELEASE_POLL_MS = 150


class MainWindow(QMainWindow):
    #: A line for the status bar; safe to emit from a worker thread (queued to the GUI).
    notice = Signal(str)
    #: The menus' actions by name.
    actions: dict[str, QAction]  # type: ignore[assignment]  # shadows QWidget.actions(), which nothing calls on it

    def __init__(self, session: Session, sounds: SoundPlayer, scanner: ScanCapture) -> None:
        super().__init__()
        self.session = session
        self._scanner = scanner
        self._sounds = sounds
        self.dialog: QWidget | None = None  # the last dialog opened (tests look at it)
        self.importing: ImportWorker | None = None  # the manifest import running, if any
        self.import_progress: ImportProgress | None = None
        self._backing_up: threading.Thread | None = None
        self.held_scans: list[str] = []  # scans made while a modal dialog was open
        self._release = QTimer(self)  # looks whether the dialog is gone, while scans wait
        self._release.setInterval(RELEASE_POLL_MS)
        self.today = TodayView(session)
        self.checkin = CheckinView(
            session, sounds, reports=(discrepancy_report.PDF, discrepancy_report.CSV)
        )
        self.reader = BackgroundReader(session.db_file, self)  # slow reads, off the GUI thread
        self.parcels = ParcelsView(session, self.reader)
        self.runs = LazyPage(lambda: _runs_view(session))
        self.printing = LazyPage(lambda: _print_view(session))
        self.pages: list[tuple[str, QWidget]] = self._build_pages()
        self.nav = QListWidget()
        self.stack = QStackedWidget()
        for title, page in self.pages:
            self.nav.addItem(title)
            self.stack.addWidget(page)
        self.nav.setFixedWidth(150)
        self.nav.setStyleSheet(
            "QListWidget { font-size: 12pt; } QListWidget::item { padding: 8px; }"
        )
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.who_label = QLabel()
        self.statusBar().addPermanentWidget(self.who_label)
        self.actions = self._build_menus()
        self.help = HelpMenu(self, session.db_file, self.current_screen, open_folder_of)
        self._connect_signals()
        self._show_identity()
        self.resize(1200, 800)
        self.show_page(self.checkin)

    def _build_pages(self) -> list[tuple[str, QWidget]]:
        """The screens, in the order of the shop's day."""
        return [
            ("Today", self.today),
            ("Check-in", self.checkin),
            ("Parcels", self.parcels),
            ("Runs", self.runs),
            ("Print", self.printing),
            *day_screens.pages(self.session, self._sounds),
        ]

    def _build_menus(self) -> dict[str, QAction]:
        actions = main_menus.build(self.menuBar())
        for number, (title, page) in enumerate(self.pages[:10], start=1):
            action = QAction(title, self)
            action.setShortcut(QKeySequence(f"Ctrl+{number % 10}"))  # the tenth is Ctrl+0
            action.triggered.connect(lambda _=False, p=page: self.show_page(p))
            self.addAction(action)
        return actions

    def _connect_signals(self) -> None:
        # Navigation.
        self.nav.currentRowChanged.connect(self._on_nav_row)
        # The scanner works from every screen; scans wait while a modal dialog is open.
        self._scanner.scanned.connect(self.route_scan)
        self._release.timeout.connect(self._release_held_scans)
        # Screens asking for things.
        self.parcels.open_parcel.connect(self.open_parcel)
        self.checkin.status_message.connect(self.show_status)
        self.notice.connect(self.show_status)
        # Menus.
        a = self.actions
        a["import"].triggered.connect(self.import_manifest)
        a["export_status"].triggered.connect(lambda: self.export("status"))
        a["export_events"].triggered.connect(lambda: self.export("events"))
        a["backup"].triggered.connect(self.backup_now)
        a["quit"].triggered.connect(self.close)
        a["settings"].triggered.connect(self.open_settings)
        a["street_map"].triggered.connect(self.open_street_map)
        a["staff"].triggered.connect(self.open_staff)
        a["who"].triggered.connect(self.change_who)
        a["manual"].triggered.connect(lambda: self.help.open_manual())
        a["shortcuts"].triggered.connect(self.help.open_shortcuts)
        a["where"].triggered.connect(self.help.open_where)
        a["log"].triggered.connect(self.help.open_log)
        a["about"].triggered.connect(self.help.open_about)

    # -- screens ------------------------------------------------------------------------------

    def current_screen(self) -> str:
        """The title of the screen on show (Help opens its manual page)."""
        return self.pages[self.stack.currentIndex()][0]

    def show_page(self, page: QWidget) -> None:
        row = [widget for _, widget in self.pages].index(page)
        self.nav.setCurrentRow(row)

    def _on_nav_row(self, row: int) -> None:
        if row < 0:
            return
        self.stack.setCurrentIndex(row)
        if self.stack.currentWidget() is self.checkin:
            self.checkin.focus_scan_box()

    def route_scan(self, code: str) -> None:
        modal = QApplication.activeModalWidget()
        if modal is not None:
            take_scan = getattr(modal, "take_scan", None)
            if take_scan is not None:  # a dialog that asks for scans
                take_scan(code)
            else:
                self._hold_scan(code, modal)
            return
        take_scan = getattr(self.stack.currentWidget(), "take_scan", None)
        if take_scan is None:  # a screen without scans: the scan is a check-in
            self.show_page(self.checkin)
            take_scan = self.checkin.take_scan
        take_scan(code)

    def _hold_scan(self, code: str, modal: QWidget) -> None:
        self.held_scans.append(code)
        title = modal.windowTitle() or "the open window"
        count = counted(len(self.held_scans), "scan")
        self.show_status(f"{count} waiting until “{title}” is closed; nothing in it changed")
        self._sounds.play("held")
        self._release.start()

    def _release_held_scans(self) -> None:
        if QApplication.activeModalWidget() is not None:
            return
        self._release.stop()
        held, self.held_scans = self.held_scans, []
        for code in held:
            self.route_scan(code)
        self.show_status(f"{counted(len(held), 'scan')} made while the window was open: done")

    def open_parcel(self, tracking_id: str) -> None:
        try:
            self.dialog = open_parcel(self.session, tracking_id, self)
        except StoreError as error:
            self._warn("Parcel not found", str(error))

    def refresh_pages(self) -> None:
        """After the data changed behind the screens (an import, new settings)."""
        for _, page in self.pages:
            refresh = getattr(page, "refresh", None)
            if refresh is not None:
                refresh()

    # -- menus ---------------------------------------------------------------------------------

    def import_manifest(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Import the carrier's manifest", str(Path.home()), shop_files.MANIFEST_FILTER
        )
        if name:
            self.import_file(Path(name))

    def import_file(self, path: Path) -> None:
        """Import in the background; the progress shows in the status bar meanwhile."""
        if self.importing is not None:
            self._warn("An import is running", "Wait until this manifest is in, then import.")
            return
        worker = ImportWorker(self.session.db_file, self.session.actor, path, self)
        worker.succeeded.connect(self._imported)
        worker.refused.connect(self._import_refused)
        worker.failed.connect(self._import_failed)
        worker.stopped.connect(self._import_stopped)
        worker.finished.connect(self._import_ended)
        self.importing = worker
        self.import_progress = ImportProgress(worker, self)
        self.actions["import"].setEnabled(False)
        self.statusBar().addPermanentWidget(self.import_progress)
        worker.start()

    def _imported(self, result: manifest.ImportResult) -> None:
        self.refresh_pages()
        self._open(ImportResultDialog(result, self._import_name(), self))

    def _import_refused(self, problems: list[manifest.Problem]) -> None:
        self._open(RefusedDialog(problems, self._import_name(), self))

    def _import_failed(self, text: str) -> None:
        self._warn("Manifest not imported", text)

    def _import_stopped(self) -> None:
        self.show_status(f"Import of {self._import_name()} stopped: nothing of it was saved.")

    def _import_ended(self) -> None:
        if self.import_progress is not None:
            self.statusBar().removeWidget(self.import_progress)
            self.import_progress.deleteLater()
        if self.importing is not None:
            self.importing.deleteLater()
        self.importing = None
        self.import_progress = None
        self.actions["import"].setEnabled(True)

    def _import_name(self) -> str:
        return self.importing.path.name if self.importing is not None else "the manifest"

    def export(self, kind: str) -> None:
        what = shop_files.EXPORTS[kind]
        dialog = ExportDialog(what.title, what.explanation, self.session.today(), self)
        dialog.accepted.connect(lambda: self._export_to_file(kind, dialog.day()))
        self._open(dialog)

    def _export_to_file(self, kind: str, day: date | None) -> None:
        what = shop_files.EXPORTS[kind]
        suggested = Path.home() / what.file_name(day)
        name, _ = QFileDialog.getSaveFileName(self, what.title, str(suggested), "CSV (*.csv)")
        if not name:
            return
        try:
            count = shop_files.export(self.session.db, kind, Path(name), day)
        except OSError as error:
            self._warn("Export failed", not_saved(Path(name), error))
            return
        except StoreError as error:
            self._warn("Export failed", str(error))
            return
        self.show_status(f"{count:,} rows written to {name}")

    def backup_now(self) -> None:
        """Today's copy, made in the background (seconds on a big file; scans go on)."""
        if self._backing_up is not None and self._backing_up.is_alive():
            self.show_status("A backup is already being made.")
            return
        target = backup.backup_dir(self.session.db_file) / (
            f"{self.session.db_file.stem}.{self.session.today().isoformat()}.db"
        )
        self.show_status("Making a backup; the counter keeps working meanwhile…")
        self._backing_up = threading.Thread(
            target=_back_up, args=(self.session.db_file, target, self.notice.emit), name="backup"
        )
        self._backing_up.start()

    def open_settings(self) -> None:
        dialog = SettingsDialog(self.session.db, self)
        dialog.accepted.connect(self._settings_saved)
        self._open(dialog)

    def _settings_saved(self) -> None:
        self.session.reload_settings()
        self._show_identity()
        self.refresh_pages()

    def open_street_map(self) -> None:
        dialog = StreetMapDialog(self.session.db, self)
        dialog.imported.connect(self._street_map_changed)
        self._open(dialog)

    def _street_map_changed(self) -> None:
        """Plans and maps use the new streets: the Runs screen reads its day again."""
        if self.runs.built:
            self.runs.load()
        self.show_status("Street map imported: plans and maps use these streets from now on.")

    def open_staff(self) -> None:
        self._open(StaffDialog(self.session.db, self))

    def change_who(self) -> None:
        dialog = WhoDialog(
            staff.names(self.session.db),
            lambda name: staff.add(self.session.db, name),
            self.session.actor.staff,
            self,
        )
        dialog.accepted.connect(lambda: self.set_staff(dialog.chosen or ""))
        self._open(dialog)

    def set_staff(self, name: str) -> None:
        if name:
            self.session.actor = Actor(name, self.session.actor.counter)
            self._show_identity()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.importing is not None:  # stopped if still possible, else saved to the end
            self.importing.stop()
            self.importing.wait()
        if self._backing_up is not None:  # it reports to this window: let it finish first
            self._backing_up.join()
        self.runs.shutdown()  # work in progress is cancelled and its thread waited for
        self.printing.shutdown()
        self.reader.close()
        super().closeEvent(event)

    # -- small helpers ------------------------------------------------------------------------

    def show_status(self, text: str) -> None:
        self.statusBar().showMessage(text, 15_000)

    def _show_identity(self) -> None:
        session = self.session
        parts = ["Parcel Desk", session.settings.name or "shop not set up"]
        parts.append(f"{session.actor.staff} at {session.actor.counter}")
        if session.is_demo:
            parts.append("DEMO")
        self.setWindowTitle(" — ".join(parts))
        self.who_label.setText(
            f"{session.actor.staff} at {session.actor.counter}  ·  {session.db_file}"
        )

    def _open(self, dialog: QDialog) -> None:
        """Show a dialog without blocking (window-modal), and keep it reachable for tests."""
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _warn(self, title: str, text: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self
        )
        self._open(box)


def _back_up(db_file: Path, target: Path, tell: Callable[[str], None]) -> None:
    """The backup thread: its own connection, one line to the status bar at the end."""
    try:
        db = store_db.connect(db_file, migrate=False)
        try:
            backup.backup_to(db, target)
        finally:
            db.conn.close()
    except (StoreError, OSError, sqlite3.Error) as error:
        tell(f"Backup failed: {error}")
        return
    tell(f"Backup written: {target}")


def _runs_view(session: Session) -> QWidget:
    from ui.runs.runs_view import RunsView  # loads the planner (PyVRP, NumPy): on first use only

    return RunsView(session.db, lambda: session.actor, session.today)


def _print_view(session: Session) -> QWidget:
    from ui.printing.print_view import PrintView  # loads the PDF renderer: on first use only

    return PrintView(session.db, lambda: session.actor, session.today)
