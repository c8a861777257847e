"""The miles-driven migration: runs of an older file come through whole, miles not entered."""

from __future__ import annotations

from store import end_of_day, migrations, settings
from store.db import connect
from tests.store.conftest import DAY
from tests.store.daybook import IDS, plan, shelf

#: The version before the miles driven were kept.
BEFORE = migrations.MIGRATIONS.index(migrations._v9)


def test_an_older_shop_keeps_its_runs_and_gets_miles_driven(db_file, actor, monkeypatch) -> None:
    """A shop written before miles driven existed: its run is kept, its miles are not
    entered, and they can be entered after the upgrade."""
    with monkeypatch.context() as patch:
        patch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:BEFORE])
        patch.setattr(migrations, "CURRENT_VERSION", BEFORE)
        old = connect(db_file)
        settings.update(old, name="Old", latitude=38.9187, longitude=-77.2311)
        shelf(old, actor, IDS[:2])
        # today's code saves a run's street map: lend the old table that column meanwhile
        old.conn.execute("ALTER TABLE runs ADD COLUMN street_map TEXT")
        [run_id] = plan(old, actor, {"Dev": [IDS[:2]]})
        old.conn.execute("ALTER TABLE runs DROP COLUMN street_map")
        before = old.conn.execute("SELECT * FROM runs").fetchall()
        old.conn.close()
    db = connect(db_file)
    assert migrations.schema_version(db) == migrations.CURRENT_VERSION
    width = len(before[0])  # later migrations add columns at the end
    assert [row[:width] for row in db.conn.execute("SELECT * FROM runs")] == before
    assert [line.miles_driven for line in end_of_day.summary(db, DAY).drivers] == [None]
    end_of_day.record_miles(db, run_id, 11.2)
    assert end_of_day.summary(db, DAY).miles_driven == 11.2
    db.conn.close()
