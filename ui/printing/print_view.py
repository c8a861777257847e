"""The Print screen: choose a document, see its pages, print it, save it, or send it as ZPL;
or print the whole day at once (`ui.printing.print_day_dialog`). Choosing builds the
document (`store.documents`, quick) and renders it in a worker thread with a progress bar and
Cancel, so 500 labels never freeze the window. Labels sent, saved or sent as ZPL count as
printed: "Reprint changed labels" compares a re-plan with that.

What goes out is fixed when the clerk presses Print…, Save PDF… or Send: the pages on show
then, whatever happens while the print or file dialog is open (a scan on this screen shows
another parcel's label, but never changes what was already asked for).

Services come in: `PrintView(db, who, today, system=…)`; `who()` is the clerk at the counter
when the labels go out, `system` the operating system's parts (printer list, spooler, print
and file dialogs) for tests to fake.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

import sqlite_utils
from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from labels.files import not_saved, write_atomically
from labels.words import counted
from store import documents as docs
from store import print_jobs, runs
from store import settings as shop_settings
from store.documents import Document
from store.errors import StoreError
from store.events import Actor
from ui.common.render_task import Task, Work
from ui.printing import printer_output
from ui.printing.page_preview import PagePreview
from ui.printing.print_choices import PrintChoices
from ui.printing.print_day_dialog import PrintDayDialog
from ui.printing.print_settings_dialog import PrintSettingsDialog
from ui.printing.printer_output import System

log = logging.getLogger(__name__)

WELCOME = (
    "Choose what to print on the left; its pages show here before they go out.\n\n"
    "Labels come in load order: the last stop first, so the first stop ends up on top."
)
NO_ZPL_PRINTER = "Choose a thermal printer in Printer → Settings…"
ACTIONS = (("print", "Print…"), ("save_pdf", "Save PDF…"), ("send_zpl", "Send to thermal printer"),
           ("save_zpl", "Save ZPL…"))  # fmt: skip


class PrintView(QWidget):
    #: The buttons by name (ACTIONS).
    actions: dict[str, QPushButton]  # type: ignore[assignment]  # shadows QWidget.actions(), which nothing calls on it

    def __init__(
        self,
        db: sqlite_utils.Database,
        who: Callable[[], Actor],
        today: Callable[[], date],
        *,
        system: System | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.who, self.today = db, who, today
        self.system = system or System()
        self.document: Document | None = None
        self.pdf: bytes | None = None
        self.task: Task | None = None
        self._next_scan: str | None = None  # scanned while busy: shown once the work is done
        self.choices = PrintChoices()
        self.choices.setFixedWidth(330)
        self.title = QLabel("Nothing chosen yet")
        self.title.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.preview = PagePreview()
        self.preview.set_placeholder(WELCOME)
        self.progress, self.cancel_button = QProgressBar(), QPushButton("Cancel")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.actions = {name: QPushButton(text) for name, text in ACTIONS}
        self._build_layout()
        self._connect_signals()
        app = QCoreApplication.instance()
        if app is not None:  # no thread outlives Qt
            app.aboutToQuit.connect(self.shutdown)
        self._set_busy(None)

    def _build_layout(self) -> None:
        work = QHBoxLayout()
        work.addWidget(self.progress, 1)
        work.addWidget(self.cancel_button)
        out = QHBoxLayout()
        out.addWidget(self.message, 1)
        for button in self.actions.values():
            out.addWidget(button)
        right = QVBoxLayout()
        right.addWidget(self.title)
        right.addWidget(self.preview, 1)
        right.addLayout(work)
        right.addLayout(out)
        layout = QHBoxLayout(self)
        layout.addWidget(self.choices)
        layout.addLayout(right, 1)

    def _connect_signals(self) -> None:
        # What to print.
        self.choices.requested.connect(self.choose)
        # Getting it out.
        self.actions["print"].clicked.connect(self.print_pages)
        self.actions["save_pdf"].clicked.connect(lambda: self.save("pdf"))
        self.actions["send_zpl"].clicked.connect(self.send_zpl)
        self.actions["save_zpl"].clicked.connect(lambda: self.save("zpl"))
        # Long work.
        self.cancel_button.clicked.connect(self.cancel)

    # ------------------------------------------------------------------ choosing

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.task is None:
            self.refresh()

    def refresh(self) -> None:
        """Read the day's runs and the count of labels to redo."""
        day = self.today()
        changed = len(print_jobs.changed_since_print(self.db, day))
        printed = print_jobs.any_printed(self.db, day)
        self.choices.set_day(day, runs.runs_of_day(self.db, day), changed, printed)
        self._enable_actions()

    def choose(self, kind: str, what: object) -> None:
        """Build the chosen document and start rendering its preview (or open its dialog)."""
        try:
            if kind in ("settings", "print_day"):
                return self._open(kind)
            document = docs.build(kind, self.db, self.today(), shop_settings.load(self.db), what)
        except StoreError as error:
            return self._say(str(error), problem=True)
        self.show_document(document)

    def _open(self, kind: str) -> None:
        """The print settings, or the whole day's printing: window-modal, then a fresh look."""
        if kind == "settings":
            self.dialog: QDialog = PrintSettingsDialog(self.db, self.system.printers, self)
        else:
            self.dialog = PrintDayDialog(self.db, self.today(), self.system, self, who=self.who)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.finished.connect(lambda _result: self.refresh())
        self.dialog.open()

    def take_scan(self, raw: str) -> None:
        """A parcel scanned while this screen is on show: its label, to print again (once the
        work under way is done, if any: it is never changed by the scan)."""
        if self.busy:
            self._next_scan = raw
            self._say(f"{raw.strip()}: its label comes up once this is done.")
            return
        self.choices.parcel_box.setText(raw.strip())
        self.choose("parcel", raw)

    def _take_next_scan(self) -> None:
        raw, self._next_scan = self._next_scan, None
        if raw is not None:
            self.take_scan(raw)

    def show_document(self, document: Document) -> None:
        """Render `document` off the GUI thread and preview it."""
        self.document, self.pdf = document, None
        self.preview.set_pdf(None)
        self.preview.set_placeholder("Preparing the pages…")
        self.title.setText(document.title)
        self._start("Preparing the pages…", document.render_pdf, self._previewed)

    def _previewed(self, data: object) -> None:
        assert isinstance(data, bytes)
        document = self.document
        assert document is not None  # show() set it before its pages were made
        self.pdf = data
        self.preview.set_pdf(data)
        ready = "Print it, save it as PDF"
        ready += ", or send it to the thermal printer." if document.render_zpl else "."
        from labels.zpl import thermal_warning  # reportlab: loaded when a document is shown

        batch = document.batch
        warning = thermal_warning(batch.labels) if document.render_zpl and batch else None
        self._say(f"{ready} {warning}" if warning else ready)

    # ------------------------------------------------------------- getting it out

    def print_pages(self) -> None:
        """Print… : the system's print dialog, then the pages on show when Print… was
        pressed go to the chosen printer."""
        document, pdf = self.document, self.pdf
        if pdf is None or document is None:
            return
        name = shop_settings.load(self.db).printer
        page_size = self.preview.page_sizes()[0]
        printer = printer_output.new_printer(page_size, name, document.title)
        if not self.system.ask_printer(self, printer):
            return
        # Qt's dialog puts its own paper on the printer (Letter for Print to File): the pages
        # go out at the size they were made for (a 4×6 label stays 4×6), on the printer chosen.
        printer_output.prepare(printer, page_size)
        where = printer.printerName() or printer.outputFileName() or "the printer"

        def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> int:
            return self.system.print_document(pdf, printer, progress, cancelled)

        done = lambda n: self._out(f"Sent {counted(n, 'page')} to {where}", document)  # noqa: E731
        self._start(f"Printing on {where}…", work, done)

    def save(self, kind: str) -> None:
        """Save PDF… / Save ZPL… : the person picks the file; it is written whole or not at all."""
        document, pdf = self.document, self.pdf
        if document is None or (kind == "pdf" and pdf is None):
            return
        target = self.system.ask_save(self, f"{document.file_name}.{kind}", kind)
        if target is None:
            return
        if kind == "pdf":
            assert pdf is not None
            try:
                write_atomically(target, pdf)
            except OSError as error:
                self._say(not_saved(target, error), problem=True)
                return
            self._out(f"Saved {target}", document)
            return
        render = document.render_zpl
        assert render is not None

        def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> None:
            write_atomically(target, render(progress, cancelled))  # SaveFailed in a sentence

        done = lambda _: self._out(f"Saved {target}", document)  # noqa: E731
        self._start(f"Writing {target.name}…", work, done)

    def send_zpl(self) -> None:
        """Send to thermal printer: the labels as ZPL, straight to the spooler."""
        document = self.document
        printer = shop_settings.load(self.db).zpl_printer
        if document is None or document.render_zpl is None or not printer:
            return
        render, send = document.render_zpl, self.system.send_raw

        def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> None:
            send(printer, render(progress, cancelled))

        done = lambda _: self._out(f"Sent to {printer}", document)  # noqa: E731
        self._start(f"Sending to {printer}…", work, done)

    def _out(self, text: str, document: Document) -> None:
        """`document` went out: the labels in it now count as printed."""
        log.info("print: %s (%s)", text, document.file_name)
        batch = document.batch
        try:
            if batch is not None:
                print_jobs.record_printed(self.db, batch, self.who())
                self.refresh()
        except StoreError as error:
            return self._say(f"{text}, but it could not be noted as printed: {error}", problem=True)
        self._say(text)

    # -------------------------------------------------------------------- long work

    def _start(self, text: str, work: Work, done: Callable[[object], None]) -> None:
        task = Task(text, work, self)
        task.progressed.connect(self._progressed)
        task.succeeded.connect(done)
        task.failed.connect(lambda message: self._say(message, problem=True))
        task.failed.connect(lambda message: log.warning("%s failed: %s", text, message))
        task.cancelled.connect(self._cancelled)
        task.finished.connect(lambda: self._set_busy(None))
        self._set_busy(task)
        self._say(text)
        task.start()

    def _cancelled(self) -> None:
        self._say("Cancelled: nothing was printed or saved.")
        if self.pdf is None:
            self.preview.set_placeholder("Cancelled. Choose again on the left.")

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def cancel(self) -> None:
        """Ask the work under way to stop at its next label or page."""
        if self.task is not None:
            self.task.cancel()

    @property
    def busy(self) -> bool:
        return self.task is not None

    def _set_busy(self, task: Task | None) -> None:
        if self.task is not None and task is None:
            self.task.wait()
            self.task.deleteLater()
            if self._next_scan is not None:
                QTimer.singleShot(0, self._take_next_scan)
        self.task = task
        self.progress.setRange(0, 0)  # "working" until the first progress report
        for widget in (self.progress, self.cancel_button):
            widget.setVisible(task is not None)
        self.choices.setEnabled(task is None)
        self._enable_actions()

    def _enable_actions(self) -> None:
        idle, document = self.task is None, self.document
        zpl = idle and document is not None and document.render_zpl is not None
        zpl_printer = shop_settings.load(self.db).zpl_printer
        self.actions["print"].setEnabled(idle and self.pdf is not None)
        self.actions["save_pdf"].setEnabled(idle and self.pdf is not None)
        self.actions["save_zpl"].setEnabled(zpl)
        self.actions["send_zpl"].setEnabled(zpl and bool(zpl_printer))
        tip = f"Send the labels as ZPL to {zpl_printer}" if zpl_printer else NO_ZPL_PRINTER
        self.actions["send_zpl"].setToolTip(tip)

    def _say(self, text: str, *, problem: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #b00020; font-weight: bold;" if problem else "")

    def shutdown(self) -> None:
        """Stop any work and let go of the preview (before the window closes)."""
        if self.task is not None:
            self.task.cancel()
            self.task.wait()
        self.preview.close_pages()
