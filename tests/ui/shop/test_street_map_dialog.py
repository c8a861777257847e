"""Shop → Street map…: what is loaded, where to get one, importing with progress and cancel."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlite_utils
from PySide6.QtCore import Qt

from store import area
from store.db import connect
from tests.osm_world import world_shop
from tests.ui.runs_fixtures import OFFSCREEN_NOISE
from ui.shop.street_map_dialog import StreetMapDialog

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


@pytest.fixture
def fresh(tmp_path: Path) -> sqlite_utils.Database:
    """The world's shop with no street map yet."""
    db = connect(tmp_path / "shop.db")
    world_shop(db)
    yield db
    db.conn.close()


def plain(html: str) -> str:
    """A label's text without its markup."""
    return re.sub(r"<[^>]+>", "", html)


def open_dialog(qtbot, db: sqlite_utils.Database, source: Path | None) -> StreetMapDialog:
    dialog = StreetMapDialog(db, choose_file=lambda: source)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def import_with_button(qtbot, dialog: StreetMapDialog) -> None:
    """Click Import and wait for the worker to finish."""
    with qtbot.waitSignal(dialog.importer.done, timeout=60_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)


def test_an_owner_without_a_map_is_told_where_to_get_one(qtbot, fresh) -> None:
    """No map: says so, names an extract provider and what a map changes."""
    dialog = open_dialog(qtbot, fresh, None)
    assert plain(dialog.status.text()) == (
        "No street map yet: plans use straight-line estimates of the distances."
    )
    help_text = dialog.help.text()
    assert "OpenStreetMap extract" in help_text and "Geofabrik" in help_text
    assert ".osm.pbf" in help_text and "250 m" in help_text
    assert dialog.import_button.text() == "Import a file…"
    assert not dialog.progress.isVisible() and not dialog.cancel_button.isVisible()


def test_importing_a_file_shows_progress_and_then_what_is_loaded(
    qtbot, fresh, world_file: Path
) -> None:
    """The import runs in the worker with progress; then the status names the file."""
    dialog = open_dialog(qtbot, fresh, world_file)
    steps: list[str] = []
    dialog.importer.progressed.connect(lambda label, _f: steps.append(label))
    with qtbot.waitSignal(dialog.imported, timeout=60_000):
        import_with_button(qtbot, dialog)
    assert "Cutting out the shop's area" in steps and "Building the road network" in steps
    assert plain(dialog.status.text()).startswith("Street map: world.osm.pbf")
    assert dialog.message.text() == "Imported: plans and maps use these streets from now on."
    assert area.status(fresh).source == "world.osm.pbf"
    assert dialog.import_button.text() == "Import another…"


def test_a_bad_file_is_refused_and_the_map_kept(qtbot, world_db, tmp_path: Path) -> None:
    """Not OSM data: the sentence shows; the map in use stays."""
    bad = tmp_path / "texas.osm.pbf"
    bad.write_text("<html>404 Not Found</html>")
    before = area.status(world_db)
    dialog = open_dialog(qtbot, world_db, bad)
    import_with_button(qtbot, dialog)
    assert dialog.message.text() == (
        "Not imported: texas.osm.pbf is not an OpenStreetMap .osm.pbf file (it does not start "
        "with an OSM header). The street map in use is unchanged."
    )
    assert area.status(world_db) == before


def test_cancel_stops_the_import_and_keeps_the_map(qtbot, world_db, world_file: Path) -> None:
    """Cancel during the import: nothing changes, the buttons come back."""
    before = area.status(world_db)
    dialog = open_dialog(qtbot, world_db, world_file)
    with qtbot.waitSignal(dialog.importer.done, timeout=60_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        assert dialog.cancel_button.isVisible()
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == (
        "Not imported: the import was cancelled. The street map in use is unchanged."
    )
    assert area.status(world_db) == before
    assert dialog.import_button.isEnabled() and not dialog.cancel_button.isVisible()


def test_closing_the_dialog_cancels_a_running_import(qtbot, world_db, world_file: Path) -> None:
    """Close while importing: the worker is stopped and waited for; the old map stays."""
    before = area.status(world_db)
    dialog = open_dialog(qtbot, world_db, world_file)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    dialog.reject()
    assert not dialog.importer.running
    assert area.status(world_db) == before
