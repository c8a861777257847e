"""Dispatch with parcels missing from the car: the list, and the clerk's confirmation.

"Keep loading" is the default button (Enter does not send a car out short); "Dispatch without
them" sends the run out and the listed parcels go back on the shelf, for another run.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from labels.words import counted
from store.dispatch import MissingParcel
from ui.common import location_mark
from ui.common.rows_model import Column, RowsModel, table_for


def _address(parcel: MissingParcel) -> str:
    """The address, then the stop's "≈ street only" when it is not located exactly (the
    amber badge before it shows even when the column is too narrow for the words)."""
    mark = location_mark.short_words(parcel.precision, parcel.location_note)
    return f"{parcel.address} · {mark}" if mark else parcel.address


MISSING_COLUMNS = (
    Column("Stop", lambda p: p.stop_sequence, right=True),
    Column("Tracking number", lambda p: p.tracking_id),
    Column("Shelf", lambda p: p.zone or "–"),
    Column("Recipient", lambda p: p.recipient),
    Column(
        "Address",
        _address,
        tip=lambda p: location_mark.tooltip(p.location_note) or p.address,
        icon=lambda p: location_mark.approximate_icon() if p.location_note else None,
    ),
)


class MissingLoadDialog(QDialog):
    def __init__(
        self, run_label: str, missing: Sequence[MissingParcel], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        count = len(missing)
        self.setWindowTitle(f"Dispatch {run_label} without {counted(count, 'parcel')}?")
        one = count == 1
        self.intro = QLabel(
            f"<b>{counted(count, 'parcel')} of {run_label} {'is' if one else 'are'} not "
            f"in the car.</b><br>If you dispatch now, {'it stays' if one else 'they stay'} in "
            f"the shop and {'goes' if one else 'go'} back on the shelf for another run."
        )
        self.intro.setWordWrap(True)
        self.model = MissingModel(missing, self)
        self.table = table_for(self.model, (50, 170, 60, 160))
        buttons = QDialogButtonBox()
        self.keep_button = QPushButton("Keep loading")
        self.dispatch_button = QPushButton(f"Dispatch without {counted(count, 'parcel')}")
        buttons.addButton(self.keep_button, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.addButton(self.dispatch_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.keep_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(720, 420)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)


class MissingModel(RowsModel):
    def __init__(self, missing: Sequence[MissingParcel], parent: QWidget | None = None) -> None:
        super().__init__(MISSING_COLUMNS, key=lambda p: p.tracking_id, parent=parent)
        self.set_rows(missing)
