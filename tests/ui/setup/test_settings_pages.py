"""Shop › Settings shows the setup window's pages; the straight-line estimate's speed and
detour factor only while no street map is loaded."""

from __future__ import annotations

import pytest

from store import settings
from ui.setup import area_link
from ui.setup.rules_page import RulesPage
from ui.shop.settings_dialog import SettingsDialog


def test_settings_show_the_setup_pages_as_tabs(qtbot, shop):
    """Shop, street map, working rules, printers, drivers and staff: one tab each."""
    dialog = SettingsDialog(shop)
    qtbot.addWidget(dialog)
    tabs = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert tabs == ["Shop", "Street map", "Working rules", "Printers", "Drivers", "Staff"]
    assert dialog.shop.name.text() == settings.load(shop).name


def test_speed_and_detour_show_only_without_a_street_map(qtbot):
    """Without a street map the estimate's speed and detour factor are there; with one, not."""
    without = RulesPage(street_map_loaded=False)
    with_map = RulesPage(street_map_loaded=True)
    qtbot.addWidget(without)
    qtbot.addWidget(with_map)
    assert {"speed_mph", "circuity"} <= set(without.editors)
    assert not {"speed_mph", "circuity"} & set(with_map.editors)


def test_settings_follow_the_street_map_state(qtbot, shop, monkeypatch):
    """The settings dialog asks the street map whether it is loaded."""
    monkeypatch.setattr(area_link, "state", lambda _db: area_link.AreaState(True, "Loaded."))
    dialog = SettingsDialog(shop)
    qtbot.addWidget(dialog)
    assert "circuity" not in dialog.rules.editors


def test_a_rule_is_saved_and_a_bad_one_refused_next_to_it(qtbot, shop):
    """Attempts before return: 5 is saved; 50 is refused on the rules tab, nothing saved."""
    dialog = SettingsDialog(shop)
    qtbot.addWidget(dialog)
    dialog.rules.editors["max_attempts"].setText("50")
    dialog.accept()
    assert dialog.tabs.currentIndex() == 2
    assert "1 to 20" in dialog.rules.errors["max_attempts"].text()
    assert settings.load(shop).max_attempts == 3
    dialog.rules.editors["max_attempts"].setText("5")
    dialog.accept()
    assert settings.load(shop).max_attempts == 5


def test_find_it_places_the_shop_on_the_areas_streets(qtbot, shop, tmp_path):
    """With the area's address index, Find it puts the pin on the house (not the ZIP's
    centre), and the map draws the area's streets under it."""
    from tests import synthetic_area as area

    area.install(shop, tmp_path)
    dialog = SettingsDialog(shop)
    qtbot.addWidget(dialog)
    form = dialog.shop
    assert form.map.streets_shown
    form.address.setText(f"5 Main St, Eastville VA {area.EAST_ZIP}")
    form.locate_address()
    house = next(h for h in area.houses() if h.street == "Main Street" and h.number == 5
                 and h.postcode == area.EAST_ZIP)  # fmt: skip
    assert form.where.text().startswith("Found on the area's streets")
    assert form.map.pin == pytest.approx((house.lat, house.lon), abs=2e-4)
