"""The Pickup screen, used like the clerk with a recipient at the counter."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from store import pickup, results, settings
from store.timeutil import utc_now
from tests.ui.dayplan import MORNING, plan_demo, send_out, stop_ids
from ui.pickup.pickup_view import PickupView


def search(qtbot, view, text: str) -> None:
    view.search.clear()
    qtbot.keyClicks(view.search, text)
    qtbot.keyClick(view.search, Qt.Key.Key_Return)


@pytest.fixture
def attempted(shop, session):
    """Two parcels of Dev's run back from a failed attempt (nobody home)."""
    [dev, *_] = plan_demo(shop, session.today())
    send_out(shop, dev)
    ids = [stop[0] for stop in stop_ids(shop, dev)[:2]]
    for tracking_id in ids:
        results.record_result(
            shop, MORNING, tracking_id, "attempted", reason="recipient_unavailable"
        )
    return ids


@pytest.fixture
def view(qtbot, session, focus):
    screen = PickupView(session)
    qtbot.addWidget(screen)
    screen.resize(1150, 760)
    focus(screen, screen.search)
    return screen


def test_models_pass_the_model_tester(qtmodeltester, qtbot, view, peek):
    """The parcels found and the overdue holds are sound models."""
    search(qtbot, view, peek.ids("status = 'received'")[0])
    qtmodeltester.check(view.found)
    qtmodeltester.check(view.overdue)


def test_find_by_name_and_hand_over(qtbot, view, peek):
    """A name finds the parcel on the shelf; a collector's name and Enter hand it over."""
    parcel = peek.ids("status = 'received'")[0]
    name = peek.scalar("SELECT recipient_name FROM parcels WHERE tracking_id = ?", parcel)
    search(qtbot, view, name)
    row = view.found.find(parcel)
    assert row >= 0 and view.found_note.text().startswith(f"{view.found.rowCount()} parcel")
    view.found_table.setCurrentIndex(view.found.index(row, 0))
    assert view.detail.recipient.text() == name and view.detail.hand_button.isEnabled()
    qtbot.keyClicks(view.detail.collector, "  Sam   Lee ")
    qtbot.keyClick(view.detail.collector, Qt.Key.Key_Return)
    assert peek.status(parcel) == ("picked_up", "counter")
    assert peek.scalar("SELECT handed_to FROM parcels WHERE tracking_id = ?", parcel) == "Sam Lee"
    assert view.detail.message.text() == f"Handed over to Sam Lee: {parcel} is picked up."
    assert view.found.text(row, 3) == "picked up at the counter"


def test_a_scanned_label_is_shown_ready_to_hand_over(qtbot, view, peek):
    """The scanner's path: the parcel is shown and the collector field has the focus."""
    parcel = peek.ids("status = 'received'")[1]
    view.take_scan(f"]C1{parcel.lower()}\r")
    assert view.detail.tracking.text() == parcel
    assert view.detail.collector.hasFocus()


def test_hand_over_needs_a_name(qtbot, view, peek):
    """No name: refused in red words, nothing recorded."""
    parcel = peek.ids("status = 'received'")[0]
    search(qtbot, view, parcel)
    qtbot.keyClick(view.search, Qt.Key.Key_F2)
    assert view.detail.message.text() == "write down who collects the parcel"
    assert peek.status(parcel)[0] == "received"


def test_a_parcel_out_for_delivery_cannot_be_handed_over(qtbot, view, shop, session, peek):
    """Out in a car: the hand-over button is off and the status says why."""
    [dev, *_] = plan_demo(shop, session.today())
    send_out(shop, dev)
    parcel = stop_ids(shop, dev)[0][0]
    search(qtbot, view, parcel)
    assert view.detail.status.text().startswith("out for delivery")
    assert not view.detail.hand_button.isEnabled()


def test_hold_for_pickup_shows_the_code_big(qtbot, view, attempted, peek, session):
    """F4 on an attempted parcel: its code, big, and the day the hold ends; the code finds it."""
    search(qtbot, view, attempted[0])
    assert view.detail.hold_button.isEnabled()
    # The whole status is read: it was cut at the column's edge ("… after an attempt (nobody").
    status = view.detail.status
    assert status.text() == "back on the shelf after an attempt (nobody home) · 1 attempt"
    assert status.wordWrap()
    qtbot.waitUntil(lambda: status.heightForWidth(status.width()) <= status.height())
    qtbot.keyClick(view.search, Qt.Key.Key_F4)
    code = peek.scalar("SELECT pickup_code FROM parcels WHERE tracking_id = ?", attempted[0])
    assert len(code) == 6 and view.detail.code.text() == code
    assert view.detail.code_box.isVisible() and view.detail.code.font().pointSize() >= 40
    until = session.today() + timedelta(days=5)
    assert view.detail.held_until.text() == f"Held until {until:%a %d %b} (5 days)"
    assert peek.status(attempted[0]) == ("attempted", "held_for_pickup")
    search(qtbot, view, f"{code[:3].lower()} {code[3:].lower()}")
    assert view.found.record(0).tracking_id == attempted[0]
    qtbot.keyClicks(view.detail.collector, "Ray")
    qtbot.mouseClick(view.detail.hand_button, Qt.MouseButton.LeftButton)
    assert peek.status(attempted[0]) == ("picked_up", "counter")


