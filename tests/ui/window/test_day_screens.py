"""The day's screens in the main window: listed after Parcels, and the USB scanner goes to the
screen on show (a burst never presses the Results screen's letter keys)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from store import returns
from tests.ui.dayplan import MORNING, load_all, plan_demo, send_out, stop_ids


def page(window, title: str):
    return dict(window.pages)[title]


def burst(qtbot, widget, code: str) -> None:
    """What a USB scanner types: the code at scanner speed, then Enter."""
    qtbot.keyClicks(widget, code)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


@pytest.fixture
def run_ids(shop, session):
    return plan_demo(shop, session.today())


def test_ctrl_6_opens_dispatch_and_a_scan_loads_the_car(qtbot, window, shop, run_ids, peek):
    """On Dispatch, the scanner loads the parcel into the chosen run's car."""
    qtbot.keyClick(window.checkin.scan_box, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    dispatch = page(window, "Dispatch")
    assert window.stack.currentWidget() is dispatch and dispatch.scan_box.hasFocus()
    parcel = stop_ids(shop, run_ids[0])[0][0]
    burst(qtbot, dispatch.scan_box, parcel)
    assert dispatch.band.title.text() == "Loaded"
    assert dispatch.scan_box.text() == ""
    assert peek.scalar("SELECT count(*) FROM run_loads WHERE tracking_id = ?", parcel) == 1


def test_a_scan_on_results_opens_the_parcel_and_records_nothing(
    qtbot, window, shop, run_ids, peek, key_clock
):
    """A tracking number full of result letters, scanned on Results: opened, not recorded;
    a person's D afterwards records it."""
    send_out(shop, run_ids[0])
    parcel = stop_ids(shop, run_ids[0])[0][0]
    results = page(window, "Results")
    window.show_page(results)
    assert results.stops_table.hasFocus()
    burst(qtbot, results.stops_table, f"]C1{parcel}DABRHX")
    assert results.band.outcome == "error"  # not one of our parcels: nothing happened
    burst(qtbot, results.stops_table, parcel)
    assert results.band.title.text() == "Back at the counter"
    assert peek.status(parcel)[0] == "out_for_delivery"
    key_clock.step = 0.2  # a person
    qtbot.keyClick(results.parcels_table, "d")
    qtbot.waitUntil(lambda: peek.status(parcel)[0] == "delivered")
    assert results.band.title.text() == "Delivered"


def test_scans_on_pickup_and_returns_go_to_them(qtbot, window, shop, peek, focus):
    """Pickup's search box searches what the scanner typed in it and shows that parcel;
    Returns returns a parcel set aside."""
    on_shelf, aside = peek.ids("status = 'received'")[:2]
    pickup = page(window, "Pickup")
    window.show_page(pickup)
    focus(window, pickup.search)
    burst(qtbot, pickup.search, on_shelf)
    assert pickup.detail.tracking.text() == on_shelf and pickup.search.text() == on_shelf
    returns.set_aside(shop, MORNING, aside, "damaged")
    returns_page = page(window, "Returns")
    window.show_page(returns_page)
    focus(window, returns_page.scan_box)
    burst(qtbot, returns_page.scan_box, aside)
    assert returns_page.band.title.text() == "Returned to the carrier"
    assert peek.status(aside)[0] == "returned"


def test_a_scan_on_end_of_day_goes_to_check_in(qtbot, window, shop, run_ids, peek):
    """End of day takes no scans: the parcel is answered on Check-in."""
    load_all(shop, run_ids[0])
    end = page(window, "End of day")
    window.show_page(end)
    window.route_scan(peek.ids("status = 'expected' AND hold IS NULL")[0])
    assert window.stack.currentWidget() is window.checkin
    assert window.checkin.panel.title.text() == "Received"
