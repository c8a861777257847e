"""Schemas 9 and 10: the status `voided` without copying the log; the shop's tracking shapes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from store import migrations
from store.checkin import Outcome, check_in, undo_scan
from store.db import connect
from store.events import Actor, verify
from store.manifest import import_bytes
from tests.store.conftest import DAY, MORNING, inside, manifest_bytes

ACTOR = Actor("Ana", "C1")
IDS = [f"TBA4000000{n:02d}" for n in range(1, 6)]


def _version_8_shop(db_file, monkeypatch) -> list[tuple]:
    """A shop written by schema 8: a manifest and check-ins."""
    from store import settings

    with monkeypatch.context() as patch:
        patch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:8])
        patch.setattr(migrations, "CURRENT_VERSION", 8)
        old = connect(db_file)
        settings.update(old, name="Old", latitude=38.9187, longitude=-77.2311)
        import_bytes(old, ACTOR, manifest_bytes(*(inside(t) for t in IDS)), "m.csv", DAY)
        for tracking_id in IDS[:3]:
            check_in(old, ACTOR, tracking_id, at=MORNING)
        with pytest.raises(Exception, match="CHECK constraint failed"):
            old.conn.execute("UPDATE parcels SET status = 'voided'")
        rows = old.conn.execute("SELECT * FROM events ORDER BY id").fetchall()
        old.conn.close()
    return rows


def test_voided_is_allowed_and_nothing_else_changed(db_file, monkeypatch) -> None:
    """The CHECK lists take `voided`; every event, the chain and the file's integrity stay."""
    rows = _version_8_shop(db_file, monkeypatch)
    db = connect(db_file)
    assert migrations.schema_version(db) == migrations.CURRENT_VERSION
    assert db.conn.execute("SELECT * FROM events ORDER BY id").fetchall() == rows
    assert db.conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    check_in(db, ACTOR, "TBA400000099", at=MORNING)
    result = undo_scan(db, ACTOR, "TBA400000099", at=MORNING + timedelta(minutes=1))
    assert result.outcome is Outcome.UNDONE
    assert db.conn.execute(
        "SELECT status FROM parcels WHERE tracking_id = 'TBA400000099'"
    ).fetchone() == ("voided",)
    with pytest.raises(Exception, match="CHECK constraint failed"):
        db.conn.execute("UPDATE parcels SET status = 'lost' WHERE tracking_id = 'TBA400000001'")
    assert verify(db).ok
    db.conn.close()


def test_a_connection_opened_before_sees_the_new_lists(db_file, monkeypatch) -> None:
    """A connection open during the change reloads the schema (the cookie was bumped)."""
    import sqlite3

    _version_8_shop(db_file, monkeypatch)
    before = sqlite3.connect(db_file)
    assert before.execute("SELECT count(*) FROM parcels").fetchone() == (5,)
    connect(db_file).conn.close()  # migrates
    before.execute("UPDATE parcels SET status = 'voided' WHERE tracking_id = ?", (IDS[4],))
    before.commit()
    assert before.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    before.close()


def test_the_shapes_of_the_old_manifests_are_counted(db_file, monkeypatch) -> None:
    """Schema 7 learns the shapes of every manifest parcel already in the file."""
    _version_8_shop(db_file, monkeypatch)
    db = connect(db_file)
    assert db.conn.execute("SELECT shape, parcels, example FROM tracking_shapes").fetchall() == [
        ("TBA+9x9", 5, IDS[0])
    ]
    db.conn.close()


def test_a_foreign_status_list_is_refused(db_file, monkeypatch) -> None:
    """A file whose status CHECK is not Parcel Desk's is not rewritten."""
    _version_8_shop(db_file, monkeypatch)
    import sqlite3

    raw = sqlite3.connect(db_file)
    (cookie,) = raw.execute("PRAGMA schema_version").fetchone()
    raw.execute("PRAGMA writable_schema = ON")
    raw.execute(
        "UPDATE sqlite_master SET sql = replace(sql, '''missing''', '''lost''') "
        "WHERE name = 'parcels'"
    )
    raw.execute(f"PRAGMA schema_version = {cookie + 1}")
    raw.commit()
    raw.close()
    with pytest.raises(Exception, match="not the ones Parcel Desk made"):
        connect(db_file)
