"""Print the whole day: every label, every manifest and every load sheet, in one action.

The dialog says what goes where (`print_day_routes`) and at once draws the three documents
in a worker thread, so it can tell their pages and "Print all" only hands them over. Pressed
sooner, "Print all" (or "Save all to a folder…") waits for the pages; Cancel stops the drawing
and nothing goes out. Once sending begins it goes to the end: no day is left half-sent by a
Cancel. Labels sent or saved count as printed. Services: `PrintDayDialog(db, day, system)`,
`system` being `ui.printing.printer_output.System` (printers, default printer, spooler, dialogs).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import sqlite_utils
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from labels import CancelCheck, DayDocuments, ProgressCallback
from labels.words import counted
from store import documents, print_jobs
from store import settings as shop_settings
from store.errors import StoreError
from store.events import Actor
from ui.common.render_task import Task, Work
from ui.printing import print_day_routes as routing
from ui.printing.print_settings_dialog import PrintSettingsDialog
from ui.printing.printer_output import System

PROBLEM = "color: #b00020; font-weight: bold;"
ROWS = (("labels", "Labels"), ("manifests", "Manifests"), ("load_sheets", "Load sheets"))
CANCELLED = "Cancelled: nothing was printed or saved."
BUTTONS = (("settings", "Settings…"), ("save", "Save all to a folder…"), ("print", "Print all"),
           ("close", "Close"))  # fmt: skip


class PrintDayDialog(QDialog):
    def __init__(
        self,
        db: sqlite_utils.Database,
        day: date,
        system: System,
        parent: QWidget | None = None,
        *,
        who: Callable[[], Actor | None] = lambda: None,
    ) -> None:
        """`who()`: the clerk at the counter when the labels go out (noted with them)."""
        super().__init__(parent)
        self.setWindowTitle("Print the whole day")
        self.db, self.day, self.system, self.who = db, day, system, who
        # NothingToPrint (a BadInput) when the day has no run:
        self.papers = documents.day_papers(db, day, shop_settings.load(db))
        self.routes = self._routes()
        self.documents: DayDocuments | None = None
        self.task: Task | None = None
        self.preparing = False  # the task draws the documents (it can be cancelled)
        self.pending: Callable[[], None] | None = None  # what to do once they are drawn
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.rows = {kind: (QLabel(), QLabel()) for kind, _ in ROWS}
        self.problem, self.message = QLabel(), QLabel()
        self.progress, self.cancel_button = QProgressBar(), QPushButton("Cancel")
        self.buttons = {name: QPushButton(text) for name, text in BUTTONS}
        self._build_layout()
        self._connect_signals()
        app = QCoreApplication.instance()
        if app is not None:  # no thread outlives Qt
            app.aboutToQuit.connect(self.shutdown)
        self._show_plan()
        self._prepare()

    def _build_layout(self) -> None:
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        for row, (kind, title) in enumerate(ROWS):
            heading = QLabel(title)
            heading.setStyleSheet("font-weight: bold;")
            what, where = self.rows[kind]
            for column, widget in enumerate((heading, what, QLabel("→"), where)):
                grid.addWidget(widget, row, column)
        grid.setColumnStretch(1, 1)
        for label, style in ((self.problem, PROBLEM), (self.message, "")):
            label.setWordWrap(True)
            label.setStyleSheet(style)
        work = QHBoxLayout()
        work.addWidget(self.progress, 1)
        work.addWidget(self.cancel_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.buttons["settings"])
        buttons.addStretch(1)
        for name in ("save", "print", "close"):
            buttons.addWidget(self.buttons[name])
        self.buttons["print"].setDefault(True)
        self.buttons["print"].setStyleSheet("font-weight: bold; padding: 4px 18px;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(grid)
        layout.addWidget(self.problem)
        layout.addLayout(work)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.setMinimumWidth(760)

    def _connect_signals(self) -> None:
        # Getting the day out.
        self.buttons["print"].clicked.connect(self.print_all)
        self.buttons["save"].clicked.connect(self.save_all)
        # The printers.
        self.buttons["settings"].clicked.connect(self.edit_settings)
        # Long work, and leaving.
        self.cancel_button.clicked.connect(self.cancel)
        self.buttons["close"].clicked.connect(self.reject)

    # ---------------------------------------------------------------- what goes where

    def _show_plan(self) -> None:
        papers, routes = self.papers, self.routes
        self.heading.setText(
            f"Print the whole day · {self.day:%a %Y-%m-%d} · {counted(papers.run_count, 'run')}"
        )
        lines = routing.lines(papers, routes, self.documents)
        for (kind, _), (what, where) in zip(ROWS, lines, strict=True):
            self.rows[kind][0].setText(what)
            self.rows[kind][1].setText(where)
        self.problem.setText(routes.problem)
        self.problem.setVisible(bool(routes.problem))
        self._update()

    def _routes(self) -> routing.Routes:
        settings, system = shop_settings.load(self.db), self.system
        return routing.plan_routes(settings, system.printers(), system.default_printer())

    def edit_settings(self) -> None:
        """Settings… : the print settings; the plan and the pages follow what was saved."""
        dialog = PrintSettingsDialog(self.db, self.system.printers, self)
        dialog.finished.connect(lambda saved: self._reload() if saved else None)
        dialog.open()

    def _reload(self) -> None:
        self.shutdown()  # drawings in the old format are of no use
        try:
            self.papers = documents.day_papers(self.db, self.day, shop_settings.load(self.db))
        except StoreError as error:
            self._say(str(error), problem=True)
            return
        self.routes = self._routes()
        self.documents = None
        self._show_plan()
        self._prepare()

    # ------------------------------------------------------------- drawing the pages

    def _prepare(self) -> None:
        papers, zpl = self.papers, self.routes.zpl

        def work(progress: ProgressCallback, cancelled: CancelCheck) -> DayDocuments:
            return papers.render(zpl=zpl, on_progress=progress, cancelled=cancelled)

        self._start("Preparing the pages…", work, self._prepared, preparing=True)

    def _prepared(self, documents: object) -> None:
        assert isinstance(documents, DayDocuments)
        self.documents = documents
        self._show_plan()
        if self.pending is None:
            self._say("Ready." if self.routes.ready else "Ready to save.")

    def _when_prepared(self, action: Callable[[], None], then: str) -> None:
        if self.documents is not None:
            return action()
        self.pending = action
        if self.task is None:
            self._prepare()
        self._say(f"Preparing the pages, then {then}…")
        self._update()

    # --------------------------------------------------------------- getting it out

    def print_all(self) -> None:
        """Print all: the three documents to their printers, one after the other."""
        if self.routes.ready:
            self._when_prepared(self._send, "they go to the printers")

    def _send(self) -> None:
        assert self.documents is not None
        work = routing.send_work(self.documents, self.papers, self.routes, self.system)
        where = " and ".join(dict.fromkeys((self.routes.labels_to, self.routes.papers_to)))
        self._start(f"Sending to {where}…", work, self._sent, preparing=False)

    def _sent(self, outcome: object) -> None:
        assert isinstance(outcome, routing.Outcome) and self.documents is not None
        if "labels" in outcome.sent:
            self._record()
        self._say(routing.outcome_text(outcome, self.documents, self.routes), outcome.refused)
        if not outcome.refused:
            self.buttons["print"].setText("Print all again")

    def save_all(self) -> None:
        """Save all to a folder…: the three files, the same as `print-day -o DIR` writes."""
        folder = self.system.ask_folder(self, "Save the whole day into a folder")
        if folder is None:
            return

        def save() -> None:
            documents = self.documents
            assert documents is not None
            work = lambda progress, cancelled: documents.save(folder)  # noqa: E731
            self._start(f"Saving into {folder}…", work, self._saved, preparing=False)

        self._when_prepared(save, "they are saved")

    def _saved(self, paths: object) -> None:
        assert isinstance(paths, dict)
        self._record()
        names = ", ".join(path.name for path in paths.values())
        self._say(f"Saved into {paths['labels'].parent}: {names}.")

    def _record(self) -> None:
        try:
            print_jobs.record_printed(self.db, self.papers.batch, self.who())
        except StoreError as error:
            self._say(f"The labels are out but could not be noted as printed: {error}", True)

    # -------------------------------------------------------------------- long work

    def _start(self, text: str, work: Work, done: Callable[[object], None], *,
               preparing: bool) -> None:  # fmt: skip
        task = Task(text, work, self)

        def current(slot: Callable[..., None]) -> Callable[..., None]:
            """`slot`, for this task's reports only: one replaced meanwhile has its say no more."""
            return lambda *args: slot(*args) if task is self.task else None

        task.progressed.connect(current(self._progressed))
        task.succeeded.connect(current(done))
        task.failed.connect(current(lambda message: self._stopped(f"Not done: {message}", True)))
        task.cancelled.connect(current(lambda: self._stopped(CANCELLED)))
        task.finished.connect(lambda: self._finished(task))
        self.task, self.preparing = task, preparing
        self.progress.setRange(0, 0)  # "working" until the first report
        self._say(text)
        self._update()
        task.start()

    def _finished(self, task: Task) -> None:
        task.wait()
        task.deleteLater()
        if task is not self.task:
            return
        self.task = None
        action, self.pending = self.pending, None
        if action is not None and self.documents is not None:
            action()
        self._update()

    def _stopped(self, text: str, problem: bool = False) -> None:
        self.pending = None  # what waited for the pages waits no more
        self._say(text, problem)

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def cancel(self) -> None:
        """Cancel: stop drawing the pages; nothing goes out."""
        self.pending = None
        if self.task is not None and self.preparing:
            self.task.cancel()

    @property
    def sending(self) -> bool:
        """Documents are going out (to printers or files): that finishes, whatever is pressed."""
        return self.task is not None and not self.preparing

    def _update(self) -> None:
        working, waiting = self.task is not None, self.pending is not None
        self.progress.setVisible(working)
        self.cancel_button.setVisible(working and self.preparing)
        free = not self.sending and not waiting
        self.buttons["print"].setEnabled(free and self.routes.ready)
        self.buttons["save"].setEnabled(free)
        self.buttons["settings"].setEnabled(free)
        self.buttons["close"].setEnabled(not self.sending)

    def _say(self, text: str, problem: object = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(PROBLEM if problem else "")

    def reject(self) -> None:
        """Close, Escape or the window's X: not while documents are going out."""
        if self.sending:
            return
        self.shutdown()
        super().reject()

    def shutdown(self) -> None:
        """Stop drawing, wait for the worker (sending is let finish); ignore its late reports."""
        task, self.task, self.pending = self.task, None, None
        if task is not None:
            task.cancel()
            task.wait()