def test_f4_on_a_held_parcel_releases_the_hold(qtbot, view, attempted, peek):
    """Held, then the recipient wants it delivered: F4 again ends the hold; no code shows."""
    search(qtbot, view, attempted[0])
    qtbot.keyClick(view.search, Qt.Key.Key_F4)
    assert view.detail.hold_button.text() == "Release the hold: deliver it again (F4)"
    qtbot.keyClick(view.search, Qt.Key.Key_F4)
    assert peek.status(attempted[0]) == ("attempted", "hold_released")
    assert (
        peek.scalar("SELECT pickup_code FROM parcels WHERE tracking_id = ?", attempted[0]) is None
    )
    assert not view.detail.code_box.isVisible()
    assert view.detail.hold_button.text() == "Hold for pickup (F4)"
    assert view.detail.message.text() == "Hold released: it goes into the next plan for delivery."


def test_holds_past_their_limit_are_set_aside(qtbot, shop, attempted, view, peek):
    """A hold of a week ago is listed; the button sets it aside for return."""
    pickup.hold_for_pickup(shop, MORNING, attempted[1], at=utc_now() - timedelta(days=7))
    view.refresh()
    assert view.overdue.rowCount() == 1 and view.overdue.text(0, 0) == attempted[1]
    assert view.set_aside_button.text() == "Set aside 1 for return"
    qtbot.mouseClick(view.set_aside_button, Qt.MouseButton.LeftButton)
    assert peek.status(attempted[1]) == ("return_pending", "not collected in 5 days")
    assert view.overdue.rowCount() == 0 and not view.set_aside_button.isEnabled()


def test_the_collectors_id_is_checked_when_the_shop_requires_it(qtbot, view, peek, session):
    """With the setting on, Hand over refuses until "ID checked" is ticked; then the log
    records that the ID was checked."""
    settings.update(session.db, pickup_id_required=True)
    parcel = peek.ids("status = 'received'")[0]
    search(qtbot, view, parcel)
    qtbot.keyClicks(view.detail.collector, "Sam Lee")
    qtbot.mouseClick(view.detail.hand_button, Qt.MouseButton.LeftButton)
    assert view.detail.message.text().startswith("check the collector's ID first")
    assert peek.status(parcel)[0] == "received"
    qtbot.mouseClick(view.detail.id_checked, Qt.MouseButton.LeftButton)
    assert view.detail.id_checked.isChecked()
    qtbot.mouseClick(view.detail.hand_button, Qt.MouseButton.LeftButton)
    assert peek.status(parcel) == ("picked_up", "counter")
    assert (
        view.detail.message.text() == f"Handed over to Sam Lee (ID checked): {parcel} is picked up."
    )
    assert (
        peek.scalar(
            "SELECT details FROM events WHERE tracking_id = ? ORDER BY id DESC LIMIT 1", parcel
        )
        == '{"id_checked": true}'
    )


def test_a_scanned_pickup_code_shows_the_held_parcel(qtbot, view, attempted, peek):
    """A pickup code typed at scanner speed (or scanned off the recipient's phone) where a
    tracking number goes finds the held parcel."""
    code = pickup.hold_for_pickup(peek.db, MORNING, attempted[0])
    view.take_scan(code.lower())
    assert view.detail.tracking.text() == attempted[0]
    assert view.detail.code.text() == code


def test_the_shelf_is_read_whole_and_in_words_then_gone_when_handed_over(qtbot, view, peek):
    """At 1366×768 "Shelf SW-1" lost its last character at the right edge, the status read
    "received (not loaded)" in the database's words, and after the hand-over the big shelf
    stayed on screen though the parcel had left with its recipient."""
    parcel = peek.ids("status = 'received' AND zone IS NOT NULL")[0]
    zone = peek.scalar("SELECT zone FROM parcels WHERE tracking_id = ?", parcel)
    search(qtbot, view, parcel)
    detail = view.detail
    assert detail.zone.text() == f"Shelf {zone}"
    room = detail.zone.contentsRect().width()
    assert detail.zone.fontMetrics().horizontalAdvance(detail.zone.text()) <= room
    assert detail.status.text().startswith("on the shelf")
    assert view.found.text(view.found.find(parcel), 3) == "on the shelf"
    qtbot.keyClicks(detail.collector, "Sam Lee")
    qtbot.keyClick(detail.collector, Qt.Key.Key_Return)
    assert peek.status(parcel)[0] == "picked_up"
    assert detail.status.text() == "picked up at the counter"
    assert detail.zone.text() == ""


def test_a_name_typed_without_its_accents_is_found(qtbot, view, peek):
    """ "Núñez" at the counter, typed "Nunez" on a US keyboard: "No parcel found" sent the
    recipient away. Accents and case do not matter to the search; typed with them it finds
    the same parcel."""
    shelf = peek.ids("status = 'received' AND recipient_name LIKE '%ñ%'")
    assert shelf, "the demo has a Núñez on the shelf"
    name = peek.scalar("SELECT recipient_name FROM parcels WHERE tracking_id = ?", shelf[0])
    surname = name.split()[-1]
    plain = surname.replace("ú", "u").replace("ñ", "n").replace("é", "e").lower()
    assert plain.isascii() and plain != surname
    search(qtbot, view, plain)
    assert view.found.find(shelf[0]) >= 0
    search(qtbot, view, surname.upper())
    assert view.found.find(shelf[0]) >= 0
