"""Help › The log: the program's log file, read in the app (the end of it, newest last), to
look at what happened or to copy it into a message; its folder one click away, for sending
the file itself. Nothing in it names a recipient (store.logfile)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QFontDatabase, QGuiApplication, QShowEvent, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

#: How much of the end of the file is shown (the whole file rotates at about 1 MB).
TAIL_BYTES = 400_000


def log_tail(path: Path, limit: int = TAIL_BYTES) -> str:
    """The last `limit` bytes of the log, from the start of a line; a sentence when there is
    no log (yet, or at all)."""
    try:
        with path.open("rb") as stream:
            size = stream.seek(0, 2)
            stream.seek(max(0, size - limit))
            data = stream.read()
    except FileNotFoundError:
        return f"There is no log yet at {path}: it starts with the program's next start."
    except OSError as error:
        return f"The log {path} cannot be read: {error}"
    if len(data) < size:
        data = data[data.find(b"\n") + 1 :]
    return data.decode("utf-8", errors="replace")


class LogWindow(QDialog):
    def __init__(
        self,
        path: Path,
        open_folder: Callable[[Path], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Parcel Desk log")
        self.path = path
        where = QLabel(
            f"{path}<br>Send this file (Open the folder) when something went wrong. No "
            "recipient's name or address is in it."
        )
        where.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.refresh_button = QPushButton("Read it again")
        self.copy_button = QPushButton("Copy all")
        self.folder_button = QPushButton("Open the folder")
        row = QHBoxLayout()
        for button in (self.refresh_button, self.copy_button, self.folder_button):
            row.addWidget(button)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(where)
        layout.addWidget(self.text, 1)
        layout.addLayout(row)
        layout.addWidget(close)
        self.refresh_button.clicked.connect(self.refresh)
        self.copy_button.clicked.connect(self.copy_all)
        self.folder_button.clicked.connect(lambda: open_folder(path))
        self.refresh()
        self.resize(900, 560)

    def refresh(self) -> None:
        """Read the file again and show its end."""
        self.text.setPlainText(log_tail(self.path))
        self._to_the_end()

    def _to_the_end(self) -> None:
        self.text.moveCursor(QTextCursor.MoveOperation.End)
        self.text.moveCursor(QTextCursor.MoveOperation.StartOfLine)
        bar = self.text.verticalScrollBar()
        bar.setValue(bar.maximum())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._to_the_end()  # the window's size is known now

    def copy_all(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())
