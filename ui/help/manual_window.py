"""Help › Manual: the Markdown pages of docs/manual/ in a QTextBrowser, with Back and
Contents. Links between pages work as on the web; a link to a web address opens the browser.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.help import manual_files


class ManualWindow(QDialog):
    """A window onto the manual; `show_page` turns to a page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Parcel Desk manual")
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        self.browser.setSearchPaths([str(manual_files.manual_dir())])
        self.browser.document().setDocumentMargin(12)
        self.back = QPushButton("Back")
        self.contents = QPushButton("Contents")
        self.back.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back)
        buttons.addWidget(self.contents)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.browser, 1)
        self.back.clicked.connect(self.browser.backward)
        self.browser.backwardAvailable.connect(self.back.setEnabled)
        self.contents.clicked.connect(
            lambda: self.show_page(manual_files.page(manual_files.CONTENTS))
        )
        QShortcut(QKeySequence(QKeySequence.StandardKey.Back), self, self.browser.backward)
        self.resize(720, 600)

    def show_page(self, path: Path) -> None:
        if not path.is_file():
            self.browser.setMarkdown(
                f"# The manual is missing\n\nThis copy of Parcel Desk has no `{path.name}` "
                f"(looked in {path.parent}). The same pages are in the repository's "
                "docs/manual folder."
            )
            return
        self.browser.setSource(QUrl.fromLocalFile(str(path)))

    @property
    def page_shown(self) -> str:
        return Path(self.browser.source().toLocalFile()).name
