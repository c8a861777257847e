"""Who is at the counter: chosen when the console opens, recorded on every event.

A short list of the shop's staff and a field to add a new name. Enter accepts: the typed name
when there is one, else the highlighted person.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from store.errors import StoreError


class WhoDialog(QDialog):
    """`chosen` holds the name after `exec()` returned Accepted."""

    def __init__(
        self,
        names: Sequence[str],
        add_name: Callable[[str], str],
        current: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Who is at the counter?")
        self._add_name = add_name
        self.chosen: str | None = None
        self.people = QListWidget()
        self.people.addItems(list(names))
        self.people.setMinimumHeight(160)
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText("Not in the list? Type your name")
        self.new_name.setMaxLength(60)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Start")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Your name is recorded on every parcel you handle."))
        layout.addWidget(self.people)
        layout.addWidget(self.new_name)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._connect_signals()
        self._select(current)

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.people.itemDoubleClicked.connect(lambda _item: self.accept())
        self.new_name.textChanged.connect(self.error.hide)

    def _select(self, current: str | None) -> None:
        matches = self.people.findItems(current or "", Qt.MatchFlag.MatchFixedString)
        if matches:
            self.people.setCurrentItem(matches[0])
        elif self.people.count():
            self.people.setCurrentRow(0)
        (self.people if self.people.count() else self.new_name).setFocus()

    def accept(self) -> None:
        typed = self.new_name.text().strip()
        if typed:
            try:
                self.chosen = self._add_name(typed)
            except StoreError as error:
                self.error.setText(str(error))
                self.error.show()
                return
        elif self.people.currentItem() is not None:
            self.chosen = self.people.currentItem().text()
        else:
            self.error.setText("Choose your name, or type it.")
            self.error.show()
            self.new_name.setFocus()
            return
        super().accept()
