"""One parcel, everything the shop knows: its fields and its full status log, oldest first.

The log is the append-only `events` table, shown in the shop's local time with who did what at
which counter (and the run and stop once it went out).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from labels.words import counted
from store import checkin, events, location_fix, parcels
from store.codes import OUTCOME_CODES
from store.errors import StoreError
from store.events import Event
from store.statuses import HELD_WORDS, STATUS_WORDS
from ui.common.session import Session
from ui.parcels.parcel_table_model import local_time, status_words

_Index = QModelIndex | QPersistentModelIndex


class EventsModel(QAbstractTableModel):
    """A parcel's events as rows: time, status, who, counter, run/stop, reason, details."""

    HEADERS = ("Time", "Status", "Who", "Counter", "Run / stop", "Reason", "Details")

    def __init__(
        self,
        history: Sequence[Event],
        tz: ZoneInfo,
        parent: Any = None,
        manifests: Mapping[int, str] | None = None,
    ) -> None:
        super().__init__(parent)
        self._manifests = manifests or {}
        self._rows = [self._cells(event, tz) for event in history]

    def show_history(self, history: Sequence[Event], tz: ZoneInfo) -> None:
        """The log read again (after a change made from the detail)."""
        self.beginResetModel()
        self._rows = [self._cells(event, tz) for event in history]
        self.endResetModel()

    def _cells(self, event: Event, tz: ZoneInfo) -> tuple[str, ...]:
        run = ""
        if event.run_id is not None:
            run = f"run {event.run_id}" + (
                f", stop {event.stop_sequence}" if event.stop_sequence is not None else ""
            )
        details = ", ".join(
            self._detail(key, value) for key, value in (event.details or {}).items()
        )
        return (
            local_time(event.at, tz, "%Y-%m-%d %H:%M:%S"),
            STATUS_WORDS.get(str(event.status), str(event.status).replace("_", " ")),
            event.staff,
            event.counter,
            run,
            reason_words(event.reason),
            details,
        )

    def _detail(self, key: str, value: Any) -> str:
        """One detail in words: "manifest: m-2026-11-25.csv" (not "manifest id: 1"),
        "how: at the door", "ID checked" / "ID not checked"."""
        if key == "manifest_id":
            return f"manifest: {self._manifests.get(value, f'no. {value}')}"
        name = DETAIL_NAMES.get(key, key.replace("_", " "))
        if isinstance(value, bool):
            return name if value else f"{name}: no"
        if key == "how":
            value = HOW_WORDS.get(value, value)
        return f"{name}: {json.dumps(value, ensure_ascii=False).strip(chr(34))}"

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._rows[index.row()][index.column()]
        return None


#: Detail keys in words, where the key's own words are not plain.
DETAIL_NAMES = {"id_checked": "ID checked"}
#: How a parcel was delivered and why an attempt failed, as the Results keys say it.
HOW_WORDS = {str(code.word): code.short for code in OUTCOME_CODES}


def reason_words(reason: str | None) -> str:
    """Why, in the words of the screen that recorded it ("nobody home", "outside the delivery
    area")."""
    if not reason:
        return ""
    return HELD_WORDS.get(reason) or HOW_WORDS.get(reason) or reason.replace("_", " ")


PRECISION_WORDS = {
    "given": "the manifest's coordinates",
    "address": "at its address",
    "street": "≈ approximate: on the street only",
    "zip": "≈ approximate: the ZIP code's centre only",
    "none": "not located",
}


def _place(parcel: dict[str, Any]) -> str:
    precision = PRECISION_WORDS.get(parcel.get("location_precision") or "none", "")
    if parcel.get("latitude") is None:
        return "not located"
    distance = parcel.get("distance_mi")
    away = f", {distance:.1f} mi from the shop" if distance is not None else ""
    lines = [f"{parcel['latitude']:.5f}, {parcel['longitude']:.5f} ({precision}{away})"]
    lines += [text for text in (parcel.get("location_detail"), parcel.get("location_warning"))
              if text]  # fmt: skip
    return "\n".join(lines)


