"""The Returns screen: the parcels set aside for the carrier, by when each must go, and the
scan of each one onto the carrier's truck.

Overdue parcels (past their return-by time) are listed in red at the top. Each scan gets its
own colour and sound; a parcel that is not for return is a loud red "NOT FOR RETURN". The
return manifest (Ctrl+S) lists what was scanned onto the truck today, then what is still set
aside, for the carrier's driver to tick and sign.

Keys: Enter in the scan box returns what was typed; Ctrl+S saves the return manifest PDF.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from labels.files import not_saved
from labels.words import counted
from store import day_documents, returns
from store.errors import StoreError
from store.returns import PendingReturn, ReturnOutcome
from store.timeutil import parse_iso_z
from ui.common.day_looks import RETURN_LOOKS, look_of
from ui.common.rows_model import Column, RowsModel, table_for
from ui.common.scan_screen import ScanScreen
from ui.common.session import Session
from ui.common.sounds import SoundPlayer

READY = "When the carrier's truck is here, scan each parcel as it goes onto the truck."
OVERDUE = "#b3261e"


class ReturnsView(ScanScreen):
    def __init__(self, session: Session, sounds: SoundPlayer, parent: QWidget | None = None):
        super().__init__(session, sounds, READY, parent=parent)
        self._returned_today = 0
        self.returned_label = QLabel()
        self.save_button = QPushButton("Save the return manifest… (Ctrl+S)")
        self.saved = QLabel()
        self.saved.setWordWrap(True)
        self.pending_title = QLabel()
        self.pending = RowsModel(
            (
                Column("Tracking number", lambda p: p.tracking_id),
                Column("Return by", self._return_by, tip=self._set_aside),
                Column("Late", lambda p: "OVERDUE" if p.overdue else ""),
                Column("Tries", lambda p: p.attempts, right=True),
                Column("Shelf", lambda p: p.zone or "–"),
                Column("Why", lambda p: p.reason or "", tip=lambda p: p.reason or ""),
            ),
            key=lambda p: p.tracking_id,
            tint=lambda p: OVERDUE if p.overdue else None,
            parent=self,
        )
        self.pending_table = table_for(self.pending, (135, 130, 75, 40, 50))
        self._save_action = QAction(self)
        self._save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.addAction(self._save_action)
        self._build_layout()
        self.save_button.clicked.connect(self.save_manifest)
        self._save_action.triggered.connect(self.save_manifest)

    def _build_layout(self) -> None:
        for label in (self.returned_label, self.pending_title):
            font = label.font()
            font.setPointSize(13)
            font.setBold(True)
            label.setFont(font)
        left = QVBoxLayout()
        left.addWidget(self.scan_box)
        left.addWidget(self.band, 1)
        left.addWidget(self.returned_label)
        left.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignLeft)
        left.addWidget(self.saved)
        right = QVBoxLayout()
        right.addWidget(self.pending_title)
        right.addWidget(self.pending_table, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 2)
        layout.addLayout(right, 3)

    # -- what the main window calls -------------------------------------------------------

    def refresh(self) -> None:
        db, now = self._session.db, self._session.now()
        rows = returns.pending(db, now)
        self.pending.set_rows(sorted(rows, key=lambda p: (not p.overdue, p.since)))
        self._returned_today = len(returns.manifest_rows(db, self._session.today()))
        self._show_counts()

    def take_scan(self, raw: str) -> None:
        try:
            result = returns.return_scan(self._session.db, self._session.actor, raw)
        except StoreError as error:
            self._fail(str(error))
            return
        look = look_of(RETURN_LOOKS, result.outcome)
        big = "Keep it in the shop" if result.outcome is ReturnOutcome.NOT_PENDING else ""
        self._answer(
            look,
            outcome=str(result.outcome),
            tracking=result.tracking_id or "",
            big=big,
            message=result.message,
        )
        if result.outcome is ReturnOutcome.RETURNED and result.tracking_id:
            self.pending.remove(result.tracking_id)
            self._returned_today += 1
            self._show_counts()

    # -- the manifest ----------------------------------------------------------------------

    def save_manifest(self) -> None:
        if not self._returned_today and not self.pending.rowCount():
            self.saved.setText("Nothing goes back to the carrier today: no manifest to save.")
            return
        day = self._session.today()
        suggested = Path.home() / f"return-manifest-{day.isoformat()}.pdf"
        name, _ = QFileDialog.getSaveFileName(
            self, "Save the return manifest", str(suggested), "PDF (*.pdf)"
        )
        if not name:
            return
        try:
            count = day_documents.save_return_manifest(self._session.db, day, Path(name))
        except OSError as error:
            self.saved.setText(not_saved(Path(name), error))
            return
        except StoreError as error:
            self.saved.setText(f"The manifest was not saved: {error}")
            return
        self.saved.setText(f"Return manifest saved ({counted(count, 'parcel')}): {name}")

    # -- inside ---------------------------------------------------------------------------

    def _show_counts(self) -> None:
        overdue = sum(1 for p in self.pending.records if p.overdue)
        late = f", {overdue} overdue" if overdue else ""
        self.pending_title.setText(f"Set aside for return: {self.pending.rowCount()}{late}")
        self.returned_label.setText(f"Returned to the carrier today: {self._returned_today}")

    def _local(self, stamp: str, pattern: str) -> str:
        return f"{parse_iso_z(stamp).astimezone(self._session.settings.tz):{pattern}}"

    def _return_by(self, parcel: PendingReturn) -> str:
        return self._local(parcel.deadline, "%a %d %b %H:%M")

    def _set_aside(self, parcel: PendingReturn) -> str:
        return f"Set aside {self._local(parcel.since, '%a %d %b %H:%M')}"
