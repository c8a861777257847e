"""The Runs screen: plan with the real button, cancel, edit by hand, lock and re-plan."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QAction, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

import routing
from store import runs
from tests.ui import runs_fixtures
from tests.ui.runs_fixtures import DAY, EARLY, OFFSCREEN_NOISE
from ui.runs.runs_model import KEY_ROLE, LOCK, WHO
from ui.runs.runs_view import RunsView

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)
small_day_file, shop_db = runs_fixtures.small_day_file, runs_fixtures.shop_db
no_thread_left, runs_view = runs_fixtures.no_thread_left, runs_fixtures.runs_view
PLAN_TIMEOUT_MS = 30_000


def press_plan(qtbot, view: RunsView) -> str:
    """Click Plan (or Re-plan) and wait until the screen has dealt with it."""
    with qtbot.waitSignal(view.planFinished, timeout=PLAN_TIMEOUT_MS) as finished:
        qtbot.mouseClick(view.controls.plan_button, Qt.MouseButton.LeftButton)
    return finished.args[0]


@pytest.fixture
def planned(qtbot, runs_view: RunsView) -> RunsView:
    """The screen after one press of Plan."""
    assert press_plan(qtbot, runs_view) == "saved"
    return runs_view


def saved(db) -> dict[str, list[str]]:
    """Driver -> the stop keys of their saved run, in order."""
    return {run.driver: [s.stop_key for s in run.stops] for run in runs.runs_of_day(db, DAY)}


def shown(view: RunsView) -> dict[str, list[str]]:
    """Driver -> the stop keys the tree shows under their run, in order."""
    model = view.runs_model
    result = {}
    for r in range(model.rowCount()):
        run = model.index(r, 0)
        keys = [model.index(s, 0, run).data(KEY_ROLE) for s in range(model.rowCount(run))]
        result[model.run_of(run).vehicle] = keys
    return result


def stop_key_of(view: RunsView, name: str) -> str:
    return next(s.key for s in view.editor.rows.all_stops() if s.label.startswith(name))


def test_plan_shows_runs_on_the_map_and_in_the_lists_and_saves_them(
    qtbot, qtmodeltester, planned: RunsView, shop_db
) -> None:
    """After Plan: one run per driver in the tree, every stop on the map, all in the DB."""
    qtmodeltester.check(planned.runs_model)
    qtmodeltester.check(planned.leftovers_model)
    assert shown(planned) == saved(shop_db)
    assert sorted(shown(planned)) == ["Dev", "Maria", "Sam"]
    keys = [key for run in shown(planned).values() for key in run]
    assert len(keys) == 14  # 15 parcels, two at one door
    assert set(planned.map.markers) == set(keys)
    assert set(planned.map.lines) == {"Dev", "Maria", "Sam"}
    assert planned.leftovers_model.rowCount() == 0
    assert planned.message.text().startswith("Planned and saved: 14 stops on 3 runs")
    assert planned.controls.plan_button.isEnabled()


def test_the_plan_budget_is_offered_again_next_time(qtbot, runs_view: RunsView, shop_db) -> None:
    """The owner plans with 7 s: the next Runs screen (next start) offers 7 s again."""
    assert runs_view.controls.budget.value() == 3  # a new shop's default
    runs_view.controls.budget.setValue(7)
    assert press_plan(qtbot, runs_view) == "saved"
    later = RunsView(shop_db, lambda: runs_fixtures.ACTOR, lambda: DAY)
    qtbot.addWidget(later)
    assert later.controls.budget.value() == 7


def test_cancel_stops_a_long_plan_promptly_and_changes_nothing(
    qtbot, runs_view: RunsView, shop_db
) -> None:
    """Cancel during a 60 s plan ends it within seconds; nothing is saved; Plan works again."""
    runs_view.iterations = None
    runs_view.controls.budget.setValue(60)
    with qtbot.waitSignal(runs_view.planner.progressed, timeout=PLAN_TIMEOUT_MS):
        qtbot.mouseClick(runs_view.controls.plan_button, Qt.MouseButton.LeftButton)
    assert runs_view.controls.cancel_button.isVisible()
    assert not runs_view.controls.plan_button.isEnabled()
    with qtbot.waitSignal(runs_view.planFinished, timeout=5_000) as finished:
        qtbot.mouseClick(runs_view.controls.cancel_button, Qt.MouseButton.LeftButton)
    assert finished.args == ["cancelled"]
    assert not runs_view.planner.running
    assert saved(shop_db) == {}
    assert "planning was cancelled" in runs_view.message.text()
    runs_view.iterations = 100
    assert press_plan(qtbot, runs_view) == "saved"
    assert sorted(saved(shop_db)) == ["Dev", "Maria", "Sam"]


def test_dragging_a_stop_to_another_run_retimes_and_saves_it(
    qtbot, qtmodeltester, planned: RunsView, shop_db
) -> None:
    """A stop dropped first on another run gets that run's ETAs, on screen and in the DB."""
    model = planned.runs_model
    source, target = model.index(0, 0), model.index(1, 0)
    moving = model.index(model.rowCount(source) - 1, 0, source)
    key = moving.data(KEY_ROLE)
    to = model.run_of(target).vehicle
    mime = model.mimeData([moving])
    assert model.dropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, target)
    qtbot.waitUntil(lambda: saved(shop_db)[to][:1] == [key])
    qtmodeltester.check(model)
    assert shown(planned) == saved(shop_db)
    stop = planned.editor.rows.stop(key)
    assert (stop.vehicle, stop.sequence) == (to, 1)
    run = next(r for r in runs.runs_of_day(shop_db, DAY) if r.driver == to)
    shown_etas = [s.eta for s in planned.editor.rows.run(to).stops]
    assert [routing.clock(s.door_s) for s in run.stops] == shown_etas
    assert planned.selected_key() == key
    assert planned.map.selected_key() == key