def _manifest_words(manifest: dict[str, Any] | None, parcel: dict[str, Any], tz: ZoneInfo) -> str:
    """Which carrier file the parcel came on, in words ("m-2026-11-25.csv, for Wed 25 Nov,
    imported 07:12"), not a database number."""
    if manifest is None:
        return "not on any manifest (unexpected)" if not parcel.get("manifest_id") else "–"
    day = date.fromisoformat(manifest["for_date"])
    return (
        f"{manifest['filename']}, for {day:%a %d %b}, imported "
        f"{local_time(manifest['imported_at'], tz)}"
    )


def _groups(parcel: dict[str, Any], tz: ZoneInfo) -> list[tuple[str, list[tuple[str, str]]]]:
    p = {key: ("" if value is None else value) for key, value in parcel.items()}
    window = f"{p['window_start']}–{p['window_end']}" if p["window_start"] else ""
    return [
        (
            "Parcel",
            [
                ("Tracking number", p["tracking_id"]),
                ("Status", status_words(parcel["status"], parcel["status_reason"])),
                ("Since", local_time(parcel["status_at"], tz)),
                ("Shelf zone", p["zone"]),
                ("Expected", p["expected_date"]),
                ("Service", str(p["service"]).replace("_", " ")),
                ("Due", p["due_date"]),
                ("Time window", window),
                ("Weight", f"{parcel['weight_lb']:g} lb" if parcel["weight_lb"] else ""),
                ("Signature", "required" if parcel["signature_required"] else "not required"),
                ("Attempts", str(p["attempts"])),
                ("Received", local_time(parcel["received_at"], tz)),
                ("Delivered", local_time(parcel["delivered_at"], tz)),
                ("Manifest", _manifest_words(parcel.get("manifest"), parcel, tz)),
            ],
        ),
        (
            "Recipient",
            [
                ("Name", p["recipient_name"]),
                ("Phone", p["phone"]),
                ("Address", p["address_line1"]),
                ("", p["address_line2"]),
                ("City", f"{p['city']}, {p['state']} {p['postal_code']}".strip(", ")),
                ("Location", _place(parcel)),
                ("Notes", p["notes"]),
                ("Personal data", "purged " + local_time(parcel["purged_at"], tz))
                if parcel.get("purged_at")
                else ("", ""),
            ],
        ),
    ]


