"""The Dispatch screen, used like the clerk at the car: choose the run, scan, dispatch."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from store import dispatch, runs
from tests.ui.dayplan import plan_demo, stop_ids
from ui.dispatch.dispatch_view import DispatchView
from ui.dispatch.missing_load_dialog import MissingLoadDialog


def scan(qtbot, view, code: str) -> None:
    """Type a code into the scan box and press Enter."""
    qtbot.keyClicks(view.scan_box, code)
    qtbot.keyClick(view.scan_box, Qt.Key.Key_Return)


@pytest.fixture
def run_ids(shop, session):
    """Today's plan: Dev, Maria and Sam with eight stops each."""
    return plan_demo(shop, session.today())


@pytest.fixture
def view(qtbot, session, sounds, run_ids, focus):
    screen = DispatchView(session, sounds)
    qtbot.addWidget(screen)
    screen.resize(1300, 760)
    focus(screen, screen.scan_box)
    return screen


def test_models_pass_the_model_tester(qtmodeltester, view, session, run_ids):
    """The still-to-load list and the missing-parcels dialog's list are sound models."""
    qtmodeltester.check(view.to_load)
    status = dispatch.load_status(session.db, run_ids[0])
    dialog = MissingLoadDialog(status.label, status.missing)
    qtmodeltester.check(dialog.model)
    dialog.deleteLater()


def test_runs_to_load_are_listed_and_the_list_is_in_loading_order(view, shop, run_ids):
    """The three planned runs are offered; the first run's parcels are listed last stop first."""
    assert [view.picker.itemText(i).split(" — ")[0] for i in range(view.picker.count())] == [
        "Run 1 · Dev",
        "Run 2 · Maria",
        "Run 3 · Sam",
    ]
    stops = [view.to_load.record(row).stop_sequence for row in range(view.to_load.rowCount())]
    assert stops == sorted(stops, reverse=True) and stops[0] == 8
    total = sum(len(ids) for ids in stop_ids(shop, run_ids[0]))
    assert view.progress_label.text() == f"0 of {total} parcels in the car"


def test_a_parcel_of_this_run_is_loaded_quietly(qtbot, view, shop, run_ids, sounds, peek):
    """Loaded: green answer with its stop, one row fewer to load, the run is loading."""
    first = stop_ids(shop, run_ids[0])[2][0]
    rows = view.to_load.rowCount()
    scan(qtbot, view, f"]C1{first.lower()}")
    assert (view.band.title.text(), view.band.big.text(), view.band.tracking.text()) == (
        "Loaded",
        "Stop 3",
        first,
    )
    assert sounds.played == ["received"]
    assert view.to_load.rowCount() == rows - 1 and view.to_load.find(first) == -1
    assert view.progress_label.text().startswith("1 of ")
    assert peek.scalar("SELECT state FROM runs WHERE id = ?", run_ids[0]) == "loading"
    assert view.picker.currentText().endswith(" · loading")  # the picker says it at once
    assert view.picker.itemText(1).endswith(" · planned")
    assert peek.scalar("SELECT count(*) FROM run_loads WHERE tracking_id = ?", first) == 1


def test_a_parcel_of_another_car_is_loud(qtbot, view, shop, run_ids, sounds, peek):
    """NOT THIS CAR, in red, naming Maria's run and the stop; nothing is loaded."""
    marias = stop_ids(shop, run_ids[1])[4][0]
    scan(qtbot, view, marias)
    band = view.band
    assert (band.title.text(), band.big.text()) == ("NOT THIS CAR", "run 2 · Maria, stop 5")
    assert band.palette().window().color().name() == "#c62828"
    assert band.big.font().pointSize() >= 40
    assert sounds.played == ["damaged"]
    assert peek.scalar("SELECT count(*) FROM run_loads") == 0


def test_every_load_answer_sounds_different(qtbot, view, shop, run_ids, sounds, peek):
    """Loaded, already loaded, other car, not planned, unknown, unreadable: six sounds."""
    mine = stop_ids(shop, run_ids[0])[0][0]
    on_shelf = peek.ids("status = 'received'")[0]
    for code in (mine, mine, stop_ids(shop, run_ids[2])[0][0], on_shelf, "TBA000000000001", "@@"):
        scan(qtbot, view, code)
    assert len(set(sounds.played)) == 6
    assert view.band.title.text() == "Unreadable"


