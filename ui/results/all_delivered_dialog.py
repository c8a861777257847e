"""All delivered except…: a quick day in one go. Every parcel of the run still out is recorded
delivered, except the ones the clerk marks (by scanning the parcel that came back, or picking
it in the list) with the reason it was not delivered.

Keys in the list: a reason letter of the Results screen marks the parcel (A, H, R, U, C, X,
B); D makes it delivered again. A parcel that needs a signature (✍) is delivered only with
the name of who signed: pick it, press T, type the name and Enter. Record waits until every
such parcel has a name or a reason. The dialog gets the function that records (services
passed in) and emits `recorded(list)` once it has.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from labels.words import counted
from store import codes
from store.codes import AttemptReason, Delivered
from store.errors import StoreError
from store.results import Recorded
from ui.common.rows_model import Column, RowsModel, table_for
from ui.results.result_keys import CAPTIONS, KEYS, KeyTable

#: record(reasons, how, signed): the parcels not delivered with their reasons, how the others
#: were delivered, and who signed for each parcel that needs a signature.
Record = Callable[[dict[str, str], str, dict[str, str]], list[Recorded]]
SIGN = "✍"
REASON_LETTERS = "".join(letter for letter, key in KEYS.items() if key.outcome == "attempted")


class AllDeliveredDialog(QDialog):
    recorded = Signal(list)

    def __init__(
        self,
        run_label: str,
        out: Sequence[tuple[int, dict[str, Any]]],
        record: Record,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{run_label}: all delivered except…")
        self._record = record
        self.reasons: dict[str, str] = {}  # tracking id -> reason of the parcels not delivered
        self.signed: dict[str, str] = {}  # tracking id -> who signed (signature parcels)
        self._needs_signature = {p["tracking_id"] for _, p in out if p["signature_required"]}
        columns = (
            Column("Stop", lambda item: item[0], right=True),
            Column(
                "Tracking number",
                lambda item: (
                    f"{item[1]['tracking_id']} {SIGN}"
                    if item[1]["tracking_id"] in self._needs_signature
                    else item[1]["tracking_id"]
                ),
            ),
            Column("Recipient", lambda item: item[1]["recipient_name"]),
            Column("Result", self._result_of),
        )
        self.model = RowsModel(
            columns, key=lambda item: item[1]["tracking_id"], tint=self._tint_of, parent=self
        )
        self.model.set_rows(out)
        self.table = KeyTable(REASON_LETTERS + "D")
        table_for(self.model, (50, 160, 170), focus=True, table=self.table)
        self.scan_box = QLineEdit()
        self.scan_box.setPlaceholderText("Scan a parcel that came back, or type it and Enter")
        self.signer = QLineEdit()
        self.signer.setPlaceholderText("Pick a ✍ parcel, press T, type who signed, Enter")
        self.signer.setMaxLength(80)
        self.reason = QComboBox()
        for letter in REASON_LETTERS:
            self.reason.addItem(f"{letter}  {KEYS[letter].caption}", KEYS[letter].word)
        self.reason.setCurrentIndex(self.reason.findData(AttemptReason.RECIPIENT_UNAVAILABLE))
        self.how = QComboBox()
        for how in Delivered:
            self.how.addItem(CAPTIONS[how], str(how))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.mark_button = QPushButton("Not delivered (the reason above)")
        self.unmark_button = QPushButton("Delivered after all (D)")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self._build_layout(run_label, len(out))
        self._connect_signals()
        self._show_counts()

    def _build_layout(self, run_label: str, count: int) -> None:
        intro = QLabel(
            f"The {counted(count, 'parcel')} of {run_label} still out are recorded "
            "<b>delivered</b>, "
            "except those you mark here as not delivered. Scan each parcel that came back, or "
            "pick it in the list and press its reason letter."
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Not delivered because:", self.reason)
        form.addRow("The others were delivered:", self.how)
        if self._needs_signature:
            form.addRow(f"{SIGN} Signed by:", self.signer)
        row = QDialogButtonBox()
        row.addButton(self.mark_button, QDialogButtonBox.ButtonRole.ActionRole)
        row.addButton(self.unmark_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.scan_box)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(row)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(720, 600)

    def _connect_signals(self) -> None:
        self.scan_box.returnPressed.connect(self._on_scan_box)
        self.table.result_key.connect(self._on_letter)
        self.table.name_key.connect(self._ask_signer)
        self.signer.returnPressed.connect(self._on_signer)
        self.mark_button.clicked.connect(lambda: self._mark_current(self.reason.currentData()))
        self.unmark_button.clicked.connect(lambda: self._mark_current(None))
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)

    def take_scan(self, raw: str) -> None:
        """A parcel that came back: marked not delivered with the reason chosen above."""
        parsed = codes.parse(raw)
        row = next((self.model.find(c) for c in parsed.candidates if self.model.find(c) >= 0), -1)
        if row < 0:
            self.message.setText(f"{parsed.text or raw.strip()} is not out on this run.")
            return
        self.table.setCurrentIndex(self.model.index(row, 0))
        self._mark_current(self.reason.currentData())

    def _on_scan_box(self) -> None:
        text = self.scan_box.text()
        self.scan_box.clear()
        if text.strip():
            self.take_scan(text)

    def _on_letter(self, letter: str) -> None:
        self._mark_current(None if letter == "D" else KEYS[letter].word)

    def _mark_current(self, reason: str | None) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            self.message.setText("Pick a parcel in the list first (or scan it).")
            return
        tracking_id = self.model.record(index.row())[1]["tracking_id"]
        if reason is None:
            self.reasons.pop(tracking_id, None)
        else:
            self.reasons[tracking_id] = reason
        self.model.refresh_row(index.row())
        self.message.setText("")
        self._show_counts()

    def _ask_signer(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            self.message.setText("Pick a parcel in the list first (or scan it).")
            return
        tracking_id = self.model.record(index.row())[1]["tracking_id"]
        if tracking_id not in self._needs_signature:
            self.message.setText(f"{tracking_id} needs no signature.")
            return
        self.signer.setText(self.signed.get(tracking_id, ""))
        self.signer.setFocus()

    def _on_signer(self) -> None:
        index = self.table.currentIndex()
        name = " ".join(self.signer.text().split())
        if index.isValid() and name:
            tracking_id = self.model.record(index.row())[1]["tracking_id"]
            if tracking_id in self._needs_signature:
                self.signed[tracking_id] = name
                self.reasons.pop(tracking_id, None)
                self.model.refresh_row(index.row())
        self.signer.clear()
        self.table.setFocus()
        self._show_counts()

    @property
    def unsigned(self) -> list[str]:
        """Signature parcels still counted delivered but without who signed."""
        return sorted(self._needs_signature - set(self.reasons) - set(self.signed))

    def _show_counts(self) -> None:
        attempted = len(self.reasons)
        delivered = self.model.rowCount() - attempted
        self.ok_button.setText(f"&Record: {delivered} delivered, {attempted} not delivered")
        unsigned = self.unsigned
        self.ok_button.setEnabled(not unsigned)
        if unsigned:
            self.message.setText(
                f"{SIGN} {counted(len(unsigned), 'parcel')} "
                f"{'needs' if len(unsigned) == 1 else 'need'} a signature: pick each, press "
                "T and type who signed, or mark it not delivered."
            )

    def _save(self) -> None:
        try:
            done = self._record(dict(self.reasons), self.how.currentData(), dict(self.signed))
        except StoreError as error:
            self.message.setText(str(error))
            return
        self.recorded.emit(done)
        self.accept()

    def _result_of(self, item: tuple[int, dict[str, Any]]) -> str:
        tracking_id = item[1]["tracking_id"]
        reason = self.reasons.get(tracking_id)
        if reason:
            return CAPTIONS[reason]
        if tracking_id in self.signed:
            return f"delivered, signed by {self.signed[tracking_id]}"
        if tracking_id in self._needs_signature:
            return f"{SIGN} who signed? (T)"
        return "delivered"

    def _tint_of(self, item: tuple[int, dict[str, Any]]) -> str | None:
        tracking_id = item[1]["tracking_id"]
        if tracking_id in self.reasons:
            return "#8a5a00"
        if tracking_id in self._needs_signature and tracking_id not in self.signed:
            return "#5b2a86"
        return None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter after a scan is not "Record": only the button (or Alt+R) records.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return
        super().keyPressEvent(event)
