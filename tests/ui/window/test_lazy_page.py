"""Screens built on first use: a faster start, and the same screen once shown."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from ui.window.lazy_page import LazyPage


class Screen(QLabel):
    refreshed = 0

    def refresh(self) -> None:
        self.refreshed += 1

    def take_scan(self, raw: str) -> None:
        self.setText(raw)


def test_built_when_shown_not_before(qtbot) -> None:
    """Refresh and shutdown do not build a screen nobody opened; showing it does."""
    made: list[Screen] = []
    page = LazyPage(lambda: made.append(Screen("hello")) or made[-1])
    qtbot.addWidget(page)
    page.refresh()
    page.shutdown()
    assert made == [] and not page.built
    page.show()
    qtbot.waitExposed(page)
    assert page.built and made[0].isVisible()
    page.refresh()
    assert made[0].refreshed == 1


def test_passes_the_screens_own_attributes_through(qtbot) -> None:
    """A scan routed to the page reaches the screen; unknown names stay unknown."""
    page = LazyPage(lambda: Screen())
    qtbot.addWidget(page)
    page.take_scan("TBA1")
    assert page.page().text() == "TBA1"
    assert not hasattr(page, "no_such_thing")