def test_move_to_run_from_the_menu_puts_the_stop_where_it_fits_best(
    qtbot, planned: RunsView, shop_db
) -> None:
    """The context menu's "Move to run" entry moves the selected stop to that run."""
    key = shown(planned)["Dev"][0]
    planned.select_stop(key)
    menu = planned.actions.build_menu()
    move_menu = next(a.menu() for a in menu.actions() if a.menu() is not None)
    entry = next(a for a in move_menu.actions() if a.data() == "Maria")
    with qtbot.waitSignal(planned.edited):
        entry.trigger()
    assert key in saved(shop_db)["Maria"]
    assert key not in saved(shop_db)["Dev"]
    assert "moved to Run" in planned.message.text() and "Maria" in planned.message.text()


def test_a_move_that_breaks_a_window_shows_the_breach_on_that_stop(
    qtbot, planned: RunsView, shop_db
) -> None:
    """Early Bird (09:00–10:00) moved onto Sam's run (from 12:00) is marked late, in red."""
    key = stop_key_of(planned, EARLY)
    planned.select_stop(key)
    entry = next(a for a in planned.actions.build_menu().actions() if a.menu() is not None)
    next(a for a in entry.menu().actions() if a.data() == "Sam").trigger()
    stop = planned.editor.rows.stop(key)
    assert stop.vehicle == "Sam"
    assert any(text.startswith("late for window 09:00–10:00 by") for text in stop.breaches)
    index = planned.runs_model.index_of_stop(key)
    who = index.siblingAtColumn(WHO)
    assert "⚠ late for window by" in who.data()
    assert index.data(Qt.ItemDataRole.DecorationRole) is not None  # the red mark
    assert who.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert planned.map.markers[key].stop.breaches == stop.breaches
    db_stop = next(s for r in runs.runs_of_day(shop_db, DAY) for s in r.stops if s.stop_key == key)
    assert db_stop.breaches == list(stop.breaches)
    assert "late for window 09:00–10:00" in planned.message.text()


def test_locks_survive_a_replan(qtbot, planned: RunsView, shop_db) -> None:
    """A locked stop stays on its run and a locked run stays as it is when planning again."""
    dev_key = shown(planned)["Dev"][-1]
    planned.select_stop(dev_key)
    assert planned.actions.lock_stop.text() == "Lock stop"
    planned.actions.lock_stop.trigger()
    maria_keys = shown(planned)["Maria"]
    planned.select_stop(maria_keys[0])
    planned.actions.lock_run.trigger()
    assert planned.controls.plan_button.text() == "Re-plan around locks"
    index = planned.runs_model.index_of_stop(dev_key).siblingAtColumn(6)
    assert index.data(Qt.ItemDataRole.DecorationRole) is not None  # the padlock
    for n in range(3):  # a few re-plans with other choices of the planner
        planned.controls.budget.setValue(1 + n)
        assert press_plan(qtbot, planned) == "saved"
        assert dev_key in saved(shop_db)["Dev"]
        assert saved(shop_db)["Maria"] == maria_keys
    run_locks = {r.driver: r.locked for r in runs.runs_of_day(shop_db, DAY)}
    assert run_locks == {"Dev": False, "Maria": True, "Sam": False}
    assert planned.editor.rows.stop(dev_key).locked


