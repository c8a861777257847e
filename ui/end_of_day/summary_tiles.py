"""The day's figures as big tiles: what the owner reads first at the end of the day."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from store.end_of_day import DaySummary
from ui.common.answer_band import big_label


def _miles(value: float | None) -> str:
    return "–" if value is None else f"{value:,.1f}"


def _rate(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f} %"


#: (name, caption, how the figure is read from the summary, colour when it is not zero)
TILES: tuple[tuple[str, str, Callable[[DaySummary], str], str | None], ...] = (
    ("expected", "Expected", lambda s: f"{s.expected:,}", None),
    ("received", "Received", lambda s: f"{s.received:,}", None),
    ("delivered", "Delivered", lambda s: f"{s.delivered:,}", "#1b6e34"),
    ("attempted", "Attempted", lambda s: f"{s.attempted:,}", "#8a5a00"),
    ("picked_up", "Picked up", lambda s: f"{s.picked_up:,}", None),
    ("returned", "Returned", lambda s: f"{s.returned:,}", None),
    ("return_pending", "To return", lambda s: f"{s.return_pending:,}", "#5b2a86"),
    ("missing", "Missing", lambda s: f"{s.missing:,}", "#b3261e"),
    ("still_out", "Still out", lambda s: f"{s.still_out:,}", "#b3261e"),
    ("miles_planned", "Miles planned", lambda s: f"{s.miles_planned:,.1f}", None),
    ("miles_driven", "Miles driven", lambda s: _miles(s.miles_driven), None),
    ("first_attempt_rate", "First-attempt success", lambda s: _rate(s.first_attempt_rate), None),
)
PER_ROW = 6


class SummaryTiles(QWidget):
    """`show_summary(summary)`; `values[name]` is the label of each figure."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values: dict[str, QLabel] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for index, (name, caption, _read, _colour) in enumerate(TILES):
            tile = QFrame()
            tile.setFrameShape(QFrame.Shape.StyledPanel)
            layout = QVBoxLayout(tile)
            layout.setContentsMargins(10, 6, 10, 6)
            words = QLabel(caption.upper())
            font = words.font()
            font.setPointSize(8)
            font.setBold(True)
            words.setFont(font)
            words.setWordWrap(True)
            value = big_label(20, bold=True)
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            layout.addWidget(words)
            layout.addWidget(value)
            self.values[name] = value
            grid.addWidget(tile, index // PER_ROW, index % PER_ROW)

    def show_summary(self, summary: DaySummary) -> None:
        for name, _caption, read, colour in TILES:
            text = read(summary)
            label = self.values[name]
            label.setText(text)
            marked = colour is not None and text not in ("0", "–")
            label.setStyleSheet(f"color: {colour};" if marked else "")
