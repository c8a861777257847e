"""Qt's dates as Python's: `QDate.toPython()` is typed as returning any object."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate


def to_date(value: QDate) -> date:
    """The calendar day `value` holds, as a `datetime.date`."""
    return date(value.year(), value.month(), value.day())
