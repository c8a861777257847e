"""The Help menu: the manual at the page of the screen on show, the shortcuts, where the data
is (with its folders opened), and About with the licences and the map attribution."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from store import about
from store.places import data_places
from ui.help import manual_files
from ui.help.about_dialog import AboutDialog
from ui.help.where_dialog import WhereDialog

ROOT = Path(__file__).resolve().parents[3]


def test_f1_opens_the_manual_at_the_screen_on_show(qtbot, window):
    """On Check-in, Help › Manual (F1) shows the Check-in page; on Runs, the Runs page."""
    window.actions["manual"].trigger()
    manual = window.help.manual
    assert manual.isVisible() and manual.page_shown == "checkin.md"
    assert "Check-in (Ctrl+2)" in manual.browser.toPlainText()
    window.show_page(window.runs)
    window.actions["manual"].trigger()
    assert manual.page_shown == "runs.md"
    manual.close()


def test_manual_links_lead_to_other_pages_and_back(qtbot, window):
    """From the contents, a link opens its page; Back returns."""
    window.actions["manual"].trigger()
    manual = window.help.manual
    qtbot.mouseClick(manual.contents, Qt.MouseButton.LeftButton)
    assert manual.page_shown == "README.md"
    manual.browser.setFocus()
    qtbot.keyClick(manual.browser, Qt.Key.Key_Tab)  # the first link: Today
    qtbot.keyClick(manual.browser, Qt.Key.Key_Return)
    assert manual.page_shown == "today.md"
    assert "The day at a glance" in manual.browser.toPlainText()
    assert manual.back.isEnabled()
    manual.browser.backward()
    assert manual.page_shown == "README.md"
    manual.close()


def test_the_shortcuts_entry_opens_the_shortcuts_page(qtbot, window):
    window.actions["shortcuts"].trigger()
    assert window.help.manual.page_shown == "shortcuts.md"
    assert "Ctrl+I" in window.help.manual.browser.toPlainText()
    window.help.manual.close()


def test_every_screen_and_paper_has_its_page():
    """Each screen of the window has a manual page, and every page the contents link exists."""
    contents = manual_files.page(manual_files.CONTENTS).read_text(encoding="utf-8")
    linked = re.findall(r"\]\(([^)]+\.md)\)", contents)
    assert len(linked) >= 10 + 7 + 2
    for name in linked:
        assert manual_files.page(name).is_file(), name
    for title in manual_files.SCREEN_PAGES:
        assert f"({manual_files.SCREEN_PAGES[title]})" in contents


def test_every_screen_of_the_window_has_a_page(window):
    """No screen of the main window falls back to the contents page."""
    assert {title for title, _ in window.pages} == set(manual_files.SCREEN_PAGES)


def test_where_is_my_data_names_the_files_and_opens_their_folders(qtbot, window, db_file):
    """The shop's file, backups, log and demo file are named; each button opens a folder."""
    opened: list[Path] = []
    dialog = WhereDialog(data_places(db_file), opened.append)
    qtbot.addWidget(dialog)
    text = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert str(db_file) in text and str(db_file.parent / "backups") in text
    dialog.buttons_by_name["backups"].click()
    dialog.buttons_by_name["logs"].click()
    assert opened == [db_file.parent / "backups", data_places(db_file).logs / "parcel-desk.log"]
    window.actions["where"].trigger()
    assert isinstance(window.help.dialog, WhereDialog)
    window.help.dialog.close()


def test_about_names_the_version_the_licences_and_the_map_data(qtbot):
    """About: the version, every bundled part with its licence, © OpenStreetMap contributors."""
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    rows = {
        dialog.parts.item(row, 0).text(): dialog.parts.item(row, 3).text()
        for row in range(dialog.parts.rowCount())
    }
    assert rows["Qt and PySide6"] == "LGPL-3.0" and rows["OSRM"] == "BSD-2-Clause"
    assert "© OpenStreetMap contributors" in dialog.attribution.text()
    assert about.version() != "unknown"
