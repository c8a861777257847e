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


def _page(intro: str, editor: QDialog) -> QWidget:
    page = QWidget()
    text = QLabel(intro)
    text.setWordWrap(True)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(text)
    layout.addWidget(embedded(editor), 1)
    page.editor = editor  # type: ignore[attr-defined]
    return page


def drivers_page(db: sqlite_utils.Database) -> QWidget:
    editor = DriversDialog(
        lambda: drivers.all_drivers(db),
        lambda *args, **kwargs: drivers.add(db, *args, **kwargs),
        lambda name: drivers.remove(db, name),
    )
    return _page(
        "Your drivers: how many parcels each car holds and when each shift starts and ends. "
        "The planner fills each car up to that and brings it back before the shift ends.",
        editor,
    )


def staff_page(db: sqlite_utils.Database) -> QWidget:
    return _page(
        "Who works at the counter. Each scan and change records who made it; the console asks "
        "who is at the counter when it opens.",
        StaffDialog(db),
    )
