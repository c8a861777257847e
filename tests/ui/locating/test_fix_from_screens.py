"""Fixing a location from the screens: the Runs map's stop, a parcel's detail, check-in."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from store import parcels
from tests import synthetic_area as area
from tests.ui.locating.test_pin_dialog import drag_pin
from ui.runs.runs_view import RunsView


def test_a_stop_dragged_on_the_runs_map_moves(qtbot, planned_area_shop, actor):
    """The street-only stop is marked approximate; F4 opens the pin, the pin goes onto house
    8, and the stop is drawn there, exact, with the run re-timed on the new point."""
    db, day = planned_area_shop
    view = RunsView(db, lambda: actor, lambda: day, iterations=50)
    qtbot.addWidget(view)
    view.resize(1300, 760)
    view.show()
    qtbot.waitExposed(view)
    [run] = view.editor.rows.runs
    stop = next(s for s in run.stops if "TBA200000001" in s.tracking_ids)
    assert stop.approximate and stop.location_note == "approximate location: street only"
    assert "≈ street only" in view.runs_model.data(
        view.runs_model.index_of_stop(stop.key).siblingAtColumn(3)
    )
    assert "≈ 1 held for a location, not planned" in view.leftovers_title.text()
    before = view.map.markers[stop.key].pos()
    view.select_stop(stop.key)
    view.actions.fix_location.trigger()
    dialog = view.pin_dialog
    qtbot.waitExposed(dialog)
    house = area.west_main_house(8)
    drag_pin(dialog, dialog.map.mapFromScene(dialog.map.project(house.lat + 0.0006, house.lon)))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    moved = next(s for r in view.editor.rows.runs for s in r.stops if s.key == stop.key)
    assert not moved.approximate and moved.precision == "address"
    assert abs(moved.lat - (house.lat + 0.0006)) < 0.0002
    assert view.map.markers[stop.key].pos() != before
    assert view.map.markers[stop.key].pos() == view.map.project(moved.lat, moved.lon)
    assert view.message.text().startswith("Location saved at its address")
    assert "its stop moved" in view.message.text()


def test_the_parcel_detail_fixes_a_held_parcel(qtbot, area_shop, actor, db_file):
    """From Parcels: the detail says "≈ approximate" (ZIP only); the pin puts the parcel at
    its address, lifts its hold and the detail says so."""
    from store.checkin import check_in
    from ui.common.session import Session
    from ui.parcels.parcel_detail import open_parcel

    check_in(area_shop, actor, "TBA200000002")  # held at the counter for its location
    session = Session.open(area_shop, db_file, actor)
    detail = open_parcel(session, "TBA200000002")
    qtbot.addWidget(detail)
    assert "≈ approximate: the ZIP code's centre only" in detail.fields["Location"].text()
    assert detail.fields["Status"].text() == "held: no location for its address"
    qtbot.mouseClick(detail.fix_button, Qt.MouseButton.LeftButton)
    dialog = detail.pin_dialog
    house = area.west_main_house(19)
    drag_pin(dialog, dialog.map.mapFromScene(dialog.map.project(house.lat, house.lon + 0.001)))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "(at its address" in detail.fields["Location"].text()
    assert detail.message.text().startswith("Location saved at its address")
    parcel = parcels.get(area_shop, "TBA200000002")
    assert (parcel["location_precision"], parcel["hold"]) == ("address", None)
    # The detail says what the message says: the parcel is on the shelf now (it went on
    # reading "held: no location for its address", its log without the new event).
    assert parcel["status"] == "received"
    assert detail.fields["Status"].text() == "on the shelf"
    last = detail.events.rowCount() - 1
    assert detail.events.index(last, 1).data() == "on the shelf"
    assert detail.events.index(last, 5).data() == "location fixed"


def test_check_in_answers_needs_location_with_the_pin(qtbot, area_shop, checkin_view):
    """Scanning the ZIP-only parcel: "needs location" with the way to fix it; F4 opens the
    pin, and once placed the parcel goes on the shelf."""
    view = checkin_view
    view.take_scan("TBA200000002")
    assert view.panel.title.text() == "No location"
    assert "put a pin on its house" in view.panel.message.text()
    assert view.pin_button.isVisible()
    qtbot.keyClick(view.scan_box, Qt.Key.Key_F4)
    dialog = view.pin_dialog
    qtbot.waitExposed(dialog)
    house = area.west_main_house(3)
    drag_pin(dialog, dialog.map.mapFromScene(dialog.map.project(house.lat, house.lon + 0.002)))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert view.panel.title.text() == "Received"
    parcel = parcels.get(area_shop, "TBA200000002")
    assert (parcel["status"], parcel["status_reason"]) == ("received", "location fixed")


def test_the_import_summary_counts_precisions_and_disagreements():
    """After an import the clerk reads how many are exact, approximate, and doubtful."""
    from store.manifest import ImportResult
    from ui.shop.import_dialogs import import_summary

    result = ImportResult(
        1, 10, [], {"needs_location": 2}, 5,
        located={"given": 3, "address": 2, "street": 3, "zip": 2}, disagreeing=1,
    )  # fmt: skip
    assert import_summary(result, "m.csv").splitlines() == [
        "10 parcels imported from m.csv.",
        "2 will be held at check-in: without a usable location (put a pin on the map).",
        "5 located at their address.",
        "3 located on their street only (approximate: marked ≈ on the runs).",
        "2 located by ZIP code only (approximate).",
        "1 with coordinates that disagree with the address (kept, flagged on the stop: check "
        "them).",
    ]


def test_an_unexpected_parcel_typed_to_a_zip_only_address_gets_its_pin(qtbot, checkin_view):
    """The typed address finds only its ZIP code (no such street on the demo's map), the
    parcel stays held, and F4 at once lets the clerk put it on the map and on the shelf."""
    view = checkin_view
    view.take_scan("TBA424242424242")
    qtbot.keyClick(view.scan_box, Qt.Key.Key_F3)
    typed = {"recipient_name": "Grace Okafor", "address_line1": "2045 Chain Bridge Rd",
             "city": "Harrisburg", "state": "PA", "postal_code": "17109"}  # fmt: skip
    for name, text in typed.items():
        qtbot.keyClicks(view.form.fields[name], text)
    qtbot.keyClick(view.form.fields["postal_code"], Qt.Key.Key_Return)
    assert view.panel.message.text() == "Address saved, still held: needs location"
    assert view.pin_button.isVisible()
    view.pin_button.click()
    dialog = view.pin_dialog
    assert dialog.map.streets > 0  # the demo's streets around the ZIP centre
    dialog.latitude.setText("40.2950")
    dialog.longitude.setText("-76.8000")
    dialog.longitude.editingFinished.emit()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert view.panel.title.text() == "Received"
    parcel = parcels.get(view._session.db, "TBA424242424242")
    assert (parcel["status"], parcel["location_precision"]) == ("received", "address")


def test_a_right_click_on_a_stop_of_the_map_offers_its_fix(qtbot, planned_area_shop, actor):
    """Right-clicking a stop marker selects that stop (not the one selected before) and the
    menu's "Fix location on the map…" opens the pin for its parcel."""
    db, day = planned_area_shop
    view = RunsView(db, lambda: actor, lambda: day, iterations=50)
    qtbot.addWidget(view)
    view.resize(1300, 760)
    view.show()
    qtbot.waitExposed(view)
    [run] = view.editor.rows.runs
    first, other = run.stops[0], run.stops[-1]
    view.select_stop(other.key)
    marker = view.map.markers[first.key]
    view.map.centerOn(marker)
    at = view.map.mapFromScene(marker.pos())
    menu = view.actions.map_menu_at(at)
    assert view.selected_key() == first.key
    assert menu.actions() == [view.actions.fix_location]
    menu.actions()[0].trigger()
    assert view.pin_dialog.windowTitle().endswith(first.tracking_ids[0])
    view.pin_dialog.reject()
    assert (
        view.actions.map_menu_at(
            view.map.mapFromScene(view.map.project(*view.editor.rows.depot)) + QPoint(300, 300)
        )
        is None
    )


def test_after_the_pin_the_answer_offers_no_more_fixes(qtbot, area_shop, checkin_view):
    """Once the pin put the parcel on the shelf, the answer no longer shows "Add address (F3)"
    and "Put a pin (F4)", and the status bar says where it was saved in plain words."""
    view = checkin_view
    messages: list[str] = []
    view.status_message.connect(messages.append)
    view.take_scan("TBA200000002")
    assert view.address_button.isVisible() and view.pin_button.isVisible()
    view.pin_button.click()
    dialog = view.pin_dialog
    qtbot.waitExposed(dialog)
    house = area.west_main_house(3)
    drag_pin(dialog, dialog.map.mapFromScene(dialog.map.project(house.lat, house.lon + 0.002)))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert view.panel.title.text() == "Received"
    assert not view.address_button.isVisible() and not view.pin_button.isVisible()
    assert messages[-1].startswith("Location saved at its address; the address book remembers")


def test_a_parcel_held_for_its_location_scanned_again_offers_the_pin(
    qtbot, area_shop, checkin_view
):
    """The clerk takes a parcel from the held pile and scans it to fix it: the answer said
    "Already scanned …; now held: no location for its address" and offered neither F3 nor
    F4 (F4 said "scan it first"). Scanned again it offers both, and F4 opens the pin."""
    view = checkin_view
    view.take_scan("TBA200000002")
    view.take_scan("TBA200000003")  # the next parcel of the delivery
    view.take_scan("TBA200000002")  # back to the held one
    assert view.panel.title.text() == "Already scanned"
    assert view.address_button.isVisible() and view.pin_button.isVisible()
    qtbot.keyClick(view.scan_box, Qt.Key.Key_F4)
    dialog = view.pin_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    house = area.west_main_house(3)
    drag_pin(dialog, dialog.map.mapFromScene(dialog.map.project(house.lat, house.lon + 0.002)))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert view.panel.title.text() == "Received"
    parcel = parcels.get(area_shop, "TBA200000002")
    assert (parcel["status"], parcel["status_reason"]) == ("received", "location fixed")
    view.take_scan("TBA200000003")  # on the shelf, scanned again: nothing to fix
    assert not view.address_button.isVisible() and not view.pin_button.isVisible()
