"""The main window: screens, the scanner from anywhere, and the File and Shop menus."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox

from store import demo, settings
from ui.parcels.parcel_detail import ParcelDetail
from ui.shop.export_dialog import ExportDialog
from ui.shop.import_dialogs import ImportResultDialog, RefusedDialog
from ui.shop.settings_dialog import SettingsDialog
from ui.shop.staff_dialog import StaffDialog
from ui.shop.street_map_dialog import StreetMapDialog
from ui.shop.who_dialog import WhoDialog

EXPECTED = "status = 'expected' AND hold IS NULL"


@pytest.fixture
def choose_file(monkeypatch):
    """Answer the next file dialog (open or save) with a path."""

    def answer(path: Path) -> None:
        reply = lambda *_args, **_kwargs: (str(path), "")  # noqa: E731
        monkeypatch.setattr(QFileDialog, "getOpenFileName", reply)
        monkeypatch.setattr(QFileDialog, "getSaveFileName", reply)

    return answer


def test_title_and_status_bar_say_where_and_who(window, db_file):
    """The title names the shop, who is at which counter and DEMO; the status bar the file."""
    title = window.windowTitle()
    assert demo.SHOP["name"] in title
    assert "Ben at Counter 2" in title and title.endswith("DEMO")
    assert str(db_file) in window.who_label.text()


def test_pages_are_listed_and_switch_with_ctrl_number(qtbot, window):
    """The screens are in the list in the order of the day; Ctrl+number opens one."""
    assert [window.nav.item(row).text() for row in range(window.nav.count())] == [
        "Today",
        "Check-in",
        "Parcels",
        "Runs",
        "Print",
        "Dispatch",
        "Results",
        "Pickup",
        "Returns",
        "End of day",
    ]
    assert window.stack.currentWidget() is window.checkin
    qtbot.keyClick(window.checkin.scan_box, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.parcels
    qtbot.keyClick(window.parcels.search, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.runs
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.nav.currentItem().text() == "End of day"


def test_a_scanner_burst_in_the_search_box_searches(qtbot, window, peek, focus):
    """A scanner burst in the Parcels search field searches for that parcel; nothing is checked
    in (the field is the clerk's: its typing is never taken as a scan)."""
    window.show_page(window.parcels)
    focus(window, window.parcels.search)
    parcel = peek.ids(EXPECTED)[0]
    qtbot.keyClicks(window.parcels.search, parcel)
    qtbot.keyClick(window.parcels.search, Qt.Key.Key_Return)
    assert window.parcels.search.text() == parcel
    assert window.parcels.model.query.search == parcel
    assert window.stack.currentWidget() is window.parcels
    assert peek.status(parcel)[0] == "expected"


@pytest.mark.parametrize("step", [0.012, 0.025, 0.05])
def test_a_quick_typist_in_the_search_box_makes_no_parcel(
    qtbot, window, peek, focus, key_clock, step
):
    """Typing a short code fast into the search box searches; no "unexpected" parcel appears."""
    window.show_page(window.parcels)
    focus(window, window.parcels.search)
    before = peek.scalar("SELECT count(*) FROM parcels")
    key_clock.step = step
    qtbot.keyClicks(window.parcels.search, "TBA1")
    qtbot.keyClick(window.parcels.search, Qt.Key.Key_Return)
    assert window.parcels.model.query.search == "TBA1"
    assert window.stack.currentWidget() is window.parcels
    assert peek.scalar("SELECT count(*) FROM parcels") == before


def test_a_scan_on_the_parcel_table_goes_to_check_in(qtbot, window, peek, focus):
    """With the focus on the table (not a text field) the scanner still checks the parcel in."""
    window.show_page(window.parcels)
    focus(window, window.parcels.table)
    parcel = peek.ids(EXPECTED)[0]
    qtbot.keyClicks(window.parcels.table, parcel)
    qtbot.keyClick(window.parcels.table, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.checkin
    assert window.checkin.panel.title.text() == "Received"
    assert peek.status(parcel)[0] == "received"


def test_human_search_still_searches(qtbot, window, peek, focus, key_clock):
    """Typing a name at human speed in the search field filters the parcels."""
    window.show_page(window.parcels)
    focus(window, window.parcels.search)
    key_clock.step = 0.15
    qtbot.keyClicks(window.parcels.search, "Okafor")
    qtbot.keyClick(window.parcels.search, Qt.Key.Key_Return)
    assert window.parcels.search.text() == "Okafor"
    assert window.parcels.model.query.search == "Okafor"
    assert window.stack.currentWidget() is window.parcels


def test_open_parcel_shows_detail(qtbot, window, peek):
    """Opening a parcel from the table shows its detail dialog."""
    parcel = peek.ids("status = 'received'")[0]
    window.parcels.open_parcel.emit(parcel)
    assert isinstance(window.dialog, ParcelDetail)
    assert window.dialog.fields["Tracking number"].text() == parcel
    filename = peek.scalar(
        "SELECT m.filename FROM manifests m JOIN parcels p ON p.manifest_id = m.id "
        "WHERE p.tracking_id = ?",
        parcel,
    )
    manifest = window.dialog.fields["Manifest"].text()  # the file, not "#1"
    assert manifest.startswith(f"{filename}, for ") and ", imported " in manifest


def test_import_manifest_updates_check_in(qtbot, window, peek, tmp_path, choose_file):
    """A second manifest for today adds parcels and refreshes the check-in screen."""
    file = tmp_path / "second.csv"
    file.write_bytes(demo.manifest_csv(window.session.today(), seed=99, addresses=10))
    missing_before = window.checkin.missing.rowCount()
    before = peek.scalar("SELECT count(*) FROM parcels")
    choose_file(file)
    window.actions["import"].trigger()
    qtbot.waitUntil(lambda: isinstance(window.dialog, ImportResultDialog))
    added = peek.scalar("SELECT count(*) FROM parcels") - before
    assert added > 10
    assert window.dialog.summary.text().startswith(f"{added:,} parcels imported from second.csv")
    assert window.checkin.missing.rowCount() > missing_before


def test_refused_manifest_lists_every_problem(qtbot, window, peek, tmp_path, choose_file):
    """A bad file is refused whole; the dialog lists each line and column at fault."""
    file = tmp_path / "bad.csv"
    file.write_text(
        "tracking_id,recipient_name,address_line1,city,state,postal_code\n"
        "TBA100000000001,Ann,1 Main St,Vienna,VA,22182\n"
        "TBA100000000002,Bob,2 Main St,Vienna,XX,22182\n"
        "TBA100000000003,,3 Main St,Vienna,VA,22182\n"
        "TBA100000000004,Cy,4 Main St,Vienna,VA,ABCDE\n",
        encoding="utf-8",
    )
    before = peek.scalar("SELECT count(*) FROM parcels")
    choose_file(file)
    window.actions["import"].trigger()
    qtbot.waitUntil(lambda: isinstance(window.dialog, RefusedDialog))
    rows = window.dialog.rows()
    assert [(line, column) for line, column, _ in rows] == [
        ("3", "state"),
        ("4", "recipient_name"),
        ("5", "postal_code"),
    ]
    assert peek.scalar("SELECT count(*) FROM parcels") == before


def test_export_status_csv_for_today(qtbot, window, peek, tmp_path, choose_file):
    """Export status: choose today, pick a file; the carrier's CSV is written, its receipt
    (with the log's head) beside it."""
    target = tmp_path / "status.csv"
    choose_file(target)
    window.actions["export_status"].trigger()
    dialog = window.dialog
    assert isinstance(dialog, ExportDialog) and dialog.day() == window.session.today()
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    with target.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == peek.scalar("SELECT count(*) FROM parcels")
    assert rows[0].keys() >= {"tracking_id", "status", "status_at", "received_at"}
    assert "rows written" in window.statusBar().currentMessage()
    receipt = (tmp_path / "status.csv.receipt.txt").read_text(encoding="utf-8")
    head = "{}:{}".format(*peek.db.conn.execute("SELECT max(id), hash FROM events").fetchone())
    assert f"parcel-desk verify --anchor {head}" in receipt


def test_export_events_of_everything(qtbot, window, peek, tmp_path, choose_file):
    """Export events with "everything" writes one row per event of the log."""
    target = tmp_path / "events.csv"
    choose_file(target)
    window.actions["export_events"].trigger()
    window.dialog.all_choice.setChecked(True)
    window.dialog.accept()
    with target.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) - 1 == peek.scalar("SELECT count(*) FROM events")


def test_backup_now_writes_a_copy(qtbot, window, db_file):
    """Backup now writes today's copy beside the database, in the background."""
    window.actions["backup"].trigger()
    qtbot.waitUntil(lambda: "Backup written" in window.statusBar().currentMessage())
    copies = list((db_file.parent / "backups").glob("shop.*.db"))
    assert len(copies) == 1
    assert str(copies[0]) in window.statusBar().currentMessage()


def test_settings_refuse_a_bad_radius_next_to_it(qtbot, window, peek):
    """A radius out of range is named on the shop's page and nothing is saved."""
    window.actions["settings"].trigger()
    dialog = window.dialog
    assert isinstance(dialog, SettingsDialog)
    dialog.shop.radius.setText("500")
    dialog.accept()
    assert dialog.isVisible()
    assert "between 0.1 and 100" in dialog.shop.error.text()
    assert settings.load(peek.db).radius_mi == demo.SHOP["radius_mi"]
    dialog.shop.radius.setText("ten")
    dialog.accept()
    assert dialog.shop.error.text() == "The radius is a number of miles, e.g. 10."
    dialog.reject()


def test_settings_save_renames_the_shop(qtbot, window, peek):
    """A new shop name is saved and shown in the title (no longer a demo)."""
    window.actions["settings"].trigger()
    dialog = window.dialog
    dialog.shop.name.setText("Corner Parcels")
    dialog.shop.radius.setText("8.5")
    dialog.accept()
    assert settings.load(peek.db).name == "Corner Parcels"
    assert settings.load(peek.db).radius_mi == 8.5
    assert "Corner Parcels" in window.windowTitle()
    assert "DEMO" not in window.windowTitle()


def test_staff_dialog_adds_and_removes(qtbot, window, peek):
    """Staff can be added by name and removed from the pick list (kept in the log)."""
    window.actions["staff"].trigger()
    dialog = window.dialog
    assert isinstance(dialog, StaffDialog)
    qtbot.keyClicks(dialog.new_name, "Dana")
    dialog.add_button.click()
    assert "Dana" in dialog.names()
    dialog.people.setCurrentRow(dialog.names().index("Ana"))
    dialog.remove_button.click()
    assert "Ana" not in dialog.names()
    assert peek.scalar("SELECT active FROM staff WHERE name = 'Ana'") == 0


def test_change_who_records_the_new_name(qtbot, window, peek):
    """After changing who is at the counter, the next scan carries the new name."""
    window.actions["who"].trigger()
    dialog = window.dialog
    assert isinstance(dialog, WhoDialog)
    qtbot.keyClicks(dialog.new_name, "Eve")
    qtbot.keyClick(dialog.new_name, Qt.Key.Key_Return)
    assert "Eve at Counter 2" in window.windowTitle()
    parcel = peek.ids(EXPECTED)[0]
    window.checkin.take_scan(parcel)
    assert peek.scalar("SELECT staff FROM events ORDER BY id DESC LIMIT 1") == "Eve"


def test_store_refusal_is_shown_in_a_message(qtbot, window, tmp_path, choose_file):
    """A file that cannot be read is explained in a warning, not a crash."""
    choose_file(tmp_path / "nowhere.csv")
    window.actions["import"].trigger()
    qtbot.waitUntil(lambda: isinstance(window.dialog, QMessageBox))
    assert "cannot read" in window.dialog.text()


def test_discrepancy_report_as_pdf_for_the_carriers_driver(
    qtbot, window, peek, choose_file, tmp_path
):
    """The check-in's report menu offers the PDF; its pages name the missing parcels."""
    import pypdfium2

    target = tmp_path / "discrepancies.pdf"
    choose_file(target)
    menu = window.checkin.day.report_button.menu()
    assert [action.text() for action in menu.actions()] == ["PDF", "CSV"]
    menu.actions()[0].trigger()
    pdf = pypdfium2.PdfDocument(str(target))
    text = "".join(page.get_textpage().get_text_range() for page in pdf)
    pdf.close()
    missing = peek.ids("status = 'expected'")
    assert missing and all(tracking_id in text for tracking_id in missing)


def test_shop_menu_opens_the_street_map(qtbot, window, peek):
    """Shop → Street map… says which map the demo plans on (the shipped one)."""
    window.actions["street_map"].trigger()
    dialog = window.dialog
    assert isinstance(dialog, StreetMapDialog)
    status = dialog.status.text().replace("<b>", "").replace("</b>", "")
    assert status.startswith("Street map: harrisburg.osm.pbf")
    assert "Plans use drive times and distances on these roads." in status
    dialog.reject()


def test_settings_turn_on_planning_zip_located_parcels(qtbot, window, peek):
    """The owner's choice to plan parcels known only by their ZIP code is a tick box, off."""
    window.actions["settings"].trigger()
    dialog = window.dialog
    box = dialog.rules.editors["plan_zip_located"]
    assert not box.isChecked()
    box.setChecked(True)
    dialog.accept()
    assert settings.load(peek.db).plan_zip_located is True


def test_an_unexpected_parcel_is_voided_from_its_detail(qtbot, window, peek, monkeypatch):
    """Found later in the Parcels table: its detail voids it after a question (a new event);
    a manifest parcel's detail offers no such button."""
    from PySide6.QtWidgets import QMessageBox

    window.route_scan("TBA717171717171")  # a misread that looked like a real code
    assert peek.status("TBA717171717171") == ("exception", "unexpected")
    asked = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda *args: asked.append(args) or QMessageBox.StandardButton.Yes
    )
    window.parcels.open_parcel.emit("TBA717171717171")
    detail = window.dialog
    assert detail.void_button.isVisible()
    qtbot.mouseClick(detail.void_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1
    assert peek.status("TBA717171717171") == ("voided", "undo")
    assert detail.fields["Status"].text() == "voided: not a parcel (a misread scan)"
    assert not detail.void_button.isVisible()
    window.parcels.open_parcel.emit(peek.ids("status = 'received'")[0])
    assert not window.dialog.void_button.isVisible()