def test_a_click_on_the_lock_cell_locks_and_unlocks_the_stop(
    qtbot, planned: RunsView, shop_db
) -> None:
    """Clicking a stop's Lock cell does what Ctrl+L does: the padlock comes, is saved, and a
    second click takes it off; a click on the stop's address only selects it."""
    key = shown(planned)["Dev"][-1]
    lock_cell = planned.runs_model.index_of_stop(key).siblingAtColumn(LOCK)
    planned.tree.scrollTo(lock_cell)

    def click(column: int) -> None:
        rect = planned.tree.visualRect(lock_cell.siblingAtColumn(column))
        qtbot.mouseClick(planned.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    def locked() -> bool:
        [stop] = [s for r in runs.runs_of_day(shop_db, DAY) for s in r.stops if s.stop_key == key]
        return stop.locked

    click(WHO)
    assert planned.selected_key() == key and not planned.editor.rows.stop(key).locked
    with qtbot.waitSignal(planned.edited):
        click(LOCK)
    assert planned.editor.rows.stop(key).locked and locked()
    cell = planned.runs_model.index_of_stop(key).siblingAtColumn(LOCK)
    assert cell.data(Qt.ItemDataRole.DecorationRole) is not None  # the padlock
    assert planned.actions.lock_stop.text() == "Unlock stop"
    with qtbot.waitSignal(planned.edited):
        click(LOCK)
    assert not planned.editor.rows.stop(key).locked and not locked()


def test_take_off_the_plan_and_put_back_by_dragging(qtbot, planned: RunsView, shop_db) -> None:
    """Delete takes a stop off (listed with the reason); dragging it onto a run puts it back."""
    key = shown(planned)["Sam"][0]
    planned.select_stop(key)
    planned.tree.setFocus()
    with qtbot.waitSignal(planned.edited):
        qtbot.keyClick(planned.tree, Qt.Key.Key_Delete)
    assert planned.leftovers_model.row_of(key) == 0
    assert planned.leftovers_model.index(0, 1).data() == "taken off the plan by hand"
    assert key not in saved(shop_db)["Sam"]
    left = {t: r for t, r in runs.leftovers(shop_db, DAY)}
    assert set(left.values()) == {"taken off the plan by hand"}
    mime = planned.leftovers_model.mimeData([planned.leftovers_model.index(0, 0)])
    target = planned.runs_model.index_of_run("Dev")
    assert planned.runs_model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, 0, target)
    qtbot.waitUntil(lambda: key in saved(shop_db)["Dev"])
    assert planned.leftovers_model.rowCount() == 0


def test_dropping_a_planned_stop_on_the_not_planned_list_takes_it_off(
    qtbot, planned: RunsView, shop_db
) -> None:
    """The not-planned table accepts a planned stop and takes it off the plan."""
    key = shown(planned)["Maria"][0]
    model = planned.runs_model
    mime = model.mimeData([model.index_of_stop(key)])
    leftovers = planned.leftovers_model
    assert leftovers.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, leftovers.index(-1, -1))
    qtbot.waitUntil(lambda: leftovers.row_of(key) == 0)
    assert key not in saved(shop_db)["Maria"]


