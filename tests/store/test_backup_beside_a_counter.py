"""The morning's backup and purge never freeze the other counter: the backup copies a snapshot
in small steps, the purge works in small transactions, and a killed backup's leftovers go."""

from __future__ import annotations

import os
import sqlite3
import time
from datetime import date, timedelta

import pytest

from store import backup, checkin, privacy
from store.db import connect, write_transaction
from store.events import Actor, Change, append, verify
from store.manifest import import_bytes
from store.statuses import Status
from tests.store.conftest import DAY, MORNING, inside, manifest_bytes

OTHER = Actor("Bo", "Counter 2")


@pytest.fixture
def stocked(shop, actor):
    """A shop with 300 parcels expected (enough pages for a backup of many steps)."""
    rows = [inside(f"TBA1{n:08d}", name=f"Recipient {n:03d} " + "x" * 200) for n in range(300)]
    import_bytes(shop, actor, manifest_bytes(*rows), "m.csv", DAY, at=MORNING)
    return shop


@pytest.fixture
def other(db_file, stocked):
    """The other counter, refusing to wait at all: a held lock would fail its scan."""
    connection = connect(db_file)
    connection.conn.execute("PRAGMA busy_timeout = 0")
    yield connection
    connection.conn.close()


def test_a_backup_copies_in_steps_while_the_other_counter_scans(stocked, other, tmp_path):
    """Between steps the other counter scans at once; the backup is the snapshot of its start
    (it does not restart on every write, nor take the scans made meanwhile)."""
    scanned: list[str] = []

    def meanwhile(done: int, total: int) -> None:
        if done < total:
            parcel = f"TBA1{len(scanned):08d}"
            assert str(checkin.check_in(other, OTHER, parcel).outcome) == "received"
            scanned.append(parcel)

    copy = backup.backup_to(stocked, tmp_path / "copy.db", progress=meanwhile, step_pages=4)
    assert len(scanned) >= 5
    check = connect(copy)
    assert check.conn.execute(
        "SELECT count(*) FROM parcels WHERE status = 'received'"
    ).fetchone() == (0,)
    assert verify(check).ok
    check.conn.close()
    assert stocked.conn.execute(
        "SELECT count(*) FROM parcels WHERE status = 'received'"
    ).fetchone() == (len(scanned),)
    assert not list(tmp_path.glob("*.part"))


def test_a_backup_folds_the_scans_made_meanwhile_into_the_file_itself(
    stocked, other, db_file, tmp_path
):
    """The scans made while the backup held its snapshot piled up in the WAL (it could not be
    folded into the file past the snapshot); the first scan after the backup paid for folding
    them all in: with the CLI's backup of the five-year file and a check-in at 10 scans a
    second, 221 and 269 ms at the backup's end (against 71 ms for scans alone). The backup
    folds them in itself once its snapshot is gone."""
    stocked.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    scanned: list[str] = []

    def meanwhile(done: int, total: int) -> None:
        if done < total:
            parcel = f"TBA1{len(scanned):08d}"
            assert str(checkin.check_in(other, OTHER, parcel).outcome) == "received"
            scanned.append(parcel)

    backup.backup_to(stocked, tmp_path / "copy.db", progress=meanwhile, step_pages=4)
    assert len(scanned) >= 5
    # The file itself, without its WAL: only what was folded in.
    itself = sqlite3.connect(f"file:{db_file}?immutable=1", uri=True)
    (received,) = itself.execute(
        "SELECT count(*) FROM parcels WHERE status = 'received'"
    ).fetchone()
    itself.close()
    assert received == len(scanned)


def test_the_purge_lets_a_scan_in_between_its_small_transactions(shop, actor, other):
    """Every pause of the purge (between batches) finds the lock free."""
    rows = [inside(f"TBA3{n:08d}") for n in range(40)]
    import_bytes(shop, actor, manifest_bytes(*rows), "m.csv", DAY, at=MORNING)
    with write_transaction(shop):
        append(
            shop, actor, [Change(f"TBA3{n:08d}", Status.RECEIVED) for n in range(40)], at=MORNING
        )
        append(
            shop, actor, [Change(f"TBA3{n:08d}", Status.PICKED_UP) for n in range(30)], at=MORNING
        )
    pauses: list[bool] = []

    def meanwhile(done: int) -> None:
        pauses.append(shop.conn.in_transaction)
        checkin.check_in(other, OTHER, f"TBAX{len(pauses):08d}")  # an unexpected parcel: a write

    purged = privacy.purge(shop, MORNING + timedelta(days=100), batch=7, progress=meanwhile)
    assert purged == 30
    assert pauses == [False] * 5  # after 7, 14, 21, 28, and the last 2
    assert verify(shop).ok


def test_a_killed_backup_leaves_no_part_file_behind(stocked, db_file):
    """The next backup removes a stale *.part a killed one left; a fresh one (another
    counter's backup still running) is left alone."""
    folder = backup.backup_dir(db_file)
    folder.mkdir()
    stale = folder / "shop.2026-11-24.db.4242.part"
    stale.write_bytes(b"\0" * 65536)
    old = time.time() - 3600
    os.utime(stale, (old, old))
    running = folder / "shop.2026-11-25.db.4343.part"
    running.write_bytes(b"\0" * 4096)
    made = backup.daily_backup(stocked, db_file, date(2026, 11, 25))
    assert made is not None and made.exists()
    assert not stale.exists()
    assert running.exists()
    assert sorted(p.name for p in folder.iterdir()) == sorted([running.name, "shop.2026-11-25.db"])


def test_a_backup_copy_is_a_whole_database_on_disk(stocked, tmp_path):
    """The copy is complete and durable: another program opens it and finds every parcel."""
    copy = backup.backup_to(stocked, tmp_path / "copy.db", step_pages=8)
    raw = sqlite3.connect(copy)
    assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert raw.execute("SELECT count(*) FROM parcels").fetchone() == (300,)
    raw.close()


def test_the_daily_backup_finds_a_damaged_page_of_a_big_file(stocked, db_file, monkeypatch):
    """A file too big to check at every opening is checked on its daily copy: the damage is
    said, the file marked (the next opening refuses it), the copy set aside."""
    from store import integrity
    from store.errors import DatabaseUnavailable

    monkeypatch.setattr(integrity, "QUICK_CHECK_BYTES", 0)  # every file counts as big
    page_size = stocked.conn.execute("PRAGMA page_size").fetchone()[0]
    (root,) = stocked.conn.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'parcels_recipient'"
    ).fetchone()
    stocked.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with db_file.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(os.urandom(page_size))
    opened = connect(db_file)  # big: not checked at opening
    with pytest.raises(DatabaseUnavailable, match="is damaged"):
        backup.daily_backup(opened, db_file, date(2026, 11, 25))
    opened.conn.close()
    folder = backup.backup_dir(db_file)
    assert [p.name for p in folder.iterdir()] == ["shop.2026-11-25.damaged.db"]
    with pytest.raises(DatabaseUnavailable, match="is damaged"):
        connect(db_file)
    connect(db_file, check_integrity=False).conn.close()  # verify and restore still can
