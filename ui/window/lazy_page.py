"""A screen built the first time it is needed, so the window opens without loading the planner,
the PDF renderer and the day's other screens (they cost most of a cold start).

The main window lists a `LazyPage` where the screen goes. It builds the real screen when first
shown (or when someone asks it for one of the screen's attributes) and then behaves as that
screen: attributes are passed through, `refresh` and `shutdown` only reach a screen that exists.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget


class LazyPage(QWidget):
    def __init__(self, build: Callable[[], QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build = build
        self._page: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def built(self) -> bool:
        return self._page is not None

    def page(self) -> QWidget:
        """The real screen, built now if it was not yet."""
        if self._page is None:
            self._page = self._build()
            self._layout.addWidget(self._page)
            if self.isVisible():
                self._page.show()  # now, not queued: the screen takes the focus as it appears
        return self._page

    def showEvent(self, event: QShowEvent) -> None:
        self.page()
        super().showEvent(event)

    def __getattr__(self, name: str) -> Any:
        # Only called for names QWidget does not have: the screen's own (take_scan, ...).
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.page(), name)

    def refresh(self) -> None:
        if self._page is not None and hasattr(self._page, "refresh"):
            self._page.refresh()

    def shutdown(self) -> None:
        if self._page is not None and hasattr(self._page, "shutdown"):
            self._page.shutdown()
