"""The big answer of the check-in screen: what happened to the parcel just scanned.

Readable from a step away: a coloured band per outcome with its symbol and words, the tracking
number, and for a received parcel its shelf zone in very large type. An inline form (the
unexpected parcel's address) can be placed under the answer with `set_extra`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from store.checkin import Outcome, ScanResult
from ui.common.answer_band import ColourBand, big_label
from ui.common.outcomes import ERROR, READY, Look, look

ZONE_POINTS = 96


class AnswerPanel(ColourBand):
    """Shows one answer at a time; the last one stays until the next scan."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("answer")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.symbol = big_label(40, bold=True)
        self.title = big_label(24, bold=True)
        self.title.setWordWrap(True)
        self.tracking = big_label(16, mono=True)
        self.tracking.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.zone = big_label(ZONE_POINTS, bold=True)
        self.zone.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = big_label(15)
        self.message.setWordWrap(True)
        self.recipient = big_label(14)
        self.recipient.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(self.symbol)
        top.addWidget(self.title, 1)
        top.addWidget(self.tracking)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(24, 16, 24, 16)
        self._layout.addLayout(top)
        self._layout.addWidget(self.zone, 1)
        self._layout.addWidget(self.message)
        self._layout.addWidget(self.recipient)
        self._extra: QWidget | None = None
        self.outcome: str | None = None
        self.show_ready()

    def show_ready(self) -> None:
        self.outcome = None
        self._paint(READY)
        self.tracking.clear()
        self.message.setText(
            "Scan each parcel of the delivery. The scanner works from any screen; "
            "you can also type a tracking number in the box above and press Enter."
        )
        self.recipient.clear()
        self.zone.hide()

    def show_result(self, result: ScanResult) -> None:
        self.outcome = str(result.outcome)
        self._paint(look(result.outcome))
        self.tracking.setText(result.tracking_id or "")
        # A received parcel's shelf, a duplicate's (where it already is), and the shelf a
        # parcel goes back to when its damaged mark is undone.
        shelf = bool(result.zone) and result.outcome in (
            Outcome.RECEIVED,
            Outcome.DUPLICATE,
            Outcome.UNDONE,
        )
        self.zone.setVisible(shelf)
        self.zone.setText(result.zone or "" if shelf else "")
        self.message.setText(result.message)
        who = ", ".join(part for part in (result.recipient, result.address) if part)
        self.recipient.setText(who)

    def show_shelf(self, tracking_id: str, zone: str, message: str, recipient: str) -> None:
        """After an address was added: the parcel goes on the shelf like a received one."""
        self.outcome = str(Outcome.RECEIVED)
        self._paint(look(Outcome.RECEIVED))
        self.tracking.setText(tracking_id)
        self.zone.setText(zone)
        self.zone.show()
        self.message.setText(message)
        self.recipient.setText(recipient)

    def show_error(self, text: str, tracking_id: str | None = None) -> None:
        """The store refused or failed: the clerk reads why, nothing was recorded."""
        self.outcome = "error"
        self._paint(ERROR)
        self.tracking.setText(tracking_id or "")
        self.zone.hide()
        self.message.setText(text)
        self.recipient.clear()

    def set_extra(self, widget: QWidget | None) -> None:
        """Place a widget (an inline form) under the answer, replacing the previous one."""
        if self._extra is not None:
            self._layout.removeWidget(self._extra)
            self._extra.hide()
        self._extra = widget
        if widget is not None:
            self._layout.addWidget(widget)
            widget.show()

    def _paint(self, answer: Look) -> None:
        self.set_colours(answer.colour, "#263238" if answer is READY else "#ffffff")
        self.symbol.setText(answer.symbol)
        self.symbol.setVisible(bool(answer.symbol))
        self.title.setText(answer.title)
