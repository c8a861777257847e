"""The console says in words what is wrong with the shop file (read-only, damaged, on a
network drive) instead of showing the bug dialog, at opening and during a scan."""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3

import pytest
from PySide6.QtWidgets import QMessageBox

import commands
from store import file_place
from tests.file_permissions import honouring_permissions
from ui import app


@pytest.fixture
def message_boxes(monkeypatch):
    """The texts of the console's critical message boxes (a real one would wait for a click)."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append((args[1], args[2])))
    return shown


def console(db_file) -> argparse.Namespace:
    return commands.build_parser().parse_args(["--db", str(db_file), "--staff", "Ana"])


def test_a_read_only_shop_file_is_explained_at_opening(qapp, demo_file, tmp_path, message_boxes):
    """A file the user may not write: the console says so and what to do, exit 1."""
    db_file = tmp_path / "shop.db"
    shutil.copyfile(demo_file, db_file)
    db_file.chmod(0o444)
    with honouring_permissions():
        code = app.open_console(console(db_file))
    assert code == 1
    [(title, text)] = message_boxes
    assert title == "Parcel Desk cannot open the shop"
    assert "is read-only" in text and "writable" in text


def test_a_damaged_shop_file_is_explained_at_opening(qapp, demo_file, tmp_path, message_boxes):
    """A damaged page: the console says the file is damaged and to restore a backup."""
    db_file = tmp_path / "shop.db"
    shutil.copyfile(demo_file, db_file)
    raw = sqlite3.connect(db_file)
    page_size = raw.execute("PRAGMA page_size").fetchone()[0]
    (root,) = raw.execute("SELECT rootpage FROM sqlite_master WHERE name = 'parcels'").fetchone()
    raw.close()
    with db_file.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(os.urandom(page_size))
    assert app.open_console(console(db_file)) == 1
    [(_, text)] = message_boxes
    assert "is damaged" in text and "restore" in text


def test_a_shop_file_on_a_network_drive_is_explained(qapp, tmp_path, monkeypatch, message_boxes):
    """A share mounted over SMB: the console says to copy the file to this PC's disk."""
    mounts = tmp_path / "mounts"
    mounts.write_text(f"/dev/vda / ext4 rw 0 0\n//nas/shop {tmp_path}/nas cifs rw 0 0\n")
    monkeypatch.setattr(file_place, "MOUNTS", mounts)
    (tmp_path / "nas").mkdir()
    assert app.open_console(console(tmp_path / "nas" / "shop.db")) == 1
    [(_, text)] = message_boxes
    assert "network drive (cifs)" in text and "this PC's own disk" in text


def test_a_scan_the_file_cannot_take_is_said_on_the_panel_not_in_the_bug_dialog(
    qtbot, window, peek, message_boxes
):
    """SQLite refuses to write (the file turned read-only): the answer panel says it in
    words, the bug dialog stays away, nothing is recorded."""
    parcel = peek.scalar("SELECT tracking_id FROM parcels WHERE status = 'expected' LIMIT 1")
    window.session.db.conn.execute("PRAGMA query_only = ON")  # SQLITE_READONLY on any write
    previous = app.report_bugs_to(window)
    try:
        window.checkin.take_scan(parcel)
    finally:
        import sys

        sys.excepthook = previous
    assert "read-only" in window.checkin.panel.message.text()
    assert message_boxes == []
    assert peek.scalar("SELECT status FROM parcels WHERE tracking_id = ?", parcel) == "expected"


def test_an_environment_failure_escaping_a_screen_is_shown_in_words(window, message_boxes):
    """A damaged page hit while a screen reads is not reported as a bug of the program."""
    import sys

    previous = app.report_bugs_to(window)
    try:
        error = sqlite3.DatabaseError("database disk image is malformed")
        sys.excepthook(type(error), error, None)
    finally:
        sys.excepthook = previous
    [(title, text)] = message_boxes
    assert title == "Parcel Desk cannot use the shop file"
    assert "is damaged" in text and "restore" in text
    assert "something went wrong" not in title
