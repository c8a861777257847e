"""Shop → Staff: who can be at the counter. People who leave stay in the log, off the list."""

from __future__ import annotations

import sqlite_utils
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from store import staff
from store.errors import StoreError


class StaffDialog(QDialog):
    def __init__(self, db: sqlite_utils.Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Staff")
        self._db = db
        self.people = QListWidget()
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText("New staff member's name")
        self.new_name.setMaxLength(60)
        self.add_button = QPushButton("Add")
        self.remove_button = QPushButton("Remove the chosen name")
        self.remove_button.setEnabled(False)  # until a name is chosen
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        self.error.hide()  # no room taken until there is something to say
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        adding = QHBoxLayout()
        adding.addWidget(self.new_name, 1)
        adding.addWidget(self.add_button)
        removing = QHBoxLayout()
        removing.addWidget(
            QLabel("Removed staff stay in the history of the parcels they handled."), 1
        )
        removing.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addLayout(adding)
        layout.addWidget(self.error)
        layout.addWidget(self.people)
        layout.addLayout(removing)
        layout.addWidget(self.buttons)
        self._connect_signals()
        self._reload()

    def _connect_signals(self) -> None:
        self.add_button.clicked.connect(self.add)
        self.new_name.returnPressed.connect(self.add)
        self.remove_button.clicked.connect(self.remove_selected)
        self.people.currentItemChanged.connect(
            lambda item, _before: self.remove_button.setEnabled(item is not None)
        )
        self.buttons.rejected.connect(self.reject)

    def _say(self, problem: str) -> None:
        self.error.setText(problem)
        self.error.setVisible(bool(problem))

    def _reload(self) -> None:
        self.people.clear()
        self.people.addItems(staff.names(self._db))

    def names(self) -> list[str]:
        return [self.people.item(row).text() for row in range(self.people.count())]

    def add(self) -> None:
        try:
            staff.add(self._db, self.new_name.text())
        except StoreError as error:
            self._say(str(error))
            return
        self._say("")
        self.new_name.clear()
        self._reload()

    def remove_selected(self) -> None:
        item = self.people.currentItem()
        if item is None:
            self._say("Select a name first.")
            return
        try:
            staff.deactivate(self._db, item.text())
        except StoreError as error:
            self._say(str(error))
            return
        self._say("")
        self._reload()
