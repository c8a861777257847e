"""A plan's budget counts from the start: the road check and (for the `plan` command) Python's
start come off the search, so the whole command ends within about a second of --seconds."""

from __future__ import annotations

import time

import pytest

import routing
from commands import plan as plan_command
from store import drivers, planning
from store.checkin import check_in
from store.manifest import import_bytes
from tests.store.conftest import DAY, MORNING, manifest_bytes


@pytest.fixture
def prepared(shop, actor) -> planning.PlanningInput:
    rows = [
        f"TBA20000000{n},R{n},{n} Oak St,Vienna,VA,22182,{38.90 + n / 100},-77.24,standard,"
        for n in range(1, 4)
    ]
    header = (
        "tracking_id,recipient_name,address_line1,city,state,postal_code,latitude,longitude,"
        "service,due_date"
    )
    import_bytes(shop, actor, manifest_bytes(*rows, header=header), "m.csv", DAY, at=MORNING)
    for n in range(1, 4):
        check_in(shop, actor, f"TBA20000000{n}", at=MORNING)
    drivers.add(shop, "Dev", capacity=40, shift_start="09:00", shift_end="17:00")
    return planning.prepare(shop, DAY, ["Dev"])


def searched_seconds(monkeypatch, prepared, seconds: float, check_s: float) -> float:
    """The budget `solve` gives the search when the road check takes ``check_s``."""
    real_check, real_plan = planning.check_on_roads, routing.plan
    given = []

    def slow_check(*args, **kwargs):
        time.sleep(check_s)
        return real_check(*args, **kwargs)

    def recording_plan(problem, **kwargs):
        given.append(kwargs["seconds"])
        return real_plan(problem, **{**kwargs, "iterations": 5})

    monkeypatch.setattr(planning, "check_on_roads", slow_check)
    monkeypatch.setattr(planning.routing, "plan", recording_plan)
    result = planning.solve(prepared, seconds=seconds, workers=1)
    assert result.unassigned == ()
    return given[0]


def test_the_road_check_comes_off_the_search(monkeypatch, prepared) -> None:
    assert searched_seconds(monkeypatch, prepared, 2.0, 0.3) <= 1.7


def test_the_search_keeps_a_quarter_of_the_budget_however_long_the_check(
    monkeypatch, prepared
) -> None:
    assert searched_seconds(monkeypatch, prepared, 0.4, 0.5) == pytest.approx(0.1)


def test_the_plan_command_gives_the_search_what_is_left_after_python_started(
    monkeypatch,
) -> None:
    monkeypatch.setattr(plan_command, "seconds_since_start", lambda: 1.2)
    left = 2.0 - 1.2 - plan_command.SAVE_RESERVE_S
    assert plan_command.search_seconds(2.0) == pytest.approx(left)
    monkeypatch.setattr(plan_command, "seconds_since_start", lambda: 5.0)
    assert plan_command.search_seconds(2.0) == plan_command.MIN_SEARCH_S


def test_this_process_knows_how_long_it_has_run() -> None:
    first = plan_command.seconds_since_start()
    time.sleep(0.05)
    assert 0 < first < plan_command.seconds_since_start()
