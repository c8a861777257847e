"""The pin dialog: drag the pin onto the right house, type coordinates, or pick another
street; the fix reaches the parcel, the address book and the next import."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from store import locate, parcels
from store.manifest import import_bytes
from tests import synthetic_area as area
from ui.locating.fix_location import pin_dialog_for


def _mouse(widget, kind: QEvent.Type, at: QPoint, buttons: Qt.MouseButton) -> None:
    event = QMouseEvent(
        kind, QPointF(at), widget.mapToGlobal(QPointF(at)), Qt.MouseButton.LeftButton,
        buttons, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(widget, event)


def drag_pin(dialog, to: QPoint) -> None:
    """Press on the pin's head, move with the button held, release at `to`'s tip."""
    view = dialog.map
    tip = view.mapFromScene(view.pin.pos())
    head = tip + QPoint(0, -22)
    port = view.viewport()
    held, free = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    _mouse(port, QEvent.Type.MouseButtonPress, head, held)
    for step in range(1, 6):
        _mouse(port, QEvent.Type.MouseMove, head + (to - tip) * step / 5, held)
    _mouse(port, QEvent.Type.MouseButtonRelease, head + (to - tip), free)


def test_dragging_the_pin_fixes_the_parcel_and_the_next_import(qtbot, area_shop, actor):
    """Drag the pin of a street-precision parcel onto house 8: saved at address precision,
    kept in the address book, and a later manifest's parcel to that address is exact."""
    dialog = pin_dialog_for(area_shop, actor, "TBA200000001")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert "Approximate: on the street only" in dialog.now.text()
    assert dialog.map.streets >= 2 and dialog.map.houses >= 10
    house = area.west_main_house(8)
    target = dialog.map.mapFromScene(dialog.map.project(house.lat, house.lon))
    drag_pin(dialog, target)
    lat, lon = float(dialog.latitude.text()), float(dialog.longitude.text())
    assert abs(lat - house.lat) < 0.0002 and abs(lon - house.lon) < 0.0002
    assert dialog.how == "pin"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    parcel = parcels.get(area_shop, "TBA200000001")
    assert (parcel["location_precision"], parcel["location_source"]) == ("address", "manual")
    assert (round(parcel["latitude"], 6), round(parcel["longitude"], 6)) == (lat, lon)
    key = locate.address_key("8 Main St", area.WEST_ZIP)
    assert area_shop.conn.execute(
        "SELECT round(latitude, 6), round(longitude, 6), source FROM address_book WHERE key = ?",
        (key,),
    ).fetchone() == (lat, lon, "manual")
    import_bytes(area_shop, actor, _row("TBA200000009", "8 MAIN STREET"), "next.csv")
    again = parcels.get(area_shop, "TBA200000009")
    assert (again["location_precision"], again["location_source"]) == ("address", "address_book")


def test_typed_coordinates_move_the_pin_and_bad_ones_are_named(qtbot, area_shop, actor):
    """Typing moves the pin; a latitude of 95 is refused under the fields, nothing saved."""
    dialog = pin_dialog_for(area_shop, actor, "TBA200000002")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.latitude.setText("38.921")
    dialog.longitude.setText("-77.2555")
    dialog.longitude.editingFinished.emit()
    assert dialog.how == "typed"
    lat, lon = dialog.map.pin_position()
    assert abs(lat - 38.921) < 1e-6 and abs(lon + 77.2555) < 1e-6
    dialog.latitude.setText("95")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "latitude 95 is not between -90 and 90" in dialog.error.text()
    assert parcels.get(area_shop, "TBA200000002")["location_precision"] == "zip"


def test_picking_another_street_match(qtbot, area_shop, actor):
    """The street list offers the area's matches; picking one puts the pin there."""
    dialog = pin_dialog_for(area_shop, actor, "TBA200000001")
    qtbot.addWidget(dialog)
    assert dialog.streets.count() >= 2
    oak = next(i for i in range(1, dialog.streets.count()) if "Oak" in dialog.streets.itemText(i))
    dialog.streets.setCurrentIndex(oak)
    dialog.streets.activated.emit(oak)
    assert dialog.how == "street"
    assert abs(dialog.map.pin_position()[1] - area.OAK_LON) < 1e-6
    dialog.submit()
    parcel = parcels.get(area_shop, "TBA200000001")
    assert (parcel["location_precision"], parcel["location_source"]) == ("street", "street")


def _row(tracking_id: str, line: str) -> bytes:
    return (
        "tracking_id,recipient_name,address_line1,city,state,postal_code\n"
        f"{tracking_id},Grace,{line},Vienna,VA,{area.WEST_ZIP}\n"
    ).encode()


def _pin_in_view(dialog) -> bool:
    view = dialog.map
    return view.viewport().rect().contains(view.mapFromScene(view.pin.pos()))


def test_a_street_picked_far_away_brings_its_streets_into_view(qtbot, shop, actor):
    """The demo's ZIP-only parcel on "Maple Ave W": picking "Maple Avenue", a mile and more
    from the ZIP centre, draws the streets there and shows the pin on them, so the clerk can
    drag it onto the house; coordinates typed far away do the same."""
    dialog = pin_dialog_for(shop, actor, "TBA534439593074")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert _pin_in_view(dialog)
    maple = next(
        i
        for i in range(1, dialog.streets.count())
        if dialog.streets.itemText(i).startswith("Maple Avenue")
    )
    dialog.streets.setCurrentIndex(maple)
    dialog.streets.activated.emit(maple)
    assert dialog.how == "street"
    assert _pin_in_view(dialog)
    drawn = {item.toolTip() for item in dialog.map.scene().items() if item.toolTip()}
    assert "Maple Avenue" in drawn
    dialog.latitude.setText("40.2795")
    dialog.longitude.setText("-76.8420")
    dialog.longitude.editingFinished.emit()
    assert dialog.how == "typed" and _pin_in_view(dialog)


def test_coordinates_typed_far_away_without_a_street_map_still_show_the_pin(qtbot):
    """A shop with no street map yet: the map has only the pin, and a place typed 5 km away
    is brought into view (the scene's edge stopped the view short of it)."""
    from ui.locating.pin_map import PinMap

    view = PinMap()
    qtbot.addWidget(view)
    view.show_place((40.2737, -76.8844), None, None)
    view.show()
    qtbot.waitExposed(view)
    view.show_pin(40.3187, -76.8844)
    assert view.viewport().rect().contains(view.mapFromScene(view.pin.pos()))
    assert abs(view.pin_position()[0] - 40.3187) < 1e-6


def test_the_map_repaints_whole_when_it_scrolls(qtbot):
    """Picking a street a few hundred metres away scrolled the map, and on the X11 screen the
    scrolled pixels kept the old "© OpenStreetMap contributors" in the middle of the streets
    (the attribution is drawn where the viewport's corner is, not on the map). Offscreen Qt
    repaints everything anyway, so what is checked here is the setting that makes a scroll a
    full repaint, as on the Runs map; the screen was looked at under Xvfb."""
    from PySide6.QtWidgets import QGraphicsView

    from ui.locating.pin_map import PinMap

    view = PinMap()
    qtbot.addWidget(view)
    assert view.viewportUpdateMode() == QGraphicsView.ViewportUpdateMode.FullViewportUpdate
