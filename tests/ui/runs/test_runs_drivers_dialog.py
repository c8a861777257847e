"""The drivers dialog: add, change and remove drivers; refusals shown beside their field."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTime

from store import drivers
from tests.ui import runs_fixtures
from tests.ui.runs_fixtures import OFFSCREEN_NOISE
from ui.runs.drivers_dialog import DriversDialog
from ui.runs.runs_view import RunsView

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)
small_day_file, shop_db = runs_fixtures.small_day_file, runs_fixtures.shop_db
no_thread_left, runs_view = runs_fixtures.no_thread_left, runs_fixtures.runs_view


@pytest.fixture
def dialog(qtbot, runs_view: RunsView) -> DriversDialog:
    """The dialog as the Drivers… button opens it."""
    qtbot.mouseClick(runs_view.controls.drivers_button, Qt.MouseButton.LeftButton)
    assert runs_view.dialog is not None and runs_view.dialog.isVisible()
    return runs_view.dialog


def fill(qtbot, dialog: DriversDialog, name: str, start: str, end: str, weight: str = "") -> None:
    dialog.clear_form()
    qtbot.keyClicks(dialog.name, name)
    dialog.capacity.setValue(40)
    dialog.start.setTime(QTime.fromString(start, "HH:mm"))
    dialog.end.setTime(QTime.fromString(end, "HH:mm"))
    qtbot.keyClicks(dialog.weight, weight)


def visible_errors(dialog: DriversDialog) -> dict[str, str]:
    return {key: label.text() for key, label in dialog.errors.items() if not label.isHidden()}


def test_dialog_lists_the_drivers_with_car_and_shift(dialog: DriversDialog) -> None:
    """Each driver is listed with capacity and shift."""
    texts = [dialog.listing.item(n).text() for n in range(dialog.listing.count())]
    assert texts == [
        "Dev — 6 parcels, 09:00–17:00",
        "Maria — 6 parcels, 09:00–15:00",
        "Sam — 6 parcels, 12:00–19:00",
    ]


def test_an_empty_name_is_refused_next_to_the_name(qtbot, dialog, shop_db) -> None:
    """Saving without a name shows the rule beside the name field and saves nothing."""
    fill(qtbot, dialog, "   ", "09:00", "17:00")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert visible_errors(dialog) == {"name": "driver name: 1 to 60 characters"}
    assert len(drivers.all_drivers(shop_db)) == 3


def test_a_shift_ending_before_it_starts_is_refused_next_to_the_end(qtbot, dialog) -> None:
    """The end of the shift must come after its start."""
    fill(qtbot, dialog, "Lee", "14:00", "10:00")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert visible_errors(dialog) == {"end": "shift end 10:00 is not after shift start 14:00"}


def test_a_weight_that_is_not_a_number_is_refused_next_to_the_weight(qtbot, dialog) -> None:
    """The optional weight limit must be a number of pounds (and a sensible one)."""
    fill(qtbot, dialog, "Lee", "09:00", "17:00", weight="lots")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert visible_errors(dialog) == {"weight": "'lots' is not a number of pounds"}
    fill(qtbot, dialog, "Lee", "09:00", "17:00", weight="9000")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert list(visible_errors(dialog)) == ["weight"]


def test_adding_a_driver_saves_it_and_offers_it_on_the_screen(
    qtbot, dialog, runs_view: RunsView, shop_db
) -> None:
    """A new driver is stored and appears as a ticked box on the Runs screen."""
    fill(qtbot, dialog, "Lee", "10:00", "18:00", weight="500")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert visible_errors(dialog) == {}
    lee = drivers.get(shop_db, "Lee")
    assert (lee.capacity_parcels, lee.capacity_weight_lb, lee.shift_start, lee.shift_end) == (
        40,
        500.0,
        "10:00",
        "18:00",
    )
    assert dialog.listing.currentItem().text() == "Lee — 40 parcels, 500 lb, 10:00–18:00"
    box = runs_view.controls.driver_boxes["Lee"]
    assert box.isChecked() and "40 parcels · 500 lb · 10:00–18:00" in box.text()


def test_changing_and_removing_a_driver(qtbot, dialog, runs_view: RunsView, shop_db) -> None:
    """Picking a driver fills the form; saving changes the car; Remove takes them off."""
    dialog.listing.setCurrentRow(1)
    assert dialog.name.text() == "Maria"
    dialog.capacity.setValue(12)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert drivers.get(shop_db, "Maria").capacity_parcels == 12
    dialog.listing.setCurrentRow(1)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert [d.name for d in drivers.all_drivers(shop_db)] == ["Dev", "Sam"]
    assert sorted(runs_view.controls.driver_boxes) == ["Dev", "Sam"]
