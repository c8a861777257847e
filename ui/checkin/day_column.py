"""The check-in screen's right column: the day's running count, what is still missing, the report.

The missing list changes one row per scan (a parcel out, or back after an undo) and repaints
just after the answer; the discrepancy report is saved in each format the screen was given.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHeaderView, QLabel, QMenu, QPushButton, QVBoxLayout, QWidget

from labels.files import not_saved
from labels.words import counted
from store import checkin
from store.errors import StoreError
from ui.checkin import discrepancy_report
from ui.checkin.checkin_models import MissingModel
from ui.checkin.discrepancy_report import ReportFormat
from ui.common.day_progress import DayProgress
from ui.common.lagging_table import LaggingTable
from ui.common.session import Session

WIDTH = 360


class DayColumn(QWidget):
    """`status_message(text)` after a report was saved; `failed(text)` when it was not."""

    status_message = Signal(str)
    failed = Signal(str)

    def __init__(
        self,
        session: Session,
        reports: Sequence[ReportFormat],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._reports = tuple(reports)
        self.shown_day = session.today()
        self.setFixedWidth(WIDTH)
        self.progress = DayProgress()
        self.missing = MissingModel(self)
        self.missing_title = QLabel()
        self.missing_table = LaggingTable(self.missing)
        self.missing_table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.missing_table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.report_button = QPushButton("Discrepancy report…")
        if len(self._reports) > 1:
            menu = QMenu(self.report_button)
            for report in self._reports:
                menu.addAction(report.label, partial(self.save_report, report))
            self.report_button.setMenu(menu)
        else:
            self.report_button.clicked.connect(lambda: self.save_report(self._reports[0]))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.progress)
        layout.addSpacing(12)
        layout.addWidget(self.missing_title)
        layout.addWidget(self.missing_table, 1)
        layout.addWidget(self.report_button)

    def reload(self) -> None:
        """Read the day's missing parcels and counts again (after an import, or a new day)."""
        self.shown_day = self._session.today()
        self.missing.reset(checkin.still_missing(self._session.db, self.shown_day))
        self.show_counts()

    def show_counts(self) -> None:
        if self._session.today() != self.shown_day:  # past midnight: a new day's delivery
            self.reload()
            return
        counts = checkin.day_counts(self._session.db, self.shown_day)
        self.progress.show_counts(counts)
        # The list keeps the parcels marked missing (one may still turn up): counted apart,
        # so the title agrees with "not arrived yet" above it.
        marked = self.missing.marked_missing()
        title = f"Not arrived yet: {counts.not_arrived:,}"
        self.missing_title.setText(f"{title} · marked missing: {marked:,}" if marked else title)

    def save_report(self, report: ReportFormat) -> None:
        day = self._session.today()
        target = discrepancy_report.ask_target(self, report, day)
        if target is None:
            return
        try:
            count = report.write(self._session.db, day, target)
        except OSError as error:
            self.failed.emit(not_saved(target, error))
            return
        except StoreError as error:
            self.failed.emit(f"The report was not saved: {error}")
            return
        self.report_button.setToolTip(f"Last saved: {target} ({counted(count, 'parcel')})")
        self.status_message.emit(
            f"Discrepancy report saved: {counted(count, 'parcel')} in {target}"
        )