class ParcelDetail(QDialog):
    def __init__(
        self,
        parcel: dict[str, Any],
        history: Sequence[Event],
        tz: ZoneInfo,
        parent: QWidget | None = None,
        *,
        fix_location: Callable[[ParcelDetail], None] | None = None,
        void: Callable[[ParcelDetail], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._tz = tz
        self.setWindowTitle(f"Parcel {parcel['tracking_id']}")
        self.pin_dialog: QDialog | None = None  # "Fix location" opened over it
        self.fields: dict[str, QLabel] = {}
        columns = QHBoxLayout()
        for title, rows in _groups(parcel, tz):
            box = QGroupBox(title)
            form = QFormLayout(box)
            for name, value in rows:
                if not name and not value:
                    continue
                label = QLabel(str(value))
                label.setWordWrap(True)
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                form.addRow(f"{name}:" if name else "", label)
                if name:
                    self.fields[name] = label
            columns.addWidget(box, 1)
        manifest = parcel.get("manifest")
        names = {parcel["manifest_id"]: manifest["filename"]} if manifest else {}
        self.events = EventsModel(history, tz, self, names)
        table = QTableView()
        table.setModel(self.events)
        table.verticalHeader().hide()
        table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        self.table = table
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.fix_button = buttons.addButton(
            "Fix location on the map…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.fix_button.setVisible(fix_location is not None)
        if fix_location is not None:
            self.fix_button.clicked.connect(lambda: fix_location(self))
        # A parcel on no manifest that a misread made: voided by a new event (the log keeps it).
        self.void_button = buttons.addButton(
            "Void: not a parcel…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.void_button.setVisible(void is not None and is_voidable(parcel))
        if void is not None:
            self.void_button.clicked.connect(lambda: void(self))
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        self.log_title = QLabel(_log_title(history))
        layout.addWidget(self.log_title)
        layout.addWidget(table, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(980, 680)

    def show_location(
        self,
        parcel: dict[str, Any],
        message: str,
        history: Sequence[Event] | None = None,
    ) -> None:
        """After a fix: the parcel's new place, its status and log (a fix can lift the hold
        and put it on the shelf), and what the fix did."""
        self.fields["Location"].setText(_place(parcel))
        self.message.setText(message)
        if history is None:
            return
        self.fields["Status"].setText(status_words(parcel["status"], parcel["status_reason"]))
        self.fields["Since"].setText(local_time(parcel["status_at"], self._tz))
        self.events.show_history(history, self._tz)
        self.log_title.setText(_log_title(history))


def _log_title(history: Sequence[Event]) -> str:
    return f"Status log ({counted(len(history), 'event')}, oldest first)"


def is_voidable(parcel: dict[str, Any]) -> bool:
    """An "unexpected" parcel (on no manifest) not yet planned: it may be a scanner's misread."""
    return parcel["manifest_id"] is None and parcel["status"] in ("exception", "received")


def void_parcel(session: Session, detail: ParcelDetail, tracking_id: str) -> None:
    """Ask, then void the parcel with a new event (`store.checkin.undo_scan`)."""
    answer = QMessageBox.question(
        detail,
        "Void this parcel?",
        f"{tracking_id} is on no manifest. Void it only if no such parcel is here (a misread "
        "scan made it). The log keeps it; scanned again, it is held again.",
    )
    if answer != QMessageBox.StandardButton.Yes:
        return
    try:
        result = checkin.undo_scan(session.db, session.actor, tracking_id)
    except StoreError as error:
        detail.message.setText(str(error))
        return
    detail.fields["Status"].setText(status_words("voided", "undo"))
    detail.void_button.hide()
    detail.message.setText(result.message)


def open_parcel(session: Session, tracking_id: str, parent: QWidget | None = None) -> ParcelDetail:
    """Load a parcel and its log from the store and show them (non-modal)."""

    def fix(detail: ParcelDetail) -> None:
        from ui.locating.fix_location import open_fix_dialog, result_words

        def saved(result: location_fix.FixResult) -> None:
            detail.show_location(
                parcels.get(session.db, tracking_id),
                result_words(result),
                events.history(session.db, tracking_id),
            )

        detail.pin_dialog = open_fix_dialog(session.db, session.actor, tracking_id, detail, saved)

    parcel = parcels.get(session.db, tracking_id)
    parcel["manifest"] = parcels.manifest_of(session.db, parcel["manifest_id"])
    dialog = ParcelDetail(
        parcel,
        events.history(session.db, tracking_id),
        session.settings.tz,
        parent,
        fix_location=fix,
        void=lambda detail: void_parcel(session, detail, tracking_id),
    )
    dialog.message.setText(_fixes_text(location_fix.history(session.db, tracking_id), session))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


def _fixes_text(fixes: list[dict[str, Any]], session: Session) -> str:
    """The location fixes of the parcel, one line each (they are not status changes)."""
    return "\n".join(
        f"Location fixed {local_time(fix['at'], session.settings.tz)} by {fix['staff']} at "
        f"{fix['counter']} ({
            {'pin': 'pin on the map', 'typed': 'coordinates typed', 'street': 'street chosen'}[
                fix['how']
            ]
        }; was "
        f"{fix['precision_before']}"
        + (f", moved {fix['moved_m']:.0f} m" if fix["moved_m"] is not None else "")
        + ")"
        for fix in fixes
    )
