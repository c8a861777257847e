"""The End of day screen: the day (summary, missing parcels, closing, files) and the earnings,
as two tabs (Ctrl+Tab switches)."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from ui.common.session import Session
from ui.end_of_day.day_panel import DayPanel
from ui.end_of_day.earnings_view import EarningsView


class EndOfDayView(QTabWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.day = DayPanel(session)
        self.earnings = EarningsView(session)
        self.addTab(self.day, "The day")
        self.addTab(self.earnings, "Earnings")

    def refresh(self) -> None:
        self.day.refresh()
        self.earnings.refresh()
