"""Every screen logs the clerk at the counter at the moment of the action, not the one who was
there when the screen was built (issue 11, item 2)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from ui.shop.who_dialog import WhoDialog


def change_who(qtbot, window, name: str) -> None:
    """Shop › Who is at the counter…, a new name, Enter."""
    window.actions["who"].trigger()
    dialog = window.dialog
    assert isinstance(dialog, WhoDialog)
    qtbot.keyClicks(dialog.new_name, name)
    qtbot.keyClick(dialog.new_name, Qt.Key.Key_Return)
    assert f"{name} at Counter 2" in window.windowTitle()


def test_plans_and_prints_after_change_who_carry_the_new_name(
    qtbot, window, peek, monkeypatch, tmp_path: Path
):
    """Ben opens Runs and Print; Eve takes the counter: her plan and her labels are hers."""
    qtbot.keyClick(window.checkin.scan_box, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    runs = window.runs.page()
    qtbot.keyClick(runs, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    printing = window.printing.page()  # both screens built while Ben is at the counter
    change_who(qtbot, window, "Eve")

    window.show_page(window.runs)
    runs.controls.budget.setValue(1)
    with qtbot.waitSignal(runs.planFinished, timeout=30_000) as finished:
        qtbot.mouseClick(runs.controls.plan_button, Qt.MouseButton.LeftButton)
    assert finished.args == ["saved"]
    assert peek.scalar("SELECT count(*) FROM events WHERE status = 'planned'") > 0
    planners = peek.db.conn.execute(
        "SELECT DISTINCT staff FROM events WHERE status = 'planned'"
    ).fetchall()
    assert planners == [("Eve",)]

    window.show_page(window.printing)
    qtbot.mouseClick(printing.choices.buttons["labels"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not printing.busy and printing.pdf is not None, timeout=20_000)
    target = tmp_path / "labels.pdf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), "PDF files (*.pdf)")
    )
    qtbot.mouseClick(printing.actions["save_pdf"], Qt.MouseButton.LeftButton)
    assert target.exists()
    printers = peek.db.conn.execute("SELECT DISTINCT staff, counter FROM label_prints").fetchall()
    assert printers == [("Eve", "Counter 2")]
