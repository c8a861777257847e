"""Shop › Settings shows the setup window's pages; the straight-line estimate's speed and
detour factor only while no street map is loaded."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from store import area, settings
from store.db import connect
from tests.osm_world import world_shop
from ui.setup.rules_page import RulesPage
from ui.shop.settings_dialog import SettingsDialog


def test_settings_show_the_setup_pages_as_tabs(qtbot, shop):
    """Shop, street map, working rules, printers, drivers and staff: one tab each."""
    dialog = SettingsDialog(shop)
    qtbot.addWidget(dialog)
    tabs = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert tabs == ["Shop", "Street map", "Working rules", "Printers", "Drivers", "Staff"]
    assert dialog.shop.name.text() == settings.load(shop).name


STRAIGHT_LINE = {"speed_mph", "circuity"}


def shown_rules(page: RulesPage) -> set[str]:
    """The rules a person sees on the page (and that Save reads)."""
    return {name for name, editor in page.editors.items() if editor.isVisibleTo(page)}


def test_speed_and_detour_show_only_without_a_street_map(qtbot):
    """Without a street map the estimate's speed and detour factor are there and saved;
    with one, they are neither shown nor saved."""
    without = RulesPage(street_map_loaded=False)
    with_map = RulesPage(street_map_loaded=True)
    for page in (without, with_map):
        qtbot.addWidget(page)
        page.load(settings.ShopSettings())
    assert shown_rules(without) >= STRAIGHT_LINE and set(without.values()) >= STRAIGHT_LINE
    assert without.straight_line_note.isVisibleTo(without)
    assert not STRAIGHT_LINE & shown_rules(with_map)
    assert not STRAIGHT_LINE & set(with_map.values())
    assert not with_map.straight_line_note.isVisibleTo(with_map)
    assert "max_attempts" in shown_rules(with_map)


def test_the_demo_shop_with_its_street_map_has_no_detour_factor(qtbot, shop):
    """The demo shop plans on its imported Harrisburg streets: Settings hides the rows."""
    assert area.status(shop).usable
    dialog = SettingsDialog(shop)
    qtbot.addWidget(dialog)
    assert dialog.street_map.loaded
    assert not STRAIGHT_LINE & shown_rules(dialog.rules)


def test_a_map_imported_in_settings_hides_the_detour_factor(qtbot, tmp_path, world_file):
    """A shop on straight lines shows speed and detour; once a street map is imported on
    the Street map tab they go, the streets appear under the pin, and Save keeps the
    stored speed untouched."""
    db = connect(tmp_path / "shop.db")
    try:
        world_shop(db)
        dialog = SettingsDialog(db, choose_map_file=lambda: world_file)
        qtbot.addWidget(dialog)
        assert shown_rules(dialog.rules) >= STRAIGHT_LINE
        assert not dialog.shop.map.streets_shown
        save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
        with qtbot.waitSignal(dialog.street_map.imported, timeout=120_000):
            dialog.street_map.import_button.click()
            assert not save.isEnabled()  # Save waits for the import
        assert save.isEnabled()
        assert not STRAIGHT_LINE & shown_rules(dialog.rules)
        assert dialog.shop.map.streets_shown
        dialog.rules.editors["speed_mph"].setText("not read")  # hidden: never read
        dialog.accept()
        assert dialog.result() == QDialog.DialogCode.Accepted
        assert settings.load(db).speed_mph == settings.ShopSettings().speed_mph
    finally:
        db.conn.close()


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
