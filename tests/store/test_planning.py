"""The seam between the shop file and the planner: the day's problem and saving its plan."""

from __future__ import annotations

from dataclasses import replace

import pytest

import routing
from store import drivers, planning, runs
from store.checkin import check_in
from store.errors import BadInput
from store.events import verify
from store.manifest import import_bytes
from tests.store.conftest import DAY, MORNING, manifest_bytes

HEADER = (
    "tracking_id,recipient_name,address_line1,city,state,postal_code,latitude,longitude,"
    "window_start,window_end,service,due_date"
)


@pytest.fixture
def day(shop, actor):
    """Six received parcels at five addresses (two share a door), one held, two drivers."""
    rows = [
        "TBA100000001,Olivia,1 Oak St,Vienna,VA,22182,38.93,-77.24,,,next_day,2026-11-25",
        "TBA100000002,Olivia,1 Oak St,Vienna,VA,22182,38.93,-77.24,,,next_day,2026-11-25",
        "TBA100000003,Liam,2 Elm St,Vienna,VA,22180,38.90,-77.26,09:00,12:00,next_day,",
        "TBA100000004,Emma,3 Ash St,McLean,VA,22101,38.94,-77.17,,,standard,2026-11-27",
        "TBA100000005,Noah,4 Fir St,Vienna,VA,22180,38.89,-77.22,,,same_day,",
        "TBA100000006,Ava,5 Yew St,Fairfax,VA,22031,38.86,-77.27,,,standard,",
        "TBA100000007,Far,9 Far Ln,Sterling,VA,20164,39.03,-77.41,,,standard,",
    ]
    import_bytes(shop, actor, manifest_bytes(*rows, header=HEADER), "m.csv", DAY, at=MORNING)
    for n in range(1, 8):
        check_in(shop, actor, f"TBA10000000{n}", at=MORNING)
    drivers.add(shop, "Dev", capacity=40, shift_start="09:00", shift_end="17:00")
    drivers.add(shop, "Maria", capacity=30, shift_start="10:00", shift_end="15:00")
    return shop


def test_problem_groups_one_door_and_marks_what_is_due(day) -> None:
    """Same address = one stop; due dates and services decide what must go today."""
    problem = planning.prepare(day, DAY).problem
    by_ids = {stop.tracking_ids: stop for stop in problem.stops}
    assert set(by_ids) == {
        ("TBA100000001", "TBA100000002"),
        ("TBA100000003",),
        ("TBA100000004",),
        ("TBA100000005",),
        ("TBA100000006",),
    }
    assert by_ids[("TBA100000003",)].window == (9 * 3600, 12 * 3600)
    assert {ids[0]: stop.due for ids, stop in by_ids.items()} == {
        "TBA100000001": True,
        "TBA100000003": True,
        "TBA100000004": False,
        "TBA100000005": True,
        "TBA100000006": False,
    }
    assert [v.name for v in problem.vehicles] == ["Dev", "Maria"]
    assert problem.vehicles[1].shift_start_s == 10 * 3600


def test_plan_commit_replan_around_a_lock(day, actor) -> None:
    """A solved plan is saved; a locked stop stays on its driver when planning again."""
    prepared = planning.prepare(day, DAY, ["Dev", "Maria"])
    planning.commit(day, actor, prepared, planning.solve(prepared, seconds=1, iterations=200))
    first = runs.runs_of_day(day, DAY)
    planned = {p["tracking_id"] for run in first for stop in run.stops for p in stop.parcels}
    assert planned == {f"TBA10000000{n}" for n in range(1, 7)}
    locked_run = first[0]
    other = "Maria" if locked_run.driver == "Dev" else "Dev"
    target = locked_run.stops[-1]
    runs.set_locked(day, stop_id=target.id, locked=True)
    again = planning.prepare(day, DAY, [other])  # the lock keeps its driver in the plan
    assert {v.name for v in again.problem.vehicles} == {"Dev", "Maria"}
    planning.commit(day, actor, again, planning.solve(again, seconds=1, iterations=200))
    kept = runs.get_run(day, first[0].id)
    assert target.stop_key in [stop.stop_key for stop in kept.stops]
    assert next(s for s in kept.stops if s.stop_key == target.stop_key).locked
    assert verify(day).ok


def test_only_chosen_drivers_get_runs(day, actor) -> None:
    """Planning with one driver gives one run; the other driver's old run is cancelled."""
    prepared = planning.prepare(day, DAY, ["Dev", "Maria"])
    planning.commit(day, actor, prepared, planning.solve(prepared, seconds=1, iterations=100))
    only = planning.prepare(day, DAY, ["Maria"])
    planning.commit(day, actor, only, planning.solve(only, seconds=1, iterations=100))
    assert [run.driver for run in runs.runs_of_day(day, DAY)] == ["Maria"]


def test_unknown_driver_is_refused_by_name(day) -> None:
    """A typo in a driver's name is bad input, named."""
    with pytest.raises(BadInput, match="no driver named Zed"):
        planning.prepare(day, DAY, ["Zed"])


def test_held_and_exception_parcels_are_not_plannable(day) -> None:
    """The out-of-zone parcel was held at check-in and never reaches the planner."""
    ids = {p["tracking_id"] for p in planning.plannable_parcels(day, DAY)}
    assert "TBA100000007" not in ids and len(ids) == 6


def _planned(day, actor):
    prepared = planning.prepare(day, DAY, ["Dev", "Maria"])
    planning.commit(day, actor, prepared, planning.solve(prepared, seconds=1, iterations=200))
    return runs.runs_of_day(day, DAY)


