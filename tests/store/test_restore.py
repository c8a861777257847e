"""Restore checks the backup before the swap, keeps every replaced file under its own name,
and never drops the other counter's work."""

from __future__ import annotations

import sqlite3

import pytest

from store import backup, checkin, migrations, restore
from store.db import connect
from store.errors import BadInput
from store.events import Actor, verify
from store.manifest import import_bytes
from tests.store.conftest import DAY, MORNING, inside, manifest_bytes

OTHER = Actor("Bo", "Counter 2")
IDS = [f"TBA1{n:08d}" for n in range(6)]


@pytest.fixture
def shop_file(shop, actor, db_file):
    """A shop with six parcels expected, its connection closed (the file as on disk)."""
    import_bytes(shop, actor, manifest_bytes(*(inside(i) for i in IDS)), "m.csv", DAY, at=MORNING)
    return db_file


@pytest.fixture
def copy(shop, shop_file, tmp_path):
    """This morning's backup: the six parcels, none checked in."""
    return backup.backup_to(shop, tmp_path / "backups" / "shop.morning.db")


def statuses(path) -> dict[str, str]:
    raw = sqlite3.connect(path)
    try:
        return dict(raw.execute("SELECT tracking_id, status FROM parcels"))
    finally:
        raw.close()


def refused_untouched(backup_file, db_file, match: str, **options) -> None:
    """The restore is refused in words and the shop file is exactly as it was."""
    before = statuses(db_file)
    kept_before = sorted(db_file.parent.glob("*.before-restore*"))
    with pytest.raises(BadInput, match=match):
        restore.restore(backup_file, db_file, **options)
    assert statuses(db_file) == before
    assert sorted(db_file.parent.glob("*.before-restore*")) == kept_before
    assert not list(db_file.parent.glob("*.part"))


def test_a_restore_keeps_the_replaced_file_and_says_what_the_backup_lacks(
    shop, actor, shop_file, copy
) -> None:
    """Two scans after the backup: the restored file lacks them, the kept one holds them,
    and the result says so (how many, the last one's time and who)."""
    checkin.check_in(shop, actor, IDS[0])
    checkin.check_in(shop, OTHER, IDS[1])
    done = restore.restore(copy, shop_file)
    assert statuses(shop_file)[IDS[0]] == "expected"
    assert statuses(done.kept)[IDS[0]] == statuses(done.kept)[IDS[1]] == "received"
    assert done.lost_events == 2 and "by Bo at Counter 2" in done.last_lost
    assert "held 2 events the backup lacks" in restore.lost_words(done)
    assert verify(connect(shop_file)).ok


def test_restoring_twice_never_overwrites_an_earlier_kept_file(shop, actor, shop_file, copy):
    checkin.check_in(shop, actor, IDS[0])
    first = restore.restore(copy, shop_file).kept
    first_bytes = first.read_bytes()
    second = restore.restore(copy, shop_file).kept
    assert second != first and first.read_bytes() == first_bytes
    assert statuses(first)[IDS[0]] == "received"


def test_the_other_counter_waits_during_the_swap_and_its_scan_is_never_lost(
    shop, actor, shop_file, copy, monkeypatch
) -> None:
    """While the swap holds the lock the other counter's scan is refused as busy (it says so
    and tries again); once done it lands in the restored file. A scan just before the swap
    is in the kept file."""
    other = connect(shop_file)
    other.conn.execute("PRAGMA busy_timeout = 0")
    checkin.check_in(other, OTHER, IDS[2])  # just before: must be kept
    during: list[str] = []
    real_keep = restore._keep

    def keep_then_scan(*args):
        kept = real_keep(*args)
        try:
            checkin.check_in(other, OTHER, IDS[3])
            during.append("recorded")
        except Exception as error:
            during.append(type(error).__name__ + (" busy" if getattr(error, "busy", False) else ""))
        return kept

    monkeypatch.setattr(restore, "_keep", keep_then_scan)
    done = restore.restore(copy, shop_file)
    assert during == ["DatabaseBusy busy"]
    assert statuses(done.kept)[IDS[2]] == "received" and done.lost_events == 1
    assert str(checkin.check_in(other, OTHER, IDS[3]).outcome) == "received"  # after: lands
    assert statuses(shop_file)[IDS[3]] == "received"
    other.conn.close()


def test_a_backup_from_a_newer_parcel_desk_is_refused(shop_file, copy) -> None:
    raw = sqlite3.connect(copy)
    raw.execute(f"PRAGMA user_version = {migrations.CURRENT_VERSION + 1}")
    raw.close()
    refused_untouched(copy, shop_file, "made by a newer Parcel Desk")


def test_a_foreign_sqlite_file_with_an_events_table_is_refused(shop_file, tmp_path) -> None:
    foreign = tmp_path / "calendar.db"
    raw = sqlite3.connect(foreign)
    raw.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, title TEXT)")
    raw.execute("INSERT INTO events (title) VALUES ('dentist')")
    raw.commit()
    raw.close()
    refused_untouched(foreign, shop_file, "not a Parcel Desk backup")


def test_a_tampered_backup_is_refused_before_the_swap(shop_file, copy) -> None:
    raw = sqlite3.connect(copy)
    raw.execute("DROP TRIGGER events_no_update")
    raw.execute("UPDATE events SET staff = 'Mallory' WHERE id = 3")
    raw.commit()
    raw.close()
    refused_untouched(copy, shop_file, "does not verify")


def test_a_backup_of_another_shop_needs_to_be_asked_for(shop, shop_file, tmp_path) -> None:
    """Another shop's backup is refused, naming both; --other-shop restores it."""
    elsewhere = connect(tmp_path / "elsewhere.db")
    from store import settings

    settings.update(elsewhere, name="Other Shop", latitude=39.5, longitude=-76.6)
    other_copy = backup.backup_to(elsewhere, tmp_path / "other.db")
    elsewhere.conn.close()
    refused_untouched(other_copy, shop_file, "“Other Shop” at 39.500, -76.600, not of “Test Shop”")
    done = restore.restore(other_copy, shop_file, other_shop=True)
    assert statuses(shop_file) == {} and done.kept is not None


def test_a_backup_of_an_older_schema_is_restored_at_the_current_one(
    shop_file, tmp_path, monkeypatch
):
    """A backup made before the last migrations is brought up to date in the swap."""
    with monkeypatch.context() as patch:
        patch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:4])
        patch.setattr(migrations, "CURRENT_VERSION", 4)
        old = connect(tmp_path / "old.db")
        from store import settings

        settings.update(old, name="Test Shop", latitude=38.9187, longitude=-77.2311)
        old_copy = backup.backup_to(old, tmp_path / "old-copy.db")
        old.conn.close()
    restore.restore(old_copy, shop_file)
    raw = sqlite3.connect(shop_file)
    assert raw.execute("PRAGMA user_version").fetchone() == (migrations.CURRENT_VERSION,)
    assert raw.execute("PRAGMA application_id").fetchone() == (migrations.APPLICATION_ID,)
    raw.close()


def test_a_damaged_shop_file_is_replaced_and_kept(shop, shop_file, copy) -> None:
    """The reason to restore: the file has a damaged page. It is set aside, the backup in."""
    import os

    shop.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = shop.conn.execute("PRAGMA page_size").fetchone()[0]
    (root,) = shop.conn.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'events'"
    ).fetchone()
    with shop_file.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(os.urandom(page_size))
    done = restore.restore(copy, shop_file)
    assert done.kept is not None and done.kept.exists()
    assert verify(connect(shop_file)).ok
