"""Help › The log: the log file read in the app (its end, newest last), copied in one click,
its folder opened; reached from the Help menu and from Where is my data."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import QApplication

from store import logfile
from store.places import data_places
from ui.help.log_window import LogWindow, log_tail
from ui.help.where_dialog import WhereDialog


def test_the_log_window_shows_the_end_of_the_log(qtbot, tmp_path):
    """The newest line is at the end and in view; Copy all puts the text on the clipboard;
    Open the folder opens the log's folder; Read it again shows lines written since."""
    log = tmp_path / "parcel-desk.log"
    log.write_text("".join(f"2026-12-05 08:{i % 60:02d} INFO line {i}\n" for i in range(500)))
    opened: list[Path] = []
    window = LogWindow(log, opened.append)
    qtbot.addWidget(window)
    window.show()
    text = window.text.toPlainText()
    assert text.splitlines()[-1].endswith("line 499")
    bar = window.text.verticalScrollBar()
    assert bar.value() == bar.maximum()  # the newest line in view
    window.copy_button.click()
    assert QApplication.clipboard().text() == text
    window.folder_button.click()
    assert opened == [log]
    with log.open("a") as stream:
        stream.write("2026-12-05 09:00 ERROR the newest\n")
    window.refresh_button.click()
    assert window.text.toPlainText().splitlines()[-1].endswith("the newest")


def test_a_long_log_is_shown_from_a_whole_line(tmp_path):
    """Only the end of a big log is read, starting at the beginning of a line."""
    log = tmp_path / "parcel-desk.log"
    log.write_text("".join(f"record number {i:06d}\n" for i in range(100_000)))
    tail = log_tail(log, limit=10_000)
    assert len(tail) <= 10_000
    assert tail.startswith("record number ") and tail.endswith("record number 099999\n")


def test_no_log_yet_is_said_in_a_sentence(tmp_path):
    missing = tmp_path / "logs" / "parcel-desk.log"
    assert log_tail(missing) == (
        f"There is no log yet at {missing}: it starts with the program's next start."
    )


def test_help_the_log_opens_the_programs_own_log(qtbot, window):
    """Help › The log reads the file the program logs to (what it did is in it)."""
    logfile.configure()
    logging.getLogger("tests.help").warning("a record for the log window")
    for handler in logging.getLogger().handlers:
        handler.flush()
    window.actions["log"].trigger()
    shown = window.help.dialog
    assert isinstance(shown, LogWindow) and shown.path == logfile.log_file()
    assert "a record for the log window" in shown.text.toPlainText()
    shown.close()


def test_where_is_my_data_shows_the_log_and_says_where_a_folder_is(qtbot, db_file):
    """Show the log opens it; on a PC where no file manager opens folders, the folder's
    place is said in words to copy."""
    shown: list[bool] = []
    dialog = WhereDialog(
        data_places(db_file), lambda _path: False, show_log=lambda: shown.append(True)
    )
    qtbot.addWidget(dialog)
    dialog.show_log.click()
    assert shown == [True]
    assert dialog.failed.isHidden()
    dialog.buttons_by_name["backups"].click()
    assert not dialog.failed.isHidden()
    assert dialog.failed.text() == (
        f"This PC has no file manager that opens folders. The folder is "
        f"{db_file.parent / 'backups'} (select the words to copy them)."
    )
