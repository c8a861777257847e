"""What a manifest import tells the person: what came in, or every problem of a refused file."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from store.manifest import ImportResult, Problem

_HELD_WORDS = {
    "out_of_zone": "outside the delivery area",
    "needs_location": "without a usable location (put a pin on the map)",
}


def import_summary(result: ImportResult, filename: str) -> str:
    lines = [f"{result.parcels:,} parcels imported from {filename}."]
    for reason, count in sorted(result.held.items()):
        words = _HELD_WORDS.get(reason, reason.replace("_", " "))
        lines.append(f"{count:,} will be held at check-in: {words}.")
    located = result.located
    exact = located.get("given", 0) + located.get("address", 0)
    if located and exact < result.parcels:
        lines.append(f"{exact:,} located at their address.")
    for precision, words in (
        ("street", "on their street only (approximate: marked ≈ on the runs)"),
        ("zip", "by ZIP code only (approximate)"),
    ):
        if located.get(precision):
            lines.append(f"{located[precision]:,} located {words}.")
    if result.disagreeing:
        lines.append(
            f"{result.disagreeing:,} with coordinates that disagree with the address (kept, "
            "flagged on the stop: check them)."
        )
    return "\n".join(lines)


class ImportResultDialog(QDialog):
    def __init__(self, result: ImportResult, filename: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Manifest imported")
        self.summary = QLabel(import_summary(result, filename))
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        self.warnings = QListWidget()
        if result.warnings:
            layout.addWidget(QLabel(f"Warnings ({len(result.warnings)}): imported anyway"))
            self.warnings.addItems(result.warnings)
            layout.addWidget(self.warnings)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.resize(560, 360 if result.warnings else 160)


class RefusedDialog(QDialog):
    """Each problem of a refused file on its own row: line, column, what is wrong."""

    def __init__(
        self, problems: Sequence[Problem], filename: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Manifest refused")
        intro = QLabel(
            f"{filename} was not imported: nothing of it was saved. Fix these lines (or ask the "
            "carrier for a corrected file) and import it again."
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(len(problems), 3)
        self.table.setHorizontalHeaderLabels(("Line", "Column", "Problem"))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, problem in enumerate(problems):
            for column, value in enumerate((problem.line, problem.column or "", problem.message)):
                self.table.setItem(row, column, QTableWidgetItem(str(value)))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(720, 420)

    def rows(self) -> list[tuple[str, str, str]]:
        return [
            (self._cell(row, 0), self._cell(row, 1), self._cell(row, 2))
            for row in range(self.table.rowCount())
        ]

    def _cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""
