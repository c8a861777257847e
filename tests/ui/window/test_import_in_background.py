"""A manifest import runs beside the counter: progress in the status bar, scans go on, Stop
works until the import is decided."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from ui.shop.import_dialogs import ImportResultDialog
from ui.shop.import_worker import ImportProgress

HEADER = "tracking_id,recipient_name,address_line1,city,state,postal_code,latitude,longitude"


def big_manifest(path: Path, count: int = 2500) -> Path:
    """More parcels than one transaction takes: the import goes in chunks."""
    rows = [
        f"TBB{n:09d},Olivia Smith,{100 + n % 900} Cornerside Blvd,Vienna,VA,22182,"
        f"{38.92 + n % 50 / 5000:.4f},-77.24"
        for n in range(count)
    ]
    path.write_text("\r\n".join([HEADER, *rows]) + "\r\n", encoding="utf-8")
    return path


@pytest.fixture
def chosen(monkeypatch, tmp_path):
    file = big_manifest(tmp_path / "big.csv")
    reply = lambda *_args, **_kwargs: (str(file), "")  # noqa: E731
    monkeypatch.setattr(QFileDialog, "getOpenFileName", reply)
    return file


def test_the_counter_scans_while_a_big_manifest_imports(qtbot, window, peek, chosen):
    """The import shows its progress in the status bar; a scan at this very window is
    answered meanwhile; the result comes when the import is done."""
    expected = peek.scalar("SELECT tracking_id FROM parcels WHERE status = 'expected' LIMIT 1")
    before = peek.scalar("SELECT count(*) FROM parcels")
    window.actions["import"].trigger()
    progress = window.import_progress
    assert isinstance(progress, ImportProgress) and progress.isVisible()
    assert progress.parent() is window.statusBar()
    assert not window.actions["import"].isEnabled()
    with qtbot.waitSignal(window.importing.progressed, timeout=20_000):
        pass
    window.checkin.take_scan(expected)
    assert "Received" in window.checkin.panel.message.text()
    qtbot.waitUntil(lambda: isinstance(window.dialog, ImportResultDialog), timeout=60_000)
    assert window.dialog.summary.text().startswith("2,500 parcels imported from big.csv")
    assert peek.scalar("SELECT count(*) FROM parcels") == before + 2500
    assert peek.scalar("SELECT status FROM parcels WHERE tracking_id = ?", expected) == "received"
    qtbot.waitUntil(lambda: window.importing is None)
    assert window.actions["import"].isEnabled()


def test_stop_before_the_import_is_decided_saves_nothing(qtbot, window, peek, chosen):
    """Stop while the file is still being read: nothing is saved, the status bar says so."""
    before = peek.scalar("SELECT count(*) FROM parcels")
    window.actions["import"].trigger()
    window.import_progress.stop_button.click()
    qtbot.waitUntil(lambda: window.importing is None, timeout=30_000)
    assert "stopped: nothing of it was saved" in window.statusBar().currentMessage()
    assert peek.scalar("SELECT count(*) FROM parcels") == before
    assert peek.scalar("SELECT count(*) FROM import_jobs") == 0