def test_keys_reorder_a_run_and_retime_it(qtbot, planned: RunsView, shop_db) -> None:
    """Ctrl+Down moves the selected stop one place later; the ETAs follow."""
    before = shown(planned)["Dev"]
    planned.select_stop(before[0])
    planned.tree.setFocus()
    qtbot.keyClick(planned.tree, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    after = [before[1], before[0], *before[2:]]
    assert shown(planned)["Dev"] == after == saved(shop_db)["Dev"]
    assert planned.editor.rows.stop(before[0]).sequence == 2
    qtbot.keyClick(planned.tree, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert saved(shop_db)["Dev"] == before


def test_selecting_on_the_map_selects_in_the_list_and_back(planned: RunsView) -> None:
    """A stop picked on the map is selected in the tree; one picked in the tree, on the map."""
    key = shown(planned)["Sam"][1]
    planned.map.markers[key].setSelected(True)
    assert planned.tree.currentIndex().data(KEY_ROLE) == key
    other = shown(planned)["Dev"][0]
    planned.tree.setCurrentIndex(planned.runs_model.index_of_stop(other))
    assert planned.map.selected_key() == other
    assert planned.map.markers[other].isSelected() and not planned.map.markers[key].isSelected()


def test_nothing_to_plan_is_said_in_words(qtbot, qtmodeltester, runs_view: RunsView) -> None:
    """With no driver ticked, Plan explains instead of planning; the empty lists are sound."""
    qtmodeltester.check(runs_view.runs_model)
    qtmodeltester.check(runs_view.leftovers_model)
    assert runs_view.leftovers_model.rowCount() == 14  # the day, not planned yet
    for box in runs_view.controls.driver_boxes.values():
        box.setChecked(False)
    assert press_plan(qtbot, runs_view) == "nothing"
    assert "tick at least one driver" in runs_view.message.text()


def test_actions_follow_the_selection(planned: RunsView) -> None:
    """Move up is off for a first stop; the lock action names what it will do."""
    first = shown(planned)["Dev"][0]
    planned.select_stop(first)
    actions = planned.actions
    assert not actions.move_up.isEnabled() and actions.move_down.isEnabled()
    actions.lock_stop.trigger()
    assert actions.lock_stop.text() == "Unlock stop"
    assert all(isinstance(a, QAction) for a in planned.tree.actions())


def drag_over_and_drop(view, mime, position) -> None:
    """What Qt's drag loop sends the tree's viewport when a stop is dropped at `position`."""
    viewport = view.tree.viewport()
    action, left = Qt.DropAction.MoveAction, Qt.MouseButton.LeftButton
    none = Qt.KeyboardModifier.NoModifier
    for event in (
        QDragEnterEvent(position, action, mime, left, none),
        QDragMoveEvent(position, action, mime, left, none),
        QDropEvent(QPointF(position), action, mime, left, none),
    ):
        QApplication.sendEvent(viewport, event)


def test_dropping_between_two_stops_of_another_run_inserts_it_there(
    qtbot, planned: RunsView, shop_db
) -> None:
    """A stop dragged onto the upper edge of another run's second stop becomes its second."""
    model = planned.runs_model
    key = shown(planned)["Dev"][0]
    target_keys = shown(planned)["Sam"]
    planned.tree.scrollTo(model.index_of_stop(target_keys[1]))
    rect = planned.tree.visualRect(model.index_of_stop(target_keys[1]))
    drag_over_and_drop(
        planned, model.mimeData([model.index_of_stop(key)]), rect.topLeft() + QPoint(30, 1)
    )
    qtbot.waitUntil(lambda: key in saved(shop_db)["Sam"])
    assert saved(shop_db)["Sam"] == [target_keys[0], key, *target_keys[1:]]
    assert planned.editor.rows.stop(key).sequence == 2


def test_a_run_that_left_the_shop_is_shown_and_not_edited(qtbot, planned: RunsView, shop_db):
    """A run being loaded is named as gone, shown as it was sent (grey, no dragging, no drop
    onto it, not offered in "Move to run") and untouched by re-plans."""
    sam = next(r for r in runs.runs_of_day(shop_db, DAY) if r.driver == "Sam")
    runs.set_state(shop_db, sam.id, "loading")
    planned.load()
    assert shown(planned)["Sam"] == [s.stop_key for s in sam.stops]
    assert [r.vehicle for r in planned.editor.rows.editable_runs] == ["Dev", "Maria"]
    assert f"Run {sam.number} · Sam (loading)" in planned.message.text()
    model = planned.runs_model
    sam_index = model.index_of_run("Sam")
    assert model.data(sam_index).startswith(f"Run {sam.number} · Sam · being loaded\n")
    assert not model.flags(sam_index) & Qt.ItemFlag.ItemIsDropEnabled
    assert not model.flags(model.index(0, 0, sam_index)) & Qt.ItemFlag.ItemIsDragEnabled
    sam_box = planned.controls.driver_boxes["Sam"]
    assert not sam_box.isEnabled() and not sam_box.isChecked()
    assert sam_box.toolTip() == f"Run {sam.number} · Sam is loading"
    planned.select_stop(sam.stops[0].stop_key)
    assert not planned.actions.take_off.isEnabled() and not planned.actions.move_up.isEnabled()
    assert press_plan(qtbot, planned) == "saved"
    assert [r.vehicle for r in planned.editor.rows.editable_runs] == ["Dev", "Maria"]
    after = runs.get_run(shop_db, sam.id)
    assert (after.state, [s.stop_key for s in after.stops]) == (
        "loading",
        [s.stop_key for s in sam.stops],
    )


def test_after_a_restart_the_runs_that_left_today_are_still_shown(qtbot, planned: RunsView,
                                                                   shop_db):  # fmt: skip
    """Sam's run is out; a Runs screen opened afresh (the console restarted) lists it with its
    stops and ETAs and draws it on the map."""
    sam = next(r for r in runs.runs_of_day(shop_db, DAY) if r.driver == "Sam")
    runs.set_state(shop_db, sam.id, "out")
    again = RunsView(shop_db, lambda: runs_fixtures.ACTOR, lambda: DAY)
    qtbot.addWidget(again)
    try:
        assert shown(again)["Sam"] == [s.stop_key for s in sam.stops]
        row = again.editor.rows.run("Sam")
        assert row.left == "out for delivery" and row.stops[0].eta
        assert {s.stop_key for s in sam.stops} <= set(again.map.markers)
    finally:
        again.shutdown()


def test_closing_the_screen_while_planning_stops_the_search(qtbot, runs_view: RunsView) -> None:
    """Closing during a long plan cancels it and waits for the thread; nothing is saved."""
    runs_view.iterations = None
    runs_view.controls.budget.setValue(60)
    with qtbot.waitSignal(runs_view.planner.progressed, timeout=PLAN_TIMEOUT_MS):
        runs_view.plan()
    with qtbot.waitSignal(runs_view.planFinished) as finished:
        runs_view.close()
    assert finished.args == ["cancelled"] and not runs_view.planner.running


def test_a_shop_not_set_up_is_told_so(qtbot, tmp_path, no_thread_left) -> None:
    """On a new, empty shop file the screen says what to do instead of failing."""
    from store.db import connect

    db = connect(tmp_path / "empty.db")
    try:
        view = RunsView(db, lambda: runs_fixtures.ACTOR, lambda: DAY)
        qtbot.addWidget(view)
        assert "set up the shop first" in view.message.text()
        assert press_plan(qtbot, view) == "nothing"
        assert view.message.text() == "no drivers yet: add one with Drivers…"
    finally:
        db.conn.close()


def test_an_edit_after_the_other_counter_saved_is_refused_and_reloaded(
    qtbot, planned: RunsView, shop_db
) -> None:
    """Two counters, one plan: the second edit is not lost silently, nor does it overwrite;
    the screen says so and shows what the other counter saved."""
    from store import planning
    from store.db import connect, db_path

    other = connect(db_path(shop_db))
    theirs, plan = planning.current_plan(other, DAY)
    first = plan.routes[0]
    moved_key = first.stop_keys[0]
    to = next(r.vehicle.name for r in plan.routes if r.vehicle.name != first.vehicle.name)
    edited = routing.move_stop(plan, theirs.problem.depot, moved_key, to, 0, travel=theirs.travel)
    planning.commit(other, runs_fixtures.ACTOR, theirs, edited)
    other.conn.close()
    before = saved(shop_db)
    mine = shown(planned)[first.vehicle.name][-1]
    planned.select_stop(mine)
    planned.actions.take_off.trigger()
    assert "another counter" in planned.message.text()
    assert saved(shop_db) == before  # nothing overwritten
    assert shown(planned) == before  # and the screen now shows the other counter's plan


def test_the_manual_lists_every_key_of_the_runs_list(runs_view: RunsView) -> None:
    """Each key the Runs screen's actions answer to is in the Runs page of the manual and in
    the shortcuts page (Help), and the Runs page says how to lock a stop and a run."""
    from pathlib import Path

    from PySide6.QtGui import QKeySequence

    manual = Path(__file__).parents[3] / "docs" / "manual"
    runs_page = (manual / "runs.md").read_text(encoding="utf-8")
    shortcuts_page = (manual / "shortcuts.md").read_text(encoding="utf-8")
    keys = {
        action.shortcut().toString(QKeySequence.SequenceFormat.PortableText)
        for action in runs_view.tree.actions()
    }
    assert {"Ctrl+L", "Ctrl+Shift+L", "Ctrl+R", "Ctrl+M", "Ctrl+Up", "Ctrl+Down", "Del"} <= keys
    for key in keys:
        written = "Delete" if key == "Del" else key
        assert written in runs_page, key
        assert written in shortcuts_page, key
    assert "lock the stop" in runs_page and "lock its whole run" in runs_page
