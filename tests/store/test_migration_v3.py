"""Schema v3: a shop from the runs release gains load checks, day closings, unique codes."""

from __future__ import annotations

import sqlite3

import pytest

from store import migrations
from store.db import connect
from store.events import Actor, verify
from store.manifest import import_bytes
from tests.store.conftest import DAY, inside, manifest_bytes, write_as_old_schema


def test_a_version_2_shop_migrates_with_its_data(db_file, monkeypatch) -> None:
    """The parcels and the log stay; the new tables are there and empty."""
    from store import settings

    with monkeypatch.context() as patch:
        patch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:2])
        patch.setattr(migrations, "CURRENT_VERSION", 2)
        old = connect(db_file)
        write_as_old_schema(patch, old)
        settings.update(old, name="Old", latitude=38.9187, longitude=-77.2311)
        import_bytes(old, Actor("Ana", "C1"), manifest_bytes(inside("TBA100000001")), "m.csv", DAY)
        old.conn.close()
    db = connect(db_file)
    assert migrations.schema_version(db) == migrations.CURRENT_VERSION
    assert {"run_loads", "day_closes"} <= set(db.table_names())
    assert db.conn.execute("SELECT count(*) FROM run_loads").fetchone() == (0,)
    assert db.conn.execute("SELECT tracking_id FROM parcels").fetchall() == [("TBA100000001",)]
    assert verify(db).ok
    assert list((db_file.parent / "backups").glob("shop.schema-v2.db"))
    db.conn.close()


def test_two_held_parcels_cannot_share_a_pickup_code(db) -> None:
    """The database itself refuses a duplicate code among held parcels."""
    now = "2026-11-25T13:00:00.000Z"
    db.conn.executemany(
        "INSERT INTO parcels (tracking_id, status, status_at, pickup_code) VALUES (?, ?, ?, ?)",
        [("TBA1", "attempted", now, "ACDEFG"), ("TBA2", "attempted", now, None)],
    )
    with pytest.raises(sqlite3.IntegrityError):
        db.conn.execute("UPDATE parcels SET pickup_code = 'ACDEFG' WHERE tracking_id = 'TBA2'")
