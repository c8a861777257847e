"""Schema v5: the events table loses its UNIQUE index on `hash`, and nothing else changes."""

from __future__ import annotations

import sqlite3

import pytest

from store import migrations
from store.checkin import check_in
from store.db import connect
from store.events import Actor, verify
from store.manifest import import_bytes
from tests.store.conftest import DAY, MORNING, inside, manifest_bytes, write_as_old_schema

ACTOR = Actor("Ana", "C1")
IDS = [f"TBA3000000{n:02d}" for n in range(1, 6)]


def _version_4_shop(db_file, monkeypatch) -> list[tuple]:
    """A shop written by schema 4: a manifest, check-ins (scans point at their events)."""
    from store import settings

    with monkeypatch.context() as patch:
        patch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:4])
        patch.setattr(migrations, "CURRENT_VERSION", 4)
        old = connect(db_file)
        write_as_old_schema(patch, old)
        settings.update(old, name="Old", latitude=38.9187, longitude=-77.2311)
        import_bytes(old, ACTOR, manifest_bytes(*(inside(t) for t in IDS)), "m.csv", DAY)
        for tracking_id in IDS[:3]:
            check_in(old, ACTOR, tracking_id, at=MORNING)
        rows = old.conn.execute("SELECT * FROM events ORDER BY id").fetchall()
        assert _unique_indexes(old) == 1
        old.conn.close()
    return rows


def _unique_indexes(db) -> int:
    return sum(row[2] for row in db.conn.execute("PRAGMA index_list(events)"))


def test_the_log_comes_through_whole_and_still_append_only(db_file, monkeypatch) -> None:
    rows = _version_4_shop(db_file, monkeypatch)
    db = connect(db_file)
    assert migrations.schema_version(db) == migrations.CURRENT_VERSION
    assert db.conn.execute("SELECT * FROM events ORDER BY id").fetchall() == rows
    assert _unique_indexes(db) == 0
    names = {row[1] for row in db.conn.execute("PRAGMA index_list(events)")}
    assert names == {"events_parcel", "events_at"}
    assert db.conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
    assert db.conn.execute("PRAGMA foreign_key_check").fetchall() == []
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.conn.execute("UPDATE events SET staff = 'X' WHERE id = 1")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.conn.execute("DELETE FROM events WHERE id = 1")
    check_in(db, ACTOR, IDS[3], at=MORNING)
    last = db.conn.execute("SELECT id, prev_hash FROM events ORDER BY id DESC LIMIT 1").fetchone()
    assert last == (rows[-1][0] + 1, rows[-1][-1])  # the id and the chain go on
    assert verify(db).ok
    assert list((db_file.parent / "backups").glob("shop.schema-v4.db"))
    db.conn.close()


def test_the_old_table_space_is_given_back(db_file, monkeypatch) -> None:
    """The rebuild frees the old table's pages; the file is compacted when they are many."""
    _version_4_shop(db_file, monkeypatch)
    monkeypatch.setattr(migrations, "COMPACT_WHEN_FREE", 0.0)
    db = connect(db_file)
    assert db.conn.execute("PRAGMA freelist_count").fetchone() == (0,)
    assert verify(db).ok
    db.conn.close()


def test_a_changed_hash_is_still_found_by_verify(db_file, monkeypatch) -> None:
    """Without the index the chain still catches an edit made behind the app's back."""
    _version_4_shop(db_file, monkeypatch)
    db = connect(db_file)
    db.conn.execute("DROP TRIGGER events_no_update")
    db.conn.execute("UPDATE events SET reason = 'edited' WHERE id = 2")
    assert not verify(db).ok
    db.conn.close()


def test_a_broken_reference_stops_the_migration(db_file, monkeypatch) -> None:
    """A scan pointing at an event that is not there (written with foreign keys off): the
    rebuild's check finds it and the file stays at schema 4, untouched."""
    _version_4_shop(db_file, monkeypatch)
    raw = sqlite3.connect(db_file)
    raw.execute("PRAGMA foreign_keys = OFF")
    raw.execute("UPDATE scans SET event_id = 999999 WHERE id = 1")
    raw.commit()
    raw.close()
    with pytest.raises(Exception, match="a reference between tables broke"):
        connect(db_file)
    raw = sqlite3.connect(db_file)
    assert raw.execute("PRAGMA user_version").fetchone() == (4,)
    ddl = raw.execute("SELECT sql FROM sqlite_master WHERE name = 'events'").fetchone()[0]
    assert "hash TEXT NOT NULL UNIQUE" in ddl
    raw.close()
