"""The scan field every scanning screen has: a large line edit where a scanner (or the clerk)
types a code and Enter."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QWidget

SCAN_POINTS = 16


class ScanBox(QLineEdit):
    """The scan field; Ctrl+Z here means "undo the last scan", not "undo my typing"."""

    def __init__(self, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        font = self.font()
        font.setPointSize(SCAN_POINTS)
        self.setFont(font)
        self.setMaxLength(200)

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Undo)
        ):
            event.ignore()
            return False
        return super().event(event)

    def take_text(self) -> str:
        """What was typed (empty when only spaces), and the field cleared for the next scan."""
        text = self.text()
        self.clear()
        return text if text.strip() else ""
