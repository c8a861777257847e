"""The planner thread: results come back on the GUI thread once the thread has ended."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from store import planning
from tests.ui import runs_fixtures
from tests.ui.runs_fixtures import DAY
from ui.runs.plan_worker import Planner

small_day_file, shop_db = runs_fixtures.small_day_file, runs_fixtures.shop_db
no_thread_left = runs_fixtures.no_thread_left


@pytest.fixture
def planner(qtbot, no_thread_left) -> Iterator[Planner]:
    made = Planner()
    yield made
    made.shutdown()
    assert not made.running


def test_a_plan_comes_back_with_progress_on_the_way(qtbot, planner: Planner, shop_db) -> None:
    """A small plan reports progress, then its plan, and leaves no thread running."""
    day = planning.prepare(shop_db, DAY)
    progress = []
    planner.progressed.connect(progress.append)
    with qtbot.waitSignal(planner.done, timeout=30_000) as done:
        planner.start(day, seconds=5, iterations=100)
    given, plan, error, cancelled = done.args
    assert (given, error, cancelled) == (day, None, False)
    assert sum(len(r.visits) for r in plan.routes) == len(day.problem.stops)
    assert progress and progress[-1].iterations <= 100
    assert not planner.running


def test_shutdown_then_a_new_plan_reports_each_once(qtbot, planner: Planner, shop_db) -> None:
    """A plan shut down is reported cancelled; the next one is reported with its own plan."""
    day = planning.prepare(shop_db, DAY)
    reports = []
    planner.done.connect(lambda *args: reports.append(args))
    with qtbot.waitSignal(planner.progressed, timeout=30_000):
        planner.start(day, seconds=60)
    planner.shutdown()
    assert [r[3] for r in reports] == [True]
    with qtbot.waitSignal(planner.done, timeout=30_000):
        planner.start(day, seconds=5, iterations=50)
    qtbot.wait(50)  # any stale signal of the first thread would arrive now
    assert [(r[2], r[3]) for r in reports] == [(None, True), (None, False)]
    assert reports[1][1] is not None


def test_a_failing_search_is_reported_in_words(qtbot, planner: Planner, shop_db) -> None:
    """An error in the search comes back as text; the planner can start again."""
    day = planning.prepare(shop_db, DAY)
    with qtbot.waitSignal(planner.done, timeout=30_000) as done:
        planner.start(day, seconds=0)
    assert done.args[1] is None
    assert done.args[2] == "ValueError: seconds must be a positive number, got 0"
    assert not planner.running
