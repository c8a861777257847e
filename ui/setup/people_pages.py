"""The drivers and staff pages: the same editors as Runs › Drivers and Shop › Staff, embedded
in the setup window and the settings (one way to add a driver, wherever it is done)."""

from __future__ import annotations

import sqlite_utils
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from store import drivers
from ui.runs.drivers_dialog import DriversDialog
from ui.shop.staff_dialog import StaffDialog


def embedded(dialog: QDialog) -> QDialog:
    """A dialog shown as a page: no window of its own, no Close button (the host has its own)."""
    dialog.setWindowFlags(Qt.WindowType.Widget)
    for box in dialog.findChildren(QDialogButtonBox):
        box.hide()
    return dialog


class EditorPage(QWidget):
    """An editor (`editor`) embedded as a page, under a line that says what it is for."""

    def __init__(self, intro: str, editor: QDialog) -> None:
        super().__init__()
        self.editor = editor
        text = QLabel(intro)
        text.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(text)
        layout.addWidget(embedded(editor), 1)


def drivers_page(db: sqlite_utils.Database) -> EditorPage:
    editor = DriversDialog(
        lambda: drivers.all_drivers(db),
        lambda *args, **kwargs: drivers.add(db, *args, **kwargs),
        lambda name: drivers.remove(db, name),
    )
    return EditorPage(
        "Your drivers: how many parcels each car holds and when each shift starts and ends. "
        "The planner fills each car up to that and brings it back before the shift ends.",
        editor,
    )


def staff_page(db: sqlite_utils.Database) -> EditorPage:
    return EditorPage(
        "Each scan and change records who made it; the console asks who is at the counter "
        "when it opens.",
        StaffDialog(db),
    )
