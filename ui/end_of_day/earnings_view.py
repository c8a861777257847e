"""What the carrier owes the shop: parcels finished (delivered or picked up) times the rate,
per day and per week, for the dates chosen (this week so far, at first)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDateEdit, QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from store import end_of_day
from store.errors import StoreError
from ui.common.answer_band import big_label
from ui.common.dates import to_date
from ui.common.rows_model import Column, RowsModel, table_for
from ui.common.session import Session


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def money(amount: float) -> str:
    return f"${amount:,.2f}"


DAY_COLUMNS = (
    Column("Day", lambda line: f"{line.start:%a %Y-%m-%d}"),
    Column("Parcels", lambda line: line.parcels, right=True),
    Column("Amount", lambda line: money(line.amount), right=True),
)
WEEK_COLUMNS = (
    Column("Week of (Monday)", lambda line: f"{line.start:%a %Y-%m-%d}"),
    Column("Parcels", lambda line: line.parcels, right=True),
    Column("Amount", lambda line: money(line.amount), right=True),
)


class EarningsView(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.start = QDateEdit()
        self.end = QDateEdit()
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("ddd yyyy-MM-dd")
        self.total = big_label(18, bold=True)
        self.message = QLabel()
        self.days = RowsModel(DAY_COLUMNS, key=lambda line: line.start, parent=self)
        self.weeks = RowsModel(WEEK_COLUMNS, key=lambda line: line.start, parent=self)
        dates = QHBoxLayout()
        dates.addWidget(QLabel("From"))
        dates.addWidget(self.start)
        dates.addWidget(QLabel("to"))
        dates.addWidget(self.end)
        dates.addStretch(1)
        tables = QHBoxLayout()
        for title, model in (("Per day", self.days), ("Per week", self.weeks)):
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(table_for(model, (160, 90)))
            tables.addWidget(box)
        layout = QVBoxLayout(self)
        layout.addLayout(dates)
        layout.addWidget(self.total)
        layout.addWidget(self.message)
        layout.addLayout(tables, 1)
        self.this_week()
        self.start.dateChanged.connect(self.refresh)
        self.end.dateChanged.connect(self.refresh)

    def this_week(self) -> None:
        today = self._session.today()
        self.start.setDate(_qdate(today - timedelta(days=today.weekday())))
        self.end.setDate(_qdate(today))

    def refresh(self) -> None:
        start, end = to_date(self.start.date()), to_date(self.end.date())
        try:
            got = end_of_day.earnings(self._session.db, start, end)
        except StoreError as error:
            self.message.setText(str(error).capitalize())
            self.days.set_rows([])
            self.weeks.set_rows([])
            self.total.clear()
            return
        self.message.setText("Parcels delivered or picked up (and not corrected since).")
        self.days.set_rows(got.days)
        self.weeks.set_rows(got.weeks)
        self.total.setText(f"{got.parcels:,} parcels × {money(got.rate)} = {money(got.amount)}")

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()