def test_current_plan_rebuilds_the_saved_runs(day, actor) -> None:
    """The saved runs come back as routes in their saved order with the saved ETAs."""
    saved = _planned(day, actor)
    prepared, plan = planning.current_plan(day, DAY)
    assert [r.vehicle.name for r in plan.routes] == [run.driver for run in saved]
    for route, run in zip(plan.routes, saved, strict=True):
        assert route.stop_keys == tuple(stop.stop_key for stop in run.stops)
        assert [v.arrival_s for v in route.visits] == [stop.arrival_s for stop in run.stops]
        assert route.distance_mi == pytest.approx(run.distance_mi, abs=0.01)
    assert plan.unassigned == ()
    assert prepared.locked_stop_keys == frozenset() and prepared.locked_vehicles == frozenset()


def test_current_plan_without_runs_lists_every_stop_as_not_planned(day) -> None:
    """A day not planned yet has no routes; each stop waits with the reason 'not planned yet'."""
    _, plan = planning.current_plan(day, DAY)
    assert plan.routes == ()
    assert len(plan.unassigned) == 5
    assert {u.reason for u in plan.unassigned} == {planning.NOT_PLANNED_YET}


def test_current_plan_gives_the_reason_a_stop_was_left_out(day, actor) -> None:
    """A stop left out by the last plan keeps that plan's reason."""
    only = planning.prepare(day, DAY, ["Maria"])
    planning.commit(day, actor, only, planning.solve(only, seconds=1, iterations=100))
    saved_reasons = dict(runs.leftovers(day, DAY))
    _, plan = planning.current_plan(day, DAY)
    for item in plan.unassigned:
        assert item.reason == saved_reasons[item.stop.tracking_ids[0]]


def test_an_edited_plan_is_saved_and_read_back_with_its_breach(day, actor) -> None:
    """Moving the windowed stop last onto a late shift is saved, with the late breach on it."""
    _planned(day, actor)
    prepared, plan = planning.current_plan(day, DAY)
    windowed = next(s for s in prepared.problem.stops if s.window is not None)
    maria = prepared.problem.vehicle("Maria")
    late = replace(maria, shift_start_s=11 * 3600 + 50 * 60)  # starts at 11:50; window ends 12:00
    plan = replace(
        plan,
        routes=tuple(
            routing.evaluate_route(prepared.problem.depot, late, [v.stop for v in r.visits])
            if r.vehicle.name == "Maria"
            else r
            for r in plan.routes
        ),
    )
    moved = routing.move_stop(
        plan, prepared.problem.depot, windowed.key, "Maria", travel=prepared.travel
    )
    planning.commit(day, actor, prepared, moved)
    maria_run = next(run for run in runs.runs_of_day(day, DAY) if run.driver == "Maria")
    assert maria_run.stops[-1].stop_key == windowed.key
    assert (
        maria_run.stops[-1].breaches
        and "late for window 09:00–12:00" in (maria_run.stops[-1].breaches[0])
    )
    _, again = planning.current_plan(day, DAY)
    assert again.route_of(windowed.key).vehicle.name == "Maria"
    assert verify(day).ok


def test_locks_set_on_the_input_are_saved_by_commit(day, actor) -> None:
    """A stop lock and a run lock are stored separately; unlocking the run leaves its stops free."""
    _planned(day, actor)
    prepared, plan = planning.current_plan(day, DAY)
    first = plan.routes[0]
    key = first.stop_keys[0]
    locked = planning.set_lock(prepared, stop_key=key, locked=True)
    locked = planning.set_lock(locked, vehicle=first.vehicle.name, locked=True)
    planning.commit(day, actor, locked, plan)
    run = runs.runs_of_day(day, DAY)[0]
    assert run.locked and [s.locked for s in run.stops] == [s.stop_key == key for s in run.stops]
    reread, _ = planning.current_plan(day, DAY)
    assert (reread.locked_stop_keys, reread.locked_vehicles) == ({key}, {first.vehicle.name})
    unlocked = planning.set_lock(reread, vehicle=first.vehicle.name, locked=False)
    planning.commit(day, actor, unlocked, plan)
    again, _ = planning.current_plan(day, DAY)
    assert (again.locked_stop_keys, again.locked_vehicles) == ({key}, frozenset())


def test_a_locked_run_survives_a_replan(day, actor) -> None:
    """Re-planning keeps a locked run exactly as it was, stop for stop."""
    saved = _planned(day, actor)
    prepared, plan = planning.current_plan(day, DAY)
    frozen = planning.set_lock(prepared, vehicle=saved[0].driver, locked=True)
    planning.commit(day, actor, frozen, plan)
    again = planning.prepare(day, DAY, ["Dev", "Maria"])
    planning.commit(day, actor, again, planning.solve(again, seconds=1, iterations=100))
    after = runs.get_run(day, saved[0].id)
    assert [s.stop_key for s in after.stops] == [s.stop_key for s in saved[0].stops]
    assert after.locked


def test_a_driver_out_on_a_run_is_left_out_of_the_next_plan(day, actor) -> None:
    """All drivers by default means the free ones; naming a busy one says why not."""
    prepared = planning.prepare(day, DAY, ["Dev", "Maria"])
    planning.commit(day, actor, prepared, planning.solve(prepared, seconds=1, iterations=100))
    [first, *_] = runs.runs_of_day(day, DAY)
    runs.set_state(day, first.id, "loading")
    again = planning.prepare(day, DAY)
    assert first.driver not in {v.name for v in again.problem.vehicles}
    loaded = set(first.tracking_ids)
    assert not loaded & {t for stop in again.problem.stops for t in stop.tracking_ids}
    with pytest.raises(BadInput, match=f"{first.driver} is loading on run 1"):
        planning.prepare(day, DAY, [first.driver])
