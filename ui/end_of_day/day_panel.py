"""The end of a day: its figures, what is left before closing, closing it, and its files.

The figures are `store.end_of_day.summary` (replayed from the log, as the status CSV is).
"Before closing the day" (`ui.end_of_day.close_steps`) leads the clerk through what keeps
the day open: results still out, runs that never left (carried over to tomorrow), parcels
that never arrived (marked missing); each asks first. "Close the day" waits for all three;
when the log and the parcels disagree the day is not closed and the problems are listed.
The table below lists every parcel of the day that did not finish and what became of it.
"Miles driven…" takes each run's odometer figure. One click saves the summary PDF and the
carrier's status CSV into a folder.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from labels.files import not_saved
from labels.words import counted
from store import day_close, day_documents, end_of_day
from store.end_of_day import DayNotSettled
from store.errors import StoreError
from store.timeutil import parse_iso_z
from ui.common.dates import to_date
from ui.common.rows_model import Column, RowsModel, table_for
from ui.common.session import Session
from ui.end_of_day.close_steps import CloseSteps
from ui.end_of_day.miles_dialog import MilesDialog
from ui.end_of_day.summary_tiles import SummaryTiles


def _mi(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


RUN_COLUMNS = (
    Column("Run", lambda r: f"Run {r.run_number} · {r.driver}"),
    Column("State", lambda r: r.state),
    Column("Parcels", lambda r: r.parcels, right=True),
    Column("Delivered", lambda r: r.delivered, right=True),
    Column("Attempted", lambda r: r.attempted, right=True),
    Column("Planned mi", lambda r: _mi(r.distance_mi), right=True),
    Column("Driven mi", lambda r: _mi(r.miles_driven), right=True),
)
LEFT_COLUMNS = (
    Column("Tracking number", lambda p: p.tracking_id),
    Column("What became of it", lambda p: p.what),
    Column("Shelf", lambda p: p.shelf or "–"),
    Column("Why", lambda p: p.why, tip=lambda p: p.why),
)


class DayPanel(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.dialog: QWidget | None = None
        self.day_edit = QDateEdit()
        self.day_edit.setCalendarPopup(True)
        self.day_edit.setDisplayFormat("ddd yyyy-MM-dd")
        self.today_button = QPushButton("Today")
        self.closed_label = QLabel()
        self.tiles = SummaryTiles()
        self.steps = CloseSteps()
        self.missing_button = self.steps.missing_button
        self.carry_button = self.steps.carry_button
        self.runs = RowsModel(RUN_COLUMNS, key=lambda r: r.run_id, parent=self)
        self.left_over = RowsModel(LEFT_COLUMNS, key=lambda p: p.tracking_id, parent=self)
        self.left_title = QGroupBox()
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.miles_button = QPushButton("Miles driven…")
        self.close_button = QPushButton("Close the day…")
        self.save_button = QPushButton("Save summary PDF and status CSV…")
        self._build_layout()
        self._connect_signals()
        self.go_to_today()

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel("Day:"))
        top.addWidget(self.day_edit)
        top.addWidget(self.today_button)
        top.addStretch(1)
        top.addWidget(self.closed_label)
        runs_box = QGroupBox("Runs of the day")
        runs_layout = QVBoxLayout(runs_box)
        runs_layout.addWidget(table_for(self.runs, (120, 60, 55, 70, 75, 75)), 1)
        runs_layout.addWidget(self.miles_button, 0, Qt.AlignmentFlag.AlignRight)
        QVBoxLayout(self.left_title).addWidget(table_for(self.left_over, (135, 120, 50)))
        left = QVBoxLayout()
        left.addWidget(self.steps)
        left.addWidget(runs_box, 1)
        tables = QHBoxLayout()
        tables.addLayout(left, 5)
        tables.addWidget(self.left_title, 4)
        buttons = QHBoxLayout()
        for button in (self.close_button, self.save_button):
            button.setMinimumHeight(36)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tiles)
        layout.addLayout(tables, 1)
        layout.addWidget(self.notes)
        layout.addLayout(buttons)

    def _connect_signals(self) -> None:
        self.day_edit.dateChanged.connect(self.refresh)
        self.today_button.clicked.connect(self.go_to_today)
        self.steps.mark_missing.connect(self.mark_missing)
        self.steps.carry_over.connect(self.carry_over)
        self.miles_button.clicked.connect(self.enter_miles)
        self.close_button.clicked.connect(self.close_day)
        self.save_button.clicked.connect(self.save_files)

    # -- reading ----------------------------------------------------------------------------

    @property
    def day(self) -> date:
        return to_date(self.day_edit.date())

    def go_to_today(self) -> None:
        today = self._session.today()
        self.day_edit.setDate(QDate(today.year, today.month, today.day))
        self.refresh()

    def refresh(self) -> None:
        db, day = self._session.db, self.day
        summary = end_of_day.summary(db, day)
        self.tiles.show_summary(summary)
        self.runs.set_rows(summary.drivers)
        self.miles_button.setEnabled(bool(summary.drivers))
        left = day_close.left_to_do(db, day)
        self.steps.show_left(left)
        self.close_button.setEnabled(left.clear)
        closed = end_of_day.closed_by(db, day)
        self.close_button.setText("Close the day again…" if closed else "Close the day…")
        self.close_button.setToolTip("" if left.clear else left.sentence())
        leftover = day_close.left_over(db, day)
        self.left_over.set_rows(leftover)
        self.left_title.setTitle(f"Not finished today: {counted(len(leftover), 'parcel')}")
        tz = self._session.settings.tz
        self.closed_label.setText(
            f"<b>Closed at {parse_iso_z(closed[0]).astimezone(tz):%H:%M on %a %d %b} by "
            f"{closed[1]}</b>"
            if closed
            else "Not closed yet"
        )

    # -- the owner's actions ----------------------------------------------------------------

    def mark_missing(self) -> None:
        day, ids = self.day, end_of_day.not_arrived(self._session.db, self.day)
        if not ids:
            return
        box = self._ask(
            f"Mark {counted(len(ids), 'parcel')} missing?",
            f"{counted(len(ids), 'parcel')} of the manifest of {day:%a %d %b} never arrived: "
            f"{'it becomes' if len(ids) == 1 else 'they become'} missing, and the carrier is "
            "told in the status CSV.",
            "Mark missing",
        )
        box.setDetailedText("\n".join(ids))
        box.accepted.connect(self._mark_missing_now)

    def _mark_missing_now(self) -> None:
        marked = end_of_day.mark_missing(self._session.db, self._session.actor, self.day)
        self.refresh()
        self.notes.setText(f"{counted(len(marked), 'parcel')} marked missing.")

    def carry_over(self) -> None:
        left = day_close.left_to_do(self._session.db, self.day)
        if not left.unsent:
            return
        names = ", ".join(run.label for run in left.unsent)
        parcels = sum(len(run.parcels) for run in left.unsent)
        box = self._ask(
            "Carry the runs that never left over to tomorrow?",
            f"{names} never left the shop. {'It is' if len(left.unsent) == 1 else 'They are'} "
            f"cancelled and {counted(parcels, 'parcel')} go back on the shelf, to be planned "
            "again tomorrow. Labels printed for them will be printed again after that plan.",
            "Carry over",
        )
        box.accepted.connect(self._carry_over_now)

    def _carry_over_now(self) -> None:
        db, actor = self._session.db, self._session.actor
        carried = day_close.carry_over_unsent(db, actor, self.day)
        self.refresh()
        self.notes.setText(f"{counted(len(carried), 'parcel')} back on the shelf for tomorrow.")

    def enter_miles(self) -> None:
        db = self._session.db
        lines = end_of_day.summary(db, self.day).drivers
        record = lambda run, miles: end_of_day.record_miles(db, run, miles)  # noqa: E731
        dialog = MilesDialog(lines, record, self)
        dialog.accepted.connect(self.refresh)
        self._open(dialog)

    def close_day(self) -> None:
        """Ask first: what closing does, and the runs whose miles driven were never entered
        (the summary prints "–" for them)."""
        db, day = self._session.db, self.day
        again = end_of_day.closed_by(db, day) is not None
        text = (
            "The runs that are back are closed and the day's summary is kept, listing every "
            "parcel carried over, held, set aside or missing."
        )
        if again:
            text += " The day was closed before: its summary is replaced."
        no_miles = [
            f"Run {line.run_number} · {line.driver}"
            for line in end_of_day.summary(db, day).drivers
            if line.miles_driven is None and line.state in ("back", "closed")
        ]
        if no_miles:
            text += (
                f"<br><br><b>No miles driven for {', '.join(no_miles)}</b>: the summary prints "
                f'"–" for {"it" if len(no_miles) == 1 else "them"}. Enter '
                f"{'its miles' if len(no_miles) == 1 else 'them'} first with Miles driven…, or "
                "close now."
            )
        box = self._ask(f"Close the day of {day:%a %d %b}?", text, "Close the day")
        box.accepted.connect(self._close_day_now)

    def _close_day_now(self) -> None:
        db, actor = self._session.db, self._session.actor
        try:
            closed = end_of_day.close_day(db, actor, self.day)
        except DayNotSettled as refused:
            self.refresh()
            self.notes.setText(f"<b style='color:#b3261e'>Not closed</b>: {refused}.")
            return
        self.refresh()
        if closed.closed:
            self.notes.setText(
                f"<b>The day is closed</b>: {counted(closed.runs_closed, 'run')} closed; "
                f"{counted(len(closed.left_over), 'parcel')} carried over, held, set aside "
                "or missing, listed on the right and on the summary."
            )
            return
        problems = "".join(f"<br>✖ {text}" for text in closed.problems[:10])
        more = len(closed.problems) - 10
        self.notes.setText(
            f"<b style='color:#b3261e'>The day was NOT closed</b>: the log and the parcels "
            f"disagree ({counted(len(closed.problems), 'problem')}).{problems}"
            + (f"<br>… and {more} more" if more > 0 else "")
        )

    def save_files(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Save the day's summary and status CSV into…", str(Path.home())
        )
        if not folder:
            return
        try:
            files = day_documents.save_day_files(self._session.db, self.day, Path(folder))
        except OSError as error:
            summary_name = day_documents.day_file_names(self.day)[0]
            self.notes.setText(not_saved(Path(folder) / summary_name, error))
            return
        except StoreError as error:
            self.notes.setText(f"The files were not saved: {error}")
            return
        self.notes.setText(
            f"Saved {files.summary_pdf.name} and {files.status_csv.name} "
            f"({counted(files.status_rows, 'parcel')}) in {folder}"
        )

    def _ask(self, title: str, text: str, yes: str) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Question, title, f"<b>{title}</b>", parent=self)
        box.setInformativeText(text)
        box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(box.addButton(QMessageBox.StandardButton.Cancel))
        self._open(box)
        return box

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()
