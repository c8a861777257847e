"""The Pickup screen: a recipient at the counter collects their parcel, or a parcel back from a
failed attempt is held for them with a pickup code.

Search by tracking number, name, address or pickup code (Enter), or scan the parcel's label.
Write who collects it and press Enter (or F2) to hand it over. F4 holds an attempted parcel
for pickup and shows its code big, with the day the hold ends; on a held parcel F4 releases
the hold, and the parcel goes into the next plan. Below, the holds nobody collected in time,
to set aside for return to the carrier.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from labels.words import counted
from store import pickup
from store.errors import NotFound, StoreError
from store.pickup import CounterParcel
from store.statuses import in_words
from store.timeutil import parse_iso_z
from ui.common.rows_model import Column, RowsModel, table_for
from ui.common.session import Session
from ui.pickup.pickup_detail import PickupDetail

FOUND_COLUMNS = (
    Column("Tracking number", lambda p: p.tracking_id),
    Column("Recipient", lambda p: p.recipient),
    Column("Address", lambda p: p.address),
    Column("Status", lambda p: in_words(p.status, p.status_reason)),
    Column("Shelf", lambda p: p.zone or "–"),
    Column("Code", lambda p: p.pickup_code or ""),
)


class PickupView(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.search = QLineEdit()
        self.search.setPlaceholderText("Tracking number, name, address or pickup code, then Enter")
        font = self.search.font()
        font.setPointSize(14)
        self.search.setFont(font)
        self.find_button = QPushButton("Find")
        self.found = RowsModel(FOUND_COLUMNS, key=lambda p: p.tracking_id, parent=self)
        self.found_table = table_for(self.found, (135, 120, 150, 165, 50), focus=True)
        self.found_note = QLabel()
        self.overdue = RowsModel(
            (
                Column("Tracking number", lambda p: p.tracking_id),
                Column("Recipient", lambda p: p.recipient),
                Column("Held since", self._held_since),
                Column("Code", lambda p: p.pickup_code),
            ),
            key=lambda p: p.tracking_id,
            parent=self,
        )
        self.overdue_table = table_for(self.overdue, (150, 160, 110))
        self.overdue_table.setSelectionMode(self.overdue_table.SelectionMode.MultiSelection)
        self.overdue_title = QLabel()
        self.set_aside_button = QPushButton()
        self.detail = PickupDetail()
        self._actions = self._make_actions()
        self._build_layout()
        self._connect_signals()

    def _make_actions(self) -> dict[str, QAction]:
        actions = {}
        for name, key in (("hand_over", Qt.Key.Key_F2), ("hold", Qt.Key.Key_F4)):
            action = QAction(self)
            action.setShortcut(QKeySequence(key))
            self.addAction(action)
            actions[name] = action
        return actions

    def _build_layout(self) -> None:
        search = QHBoxLayout()
        search.addWidget(self.search, 1)
        search.addWidget(self.find_button)
        aside = QHBoxLayout()
        aside.addWidget(self.overdue_title, 1)
        aside.addWidget(self.set_aside_button)
        left = QVBoxLayout()
        left.addLayout(search)
        left.addWidget(self.found_note)
        left.addWidget(self.found_table, 3)
        left.addLayout(aside)
        left.addWidget(self.overdue_table, 2)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addWidget(self.detail)

    def _connect_signals(self) -> None:
        # Finding the parcel.
        self.search.returnPressed.connect(self.find_parcels)
        self.find_button.clicked.connect(self.find_parcels)
        self.found_table.selectionModel().currentRowChanged.connect(self._on_found_row)
        # Handing over and holding.
        self.detail.hand_over.connect(self.hand_over)
        self.detail.hold.connect(self.hold)
        self.detail.release.connect(self.release)
        self._actions["hand_over"].triggered.connect(self.detail.request_hand_over)
        self._actions["hold"].triggered.connect(self.detail.request_hold)
        # Holds that ran out.
        self.overdue_table.selectionModel().selectionChanged.connect(self._show_set_aside)
        self.set_aside_button.clicked.connect(self.set_aside)

    # -- what the main window calls -------------------------------------------------------

    def refresh(self) -> None:
        days = self._session.settings.pickup_hold_days
        self.overdue.set_rows(pickup.overdue_holds(self._session.db, self._session.now()))
        self.overdue_title.setText(
            f"<b>Holds not collected within {days} days: {self.overdue.rowCount()}</b>"
        )
        self._show_set_aside()

    def take_scan(self, raw: str) -> None:
        """A parcel's label (or a pickup code) scanned at the counter: show it, ready to hand
        over."""
        try:
            tracking_id = pickup.resolve(self._session.db, raw)
            parcel = pickup.get(self._session.db, tracking_id)
        except StoreError as error:
            self.detail.say(str(error), ok=False)
            return
        self._show_found([parcel], f"Scanned: {tracking_id}")

    # -- the clerk's actions ----------------------------------------------------------------

    def find_parcels(self) -> None:
        text = self.search.text()
        found: list[CounterParcel] = []
        if pickup.looks_like_code(text):
            with suppress(NotFound):  # a code no parcel has: search it as text
                found.append(pickup.find_by_pickup_code(self._session.db, text))
        try:
            found += [p for p in pickup.find(self._session.db, text) if p not in found]
        except StoreError as error:
            self.found_note.setText(str(error))
            return
        limit = " (the first 50: type more to narrow)" if len(found) >= pickup.FIND_LIMIT else ""
        self._show_found(
            found, f"{counted(len(found), 'parcel')} found for “{text.strip()}”{limit}"
        )

    def hand_over(self, tracking_id: str, name: str, id_checked: bool = False) -> None:
        db, actor = self._session.db, self._session.actor
        try:
            parcel = pickup.hand_over(db, actor, tracking_id, name, id_checked=id_checked)
        except StoreError as error:
            self.detail.say(str(error), ok=False)
            return
        self._update(parcel)
        self.detail.collector.clear()
        who = " ".join(name.split())
        checked = " (ID checked)" if id_checked else ""
        self.detail.say(f"Handed over to {who}{checked}: {tracking_id} is picked up.", ok=True)
        self.refresh()

    def hold(self, tracking_id: str) -> None:
        try:
            code = pickup.hold_for_pickup(self._session.db, self._session.actor, tracking_id)
            parcel = pickup.get(self._session.db, tracking_id)
        except StoreError as error:
            self.detail.say(str(error), ok=False)
            return
        self._update(parcel)
        self.detail.say(f"Held for pickup with the code {code}: it stays off the plan.", ok=True)

    def release(self, tracking_id: str) -> None:
        try:
            parcel = pickup.release_hold(self._session.db, self._session.actor, tracking_id)
        except StoreError as error:
            self.detail.say(str(error), ok=False)
            return
        self._update(parcel)
        self.refresh()
        self.detail.say("Hold released: it goes into the next plan for delivery.", ok=True)

    def set_aside(self) -> None:
        ids = self._chosen_overdue()
        if not ids:
            return
        try:
            count = pickup.to_return(self._session.db, self._session.actor, ids)
        except StoreError as error:
            self.detail.say(str(error), ok=False)
            return
        self.refresh()
        self.detail.say(f"{counted(count, 'parcel')} set aside for return to the carrier.", ok=True)

    # -- inside ---------------------------------------------------------------------------

    def _show_found(self, parcels: list[CounterParcel], note: str) -> None:
        self.found.set_rows(parcels)
        self.found_note.setText(note)
        if parcels:
            self.found_table.setCurrentIndex(self.found.index(0, 0))
        else:
            self.detail.show_parcel(None, "")
        self.detail.say("", ok=True)
        if parcels and self.detail.collector.isEnabled():
            self.detail.collector.setFocus()

    def _on_found_row(self) -> None:
        index = self.found_table.currentIndex()
        parcel = self.found.record(index.row()) if index.isValid() else None
        self.detail.show_parcel(parcel, self._held_until(parcel))

    def _update(self, parcel: CounterParcel) -> None:
        self.found.replace(parcel)
        self.detail.show_parcel(parcel, self._held_until(parcel))

    def _held_until(self, parcel: CounterParcel | None) -> str:
        if parcel is None or not parcel.held_since:
            return ""
        days = self._session.settings.pickup_hold_days
        since = parse_iso_z(parcel.held_since).astimezone(self._session.settings.tz)
        return f"Held until {since.date() + timedelta(days=days):%a %d %b} ({days} days)"

    def _held_since(self, parcel: CounterParcel) -> str:
        if not parcel.held_since:
            return ""
        return f"{parse_iso_z(parcel.held_since).astimezone(self._session.settings.tz):%a %d %b}"

    def _chosen_overdue(self) -> list[str]:
        rows = sorted({index.row() for index in self.overdue_table.selectedIndexes()})
        records = [self.overdue.record(r) for r in rows] if rows else self.overdue.records
        return [parcel.tracking_id for parcel in records]

    def _show_set_aside(self) -> None:
        count = len(self._chosen_overdue())
        chosen = "selected " if self.overdue_table.selectedIndexes() else ""
        self.set_aside_button.setText(f"Set aside {count} {chosen}for return")
        self.set_aside_button.setEnabled(count > 0)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)
