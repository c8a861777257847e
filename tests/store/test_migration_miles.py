"""The miles-driven migration: runs of an older file come through whole, miles not entered."""

from __future__ import annotations

from store import end_of_day, migrations, settings
from store.db import connect
from tests.store.conftest import DAY
from tests.store.daybook import IDS, plan, shelf

#: The version before the miles driven were kept.
BEFORE = migrations.MIGRATIONS.index(migrations._v9)
#: The runs' columns of this migration and the later ones (last first).
LATER_COLUMNS = ("street_map", "miles_driven")


def test_an_older_shop_keeps_its_runs_and_gets_miles_driven(db_file, actor) -> None:
    """A shop written before miles driven existed: its run is kept, its miles are not
    entered, and they can be entered after the upgrade."""
    old = connect(db_file)
    settings.update(old, name="Old", latitude=38.9187, longitude=-77.2311)
    shelf(old, actor, IDS[:2])
    [run_id] = plan(old, actor, {"Dev": [IDS[:2]]})
    # the runs table as the versions before wrote it: without the columns added since
    for column in LATER_COLUMNS:
        old.conn.execute(f"ALTER TABLE runs DROP COLUMN {column}")
    old.conn.execute(f"PRAGMA user_version = {BEFORE}")
    before = old.conn.execute("SELECT * FROM runs").fetchall()
    old.conn.close()
    db = connect(db_file)
    assert migrations.schema_version(db) == migrations.CURRENT_VERSION
    width = len(before[0])
    assert [row[:width] for row in db.conn.execute("SELECT * FROM runs")] == before
    assert [line.miles_driven for line in end_of_day.summary(db, DAY).drivers] == [None]
    end_of_day.record_miles(db, run_id, 11.2)
    assert end_of_day.summary(db, DAY).miles_driven == 11.2
    db.conn.close()
