"""The check-in screen: scan a parcel, see (and hear) at once where it goes or what is wrong.

The scan path is kept lean (it runs at scanner speed): one committed `check_in`, the answer
panel, one sound, one row into the history, one row out of the missing list and the one cheap
count query. Nothing is reloaded wholesale while scanning.

Keys: Enter in the scan box checks in what was typed; F8 marks the last scanned parcel damaged;
Ctrl+Z undoes the last check-in (a new event, never a delete); F3 opens the address form of a
held parcel (unexpected, or without location).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QKeyCombination, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from store import checkin, parcels
from store.checkin import Outcome, ScanResult
from store.errors import StoreError
from store.scancodes import normalise
from store.statuses import in_words
from ui.checkin import discrepancy_report
from ui.checkin.checkin_models import ScanEntry, ScanHistoryModel
from ui.checkin.day_column import DayColumn
from ui.checkin.discrepancy_report import ReportFormat
from ui.checkin.unexpected_form import UnexpectedForm
from ui.common.answer_panel import AnswerPanel
from ui.common.lagging_table import LaggingTable
from ui.common.outcomes import look
from ui.common.scan_box import ScanBox
from ui.common.scan_choice import ScanChoiceDialog
from ui.common.session import Session
from ui.common.sounds import SoundPlayer

if TYPE_CHECKING:  # the map and the geocoder load when a pin is first put
    from store.location_fix import FixResult

#: Scans that recorded a check-in of the parcel: what "Undo" takes back.
_CHECKED_IN = (Outcome.RECEIVED, Outcome.OUT_OF_ZONE, Outcome.NEEDS_LOCATION, Outcome.UNEXPECTED)
#: Held parcels whose address the clerk can give at the counter.
_NEEDS_ADDRESS = (Outcome.UNEXPECTED, Outcome.NEEDS_LOCATION)


class CheckinView(QWidget):
    """Check parcels in; `checked_in(result)` after every recorded answer."""

    checked_in = Signal(object)
    status_message = Signal(str)

    def __init__(
        self,
        session: Session,
        sounds: SoundPlayer,
        reports: Sequence[ReportFormat] = (discrepancy_report.CSV,),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._sounds = sounds
        self._last: ScanResult | None = None  # the parcel F8 and F3 act on
        self._undoable: ScanResult | None = None  # the check-in (or damaged mark) Ctrl+Z takes back
        self._under_damage: ScanResult | None = None  # the check-in a damaged mark covers
        self.scan_box = ScanBox("Scan a parcel, or type its tracking number and Enter")
        self.panel = AnswerPanel()
        self.form = UnexpectedForm(self._save_address, self)
        self.form.hide()
        self.history = ScanHistoryModel(parent=self)
        self.day = DayColumn(session, reports)
        self.missing = self.day.missing  # the screen's parts, named for tests and benchmarks
        self.progress = self.day.progress
        self.report_button = self.day.report_button
        self.undo_button = QPushButton()
        self.damaged_button = QPushButton()
        self.address_button = QPushButton("Add address… (F3)")
        self.pin_button = QPushButton("Put a pin on the map… (F4)")
        self.pin_dialog: QWidget | None = None
        self._actions = self._make_actions()
        self._build_layout()
        self._connect_signals()
        self._update_buttons()
        self.refresh()

    def _make_actions(self) -> dict[str, QAction]:
        actions = {}
        for name, key in (
            ("undo", QKeySequence(QKeySequence.StandardKey.Undo)),
            ("damaged", QKeySequence(QKeyCombination(Qt.Key.Key_F8))),
            ("address", QKeySequence(QKeyCombination(Qt.Key.Key_F3))),
            ("pin", QKeySequence(QKeyCombination(Qt.Key.Key_F4))),
        ):
            action = QAction(self)
            action.setShortcut(key)
            self.addAction(action)
            actions[name] = action
        return actions

    def _build_layout(self) -> None:
        # Both lists repaint just after the answer (see LaggingTable).
        self.history_table = LaggingTable(self.history)
        for column, width in enumerate((80, 170, 190)):
            self.history_table.horizontalHeader().resizeSection(column, width)
        self.address_row = QWidget(self)  # the panel's inline button for a held parcel
        address_layout = QHBoxLayout(self.address_row)
        address_layout.setContentsMargins(0, 0, 0, 0)
        address_layout.addWidget(self.address_button)
        address_layout.addWidget(self.pin_button)
        address_layout.addStretch(1)
        self.address_row.hide()
        corrections = QHBoxLayout()
        corrections.addStretch(1)
        corrections.addWidget(self.damaged_button)
        corrections.addWidget(self.undo_button)
        left = QVBoxLayout()
        left.addWidget(self.scan_box)
        left.addWidget(self.panel, 3)
        left.addLayout(corrections)
        left.addWidget(QLabel("This session's scans"))
        left.addWidget(self.history_table, 2)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addWidget(self.day)

    def _connect_signals(self) -> None:
        # What the clerk types or scans into the box.
        self.scan_box.returnPressed.connect(self._on_scan_box)
        # The one-key corrections, as buttons and as keys.
        self.undo_button.clicked.connect(self.undo_last)
        self._actions["undo"].triggered.connect(self.undo_last)
        self.damaged_button.clicked.connect(self.mark_damaged)
        self._actions["damaged"].triggered.connect(self.mark_damaged)
        self.address_button.clicked.connect(self.open_address_form)
        self._actions["address"].triggered.connect(self.open_address_form)
        self.pin_button.clicked.connect(self.open_pin)
        self._actions["pin"].triggered.connect(self.open_pin)
        # The inline address form of a held parcel.
        self.form.saved.connect(self._on_address_saved)
        self.form.closed.connect(self._close_form)
        # The day column's report.
        self.day.status_message.connect(self.status_message)
        self.day.failed.connect(self._fail)

    # -- what the main window calls -------------------------------------------------------

    def refresh(self) -> None:
        """Reload the counts and the missing list (after an import, or a new day)."""
        self.day.reload()

    def take_scan(self, raw: str, choose: str | None = None) -> None:
        """Check in one scan (from the scanner or the box) and show the answer; `choose` is
        the clerk's pick after an ambiguous answer."""
        try:
            result = checkin.check_in(self._session.db, self._session.actor, raw, choose=choose)
        except StoreError as error:
            self._fail(str(error))
            return
        self._last = result if result.tracking_id else None
        if result.outcome in _CHECKED_IN:
            self._undoable = result
        held = self._held_to_fix(result)
        if held is not None:  # F3 and F4 act on it as on its first scan
            self._last = replace(result, outcome=held)
        self._show(result, fix=held)
        if result.outcome is Outcome.AMBIGUOUS:
            self._ask_which(raw, result.choices)

    def _ask_which(self, raw: str, choices: tuple[str, ...]) -> None:
        """Two parcels could be this scan: the clerk says which (the store never guesses)."""
        code = normalise(raw).exact or raw
        self.choice = ScanChoiceDialog(code, choices, self._describe, self)
        self.choice.chosen.connect(lambda tracking_id: self.take_scan(raw, tracking_id))
        self.choice.finished.connect(self._back_to_scanning)
        self.choice.open()

    def _back_to_scanning(self) -> None:
        """After the question the keyboard is the scan box's again (the next parcel)."""
        self.activateWindow()
        self.focus_scan_box()

    def _describe(self, tracking_id: str) -> str:
        parcel = parcels.get(self._session.db, tracking_id)
        return ", ".join(p for p in (parcel["recipient_name"], parcel["address_line1"]) if p)

    def focus_scan_box(self) -> None:
        self.scan_box.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- the clerk's corrections --------------------------------------------------------

    def mark_damaged(self) -> None:
        if self._last is None:
            self._fail("Scan the damaged parcel first, then press F8.")
            return
        self._close_form()
        try:
            result = checkin.mark_damaged(
                self._session.db, self._session.actor, self._last.tracking_id or ""
            )
        except StoreError as error:
            self._fail(str(error), self._last.tracking_id)
            return
        same = self._undoable and self._undoable.tracking_id == result.tracking_id
        self._under_damage = self._undoable if same else None
        self._undoable = result
        self._show(result)

    def undo_last(self) -> None:
        if self._undoable is None:
            self._fail("Nothing to undo: no parcel was checked in since the last undo.")
            return
        self._close_form()
        tracking_id = self._undoable.tracking_id or ""
        damaged = self._undoable.outcome is Outcome.DAMAGED
        undo = checkin.undo_damaged if damaged else checkin.undo_scan
        try:
            result = undo(self._session.db, self._session.actor, tracking_id)
        except StoreError as error:
            self._fail(str(error), tracking_id)
            return
        if damaged:  # only the mark: the check-in stands (a second Ctrl+Z takes it back)
            self._undoable, self._under_damage = self._under_damage, None
            self._last = self._undoable
        else:
            self._undoable = None
            self._last = None
        self._show(result)

    def open_address_form(self) -> None:
        if self._last is None or self._last.outcome not in _NEEDS_ADDRESS:
            self._fail("F3 gives an address to a held parcel: scan it first.")
            return
        tracking_id = self._last.tracking_id or ""
        known = parcels.get(self._session.db, tracking_id)
        self.panel.set_extra(self.form)
        self.form.open_for(tracking_id, known, unexpected=self._last.outcome is Outcome.UNEXPECTED)

    def open_pin(self) -> None:
        """Fix a held parcel's location on the map (the answer to `needs_location`)."""
        if self._last is None or self._last.outcome is not Outcome.NEEDS_LOCATION:
            self._fail("F4 puts a pin for a parcel held for its location: scan it first.")
            return
        from ui.locating.fix_location import open_fix_dialog

        tracking_id = self._last.tracking_id or ""
        self.pin_dialog = open_fix_dialog(
            self._session.db, self._session.actor, tracking_id, self, self._on_pinned
        )

    def _on_pinned(self, result: FixResult) -> None:
        from ui.locating.fix_location import result_words

        tracking_id = self._last.tracking_id if self._last else None
        parcel = parcels.get(self._session.db, tracking_id or "")
        self._close_form()
        self.panel.set_extra(None)  # F3 and F4 were for the parcel held for its location
        who = f"{parcel['recipient_name']}, {parcel['address_line1']}, {parcel['city']}"
        if parcel["status"] == "received":
            self.panel.show_shelf(
                parcel["tracking_id"], parcel["zone"], "Location fixed: on the shelf", who
            )
            self._sounds.play(look(Outcome.RECEIVED).sound)
        else:
            reason = (parcel["status_reason"] or parcel["hold"] or "").replace("_", " ")
            self.panel.show_error(f"Location saved, still held: {reason}", parcel["tracking_id"])
        self._revise_history(parcel, "location fixed")
        self._last = None
        self._refresh_counts()
        self._update_buttons()
        self.status_message.emit(result_words(result))

    # -- inside ---------------------------------------------------------------------------

    def _on_scan_box(self) -> None:
        text = self.scan_box.take_text()
        if text:
            self.take_scan(text)

    def _save_address(self, tracking_id: str, fields: dict[str, str]) -> dict:
        return parcels.set_address(self._session.db, self._session.actor, tracking_id, fields)

    def _on_address_saved(self, parcel: dict) -> None:
        self._close_form()
        who = f"{parcel['recipient_name']}, {parcel['address_line1']}, {parcel['city']}"
        if parcel["status"] == "received":
            self.panel.show_shelf(
                parcel["tracking_id"], parcel["zone"], "Address added: on the shelf", who
            )
            self._sounds.play(look(Outcome.RECEIVED).sound)
        else:
            reason = (parcel["status_reason"] or "").replace("_", " ")
            self.panel.show_error(f"Address saved, still held: {reason}", parcel["tracking_id"])
            if parcel["status_reason"] == "needs_location":  # the pin is the way on from here
                self._last = ScanResult(Outcome.NEEDS_LOCATION, parcel["tracking_id"], reason)
                self.panel.set_extra(self.address_row)
                self.pin_button.setVisible(True)
                self._revise_history(parcel, "address added")
                self._refresh_counts()
                self._update_buttons()
                return
        self._revise_history(parcel, "address added")
        self._last = None
        self._refresh_counts()
        self._update_buttons()

    def _revise_history(self, parcel: dict, what: str) -> None:
        """The session list's line of the parcel says what it is now."""
        tracking_id, reason = parcel["tracking_id"], parcel["status_reason"]
        if parcel["status"] == "received":
            self.history.revise(tracking_id, Outcome.RECEIVED, f"{what} · shelf {parcel['zone']}")
            return
        outcome = Outcome(reason) if reason in set(Outcome) else Outcome.UNEXPECTED
        held = in_words(parcel["status"], reason)
        self.history.revise(tracking_id, outcome, f"{what}, still {held}")

    def _close_form(self) -> None:
        if self.form.isVisible():
            self.panel.set_extra(None)
            self.form.hide()
            self.focus_scan_box()

    @property
    def lists_pending(self) -> bool:
        """True while the history and missing list wait to repaint."""
        return self.history_table.pending or self.day.missing_table.pending

    def _held_to_fix(self, result: ScanResult) -> Outcome | None:
        """A parcel scanned again while held for its address or location (the clerk took it
        from the held pile to fix it): what it is held for, else None."""
        if result.outcome is not Outcome.DUPLICATE or not result.tracking_id:
            return None
        parcel = parcels.get(self._session.db, result.tracking_id)
        reason = parcel["status_reason"]
        if parcel["status"] == "exception" and reason in {str(o) for o in _NEEDS_ADDRESS}:
            return Outcome(reason)
        return None

    def _show(self, result: ScanResult, *, fix: Outcome | None = None) -> None:
        self.history_table.hold()
        self.day.missing_table.hold()
        self.form.hide()
        self.panel.show_result(result)
        needs = fix or result.outcome
        self.panel.set_extra(self.address_row if needs in _NEEDS_ADDRESS else None)
        self.pin_button.setVisible(needs is Outcome.NEEDS_LOCATION)
        self._sounds.play(look(result.outcome).sound)
        detail = f"shelf {result.zone}" if result.outcome is Outcome.RECEIVED else result.message
        code = result.tracking_id or result.code or "(unreadable)"
        at = self._session.now().astimezone(self._session.settings.tz).strftime("%H:%M:%S")
        self.history.add(ScanEntry(at, code, result.outcome, detail))
        if result.tracking_id:
            if result.outcome is Outcome.UNDONE:
                self._put_back(result.tracking_id)
            else:
                self.missing.remove(result.tracking_id)
        self._refresh_counts()
        self._update_buttons()
        self.checked_in.emit(result)

    def _put_back(self, tracking_id: str) -> None:
        parcel = parcels.get(self._session.db, tracking_id)
        # An undone damaged mark stays checked in; a voided misread is no parcel.
        expected = parcel["status"] == "expected"
        if expected and parcel["expected_date"] == self._session.today().isoformat():
            self.missing.put_back(parcel)

    def _fail(self, text: str, tracking_id: str | None = None) -> None:
        self.panel.show_error(text, tracking_id)
        self._sounds.play("error")

    def _refresh_counts(self) -> None:
        self.day.show_counts()

    def _update_buttons(self) -> None:
        last = self._last.tracking_id if self._last else None
        self.damaged_button.setText(f"Damaged: {last} (F8)" if last else "Damaged (F8)")
        self.damaged_button.setEnabled(last is not None)
        undo = self._undoable.tracking_id if self._undoable else None
        what = (
            "damaged mark of "
            if self._undoable and self._undoable.outcome is Outcome.DAMAGED
            else ""
        )
        self.undo_button.setText(
            f"Undo {what}{undo} (Ctrl+Z)" if undo else "Undo last scan (Ctrl+Z)"
        )
        self.undo_button.setEnabled(undo is not None)
