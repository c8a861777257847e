"""OSRM asked in a helper process: the same answers as here, and a helper that dies is replaced."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator

import numpy as np
import pytest
import sqlite_utils

from routing import road_engine, roads
from routing.road_engine import HelperEngine, LocalEngine
from routing.roads import OsrmTravel
from store import area
from tests.osm_world import ISLAND, SHOP, at


@pytest.fixture
def base(world_db: sqlite_utils.Database) -> str:
    loaded = area.current(world_db)
    assert loaded is not None
    return str(loaded.osrm_base)


@pytest.fixture
def helper() -> Iterator[HelperEngine]:
    engine = HelperEngine()
    yield engine
    engine.close()


POINTS = [SHOP, at(600, 220), at(1600, 1285), at(500, 1500), ISLAND]


def test_the_helper_answers_as_this_process_does(base: str, helper: HelperEngine) -> None:
    """Table, route and snap from the helper equal OSRM's answers here."""
    local = LocalEngine()
    mine, theirs = local.table(base, POINTS), helper.table(base, POINTS)
    for field in ("duration_s", "distance_m", "snap_m"):
        np.testing.assert_array_equal(getattr(mine, field), getattr(theirs, field))
    assert helper.route(base, POINTS[:3]) == local.route(base, POINTS[:3])
    assert helper.snap(base, ISLAND) == pytest.approx(local.snap(base, ISLAND))
    assert helper.pid is not None and helper.pid != os.getpid()


def test_a_helper_that_died_is_started_again(base: str, helper: HelperEngine) -> None:
    """Killed between two queries, the helper is replaced and the next query is answered."""
    first = helper.table(base, POINTS)
    pid = helper.pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    again = helper.table(base, POINTS)
    np.testing.assert_array_equal(first.duration_s, again.duration_s)
    assert helper.starts == 2 and helper.pid not in (None, pid)


def test_an_osrm_error_reaches_the_asker_and_the_helper_stays(
    base: str, helper: HelperEngine, tmp_path: object
) -> None:
    """A map whose files are missing is an error for that query only."""
    with pytest.raises(RuntimeError):
        helper.table(f"{tmp_path}/none.osrm", POINTS)
    assert helper.table(base, POINTS).duration_s.shape == (5, 5)
    assert helper.starts == 1


def test_the_road_model_asks_the_engine_in_use(base: str) -> None:
    """`use_helper_process` sends every OsrmTravel query of the process to the helper."""
    helper = road_engine.use_helper_process()
    try:
        roads.forget()
        table = OsrmTravel(base).table(POINTS)
        assert helper.pid is not None  # the query started it
        assert list(table.problems()) == [4]  # the island, 350 m from any road
    finally:
        road_engine.use_this_process()
    assert isinstance(road_engine.engine(), LocalEngine)
    assert helper.pid is None


def test_tables_asked_by_one_model_serve_another_on_the_same_map(base: str) -> None:
    """The saved plan read back after planning is cut from the plan's table, not asked again."""
    asked: list[int] = []

    class Counting(LocalEngine):
        def table(self, base: str, points: object) -> road_engine.TableAnswer:
            asked.append(len(points))  # type: ignore[arg-type]
            return super().table(base, points)  # type: ignore[arg-type]

    previous = road_engine.use_engine(Counting())
    try:
        roads.forget()
        OsrmTravel(base).table(POINTS)
        OsrmTravel(base).table([POINTS[0], POINTS[2], POINTS[1]])
    finally:
        road_engine.use_engine(previous)
    assert asked == [5]
