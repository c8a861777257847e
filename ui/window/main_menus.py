"""The main window's menus as one table: what a newcomer reads to find a menu entry."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenuBar

#: (menu title, entries); an entry is (name, text, shortcut) and (None, None, None) a separator.
MENUS = (
    (
        "&File",
        (
            ("import", "&Import manifest…", "Ctrl+I"),
            ("export_status", "Export &status CSV…", "Ctrl+E"),
            ("export_events", "Export &events CSV…", None),
            ("backup", "&Backup now", None),
            (None, None, None),
            ("quit", "&Quit", QKeySequence.StandardKey.Quit),
        ),
    ),
    (
        "&Shop",
        (
            ("settings", "&Settings…", None),
            ("street_map", "Street &map…", None),
            ("staff", "S&taff…", None),
            ("who", "&Change who is at the counter…", None),
        ),
    ),
    (
        "&Help",
        (
            ("manual", "&Manual", QKeySequence.StandardKey.HelpContents),
            ("shortcuts", "&Keyboard shortcuts", None),
            ("where", "&Where is my data…", None),
            ("log", "The &log…", None),
            (None, None, None),
            ("about", "&About Parcel Desk", None),
        ),
    ),
)


def build(bar: QMenuBar) -> dict[str, QAction]:
    """Fill the menu bar; returns the actions by name for the window to connect."""
    actions: dict[str, QAction] = {}
    for title, entries in MENUS:
        menu = bar.addMenu(title)
        for name, text, key in entries:
            if name is None or text is None:
                menu.addSeparator()
                continue
            action = menu.addAction(text)
            if key is not None:
                action.setShortcut(QKeySequence(key))
            actions[name] = action
    return actions
