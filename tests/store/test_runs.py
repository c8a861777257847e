"""Runs and stops in the shop file: save a plan, re-plan, leftovers, locks, run states."""

from __future__ import annotations

from datetime import timedelta

import pytest

from store import drivers, runs
from store.checkin import check_in
from store.errors import BadInput
from store.events import history, verify
from store.manifest import import_bytes
from store.runs import RunRecord, StopRecord, save_plan
from store.statuses import Status
from tests.store.conftest import DAY, MORNING, inside, manifest_bytes

IDS = [f"TBA10000000{n}" for n in range(1, 6)]


@pytest.fixture
def shelf(shop, actor):
    """Five received parcels and two drivers."""
    import_bytes(shop, actor, manifest_bytes(*(inside(t) for t in IDS)), "m.csv", DAY, at=MORNING)
    for tracking_id in IDS:
        check_in(shop, actor, tracking_id, at=MORNING)
    drivers.add(shop, "Dev", capacity=40, shift_start="09:00", shift_end="17:00")
    drivers.add(shop, "Maria", capacity=30, shift_start="10:00", shift_end="15:00")
    return shop


def _stop(*tracking_ids: str, lat: float = 38.93, locked: bool = False) -> StopRecord:
    return StopRecord(
        stop_key=f"k:{tracking_ids[0]}",
        latitude=lat,
        longitude=-77.24,
        tracking_ids=tracking_ids,
        arrival_s=36000,
        start_s=36000,
        depart_s=36120,
        service_s=120,
        leg_mi=1.2,
        label="Olivia Smith",
        locked=locked,
    )


def _statuses(db) -> dict[str, str]:
    return dict(db.conn.execute("SELECT tracking_id, status FROM parcels"))


def test_saving_a_plan_plans_the_parcels(shelf, actor) -> None:
    """Each planned parcel gets a planned event with run, stop and driver."""
    [dev, maria] = save_plan(
        shelf,
        actor,
        DAY,
        [
            RunRecord(
                "Dev",
                (_stop(IDS[0], IDS[1]), _stop(IDS[2])),
                distance_mi=7.5,
                duration_s=3600,
                start_s=32400,
                end_s=36000,
            ),
            RunRecord("Maria", (_stop(IDS[3]),)),
        ],
        {IDS[4]: "optional today: no room left in today's shifts"},
    )
    assert _statuses(shelf) == {
        IDS[0]: "planned",
        IDS[1]: "planned",
        IDS[2]: "planned",
        IDS[3]: "planned",
        IDS[4]: "received",
    }
    last = history(shelf, IDS[2])[-1]
    assert (last.status, last.run_id, last.stop_sequence, last.details) == (
        Status.PLANNED,
        dev,
        2,
        {"driver": "Dev"},
    )
    day_runs = runs.runs_of_day(shelf, DAY)
    assert [(r.number, r.driver, r.parcel_count) for r in day_runs] == [
        (1, "Dev", 3),
        (2, "Maria", 1),
    ]
    assert [s.sequence for s in day_runs[0].stops] == [1, 2]
    assert day_runs[0].stops[0].parcels[0]["recipient_name"] == "Olivia Smith"
    assert runs.leftovers(shelf, DAY) == [
        (IDS[4], "optional today: no room left in today's shifts")
    ]
    assert maria == day_runs[1].id
    assert verify(shelf).ok


def test_replan_keeps_run_ids_and_logs_only_changes(shelf, actor) -> None:
    """A parcel that stays put gets no new event; moved ones say 'moved'; dropped ones go
    back to the shelf with the reason."""
    first = save_plan(
        shelf,
        actor,
        DAY,
        [RunRecord("Dev", (_stop(IDS[0]), _stop(IDS[1]))), RunRecord("Maria", (_stop(IDS[2]),))],
        {},
    )
    events_before = len(history(shelf, IDS[0]))
    second = save_plan(
        shelf,
        actor,
        DAY,
        [RunRecord("Dev", (_stop(IDS[0]), _stop(IDS[2]))), RunRecord("Maria", (_stop(IDS[3]),))],
        {IDS[1]: "due today but no room left in today's shifts"},
    )
    assert second == first
    assert len(history(shelf, IDS[0])) == events_before
    moved = history(shelf, IDS[2])[-1]
    assert (moved.status, moved.reason, moved.run_id, moved.stop_sequence) == (
        Status.PLANNED,
        "moved",
        first[0],
        2,
    )
    dropped = history(shelf, IDS[1])[-1]
    assert (dropped.status, dropped.reason) == (
        Status.RECEIVED,
        "due today but no room left in today's shifts",
    )


def test_a_driver_left_out_of_the_replan_has_the_run_cancelled(shelf, actor) -> None:
    """The run row stays (events refer to it) but leaves the day's list."""
    save_plan(
        shelf,
        actor,
        DAY,
        [RunRecord("Dev", (_stop(IDS[0]),)), RunRecord("Maria", (_stop(IDS[1]),))],
        {},
    )
    save_plan(shelf, actor, DAY, [RunRecord("Dev", (_stop(IDS[0]), _stop(IDS[1])))], {})
    assert [r.driver for r in runs.runs_of_day(shelf, DAY)] == ["Dev"]
    assert [r.state for r in runs.runs_of_day(shelf, DAY, include_cancelled=True)] == [
        "planned",
        "cancelled",
    ]


