"""The check-in screen, used like the clerk: type or scan, Enter, read the answer, check the log."""

from __future__ import annotations

import csv
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from store import events
from store.errors import DatabaseUnavailable
from ui.checkin.checkin_models import MissingModel, ScanEntry, ScanHistoryModel

EXPECTED = "status = 'expected' AND hold IS NULL"


def scan(qtbot, view, code: str) -> None:
    """Type a code into the scan box and press Enter, as a clerk does by hand."""
    qtbot.keyClicks(view.scan_box, code)
    qtbot.keyClick(view.scan_box, Qt.Key.Key_Return)


def test_scan_box_is_focused_on_open(checkin_view):
    """The clerk can scan at once: the scan box has the focus."""
    assert checkin_view.scan_box.hasFocus()


def test_received_parcel_shows_its_zone(qtbot, checkin_view, peek, sounds):
    """An expected parcel is received: its zone shows huge, it leaves the missing list."""
    parcel = peek.ids(EXPECTED)[0]
    zone = peek.scalar("SELECT zone FROM parcels WHERE tracking_id = ?", parcel)
    missing_before = checkin_view.missing.rowCount()
    received_before = int(checkin_view.progress.received.text())
    scan(qtbot, checkin_view, parcel.lower() + "  ")
    panel = checkin_view.panel
    assert (panel.title.text(), panel.zone.text(), panel.tracking.text()) == (
        "Received",
        zone,
        parcel,
    )
    assert panel.zone.isVisible() and panel.zone.font().pointSize() >= 96
    assert checkin_view.scan_box.text() == ""
    assert peek.status(parcel) == ("received", None)
    assert parcel not in checkin_view.missing.tracking_ids()
    assert checkin_view.missing.rowCount() == missing_before - 1
    assert int(checkin_view.progress.received.text()) == received_before + 1
    assert sounds.played == ["received"]
    assert checkin_view.history.entry(0).code == parcel


def test_duplicate_says_when_and_who(qtbot, checkin_view, peek, sounds):
    """A second scan is a duplicate naming the first scan's time, person and counter."""
    parcel = peek.ids("status = 'received'")[0]
    scan(qtbot, checkin_view, parcel)
    assert checkin_view.panel.title.text() == "Already scanned"
    assert "by Ana (Counter 1)" in checkin_view.panel.message.text()
    assert peek.scalar("SELECT count(*) FROM events WHERE tracking_id = ?", parcel) == 2
    assert sounds.played == ["duplicate"]


