"""A coloured answer band for the screens after check-in: what happened to the last scan.

Like check-in's answer panel, readable from a step away: the outcome's colour, symbol and
title, the tracking number, one big line (a stop, "run 2 · Maria, stop 5", a shelf zone, a
pickup code) and the store's message under it. The last answer stays until the next one.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ui.common.outcomes import ERROR, Look

READY_COLOUR = "#eceff1"


def big_label(points: int, *, bold: bool = False, mono: bool = False) -> QLabel:
    """A selectable label in a large font (the answer's parts, figures, codes)."""
    label = QLabel()
    font = QFont(label.font())
    if mono:
        font.setFamilies(["DejaVu Sans Mono", "Consolas", "monospace"])
        font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPointSize(points)
    font.setBold(bold)
    label.setFont(font)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class ColourBand(QFrame):
    """A frame drawn as one rounded block of colour, with its text in a matching colour.

    A palette, not a style sheet: re-polishing a style sheet on every scan costs more than
    the rest of the answer together."""

    def set_colours(self, background: str, text: str) -> None:
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(background))
        palette.setColor(QPalette.ColorRole.WindowText, QColor(text))
        self.setPalette(palette)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.palette().color(QPalette.ColorRole.Window))
        painter.drawRoundedRect(self.rect(), 10, 10)


class AnswerBand(ColourBand):
    """`show_answer(look, …)` one answer; `outcome` is the last one's name (None when ready)."""

    def __init__(
        self,
        ready: str,
        big_points: int = 44,
        *,
        wide: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        """`wide`: the tracking number sits right of the title (a band across the screen);
        else under it (a band in a column)."""
        super().__init__(parent)
        self._ready = ready
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.symbol = big_label(32, bold=True)
        self.title = big_label(22, bold=True)
        self.title.setWordWrap(True)
        self.tracking = big_label(15, mono=True)
        self.big = big_label(big_points, bold=True)
        self.big.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.big.setWordWrap(True)
        self.message = big_label(14)
        self.message.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.symbol)
        top.addWidget(self.title, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 12, 20, 12)
        layout.addLayout(top)
        if wide:
            top.addWidget(self.tracking)
        else:
            layout.addWidget(self.tracking)
        layout.addWidget(self.big)
        layout.addWidget(self.message)
        self.outcome: str | None = None
        self.show_ready()

    def show_ready(self, text: str | None = None) -> None:
        self.outcome = None
        self.set_colours(READY_COLOUR, "#263238")
        self.symbol.hide()
        self.title.setText("Ready")
        self.tracking.hide()
        self.big.hide()
        self.message.setText(text or self._ready)

    def show_answer(
        self, look: Look, *, outcome: str, tracking: str = "", big: str = "", message: str = ""
    ) -> None:
        self.outcome = outcome
        self.set_colours(look.colour, "#ffffff")
        self.symbol.setText(look.symbol)
        self.symbol.setVisible(bool(look.symbol))
        self.title.setText(look.title)
        self.tracking.setText(tracking)
        self.tracking.setVisible(bool(tracking))
        self.big.setText(big)
        self.big.setVisible(bool(big))
        self.message.setText(message)

    def show_error(self, text: str, tracking: str = "") -> None:
        """The store refused or failed: nothing was recorded by this action."""
        self.show_answer(ERROR, outcome="error", tracking=tracking, message=text)