def test_dispatch_when_all_are_loaded(qtbot, view, shop, run_ids, peek):
    """Every parcel scanned, Ctrl+D: the run is out, its parcels out for delivery."""
    ids = [t for stop in stop_ids(shop, run_ids[2]) for t in stop]
    view.picker.choose(run_ids[2])
    for tracking_id in ids:
        scan(qtbot, view, tracking_id)
    all_in = f"{len(ids)} of {len(ids)} parcels all in: ready to dispatch"
    assert view.progress_label.text() == all_in
    qtbot.keyClick(view.scan_box, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert view.band.title.text() == "Out for delivery"
    assert view.band.message.text() == f"Run 3 · Sam is out with {len(ids)} parcels"
    assert peek.scalar("SELECT state FROM runs WHERE id = ?", run_ids[2]) == "out"
    assert {peek.status(t)[0] for t in ids} == {"out_for_delivery"}
    assert view.picker.findData(run_ids[2]) == -1


def test_dispatch_with_a_missing_parcel_asks_and_leaves_it_on_the_shelf(
    qtbot, view, shop, run_ids, peek
):
    """One parcel not scanned: the dialog lists it; confirming sends the rest out."""
    ids = [t for stop in stop_ids(shop, run_ids[0]) for t in stop]
    for tracking_id in ids[1:]:
        scan(qtbot, view, tracking_id)
    qtbot.mouseClick(view.dispatch_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, MissingLoadDialog) and dialog.isVisible()
    assert dialog.model.rowCount() == 1 and dialog.model.text(0, 1) == ids[0]
    assert dialog.keep_button.isDefault()
    # One parcel is "it", not "they" ("1 parcel … is not in the car … they stay in the shop").
    assert "is not in the car" in dialog.intro.text() and "it stays in the shop" in (
        dialog.intro.text()
    )
    qtbot.mouseClick(dialog.dispatch_button, Qt.MouseButton.LeftButton)
    assert peek.status(ids[0]) == ("received", "not loaded")
    assert {peek.status(t)[0] for t in ids[1:]} == {"out_for_delivery"}
    assert view.band.message.text().endswith("; 1 back on the shelf")


def test_keep_loading_changes_nothing(qtbot, view, shop, run_ids, peek):
    """Keep loading closes the dialog; the run is still loading."""
    scan(qtbot, view, stop_ids(shop, run_ids[0])[0][0])
    qtbot.mouseClick(view.dispatch_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.dialog.keep_button, Qt.MouseButton.LeftButton)
    assert peek.scalar("SELECT state FROM runs WHERE id = ?", run_ids[0]) == "loading"


def test_ctrl_z_takes_the_last_parcel_back_out(qtbot, view, shop, run_ids, peek, sounds):
    """Scanned by mistake: Ctrl+Z unloads it and it is back on the list."""
    parcel = stop_ids(shop, run_ids[0])[0][0]
    scan(qtbot, view, parcel)
    qtbot.keyClick(view.scan_box, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert view.band.title.text() == "Taken out of the car"
    assert view.to_load.find(parcel) >= 0
    assert peek.scalar("SELECT count(*) FROM run_loads") == 0
    qtbot.keyClick(view.scan_box, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert view.band.outcome == "error" and sounds.played[-1] == "error"


def test_dispatching_nothing_is_refused(qtbot, view, run_ids, peek):
    """No parcel in the car: Dispatch says so and changes nothing."""
    qtbot.mouseClick(view.dispatch_button, Qt.MouseButton.LeftButton)
    assert "Nothing of Run 1 · Dev is in the car" in view.band.message.text()
    assert peek.scalar("SELECT count(*) FROM runs WHERE state = 'planned'") == 3


def test_no_run_to_load_says_so(qtbot, session, sounds, focus):
    """Before planning there is nothing to load: the list says so, a scan is refused."""
    screen = DispatchView(session, sounds)
    qtbot.addWidget(screen)
    focus(screen, screen.scan_box)
    assert screen.picker.currentText() == "No run of today is waiting to be loaded"
    screen.take_scan("TBA000000000001")
    assert "Choose the run" in screen.band.message.text()
    assert runs.runs_of_day(session.db, session.today()) == []


def test_with_no_run_waiting_the_run_buttons_are_off(qtbot, session, sounds, focus):
    """No run waiting to be loaded: "Re-order stops" was enabled and a click did nothing at
    all; it is off, like "Dispatch the run", until a run is chosen."""
    screen = DispatchView(session, sounds)
    qtbot.addWidget(screen)
    focus(screen, screen.scan_box)
    assert screen.picker.run_id() is None
    assert not screen.reorder_button.isEnabled() and not screen.dispatch_button.isEnabled()
    plan_demo(session.db, session.today())
    screen.refresh()
    assert screen.picker.run_id() is not None
    assert screen.reorder_button.isEnabled() and screen.dispatch_button.isEnabled()


def test_reorder_stops_of_the_run_being_loaded(qtbot, view, shop, run_ids, peek):
    """Re-order stops while loading: the same stops in a shorter order, the answer says how
    many labels to print again, the loading list follows, the car keeps what is in it."""
    scan(qtbot, view, stop_ids(shop, run_ids[0])[2][0])
    before = runs.get_run(shop, run_ids[0])
    view.reorder_button.seconds = 0.3
    qtbot.mouseClick(view.reorder_button, Qt.MouseButton.LeftButton)
    assert not view.reorder_button.isEnabled()
    qtbot.waitUntil(lambda: view.band.title.text() == "Stops re-ordered", timeout=10_000)
    qtbot.waitUntil(view.reorder_button.isEnabled)
    after = runs.get_run(shop, run_ids[0])
    keys = [stop.stop_key for stop in after.stops]
    assert sorted(keys) == sorted(s.stop_key for s in before.stops)
    assert keys != [s.stop_key for s in before.stops]
    message = view.band.message.text()
    assert message.startswith("Run 1 · Dev re-ordered: ") and "new stop number" in message
    assert peek.scalar("SELECT state FROM runs WHERE id = ?", run_ids[0]) == "loading"
    assert view.progress_label.text().startswith("1 of ")
    stops = [view.to_load.record(row).stop_sequence for row in range(view.to_load.rowCount())]
    assert stops == sorted(stops, reverse=True)


def test_reorder_of_a_locked_run_is_refused_on_screen(qtbot, view, shop, run_ids, sounds):
    runs.set_locked(shop, locked=True, run_id=run_ids[0])
    qtbot.mouseClick(view.reorder_button, Qt.MouseButton.LeftButton)
    assert view.band.message.text() == "Run 1 · Dev is locked: unlock it to re-order its stops"
    assert sounds.played == ["error"] and view.reorder_button.task is None
