"""A read-only table that repaints a moment after it changes: the check-in screen's side lists.

Repainting a table costs more than everything else a scan shows, and the clerk waits for the
answer, not for the history. `hold()` before changing the model keeps the table as it is for
`delay_ms`; then it repaints once, however many scans came in between (a scanner burst).
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt, QTimer
from PySide6.QtWidgets import QTableView, QWidget

DELAY_MS = 40


class LaggingTable(QTableView):
    def __init__(
        self, model: QAbstractItemModel, delay_ms: int = DELAY_MS, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.horizontalHeader().setStretchLastSection(True)
        self.setWordWrap(False)
        self._paint_later = QTimer(self)
        self._paint_later.setSingleShot(True)
        self._paint_later.setInterval(delay_ms)
        self._paint_later.timeout.connect(self._paint_now)

    @property
    def pending(self) -> bool:
        """True while a change waits to be painted."""
        return self._paint_later.isActive()

    def hold(self) -> None:
        if not self._paint_later.isActive():
            self.setUpdatesEnabled(False)
            self._paint_later.start()

    def _paint_now(self) -> None:
        self.setUpdatesEnabled(True)
        self.viewport().repaint()  # now, not at the next turn of the event loop
