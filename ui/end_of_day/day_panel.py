"""The end of a day: its figures, missing parcels, closing it, and its files for the carrier.

The figures are `store.end_of_day.summary` (replayed from the log, as the status CSV is).
"Mark missing" says how many parcels it will mark and asks first. "Close the day" refuses
while a run is out unless the owner confirms; when the log and the parcels disagree the day
is not closed and the problems are listed. One click saves the summary PDF and the carrier's
status CSV into a folder.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDateEdit,
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
from store import day_documents, end_of_day
from store.errors import BadInput, StoreError
from store.timeutil import parse_iso_z
from ui.common.rows_model import Column, RowsModel, table_for
from ui.common.session import Session
from ui.end_of_day.summary_tiles import SummaryTiles

DRIVER_COLUMNS = (
    Column("Driver", lambda d: d.driver),
    Column("Runs", lambda d: d.runs, right=True),
    Column("Parcels", lambda d: d.parcels, right=True),
    Column("Delivered", lambda d: d.delivered, right=True),
    Column("Attempted", lambda d: d.attempted, right=True),
    Column("Miles", lambda d: d.miles, right=True),
)
STATUS_COLUMNS = (
    Column("Status at the end of the day", lambda item: item[0].replace("_", " ")),
    Column("Parcels", lambda item: item[1], right=True),
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
        self.statuses = RowsModel(STATUS_COLUMNS, key=lambda item: item[0], parent=self)
        self.drivers = RowsModel(DRIVER_COLUMNS, key=lambda d: d.driver, parent=self)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.missing_button = QPushButton()
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
        tables = QHBoxLayout()
        for title, model, widths, stretch in (
            ("Parcels by status", self.statuses, (220,), 2),
            ("Per driver", self.drivers, (160, 50, 70, 80, 80), 3),
        ):
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(table_for(model, widths))
            tables.addWidget(box, stretch)
        buttons = QHBoxLayout()
        for button in (self.missing_button, self.close_button, self.save_button):
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
        self.missing_button.clicked.connect(self.mark_missing)
        self.close_button.clicked.connect(self.close_day)
        self.save_button.clicked.connect(self.save_files)

    # -- reading ----------------------------------------------------------------------------

    @property
    def day(self) -> date:
        return self.day_edit.date().toPython()  # type: ignore[return-value]

    def go_to_today(self) -> None:
        today = self._session.today()
        self.day_edit.setDate(QDate(today.year, today.month, today.day))
        self.refresh()

    def refresh(self) -> None:
        db, day = self._session.db, self.day
        summary = end_of_day.summary(db, day)
        self.tiles.show_summary(summary)
        self.statuses.set_rows(summary.by_status.items())
        self.drivers.set_rows(end_of_day.per_driver(summary))
        missing = len(end_of_day.not_arrived(db, day))
        self.missing_button.setText(f"Mark {missing} missing…" if missing else "Nothing missing")
        self.missing_button.setEnabled(bool(missing))
        closed = end_of_day.closed_at(db, day)
        tz = self._session.settings.tz
        self.closed_label.setText(
            f"<b>Closed at {parse_iso_z(closed).astimezone(tz):%H:%M on %a %d %b}</b>"
            if closed
            else "Not closed yet"
        )

    # -- the owner's actions ----------------------------------------------------------------

    def mark_missing(self) -> None:
        day, ids = self.day, end_of_day.not_arrived(self._session.db, self.day)
        if not ids:
            return
        box = self._ask(
            f"Mark {len(ids)} parcel(s) missing?",
            f"{len(ids)} parcel(s) of the manifest of {day:%a %d %b} never arrived: they "
            "become missing, and the carrier is told in the status CSV.",
            "Mark missing",
        )
        box.setDetailedText("\n".join(ids))
        box.accepted.connect(self._mark_missing_now)

    def _mark_missing_now(self) -> None:
        marked = end_of_day.mark_missing(self._session.db, self._session.actor, self.day)
        self.refresh()
        self.notes.setText(f"{len(marked)} parcel(s) marked missing.")

    def close_day(self) -> None:
        try:
            self._close(runs_out_ok=False)
        except BadInput as refused:
            why = str(refused)
            box = self._ask(
                "A run is not back yet",
                f"{why[:1].upper()}{why[1:]}.\n\nClose the day anyway? Only the owner should: "
                "the runs out stay out, and their results can still be recorded later.",
                "Close anyway",
            )
            box.accepted.connect(lambda: self._close(runs_out_ok=True))

    def _close(self, *, runs_out_ok: bool) -> None:
        closed = end_of_day.close_day(
            self._session.db, self._session.actor, self.day, runs_still_out_ok=runs_out_ok
        )
        self.refresh()
        warnings = "".join(f"<br>⚠ {text}" for text in closed.warnings)
        if closed.closed:
            self.notes.setText(
                f"<b>The day is closed</b>: {closed.runs_closed} run(s) closed.{warnings}"
            )
            return
        problems = "".join(f"<br>✖ {text}" for text in closed.problems[:10])
        more = len(closed.problems) - 10
        self.notes.setText(
            f"<b style='color:#b3261e'>The day was NOT closed</b>: the log and the parcels "
            f"disagree ({len(closed.problems)} problem(s)).{problems}"
            + (f"<br>… and {more} more" if more > 0 else "")
            + warnings
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
        self.dialog = box
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()
