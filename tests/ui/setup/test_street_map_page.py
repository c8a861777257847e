"""The street map page of the setup window (and of Shop › Settings): a real OpenStreetMap
extract imported with progress, the shop's typed address then found on its streets and the
pin map drawing them; Cancel keeps the map in use; a file that is not a map is refused in a
sentence."""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path

import pytest
import sqlite_utils
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from store import area, locate, settings
from store.db import connect
from tests.ui.runs_fixtures import OFFSCREEN_NOISE
from ui.printing.printer_output import System
from ui.setup.setup_window import SetupWindow
from ui.setup.street_map_page import StreetMapPage

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)

#: Derry Street runs through the Harrisburg extract; house 4200 is not among its few
#: address points, so the shop is placed on the street itself.
HARRISBURG_SHOP = "4200 Derry St, Harrisburg PA 17111"
IMPORT_TIMEOUT_MS = 180_000


@pytest.fixture
def harrisburg() -> Path:
    """The real extract the demo ships (429 KB of Harrisburg's eastern suburbs)."""
    with resources.as_file(resources.files("store") / "streetmaps" / "harrisburg.osm.pbf") as path:
        yield path


def test_the_setup_window_imports_a_real_map_and_finds_the_shop_on_it(
    qtbot, tmp_path, harrisburg, caplog
):
    """Shop placed at its ZIP's centre; the street map page imports Harrisburg with progress
    (Next waits meanwhile); the shop page then finds the typed address on Derry Street, the
    pin map draws the streets, and the new place is what the shop file keeps."""
    caplog.set_level(logging.INFO)
    window = SetupWindow(
        tmp_path / "shop.db",
        system=System(printers=lambda: []),
        choose_map_file=lambda: harrisburg,
    )
    qtbot.addWidget(window)
    window.show()
    window.next()
    form = window.shop.form
    form.name.setText("Corner Parcels")
    form.address.setText(HARRISBURG_SHOP)
    qtbot.mouseClick(form.find_button, Qt.MouseButton.LeftButton)
    assert form.where.text().startswith("Approximate: the centre of ZIP 17111")
    assert not form.map.streets_shown
    window.next()
    page = window.street_map.body
    assert window.currentPage() is window.street_map and page is not None
    assert page.status.text().startswith("<b>No street map yet")
    steps: list[str] = []
    page.importer.progressed.connect(lambda label, _fraction: steps.append(label))
    next_button = window.button(QWizard.WizardButton.NextButton)
    with qtbot.waitSignal(page.imported, timeout=IMPORT_TIMEOUT_MS):
        qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
        assert page.cancel_button.isVisible() and page.progress.isVisible()
        assert not next_button.isEnabled()  # Next waits for the import
    assert next_button.isEnabled() and not page.progress.isVisible()
    assert {"Cutting out the shop's area", "Building the road network"} <= set(steps)
    assert page.status.text().startswith("<b>Street map: harrisburg.osm.pbf")
    assert "street map imported: harrisburg.osm.pbf" in caplog.text  # the log says so
    assert "address was found on these streets" in page.message.text()
    window.back()  # as the page says: Back shows the shop on the streets
    assert window.currentPage() is window.shop
    assert form.where.text().startswith("Found on the area's streets: Derry Street")
    assert form.map.streets_shown and form.whole_radius.isVisible()
    assert form.map.names_shown[0] == "Derry Street"  # close up, with names; the shop's first
    assert form.map.emphasised  # Derry Street drawn darker
    form.whole_radius.setChecked(True)
    assert form.map.miles_across() > 2 * 10 and not form.map.names_shown
    form.whole_radius.setChecked(False)
    assert form.map.miles_across() < 4 and form.map.names_shown
    db = window.db
    assert db is not None
    derry = locate.Locator(db).locate("4200 Derry St", "17111", "Harrisburg")
    assert derry.source == "street" and derry.point is not None
    assert form.map.pin == pytest.approx(derry.point, abs=1e-6)
    kept = settings.load(db)
    assert (kept.latitude, kept.longitude) == pytest.approx(derry.point, abs=1e-6)
    assert area.status(db).usable  # the shop's new place is inside the area cut
    window.next()
    window.next()
    assert window.currentPage() is window.drivers


@pytest.fixture
def world_page(qtbot, world_db: sqlite_utils.Database):
    """The street map page over the world's shop, whose street map is already imported."""

    def page(source: Path) -> StreetMapPage:
        made = StreetMapPage(lambda: world_db, choose_file=lambda: source)
        qtbot.addWidget(made)
        made.show()
        return made

    return page


def test_cancel_keeps_the_street_map_in_use(qtbot, world_db, world_page, world_file):
    """Import another map and Cancel: the map in use stays, the page says so, the buttons
    come back; no half-built folder is left beside the shop file."""
    before = area.status(world_db)
    assert before.usable
    page = world_page(world_file)
    with qtbot.waitSignal(page.importer.done, timeout=IMPORT_TIMEOUT_MS):
        qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    assert page.message.text() == (
        "Not imported: the import was cancelled. The street map in use is unchanged."
    )
    assert area.status(world_db) == before
    assert page.import_button.isEnabled() and not page.cancel_button.isVisible()
    assert page.import_button.text() == "Import another…"
    root = before.area.folder.parent
    assert [entry.name for entry in root.iterdir()] == [before.area.folder.name]


@pytest.mark.parametrize(
    ("name", "content", "sentence"),
    [
        (
            "texas.osm.pbf",
            b"<html>404 Not Found</html>",
            "texas.osm.pbf is not an OpenStreetMap .osm.pbf file (it does not start with an "
            "OSM header)",
        ),
        ("empty.osm.pbf", b"", "empty.osm.pbf is not an OpenStreetMap .osm.pbf file"),
    ],
)
def test_a_file_that_is_not_a_map_is_refused_in_a_sentence(
    qtbot, world_db, world_page, tmp_path, name, content, sentence
):
    """A web page saved as .osm.pbf, an empty file: one sentence naming the file; the map in
    use stays."""
    bad = tmp_path / name
    bad.write_bytes(content)
    before = area.status(world_db)
    page = world_page(bad)
    with qtbot.waitSignal(page.importer.done, timeout=IMPORT_TIMEOUT_MS):
        qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert page.message.text().startswith(f"Not imported: {sentence}")
    assert page.message.text().endswith("The street map in use is unchanged.")
    assert "Traceback" not in page.message.text()
    assert area.status(world_db) == before


def test_a_missing_file_and_a_shop_not_set_up_are_said_at_once(qtbot, tmp_path):
    """Checked before any work starts: a shop with no place yet, a file that is not there."""
    db = connect(tmp_path / "shop.db")
    try:
        page = StreetMapPage(lambda: db, choose_file=lambda: tmp_path / "nowhere.osm.pbf")
        qtbot.addWidget(page)
        page.choose_and_import()
        assert page.message.text() == (
            "Not imported: set up the shop first: the street map is cut around its location. "
            "Nothing was changed."
        )
        settings.update(db, name="Corner", latitude=40.27, longitude=-76.80)
        page.choose_and_import()
        assert "nowhere.osm.pbf is not a file" in page.message.text()
        assert not page.importer.running and area.status(db).area is None
    finally:
        db.conn.close()
