"""The first-run setup window: the shop placed without a coordinate typed, drivers, staff,
printers and a test label; the demo one click away and never in the shop's file."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest
from PySide6.QtCore import QPoint, Qt

from store import drivers, settings, staff
from store.db import connect
from ui.printing.printer_output import System
from ui.setup.setup_window import Outcome, SetupWindow
from ui.setup.shop_page import ShopPage, warm_zip_table

HARRISBURG_SHOP = "4200 Derry St, Harrisburg PA 17111"


class SavedTo:
    """The save dialog, answered with a file in the test's folder."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __call__(self, _parent, _suggested: str, _kind: str) -> Path:
        return self.path


@pytest.fixture
def setup_window(qtbot, tmp_path):
    system = System(printers=lambda: [], ask_save=SavedTo(tmp_path / "test-label.pdf"))
    window = SetupWindow(tmp_path / "shop.db", system=system)
    qtbot.addWidget(window)
    window.resize(1000, 680)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_the_shop_is_placed_and_set_up_without_typing_a_coordinate(qtbot, setup_window, tmp_path):
    """Name, address, Find it (ZIP centre), a click on the map; then a driver, a staff
    member, a test label saved as PDF; Open my shop. Everything is in the shop's file."""
    w = setup_window
    qtbot.mouseClick(w.welcome.set_up, Qt.MouseButton.LeftButton)
    form = w.shop.form
    assert w.currentPage() is w.shop
    qtbot.keyClicks(form.name, "Corner Parcels")
    qtbot.keyClicks(form.address, HARRISBURG_SHOP)
    qtbot.mouseClick(form.find_button, Qt.MouseButton.LeftButton)
    assert "Approximate: the centre of ZIP 17111" in form.where.text()
    assert form.map.pin is not None
    centre = form.map.pin
    across = form.map.miles_across()
    corner = form.map.viewport().rect().center() + QPoint(30, -20)
    qtbot.mouseClick(form.map.viewport(), Qt.MouseButton.LeftButton, pos=corner)
    moved = form.map.pin
    assert moved != centre and form.where.text() == "The pin is where you clicked."
    assert form.map.miles_across() == pytest.approx(across)  # a click does not re-zoom
    assert not (tmp_path / "shop.db").exists()  # nothing written before the page is accepted
    w.next()
    assert w.currentPage() is w.street_map and (tmp_path / "shop.db").exists()
    w.next()
    editor = w.drivers.body.editor
    editor.name.setText("Dee")
    editor.capacity.setValue(40)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    w.next()
    people = w.staff.body.editor
    assert not people.remove_button.isEnabled()  # nothing chosen to remove on an empty list
    qtbot.keyClicks(people.new_name, "Sam")
    qtbot.mouseClick(people.add_button, Qt.MouseButton.LeftButton)
    w.next()
    printers = w.printers.form
    assert printers.test_on.currentText() == "Save the test label as a PDF file"
    qtbot.mouseClick(printers.test_button, Qt.MouseButton.LeftButton)
    assert "Test label saved" in printers.result.text()
    assert len(pypdfium2.PdfDocument(str(tmp_path / "test-label.pdf"))) == 1
    w.next()
    w.accept()
    assert w.outcome is Outcome.SHOP
    db = connect(tmp_path / "shop.db")
    try:
        shop = settings.load(db)
        assert (shop.name, shop.address) == ("Corner Parcels", HARRISBURG_SHOP)
        assert (shop.latitude, shop.longitude) == pytest.approx(moved, abs=1e-6)
        assert [d.name for d in drivers.all_drivers(db)] == ["Dee"]
        assert drivers.get(db, "Dee").capacity_parcels == 40
        assert staff.names(db) == ["Sam"]
    finally:
        db.conn.close()


def test_try_the_demo_never_touches_the_shops_file(qtbot, setup_window, tmp_path):
    """ "Try the demo shop first" closes the window for the demo; no shop file is made."""
    qtbot.mouseClick(setup_window.welcome.demo, Qt.MouseButton.LeftButton)
    assert setup_window.outcome is Outcome.DEMO and not setup_window.isVisible()
    assert not (tmp_path / "shop.db").exists()


def test_an_address_without_a_zip_is_explained(qtbot, setup_window):
    """Find it on an address with no ZIP code says what to add; no pin is placed."""
    setup_window.next()
    form = setup_window.shop.form
    qtbot.keyClicks(form.address, "Main Street")
    qtbot.mouseClick(form.find_button, Qt.MouseButton.LeftButton)
    assert "5-digit ZIP" in form.error.text() and form.map.pin is None


def test_the_shop_page_is_not_passed_without_a_place(qtbot, setup_window, tmp_path):
    """Next without a pin stays on the page, says why, and writes no file."""
    setup_window.next()
    form = setup_window.shop.form
    qtbot.keyClicks(form.name, "Corner Parcels")
    setup_window.next()
    assert setup_window.currentPage() is setup_window.shop
    assert "Place the shop on the map" in form.error.text()
    assert not (tmp_path / "shop.db").exists()


def test_coordinates_for_the_expert(qtbot, setup_window, tmp_path):
    """Ticking "I know the coordinates" shows two fields that move the pin."""
    setup_window.next()
    form = setup_window.shop.form
    assert not form.latitude.isVisible()
    form.expert.setChecked(True)
    assert form.latitude.isVisible()
    form.latitude.setText("40.2737")
    form.longitude.setText("-76.8011")
    form.longitude.editingFinished.emit()
    assert form.map.pin == (40.2737, -76.8011)


def test_closing_after_the_shop_page_keeps_the_shop(qtbot, setup_window, tmp_path):
    """A shop whose own page was accepted opens next time even if the rest was skipped."""
    setup_window.next()
    form = setup_window.shop.form
    form.name.setText("Corner Parcels")
    form.expert.setChecked(True)
    form.latitude.setText("40.27")
    form.longitude.setText("-76.8")
    setup_window.next()
    setup_window.reject()
    assert setup_window.outcome is Outcome.SHOP


def test_the_zip_table_is_read_in_the_background(qtbot):
    """The shop's page starts reading the ZIP codes' table as it opens (a first look-up
    reads it all, seconds on a busy PC), so "Find it" does not freeze the window."""
    page = ShopPage()
    qtbot.addWidget(page)
    assert warm_zip_table.cache_info().currsize == 1  # started once, by the page
    warming = warm_zip_table()
    warming.join(timeout=60)
    assert not warming.is_alive() and warming.name == "zip-table"
