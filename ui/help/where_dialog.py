"""Help › Where is my data: the shop's file, its backups, the log, the demo's file, each with
a button that opens its folder (store.places says where they are on this system)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from store.logfile import FILE_NAME
from store.places import DataPlaces


class WhereDialog(QDialog):
    def __init__(
        self,
        places: DataPlaces,
        open_folder: Callable[[Path], object],
        parent: QWidget | None = None,
        *,
        show_log: Callable[[], object] | None = None,
    ) -> None:
        """`open_folder(path)` opens a file's folder (False: it could not); `show_log()`
        shows the log in the app."""
        super().__init__(parent)
        self.setWindowTitle("Where is my data")
        self.buttons_by_name: dict[str, QPushButton] = {}
        grid = QGridLayout()
        rows = (
            ("shop", "The shop's file", places.shop_file,
             "Everything: parcels, events, runs, settings. Back it up with File › Backup now."),
            ("backups", "Backups", places.backups,
             "A copy every day (14 kept) and one before every update of the file."),
            ("logs", "The log", places.logs / FILE_NAME,
             "What the program did, and errors in detail: send it when something went wrong. "
             "No recipient's name or address is in it."),
            ("demo", "The demo shop", places.demo_file, "The demo's own file; safe to delete."),
        )  # fmt: skip
        for row, (key, title, path, why) in enumerate(rows):
            heading = QLabel(f"<b>{title}</b>")
            where = QLabel(str(path))
            where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            where.setWordWrap(True)
            note = QLabel(why)
            note.setWordWrap(True)
            note.setStyleSheet("color: #555;")
            button = QPushButton("Open the folder")
            button.clicked.connect(lambda _=False, p=path: self._open(open_folder, p))
            self.buttons_by_name[key] = button
            grid.addWidget(heading, row * 3, 0)
            grid.addWidget(button, row * 3, 2)
            if key == "logs" and show_log is not None:
                self.show_log = QPushButton("Show the log")
                self.show_log.clicked.connect(show_log)
                grid.addWidget(self.show_log, row * 3, 1)
            grid.addWidget(where, row * 3 + 1, 0, 1, 3)
            grid.addWidget(note, row * 3 + 2, 0, 1, 3)
        grid.setColumnStretch(0, 1)
        self.failed = QLabel()
        self.failed.setWordWrap(True)
        self.failed.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.failed.hide()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.failed)
        layout.addWidget(close)
        self.resize(660, 440)

    def _open(self, open_folder: Callable[[Path], object], path: Path) -> None:
        """Open the folder; where the PC has no file manager to do it, say where it is."""
        if open_folder(path) is False:
            folder = path if path.is_dir() or not path.suffix else path.parent
            self.failed.setText(
                f"This PC has no file manager that opens folders. The folder is {folder} "
                "(select the words to copy them)."
            )
            self.failed.show()