def test_plans_of_earlier_days_give_parcels_back(shelf, actor) -> None:
    """A plan never dispatched yesterday does not trap parcels today."""
    save_plan(shelf, actor, DAY, [RunRecord("Dev", (_stop(IDS[0]),))], {})
    tomorrow = DAY + timedelta(days=1)
    save_plan(shelf, actor, tomorrow, [RunRecord("Maria", (_stop(IDS[1]),))], {})
    assert _statuses(shelf)[IDS[0]] == "received"
    assert history(shelf, IDS[0])[-1].reason == f"plan of {DAY} not dispatched"
    assert runs.runs_of_day(shelf, DAY) == []


def test_a_parcel_on_two_stops_is_refused(shelf, actor) -> None:
    """The same parcel cannot ride twice."""
    with pytest.raises(BadInput, match="two stops"):
        save_plan(shelf, actor, DAY, [RunRecord("Dev", (_stop(IDS[0]), _stop(IDS[0])))], {})


def test_planning_a_held_parcel_is_refused_and_nothing_is_saved(shelf, actor) -> None:
    """An exception parcel cannot be planned; the whole plan is refused."""
    check_in(shelf, actor, "TBA999999999")
    with pytest.raises(BadInput, match="exception cannot become planned"):
        save_plan(shelf, actor, DAY, [RunRecord("Dev", (_stop(IDS[0]), _stop("TBA999999999")))], {})
    assert runs.runs_of_day(shelf, DAY) == []
    assert _statuses(shelf)[IDS[0]] == "received"


def test_locks_only_on_editable_runs(shelf, actor) -> None:
    """Stops and runs lock while planned; a dispatched run is history."""
    [run_id] = save_plan(shelf, actor, DAY, [RunRecord("Dev", (_stop(IDS[0]),))], {})
    stop_id = runs.get_run(shelf, run_id).stops[0].id
    runs.set_locked(shelf, stop_id=stop_id, locked=True)
    runs.set_locked(shelf, run_id=run_id, locked=True)
    run = runs.get_run(shelf, run_id)
    assert run.locked and run.stops[0].locked
    runs.set_state(shelf, run_id, "loading")
    with pytest.raises(BadInput, match="not yet dispatched"):
        runs.set_locked(shelf, run_id=run_id, locked=False)


def test_run_states_move_forward_only(shelf, actor) -> None:
    """planned -> loading -> out -> back -> closed; anything else is refused in words."""
    [run_id] = save_plan(shelf, actor, DAY, [RunRecord("Dev", (_stop(IDS[0]),))], {})
    with pytest.raises(BadInput, match="cannot become back"):
        runs.set_state(shelf, run_id, "back")
    for state in ("loading", "out", "back", "closed"):
        runs.set_state(shelf, run_id, state, at=MORNING)
    run = runs.get_run(shelf, run_id)
    assert (run.state, run.dispatched_at) == ("closed", "2026-11-25T13:00:00.000Z")


def test_replanning_a_busy_driver_is_refused(shelf, actor) -> None:
    """A driver out on a run cannot be given another one until back."""
    [run_id] = save_plan(shelf, actor, DAY, [RunRecord("Dev", (_stop(IDS[0]),))], {})
    runs.set_state(shelf, run_id, "out")
    with pytest.raises(BadInput, match="Dev is out on run 1"):
        save_plan(shelf, actor, DAY, [RunRecord("Dev", (_stop(IDS[1]),))], {})


def test_current_stop_of_a_parcel(shelf, actor) -> None:
    """Dispatch and results look up where a parcel rides."""
    [run_id] = save_plan(shelf, actor, DAY, [RunRecord("Dev", (_stop(IDS[0]), _stop(IDS[1])))], {})
    run, stop = runs.current_stop(shelf, IDS[1])
    assert (run.id, stop.sequence) == (run_id, 2)
    assert runs.current_stop(shelf, IDS[4]) is None


def test_a_plan_changed_at_the_other_counter_is_not_overwritten(shelf, actor) -> None:
    """Saving with the version read earlier is refused after another save in between."""
    save_plan(shelf, actor, DAY, [RunRecord("Dev", (_stop(IDS[0]),))], {})
    seen = runs.plan_version(shelf, DAY)
    save_plan(shelf, actor, DAY, [RunRecord("Dev", (_stop(IDS[0]), _stop(IDS[1])))], {})
    with pytest.raises(runs.PlanChanged, match="another counter"):
        save_plan(
            shelf, actor, DAY, [RunRecord("Maria", (_stop(IDS[2]),))], {}, expected_version=seen
        )
    assert [r.driver for r in runs.runs_of_day(shelf, DAY)] == ["Dev"]
    assert _statuses(shelf)[IDS[2]] == "received"
    save_plan(
        shelf,
        actor,
        DAY,
        [RunRecord("Dev", (_stop(IDS[3]),))],
        {},
        expected_version=runs.plan_version(shelf, DAY),
    )
    assert _statuses(shelf)[IDS[3]] == "planned"
