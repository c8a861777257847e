"""Schema v12: runs record the street map they were timed on; older runs are estimates."""

from __future__ import annotations

import pytest

from store import migrations, runs
from store.db import connect
from store.events import Actor
from tests.store.conftest import DAY
from tests.store.daybook import IDS, plan, shelf

ACTOR = Actor("Ana", "C1")
STREET_MAP_VERSION = migrations.MIGRATIONS.index(migrations._v12) + 1


def test_runs_saved_before_street_maps_read_as_estimates(db_file) -> None:
    """A run of a schema-5 file (no street_map column) comes through as an estimate."""
    from store import settings

    old = connect(db_file)
    settings.update(old, name="Old", latitude=38.9187, longitude=-77.2311)
    shelf(old, ACTOR)
    plan(old, ACTOR, {"Dev": [[IDS[0]], [IDS[1]]]}, street_map="ignored.osm.pbf")
    old.conn.execute("ALTER TABLE runs DROP COLUMN street_map")  # as schema 5 wrote it
    old.conn.execute(f"PRAGMA user_version = {STREET_MAP_VERSION - 1}")
    old.conn.close()
    db = connect(db_file)
    assert migrations.schema_version(db) == migrations.CURRENT_VERSION
    (run,) = runs.runs_of_day(db, DAY)
    assert run.street_map is None and run.estimated
    assert [len(stop.parcels) for stop in run.stops] == [1, 1]


@pytest.mark.parametrize("name", ["harrisburg.osm.pbf", None])
def test_a_run_keeps_the_map_it_was_timed_on(db_file, name) -> None:
    """save_plan stores RunRecord.street_map; reading the run gives it back."""
    from store import settings

    db = connect(db_file)
    settings.update(db, name="New", latitude=38.9187, longitude=-77.2311)
    shelf(db, ACTOR)
    plan(db, ACTOR, {"Dev": [[IDS[0]]]}, street_map=name)
    (run,) = runs.runs_of_day(db, DAY)
    assert run.street_map == name and run.estimated is (name is None)
