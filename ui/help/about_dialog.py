"""Help › About: the version, how it was built, the licences of the bundled parts, and the
map data's attribution (store.about holds the list)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from store import about


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Parcel Desk")
        heading = QLabel(
            f"<h2>Parcel Desk {about.version()}</h2>"
            "<p>The desktop console for a local shop running a carrier's last mile.</p>"
            f"<p>{about.build()}</p>"
        )
        heading.setWordWrap(True)
        self.parts = QTableWidget(len(about.PARTS), 4)
        self.parts.setHorizontalHeaderLabels(["Part", "Version", "What for", "Licence"])
        for row, part in enumerate(about.PARTS):
            for column, text in enumerate(
                (part.name, about.part_version(part), part.role, part.licence)
            ):
                self.parts.setItem(row, column, QTableWidgetItem(text))
        self.parts.verticalHeader().hide()
        self.parts.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.parts.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.attribution = QLabel(about.MAP_ATTRIBUTION)
        self.attribution.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(QLabel("Parts bundled with it, and their licences:"))
        layout.addWidget(self.parts, 1)
        layout.addWidget(self.attribution)
        layout.addWidget(close)
        self.resize(680, 560)
