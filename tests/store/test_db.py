"""Opening the shop file: pragmas, migrations from an empty file, refusals in words."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from store import migrations
from store.db import connect, write_transaction
from store.errors import DatabaseUnavailable


def test_new_file_is_migrated_to_the_current_schema(db_file) -> None:
    """An empty path becomes a WAL database at the current version with every table."""
    db = connect(db_file)
    assert migrations.schema_version(db) == migrations.CURRENT_VERSION
    assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert {
        "settings",
        "staff",
        "manifests",
        "parcels",
        "events",
        "scans",
        "drivers",
        "address_book",
    } <= set(db.table_names())
    db.conn.close()


def test_reopening_keeps_data_and_version(db_file) -> None:
    """Opening an up-to-date file changes nothing."""
    db = connect(db_file)
    db.conn.execute("INSERT INTO settings VALUES ('name', '\"Kept\"')")
    db.conn.close()
    again = connect(db_file)
    assert again.conn.execute("SELECT value FROM settings").fetchone()[0] == '"Kept"'
    again.conn.close()


def test_newer_schema_is_refused(db_file) -> None:
    """A file from a newer Parcel Desk is not guessed at."""
    raw = sqlite3.connect(db_file)
    raw.execute(f"PRAGMA user_version = {migrations.CURRENT_VERSION + 1}")
    raw.close()
    with pytest.raises(DatabaseUnavailable, match="newer Parcel Desk"):
        connect(db_file)


def test_foreign_sqlite_file_is_refused_untouched(db_file) -> None:
    """Someone else's SQLite file is not turned into a shop."""
    raw = sqlite3.connect(db_file)
    raw.execute("CREATE TABLE recipes (name TEXT)")
    raw.close()
    with pytest.raises(DatabaseUnavailable, match="not Parcel Desk's"):
        connect(db_file)
    raw = sqlite3.connect(db_file)
    assert raw.execute("SELECT name FROM sqlite_master").fetchall() == [("recipes",)]
    raw.close()


def test_not_a_database_is_refused_in_words(db_file) -> None:
    """A text file given as --db gets a sentence, not a traceback."""
    db_file.write_text("tracking_id,recipient\n" * 100)
    with pytest.raises(DatabaseUnavailable, match="not a Parcel Desk database"):
        connect(db_file)


def test_folder_is_refused(tmp_path) -> None:
    """--db pointing at a folder says so."""
    with pytest.raises(DatabaseUnavailable, match="is a folder"):
        connect(tmp_path)


def test_older_file_is_backed_up_before_migrating(db_file, monkeypatch) -> None:
    """A schema change first copies the file to backups/ (the copy is the old version)."""
    connect(db_file).conn.close()

    def _v2(db):
        db.conn.execute("CREATE TABLE later_feature (x INTEGER)")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, _v2])
    monkeypatch.setattr(migrations, "CURRENT_VERSION", migrations.CURRENT_VERSION + 1)
    db = connect(db_file)
    assert "later_feature" in db.table_names()
    [copy] = (db_file.parent / "backups").glob("*.schema-v*.db")
    old = sqlite3.connect(copy)
    assert old.execute("PRAGMA user_version").fetchone()[0] == migrations.CURRENT_VERSION - 1
    old.close()
    db.conn.close()


def test_failed_migration_leaves_the_old_version(db_file, monkeypatch) -> None:
    """A migration that fails half-way is rolled back whole."""
    connect(db_file).conn.close()

    def _broken(db):
        db.conn.execute("CREATE TABLE half_done (x INTEGER)")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, _broken])
    monkeypatch.setattr(migrations, "CURRENT_VERSION", migrations.CURRENT_VERSION + 1)
    with pytest.raises(DatabaseUnavailable, match="disk"):
        connect(db_file)
    raw = sqlite3.connect(db_file)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == migrations.CURRENT_VERSION - 1
    assert not raw.execute("SELECT 1 FROM sqlite_master WHERE name = 'half_done'").fetchone()
    raw.close()


def test_write_transaction_rolls_back_on_error(db) -> None:
    """Everything inside one write is all-or-nothing."""
    with pytest.raises(ValueError), write_transaction(db):
        db.conn.execute("INSERT INTO staff (name, created_at) VALUES ('Ana', 'now')")
        raise ValueError("boom")
    assert db.conn.execute("SELECT count(*) FROM staff").fetchone()[0] == 0


def test_two_writers_queue_instead_of_failing(db_file) -> None:
    """Two counters writing at once both succeed (no 'database is locked')."""
    connect(db_file).conn.close()
    errors: list[BaseException] = []

    def counter(name: str) -> None:
        db = connect(db_file)
        try:
            for number in range(40):
                with write_transaction(db):
                    db.conn.execute(
                        "INSERT INTO staff (name, created_at) VALUES (?, 'now')",
                        (f"{name}{number}",),
                    )
        except BaseException as error:
            errors.append(error)
        finally:
            db.conn.close()

    threads = [threading.Thread(target=counter, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    db = connect(db_file)
    assert db.conn.execute("SELECT count(*) FROM staff").fetchone()[0] == 80
    db.conn.close()


def test_a_version_1_shop_migrates_with_its_data(db_file, monkeypatch) -> None:
    """A file from the first release gains runs and stops, keeps its parcels and its log,
    and its parcels get a location precision from how they were located."""
    from store import settings
    from store.db import write_transaction
    from store.events import Actor, Change, append, verify
    from store.statuses import Status
    from tests.store.conftest import MORNING

    located = {"manifest": "given", "address_book": "address", "zip_centroid": "zip", None: "none"}
    with monkeypatch.context() as patch:
        patch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:1])
        patch.setattr(migrations, "CURRENT_VERSION", 1)
        old = connect(db_file)
        settings.update(old, name="Old", latitude=38.9187, longitude=-77.2311)
        rows = {
            f"TBA10000000{n}": {
                "recipient_name": "Olivia",
                "latitude": None if source is None else 38.93,
                "longitude": None if source is None else -77.24,
                "location_source": source,
            }
            for n, source in enumerate(located, 1)
        }
        with write_transaction(old):
            append(
                old,
                Actor("Ana", "C1"),
                [Change(tracking_id, Status.EXPECTED) for tracking_id in rows],
                at=MORNING,
                new_parcels=rows,
            )
        old.conn.close()
    db = connect(db_file)
    assert migrations.schema_version(db) == migrations.CURRENT_VERSION
    assert {"runs", "stops", "stop_parcels", "location_fixes"} <= set(db.table_names())
    assert db.conn.execute(
        "SELECT tracking_id, handed_to, location_precision FROM parcels ORDER BY tracking_id"
    ).fetchall() == [
        (f"TBA10000000{n}", "", precision) for n, precision in enumerate(located.values(), 1)
    ]
    assert verify(db).ok
    assert db.conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert list((db_file.parent / "backups").glob("shop.schema-v1.db"))
    db.conn.close()
