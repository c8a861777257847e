"""The closing checklist is a widget like any other: Qt's show() still shows it."""

from __future__ import annotations

from ui.end_of_day.close_steps import CloseSteps


def test_show_without_arguments_shows_the_checklist(qtbot) -> None:
    """show() is QWidget's (the steps are set by show_left), so a caller may show it."""
    steps = CloseSteps()
    qtbot.addWidget(steps)
    steps.show()
    assert steps.isVisible()
