"""The running count of a check-in day: received of expected, exceptions, unexpected, missing."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QProgressBar, QWidget

from store.checkin import DayCounts


def _figure(points: int = 20) -> QLabel:
    label = QLabel("0")
    font = label.font()
    font.setPointSize(points)
    font.setBold(True)
    label.setFont(font)
    return label


class DayProgress(QWidget):
    """Big figures a clerk reads at a glance, and a bar for how much of the delivery is in."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.received = _figure(28)
        self.expected = QLabel()
        self.bar = QProgressBar()
        self.bar.setTextVisible(True)
        self.exceptions = _figure()
        self.unexpected = _figure()
        self.missing = _figure()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        headline = QHBoxLayout()
        headline.addWidget(self.received)
        headline.addWidget(self.expected, 1)
        grid.addLayout(headline, 0, 0, 1, 3)
        grid.addWidget(self.bar, 1, 0, 1, 3)
        for column, (figure, words) in enumerate(
            (
                (self.exceptions, "held"),
                (self.unexpected, "of them not on the manifest"),
                (self.missing, "not arrived yet"),
            )
        ):
            grid.addWidget(figure, 2, column)
            caption = QLabel(words)
            caption.setFont(QFont(caption.font().family(), 9))
            grid.addWidget(caption, 3, column)

    def show_counts(self, counts: DayCounts) -> None:
        self.received.setText(f"{counts.received:,}")
        self.expected.setText(f"checked in of {counts.expected:,} expected")
        self.bar.setMaximum(max(1, counts.expected))
        self.bar.setValue(min(counts.received, max(1, counts.expected)))
        self.bar.setFormat(f"{counts.received * 100 // max(1, counts.expected)} %")
        self.exceptions.setText(f"{counts.exceptions:,}")
        self.unexpected.setText(f"{counts.unexpected:,}")
        self.missing.setText(f"{counts.not_arrived:,}")

    def summary(self) -> str:
        """The figures in one line (for the accessible name and tests)."""
        return (
            f"{self.received.text()} {self.expected.text()}; {self.exceptions.text()} held "
            f"({self.unexpected.text()} not on the manifest), {self.missing.text()} not arrived "
            "yet"
        )
