"""The inline address form for a held parcel: unexpected (not on any manifest) or without location.

The clerk copies the address from the parcel's label; the store validates it with the manifest's
own rules, locates it and, when it is inside the radius, releases the parcel to the shelf. A
refused field is named next to that field. Enter saves, Escape leaves it held for later.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from store.errors import StoreError

#: (field, label) in the order a US label prints them.
FIELDS = (
    ("recipient_name", "Recipient"),
    ("address_line1", "Address"),
    ("address_line2", "Apt / suite"),
    ("city", "City"),
    ("state", "State"),
    ("postal_code", "ZIP code"),
)
SaveAddress = Callable[[str, dict[str, str]], dict[str, Any]]


class UnexpectedForm(QFrame):
    """`saved(parcel)` after the store accepted the address; `closed()` when left for later."""

    saved = Signal(dict)
    closed = Signal()

    def __init__(self, save: SaveAddress, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("addressForm")
        self.setStyleSheet(
            "QFrame#addressForm { background: #fafafa; border-radius: 6px; }"
            "QFrame#addressForm QLabel { color: #263238; }"
            "QLabel[role='error'] { color: #b3261e; font-weight: bold; }"
        )
        self._save = save
        self.tracking_id = ""
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.fields: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        for name, label in FIELDS:
            edit = QLineEdit()
            edit.setMaxLength(200)
            edit.returnPressed.connect(self.submit)
            error = QLabel()
            error.setProperty("role", "error")
            error.hide()
            box = QVBoxLayout()
            box.setSpacing(0)
            box.addWidget(edit)
            box.addWidget(error)
            form.addRow(label, box)
            self.fields[name] = edit
            self.errors[name] = error
        self.fields["state"].setMaxLength(2)
        self.general_error = QLabel()
        self.general_error.setProperty("role", "error")
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        self.save_button = QPushButton("Save address (Enter)")
        self.later_button = QPushButton("Leave it held (Esc)")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.later_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addLayout(buttons)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.save_button.clicked.connect(self.submit)
        self.later_button.clicked.connect(self.leave)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.leave)

    def open_for(
        self, tracking_id: str, current: dict[str, Any] | None, *, unexpected: bool
    ) -> None:
        """Show the form for one parcel, filled with what the shop knows of its address."""
        self.tracking_id = tracking_id
        self.intro.setText(
            f"{tracking_id} is not on any manifest, so it is held (not delivered). Copy the "
            "address from its label to put it on the shelf, or leave it held for return."
            if unexpected
            else f"{tracking_id} could not be located: check the address on its label."
        )
        for name, edit in self.fields.items():
            edit.setText(str((current or {}).get(name) or ""))
        self._clear_errors()
        self.show()
        self.fields["recipient_name"].setFocus()

    def values(self) -> dict[str, str]:
        return {name: edit.text().strip() for name, edit in self.fields.items()}

    def submit(self) -> None:
        self._clear_errors()
        try:
            parcel = self._save(self.tracking_id, self.values())
        except StoreError as error:
            self._show_error(str(error))
            return
        self.saved.emit(parcel)

    def leave(self) -> None:
        self.closed.emit()

    def _show_error(self, text: str) -> None:
        match = re.match(r"(?:setting )?(\w+): (.*)", text, re.DOTALL)
        if match and match[1] in self.errors:
            label = self.errors[match[1]]
            label.setText(match[2])
            label.show()
            self.fields[match[1]].setFocus()
            self.fields[match[1]].selectAll()
        else:
            self.general_error.setText(text)
            self.general_error.show()

    def _clear_errors(self) -> None:
        for label in (*self.errors.values(), self.general_error):
            label.clear()
            label.hide()
