"""The Pickup screen's right column: the parcel chosen, big enough to read across the counter,
with who collects it, the hand-over and the hold with its pickup code (F4 holds an attempted
parcel, or releases a held one so it is delivered again)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from labels.words import counted
from store.codes import OUTCOME_CODES
from store.pickup import HANDABLE, CounterParcel
from store.statuses import ON_SHELF, Status, in_words
from ui.common.answer_band import big_label

WIDTH = 360
MARGIN = 12
SHELF_POINTS = 44
GREEN, RED = "#1b6e34", "#b3261e"
HOLD_TEXT = {False: "Hold for pickup (F4)", True: "Release the hold: deliver it again (F4)"}


class PickupDetail(QWidget):
    """`show_parcel(parcel, held_until)`; asks for `hand_over(tracking id, name)` and
    `hold(tracking id)` or `release(tracking id)`; `say(text, ok)` tells how the last action
    went."""

    hand_over = Signal(str, str, bool)  # tracking id, who collects it, ID checked
    hold = Signal(str)
    release = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedWidth(WIDTH)
        self._parcel: CounterParcel | None = None
        self.recipient = big_label(18, bold=True)
        self.recipient.setWordWrap(True)
        self.address = big_label(12)
        self.address.setWordWrap(True)
        self.tracking = big_label(13, mono=True)
        self.status = big_label(12)
        self.status.setWordWrap(True)  # "back on the shelf after an attempt (nobody home)"
        self.zone = big_label(SHELF_POINTS, bold=True)
        self.zone.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_box = QFrame()
        self.code_box.setStyleSheet("QFrame { background: #fff8e1; border-radius: 8px; }")
        self.code = big_label(40, bold=True, mono=True)
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.held_until = big_label(12)
        self.held_until.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.held_until.setWordWrap(True)
        code_layout = QVBoxLayout(self.code_box)
        code_layout.addWidget(QLabel("Pickup code: tell the recipient"))
        code_layout.addWidget(self.code)
        code_layout.addWidget(self.held_until)
        self.collector = QLineEdit()
        self.collector.setPlaceholderText("Who collects it (name), then Enter")
        self.collector.setMaxLength(80)
        self.id_checked = QCheckBox("ID checked (photo ID matches the name)")
        self.hand_button = QPushButton("Hand over (F2)")
        self.hold_button = QPushButton(HOLD_TEXT[False])
        self.message = big_label(12)
        self.message.setWordWrap(True)
        self._build_layout()
        self.hand_button.clicked.connect(self.request_hand_over)
        self.collector.returnPressed.connect(self.request_hand_over)
        self.hold_button.clicked.connect(self.request_hold)
        self.show_parcel(None, "")

    def _build_layout(self) -> None:
        collector = QHBoxLayout()
        collector.addWidget(QLabel("Collected by:"))
        collector.addWidget(self.collector, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(MARGIN, 0, 0, 0)
        for widget in (self.recipient, self.address, self.tracking, self.status, self.zone):
            layout.addWidget(widget)
        layout.addWidget(self.code_box)
        layout.addLayout(collector)
        layout.addWidget(self.id_checked)
        layout.addWidget(self.hand_button)
        layout.addWidget(self.hold_button)
        layout.addWidget(self.message)
        layout.addStretch(1)

    @property
    def parcel(self) -> CounterParcel | None:
        return self._parcel

    def show_parcel(self, parcel: CounterParcel | None, held_until: str) -> None:
        self._parcel = parcel
        if parcel is None:
            self.recipient.setText("Find a parcel")
            self.address.setText(
                "Search by tracking number, name, address or pickup code, or scan its label."
            )
            for label in (self.tracking, self.status, self.zone):
                label.clear()
        else:
            self.recipient.setText(parcel.recipient or "(no name)")
            self.address.setText(parcel.address)
            self.tracking.setText(parcel.tracking_id)
            attempts = f" · {counted(parcel.attempts, 'attempt')}" if parcel.attempts else ""
            self.status.setText(f"{status_in_words(parcel)}{attempts}")
            on_shelf = parcel.zone and parcel.status in ON_SHELF
            self._show_shelf(f"Shelf {parcel.zone}" if on_shelf else "")
        self.code_box.setVisible(bool(parcel and parcel.pickup_code))
        if parcel and parcel.pickup_code:
            self.code.setText(parcel.pickup_code)
            self.held_until.setText(held_until)
        self.hand_button.setEnabled(parcel is not None and parcel.status in HANDABLE)
        self.collector.setEnabled(self.hand_button.isEnabled())
        self.id_checked.setEnabled(self.hand_button.isEnabled())
        self.id_checked.setChecked(False)
        held = parcel is not None and bool(parcel.pickup_code)
        self.hold_button.setText(HOLD_TEXT[held])
        self.hold_button.setEnabled(parcel is not None and parcel.status is Status.ATTEMPTED)

    def _show_shelf(self, text: str) -> None:
        """The shelf as big as fits the column: "Shelf NW-12" is not cut at its right edge."""
        font = self.zone.font()
        room = WIDTH - MARGIN - 2 * self.zone.margin()
        font.setPointSize(SHELF_POINTS)
        while font.pointSize() > 12 and QFontMetrics(font).horizontalAdvance(text) > room:
            font.setPointSize(font.pointSize() - 2)
        self.zone.setFont(font)
        self.zone.setText(text)

    def say(self, text: str, *, ok: bool) -> None:
        self.message.setStyleSheet(f"color: {GREEN if ok else RED};")
        self.message.setText(text)

    def request_hand_over(self) -> None:
        if self._parcel is not None and self.hand_button.isEnabled():
            self.hand_over.emit(
                self._parcel.tracking_id, self.collector.text(), self.id_checked.isChecked()
            )

    def request_hold(self) -> None:
        """F4: hold the parcel for pickup, or release the hold it has."""
        if self._parcel is not None and self.hold_button.isEnabled():
            held = bool(self._parcel.pickup_code)
            (self.release if held else self.hold).emit(self._parcel.tracking_id)


#: Why a parcel is in its state, where that adds to the words ("on the shelf (not loaded)").
REASON_WORDS = {
    "not loaded": "not loaded",
    "held_for_pickup": "held for pickup",
    "hold_released": "hold released",
    **{code.word: code.short for code in OUTCOME_CODES if code.outcome == "attempted"},
}


def status_in_words(parcel: CounterParcel) -> str:
    """The status as the other screens say it: "on the shelf", "held: outside the delivery
    area", "picked up at the counter" (not "received", "exception", "picked up (counter)")."""
    words = in_words(parcel.status, parcel.status_reason)
    extra = REASON_WORDS.get(parcel.status_reason or "")
    return f"{words} ({extra})" if extra and parcel.status != Status.EXCEPTION else words
