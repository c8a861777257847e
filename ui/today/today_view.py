"""The Today screen: where the shop stands, in a few figures.

The day's check-in progress, then one table: for each status, how many of today's parcels are
in it, how many status changes to it were recorded today, and how many parcels on record are in
it. The progress and the table use the same words and agree: "held" above is the "held" row
of today's parcels, "not arrived yet" its "not arrived yet" row, and "checked in" the
table's first line (today's manifest parcels in any status but not arrived and missing).
Read when the screen is opened (a few indexed queries), not on every scan.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import QGridLayout, QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from store import checkin, locate, reports
from store.statuses import Status, in_words
from ui.common.day_progress import DayProgress
from ui.common.session import Session

AMBER = "#b35900"  # approximate locations, as on the Runs map
#: The status rows in the words of the check-in progress above them.
TABLE_WORDS = {"expected": "not arrived yet", "exception": "held", "missing": "marked missing"}
#: The columns of the status table: (title, explanation).
COLUMNS = (
    ("Today's parcels", "parcels expected today, by their status now"),
    ("Changes today", "status changes recorded today"),
    ("All parcels", "every parcel on record, by its status now"),
)


class TodayView(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.heading = QLabel()
        font = QFont(self.heading.font())
        font.setPointSize(18)
        font.setBold(True)
        self.heading.setFont(font)
        self.hint = QLabel(
            "Scan parcels from any screen: the answer shows on Check-in (Ctrl+2). "
            "Find any parcel on Parcels (Ctrl+3)."
        )
        self.progress = DayProgress()
        self.cells: dict[tuple[str, int], QLabel] = {}
        progress_box = QGroupBox("Check-in of today's delivery")
        QVBoxLayout(progress_box).addWidget(self.progress)
        self.locations = QLabel()
        self.locations.setWordWrap(True)
        self.locations.setTextFormat(Qt.TextFormat.RichText)
        locations_box = QGroupBox("Where today's parcels go")
        QVBoxLayout(locations_box).addWidget(self.locations)
        table_box = QGroupBox("Parcels by status")
        grid = QGridLayout(table_box)
        grid.setHorizontalSpacing(20)
        for column, (title, explanation) in enumerate(COLUMNS, start=1):
            header = QLabel(f"<b>{title}</b>")
            header.setToolTip(explanation)
            header.setAlignment(Qt.AlignmentFlag.AlignRight)
            grid.addWidget(header, 0, column)
        self.checked_in = QLabel()
        self.checked_in.setAlignment(Qt.AlignmentFlag.AlignRight)
        grid.addWidget(QLabel("<b>checked in</b> (manifest parcels)"), 1, 0)
        grid.addWidget(self.checked_in, 1, 1)
        for row, status in enumerate(Status, start=2):
            words = QLabel(TABLE_WORDS.get(status, in_words(status)))
            words.setToolTip(f"status: {status}")
            grid.addWidget(words, row, 0)
            for column in range(1, len(COLUMNS) + 1):
                cell = QLabel()
                cell.setAlignment(Qt.AlignmentFlag.AlignRight)
                grid.addWidget(cell, row, column)
                self.cells[(str(status), column - 1)] = cell
        grid.setColumnStretch(len(COLUMNS) + 1, 1)
        # Two columns under the heading: a laptop's screen (1280×720) is wide, not tall.
        left = QVBoxLayout()
        left.addWidget(progress_box)
        left.addWidget(locations_box)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(table_box)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        for box in (progress_box, locations_box):
            box.setMaximumWidth(720)
        table_box.setMaximumWidth(640)  # its words whole: "back on the shelf after an attempt"
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.hint)
        layout.addLayout(columns)
        layout.addStretch(1)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        session = self._session
        day = session.today()
        self.heading.setText(f"{session.settings.name or 'Your shop'}: {day:%A %d %B %Y}")
        counts = checkin.day_counts(session.db, day)
        self.progress.show_counts(counts)
        self.checked_in.setText(f"<b>{counts.received:,}</b>")
        figures = (
            reports.status_counts(session.db, day),
            reports.day_activity(session.db, day, session.settings.tz),
            reports.status_counts(session.db),
        )
        self.show_locations(locate.day_precision(session.db, day))
        for (status, column), cell in self.cells.items():
            value = figures[column].get(status, 0)
            cell.setText(f"{value:,}")
            cell.setStyleSheet("" if value else "color: #9e9e9e;")

    def show_locations(self, found: locate.DayPrecision) -> None:
        """Exact and approximate counts; the approximate ones in amber with what to do."""
        counts = found.counts
        exact = counts.get("given", 0) + counts.get("address", 0)
        parts = [f"{exact:,} at their address"]
        for precision, words in (
            ("street", "on the street only"),
            ("zip", "by ZIP code only: held until a pin is put on the map"),
            ("none", "with no location"),
        ):
            if counts.get(precision):
                parts.append(f"<span style='color:{AMBER}'>≈ {counts[precision]:,} {words}</span>")
        if found.disagreeing:
            parts.append(
                f"<span style='color:{AMBER}'>{found.disagreeing:,} with coordinates that "
                "disagree with the address</span>"
            )
        hint = (
            "<br><small>Fix one from its detail on Parcels (Ctrl+3) or its stop on the Runs map."
            "</small>"
            if found.approximate or found.disagreeing
            else ""
        )
        self.approximate_count = found.approximate
        self.locations.setText(" · ".join(parts) + hint)

    def figure(self, status: str, column: int) -> int:
        """The number shown for a status in a column (0 today, 1 changes, 2 all)."""
        return int(self.cells[(status, column)].text().replace(",", ""))
