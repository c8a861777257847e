"""Which parcel is in the clerk's hand? Asked when a scan matches two parcels only by carrier
rules (the tail of a long FedEx code, an IMpb prefix): the store never guesses.

The dialog lists each possible parcel with its recipient and address; the clerk picks the one
whose label matches (arrows and Enter, or a click) or answers "Neither". `chosen(tracking_id)`
carries the pick back to the screen, which records the scan for that parcel.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

#: (tracking id) -> one line about the parcel: recipient and address.
Describe = Callable[[str], str]


class ScanChoiceDialog(QDialog):
    """Pick one of the parcels an ambiguous scan could be; `chosen(tracking_id)` on OK."""

    chosen = Signal(str)

    def __init__(
        self,
        code: str,
        choices: Sequence[str],
        describe: Describe,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Which parcel is it?")
        question = QLabel(
            f"The scan <b>{code}</b> could be more than one parcel. Pick the one whose label "
            "shows its tracking number, or answer Neither and type the number from the label."
        )
        question.setTextFormat(Qt.TextFormat.RichText)
        question.setWordWrap(True)
        self.list = QListWidget()
        for tracking_id in choices:
            item = QListWidgetItem(f"{tracking_id}  ·  {describe(tracking_id)}")
            item.setData(Qt.ItemDataRole.UserRole, tracking_id)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox()
        self.pick_button = buttons.addButton(
            "Check in this one", QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton("Neither", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(560, 260)

    def accept(self) -> None:
        item = self.list.currentItem()
        super().accept()
        if item is not None:
            self.chosen.emit(item.data(Qt.ItemDataRole.UserRole))
