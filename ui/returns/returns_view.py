"""The Returns screen: the parcels set aside for the carrier, by when each must go, the scan
of each one onto the carrier's truck, and the parcels held in the shop that may go back.

Overdue parcels (past their return-by time) are listed in red at the top. Each scan gets its
own colour and sound; a parcel that is not for return is a loud red "NOT FOR RETURN". A held
parcel (damaged, outside the delivery area, not on any manifest, bad address, no location)
is answered "Held" in the words check-in used, and F5 (or the button under the held list)
sets it aside for return. The return manifest (Ctrl+S) lists what was scanned onto the truck
today, then what is still set aside, for the carrier's driver to tick and sign.

Keys: Enter in the scan box returns what was typed; F5 sets aside the held parcel scanned
last (or those picked in the held list); Ctrl+S saves the return manifest PDF.
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
        self._last_held: str | None = None  # the held parcel scanned last: what F5 sets aside
        self.held = RowsModel(
            (
                Column("Tracking number", lambda h: h.tracking_id),
                Column("Held since", lambda h: self._local(h.since, "%a %d %b %H:%M")),
                Column("Shelf", lambda h: h.zone or "–"),
                Column("Why it is held", lambda h: h.words, tip=lambda h: h.words),
            ),
            key=lambda h: h.tracking_id,
            parent=self,
        )
        self.held_table = table_for(self.held, (135, 130, 50))
        self.held_table.setSelectionMode(self.held_table.SelectionMode.ExtendedSelection)
        self.held_title = QLabel()
        self.set_aside_button = QPushButton("Set aside for return (F5)")
        self._set_aside_action = QAction(self)
        self._set_aside_action.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.addAction(self._set_aside_action)
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
        self.set_aside_button.clicked.connect(self.set_aside)
        self._set_aside_action.triggered.connect(self.set_aside)

    def _build_layout(self) -> None:
        for label in (self.returned_label, self.pending_title, self.held_title):
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
        right.addWidget(self.pending_table, 3)
        right.addWidget(self.held_title)
        right.addWidget(self.held_table, 2)
        right.addWidget(self.set_aside_button, 0, Qt.AlignmentFlag.AlignRight)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 2)
        layout.addLayout(right, 3)

    # -- what the main window calls -------------------------------------------------------

    def refresh(self) -> None:
        db, now = self._session.db, self._session.now()
        rows = returns.pending(db, now)
        self.pending.set_rows(sorted(rows, key=lambda p: (not p.overdue, p.since)))
        self.held.set_rows(returns.held(db))
        self._returned_today = len(returns.manifest_rows(db, self._session.today()))
        self._show_counts()

    def take_scan(self, raw: str) -> None:
        try:
            result = returns.return_scan(self._session.db, self._session.actor, raw)
        except StoreError as error:
            self._fail(str(error))
            return
        look = look_of(RETURN_LOOKS, result.outcome)
        big = {
            ReturnOutcome.NOT_PENDING: "Keep it in the shop",
            ReturnOutcome.HELD: "F5: set aside for return",
        }.get(result.outcome, "")
        self._last_held = result.tracking_id if result.outcome is ReturnOutcome.HELD else None
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

    # -- held parcels ----------------------------------------------------------------------

    def set_aside(self) -> None:
        """F5: the held parcel scanned last, else those picked in the held list, are set
        aside for return for the reason they are held."""
        picked = [self.held.record(i.row()).tracking_id
                  for i in self.held_table.selectionModel().selectedRows()]  # fmt: skip
        chosen = [self._last_held] if self._last_held else picked
        if not chosen:
            self._fail("Scan a held parcel, or pick it in the held list, then press F5.")
            return
        db, actor = self._session.db, self._session.actor
        done = []
        for tracking_id in chosen:
            try:
                done.append(returns.set_aside_held(db, actor, tracking_id))
            except StoreError as error:
                self._fail(str(error), tracking_id)
                break
        self._last_held = None
        self.refresh()
        if done:
            last = done[-1]
            self._answer(
                look_of(RETURN_LOOKS, ReturnOutcome.SET_ASIDE),
                outcome=str(ReturnOutcome.SET_ASIDE),
                tracking=last.tracking_id if len(done) == 1 else counted(len(done), "parcel"),
                big="Now scan it onto the truck" if len(done) == 1 else "",
                message=f"Set aside for return ({last.reason}); on the carrier's truck by "
                f"{self._return_by(last)}"
                if len(done) == 1
                else f"{counted(len(done), 'parcel')} set aside for return",
            )

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
        self.held_title.setText(f"Held in the shop: {self.held.rowCount()}")
        self.set_aside_button.setEnabled(self.held.rowCount() > 0)
        self.returned_label.setText(f"Returned to the carrier today: {self._returned_today}")

    def _local(self, stamp: str, pattern: str) -> str:
        return f"{parse_iso_z(stamp).astimezone(self._session.settings.tz):{pattern}}"

    def _return_by(self, parcel: PendingReturn) -> str:
        return self._local(parcel.deadline, "%a %d %b %H:%M")

    def _set_aside(self, parcel: PendingReturn) -> str:
        return f"Set aside {self._local(parcel.since, '%a %d %b %H:%M')}"