def test_every_outcome_has_its_own_sound(qtbot, checkin_view, peek, sounds):
    """Received, duplicate, unexpected, unreadable, out of zone, damaged and undone each
    ask for a different sound."""
    first, second = peek.ids(EXPECTED)[:2]
    scan(qtbot, checkin_view, first)
    scan(qtbot, checkin_view, first)
    scan(qtbot, checkin_view, "TBA000000000001")
    scan(qtbot, checkin_view, "#!?")
    scan(qtbot, checkin_view, peek.ids("hold = 'out_of_zone' AND status = 'expected'")[0])
    scan(qtbot, checkin_view, second)
    qtbot.keyClick(checkin_view.scan_box, Qt.Key.Key_F8)
    qtbot.keyClick(checkin_view.scan_box, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert sounds.played == [
        "received",
        "duplicate",
        "unexpected",
        "unreadable",
        "out_of_zone",
        "received",
        "damaged",
        "undone",
    ]
    titles = [checkin_view.history.entry(row).outcome for row in range(8)]
    assert titles[::-1] == [
        "received",
        "duplicate",
        "unexpected",
        "unreadable",
        "out_of_zone",
        "received",
        "damaged",
        "undone",
    ]


def test_unreadable_scan_records_nothing_but_the_scan(qtbot, checkin_view, peek):
    """Garbage is answered as unreadable; no parcel or event appears."""
    parcels_before = peek.scalar("SELECT count(*) FROM parcels")
    events_before = peek.scalar("SELECT count(*) FROM events")
    scan(qtbot, checkin_view, "@@@")
    assert checkin_view.panel.title.text() == "Unreadable"
    assert checkin_view.history.entry(0).code == "(unreadable)"
    assert peek.scalar("SELECT count(*) FROM parcels") == parcels_before
    assert peek.scalar("SELECT count(*) FROM events") == events_before
    assert peek.scalar("SELECT outcome FROM scans ORDER BY id DESC LIMIT 1") == "unreadable"


def test_out_of_zone_is_held(qtbot, checkin_view, peek):
    """A parcel outside the radius is held for the carrier, said in its own words."""
    parcel = peek.ids("hold = 'out_of_zone' AND status = 'expected'")[0]
    scan(qtbot, checkin_view, parcel)
    assert checkin_view.panel.title.text() == "Outside the area"
    assert not checkin_view.panel.zone.isVisible()
    assert peek.status(parcel) == ("exception", "out_of_zone")
    assert parcel not in checkin_view.missing.tracking_ids()


def test_unexpected_parcel_gets_an_address_and_a_shelf(qtbot, checkin_view, peek):
    """An unknown parcel is held; F3 opens the form; a valid address puts it on a shelf."""
    scan(qtbot, checkin_view, "TBA424242424242")
    assert checkin_view.panel.title.text() == "Not on the manifest"
    assert checkin_view.address_button.isVisible()
    assert peek.status("TBA424242424242") == ("exception", "unexpected")
    qtbot.keyClick(checkin_view.scan_box, Qt.Key.Key_F3)
    form = checkin_view.form
    assert form.isVisible() and "held" in form.intro.text()
    for name, text in (
        ("recipient_name", "Grace Okafor"),
        ("address_line1", "1280 Hampton Hill Ct"),  # in the demo's address book
        ("city", "Harrisburg"),
        ("state", "PA"),
        ("postal_code", "17111"),
    ):
        qtbot.keyClicks(form.fields[name], text)
    qtbot.keyClick(form.fields["postal_code"], Qt.Key.Key_Return)
    assert not form.isVisible()
    assert checkin_view.panel.title.text() == "Received"
    zone = peek.scalar("SELECT zone FROM parcels WHERE tracking_id = 'TBA424242424242'")
    assert zone and checkin_view.panel.zone.text() == zone
    assert peek.status("TBA424242424242") == ("received", "address added")
    assert checkin_view.scan_box.hasFocus()
    latest = checkin_view.history.entry(0)  # the session list no longer says "Not on the manifest"
    assert (latest.code, latest.outcome) == ("TBA424242424242", "received")
    assert checkin_view.history.data(checkin_view.history.index(0, 2)) == "✔ Received"
    assert checkin_view.history.data(checkin_view.history.index(0, 3)) == (
        f"address added · shelf {zone}"
    )


def test_an_unexpected_parcel_put_on_a_shelf_is_no_longer_counted_held(qtbot, checkin_view):
    """The count "1 of them not on the manifest" is of held parcels: once F3 gives one an
    address and a shelf, the held count and its "not on the manifest" part both go down."""
    progress = checkin_view.progress
    held, unexpected = int(progress.exceptions.text()), int(progress.unexpected.text())
    scan(qtbot, checkin_view, "TBA434343434343")
    assert (int(progress.exceptions.text()), int(progress.unexpected.text())) == (
        held + 1,
        unexpected + 1,
    )
    qtbot.keyClick(checkin_view.scan_box, Qt.Key.Key_F3)
    form = checkin_view.form
    for name, text in (
        ("recipient_name", "Grace Okafor"),
        ("address_line1", "1280 Hampton Hill Ct"),
        ("city", "Harrisburg"),
        ("state", "PA"),
        ("postal_code", "17111"),
    ):
        qtbot.keyClicks(form.fields[name], text)
    qtbot.keyClick(form.fields["postal_code"], Qt.Key.Key_Return)
    assert checkin_view.panel.title.text() == "Received"
    assert (int(progress.exceptions.text()), int(progress.unexpected.text())) == (
        held,
        unexpected,
    )


def test_bad_zip_is_named_next_to_its_field(qtbot, checkin_view, peek):
    """A refused ZIP code is explained beside the ZIP field; the parcel stays held."""
    scan(qtbot, checkin_view, "TBA515151515151")
    checkin_view.address_button.click()
    form = checkin_view.form
    for name, text in (
        ("recipient_name", "Ann Lee"),
        ("address_line1", "1 Main St"),
        ("city", "Vienna"),
        ("state", "VA"),
        ("postal_code", "ABCDE"),
    ):
        form.fields[name].setText(text)
    form.save_button.click()
    assert form.isVisible()
    assert "ZIP" in form.errors["postal_code"].text()
    assert form.errors["postal_code"].isVisible()
    assert peek.status("TBA515151515151") == ("exception", "unexpected")
    qtbot.keyClick(form.fields["city"], Qt.Key.Key_Escape)
    assert not form.isVisible()


def test_f8_marks_the_last_parcel_damaged(qtbot, checkin_view, peek):
    """F8 after a scan holds that parcel as damaged (a new event)."""
    parcel = peek.ids(EXPECTED)[0]
    scan(qtbot, checkin_view, parcel)
    assert parcel in checkin_view.damaged_button.text()
    qtbot.keyClick(checkin_view.scan_box, Qt.Key.Key_F8)
    assert checkin_view.panel.title.text() == "Damaged"
    assert peek.status(parcel) == ("exception", "damaged")
    assert [str(e.status) for e in events.history(peek.db, parcel)] == [
        "expected",
        "received",
        "exception",
    ]


def test_f8_before_any_scan_explains(qtbot, checkin_view, sounds):
    """F8 with nothing scanned tells the clerk to scan first, and records nothing."""
    checkin_view.mark_damaged()
    assert checkin_view.panel.title.text() == "Not recorded"
    assert "Scan the damaged parcel first" in checkin_view.panel.message.text()
    assert sounds.played == ["error"]


def test_undo_is_a_new_event_and_the_parcel_is_missing_again(qtbot, checkin_view, peek):
    """Ctrl+Z (or the button) takes the check-in back with an event; the log keeps both."""
    parcel = peek.ids(EXPECTED)[0]
    scan(qtbot, checkin_view, parcel)
    checkin_view.undo_button.click()
    assert checkin_view.panel.title.text() == "Scan undone"
    assert peek.status(parcel) == ("expected", "undo")
    assert [(str(e.status), e.staff) for e in events.history(peek.db, parcel)] == [
        ("expected", "Ana"),
        ("received", "Ben"),
        ("expected", "Ben"),
    ]
    assert parcel in checkin_view.missing.tracking_ids()
    assert not checkin_view.undo_button.isEnabled()


def test_ctrl_z_after_f8_undoes_the_damaged_mark_only(qtbot, checkin_view, peek):
    """Scan, F8, Ctrl+Z: the parcel is on its shelf again (still checked in, not missing);
    a second Ctrl+Z takes the check-in back."""
    parcel = peek.ids(EXPECTED)[0]
    zone = peek.scalar("SELECT zone FROM parcels WHERE tracking_id = ?", parcel)
    scan(qtbot, checkin_view, parcel)
    qtbot.keyClick(checkin_view.scan_box, Qt.Key.Key_F8)
    assert checkin_view.undo_button.text() == f"Undo damaged mark of {parcel} (Ctrl+Z)"
    qtbot.keyClick(checkin_view.scan_box, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert peek.status(parcel) == ("received", "undo")
    assert (
        checkin_view.panel.message.text()
        == f"Damaged mark undone: on the shelf again, shelf {zone}"
    )
    assert parcel not in checkin_view.missing.tracking_ids()
    assert [str(e.status) for e in events.history(peek.db, parcel)] == [
        "expected",
        "received",
        "exception",
        "received",
    ]
    assert checkin_view.undo_button.text() == f"Undo {parcel} (Ctrl+Z)"
    qtbot.keyClick(checkin_view.scan_box, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert peek.status(parcel) == ("expected", "undo")
    assert parcel in checkin_view.missing.tracking_ids()


def test_a_duplicate_scan_shows_where_the_parcel_already_is(qtbot, checkin_view, peek):
    """The second scan of a parcel: "Already scanned", and its shelf zone big."""
    parcel = peek.ids(EXPECTED)[0]
    zone = peek.scalar("SELECT zone FROM parcels WHERE tracking_id = ?", parcel)
    scan(qtbot, checkin_view, parcel)
    scan(qtbot, checkin_view, parcel)
    panel = checkin_view.panel
    assert panel.title.text() == "Already scanned"
    assert panel.zone.isVisible() and panel.zone.text() == zone
    assert panel.message.text().endswith("now on the shelf")


def test_undo_of_an_unexpected_parcel_voids_it(qtbot, checkin_view, peek):
    """Ctrl+Z after a misread made an unexpected parcel: voided (a new event), not missing."""
    unexpected_before = int(
        peek.scalar("SELECT count(*) FROM parcels WHERE manifest_id IS NULL AND status != 'voided'")
    )
    missing_before = checkin_view.missing.rowCount()
    scan(qtbot, checkin_view, "TBA616161616161")
    qtbot.keyClick(checkin_view.scan_box, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert checkin_view.panel.title.text() == "Scan undone"
    assert "voided" in checkin_view.panel.message.text()
    assert peek.status("TBA616161616161") == ("voided", "undo")
    assert checkin_view.missing.rowCount() == missing_before
    assert (
        peek.scalar("SELECT count(*) FROM parcels WHERE manifest_id IS NULL AND status != 'voided'")
        == unexpected_before
    )


def test_garbage_read_is_unreadable_and_creates_nothing(qtbot, checkin_view, peek, sounds):
    """A misread that looks like no tracking number the shop receives: scan again, no parcel."""
    before = peek.scalar("SELECT count(*) FROM parcels")
    scan(qtbot, checkin_view, "FUZZ00")
    assert checkin_view.panel.title.text() == "Unreadable"
    assert "scan again" in checkin_view.panel.message.text()
    assert sounds.played[-1] == "unreadable"
    assert peek.scalar("SELECT count(*) FROM parcels") == before


def test_an_ambiguous_scan_asks_which_parcel(qtbot, checkin_view, shop, peek, sounds):
    """A long FedEx code both of whose tails are parcels: the clerk picks, that one is in."""
    from store.manifest import import_bytes
    from tests.store.conftest import manifest_bytes

    def near_the_demo_shop(tracking_id: str, name: str) -> str:
        return f"{tracking_id},{name},1500 Cornerside Blvd,Harrisburg,PA,17111,40.2810,-76.8000"

    day = checkin_view._session.today()
    rows = manifest_bytes(
        near_the_demo_shop("678901234567890", "Ana Ortiz"),
        near_the_demo_shop("901234567890", "Ben Wu"),
    )
    import_bytes(shop, checkin_view._session.actor, rows, "fedex.csv", day)
    scan(qtbot, checkin_view, "9612345678901234567890")
    assert checkin_view.panel.title.text() == "Which parcel?"
    assert sounds.played[-1] == "ambiguous"
    dialog = checkin_view.choice
    qtbot.waitExposed(dialog)
    assert [dialog.list.item(i).text() for i in range(dialog.list.count())] == [
        "678901234567890  ·  Ana Ortiz, 1500 Cornerside Blvd",
        "901234567890  ·  Ben Wu, 1500 Cornerside Blvd",
    ]
    qtbot.keyClick(dialog.list, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    assert checkin_view.panel.title.text() == "Received"
    assert peek.status("901234567890")[0] == "received"
    assert peek.status("678901234567890")[0] == "expected"
    qtbot.waitUntil(checkin_view.scan_box.hasFocus)  # ready for the next parcel


def test_database_failure_is_shown_not_raised(qtbot, checkin_view, monkeypatch, sounds):
    """When the file is locked, the clerk reads it in words and hears the error sound."""

    def locked(*_args, **_kwargs):
        raise DatabaseUnavailable("shop.db is in use by another program and stayed locked")

    monkeypatch.setattr("store.checkin.check_in", locked)
    scan(qtbot, checkin_view, "TBA123123123123")
    assert checkin_view.panel.title.text() == "Not recorded"
    assert "locked" in checkin_view.panel.message.text()
    assert sounds.played == ["error"]


def test_scanner_burst_of_ten_loses_nothing(qtbot, checkin_view, scanner, peek):
    """Ten scans in a row through the scanner capture: ten answers, ten parcels received."""
    scanner.scanned.connect(checkin_view.take_scan)
    batch = peek.ids(EXPECTED)[:10]
    for parcel in batch:
        qtbot.keyClicks(checkin_view.scan_box, parcel)
        qtbot.keyClick(checkin_view.scan_box, Qt.Key.Key_Return)
    assert checkin_view.history.rowCount() == 10
    assert [peek.status(parcel)[0] for parcel in batch] == ["received"] * 10
    assert peek.scalar("SELECT count(*) FROM scans WHERE staff = 'Ben'") == 10
    assert checkin_view.scan_box.text() == ""


def test_discrepancy_report_lists_missing_and_held(
    qtbot, checkin_view, peek, tmp_path, monkeypatch
):
    """The report button writes a CSV of the day's missing and held parcels."""
    target = tmp_path / "report.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    scan(qtbot, checkin_view, "TBA717171717171")
    checkin_view.report_button.click()
    with target.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    categories = [row["category"] for row in rows]
    assert categories.count("missing") == checkin_view.missing.rowCount()
    assert {"unexpected", "out_of_zone", "needs_location"} <= set(categories)
    assert categories == sorted(
        categories, key=["missing", "unexpected", "out_of_zone", "needs_location"].index
    )


def test_models_pass_the_model_tester(qtmodeltester):
    """The history and missing-list models behave as Qt expects, through their changes."""
    history = ScanHistoryModel(limit=3)
    missing = MissingModel()
    qtmodeltester.check(history)
    qtmodeltester.check(missing)
    for number in range(5):
        history.add(ScanEntry("10:00:00", f"TBA{number}", "received", "shelf N-1"))
    missing.reset([{"tracking_id": t, "recipient_name": "A"} for t in ("B", "D", "C")])
    missing.remove("C")
    missing.put_back({"tracking_id": "A", "recipient_name": "Z"})
    qtmodeltester.check(history)
    qtmodeltester.check(missing)
    assert history.rowCount() == 3 and history.entry(0).code == "TBA4"
    assert missing.tracking_ids() == ["A", "B", "D"]


@pytest.mark.parametrize("code", ["", "   "])
def test_empty_enter_does_nothing(qtbot, checkin_view, peek, code):
    """Enter on an empty box is not a scan."""
    before = peek.scalar("SELECT count(*) FROM scans")
    scan(qtbot, checkin_view, code)
    assert peek.scalar("SELECT count(*) FROM scans") == before
    assert checkin_view.history.rowCount() == 0


def test_a_new_day_starts_a_new_list(qtbot, checkin_view, session, peek):
    """After midnight the next scan shows the new day's counts and missing list (empty here)."""
    tomorrow = session.now() + timedelta(days=1)
    session.now = lambda: tomorrow
    scan(qtbot, checkin_view, peek.ids("status = 'received'")[0])
    assert checkin_view.missing.rowCount() == 0
    assert checkin_view.progress.expected.text() == "checked in of 0 expected"


def test_parcels_marked_missing_are_counted_apart_in_the_list_title(qtbot, checkin_view, peek,
                                                                      session):  # fmt: skip
    """After the end of day marked the rest missing, the column read "0 not arrived yet" above
    "Not arrived yet: 72" (the list keeps missing parcels: one may still turn up). The title
    agrees with the figure and says what the rows are; a missing parcel that turns up leaves."""
    from store import end_of_day
    from store.events import Actor

    marked = end_of_day.mark_missing(session.db, Actor("Ana", "Counter 1"), session.today())
    assert marked
    checkin_view.refresh()
    day = checkin_view.day
    assert day.progress.missing.text() == "0"
    assert day.missing_title.text() == f"Not arrived yet: 0 · marked missing: {len(marked)}"
    checkin_view.take_scan(marked[0])
    assert day.missing_title.text() == f"Not arrived yet: 0 · marked missing: {len(marked) - 1}"
