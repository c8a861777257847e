"""`verify` while the other counter scans: it checks one moment of the file. Its passes (the
integrity check, the chain, the parcels' cached columns) read one snapshot, so a check-in made
between two passes is neither a broken log nor a parcel that disagrees with it."""

from __future__ import annotations

import sqlite3

import pytest

from store import checkin
from store import verify as verify_module
from store.db import connect
from store.events import Actor, verify
from store.manifest import import_bytes
from tests.store.conftest import DAY, MORNING, inside, manifest_bytes

OTHER = Actor("Bo", "Counter 2")


def test_a_check_in_between_verify_passes_is_not_a_problem(
    shop, actor, db_file, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It was: a CLI `verify` of the five-year file while the other counter scanned at 10 a
    second said "verify found 21 problems" (parcels 'received' whose log, as read a minute
    before, said 'expected'); the same file alone verified ok."""
    rows = [inside(f"TBA1{n:08d}") for n in range(5)]
    import_bytes(shop, actor, manifest_bytes(*rows), "m.csv", DAY, at=MORNING)
    other = connect(db_file)
    walk_the_chain = verify_module._chain

    def then_the_other_counter_scans(*args, **kwargs) -> None:
        walk_the_chain(*args, **kwargs)
        assert str(checkin.check_in(other, OTHER, "TBA100000001").outcome) == "received"

    monkeypatch.setattr(verify_module, "_chain", then_the_other_counter_scans)
    report = verify(shop)
    assert report.ok, report.problems
    assert report.parcels == 5
    monkeypatch.undo()
    assert verify(shop).ok  # the scan itself is in the log, and the next verify sees it
    other.conn.close()


def test_verify_folds_the_scans_made_meanwhile_into_the_file_itself(
    shop, actor, db_file, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While verify holds its snapshot the other counter's scans pile up in the WAL, and the
    first scan after it paid for folding them all in (156 ms at the end of a CLI verify of the
    five-year file, scans at 10 a second). Verify folds them in itself once it is done."""
    rows = [inside(f"TBA1{n:08d}") for n in range(5)]
    import_bytes(shop, actor, manifest_bytes(*rows), "m.csv", DAY, at=MORNING)
    shop.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    other = connect(db_file)
    walk_the_chain = verify_module._chain

    def then_the_other_counter_scans(*args, **kwargs) -> None:
        walk_the_chain(*args, **kwargs)
        assert str(checkin.check_in(other, OTHER, "TBA100000001").outcome) == "received"

    monkeypatch.setattr(verify_module, "_chain", then_the_other_counter_scans)
    assert verify(shop).ok
    other.conn.close()
    itself = sqlite3.connect(f"file:{db_file}?immutable=1", uri=True)
    assert itself.execute(
        "SELECT status FROM parcels WHERE tracking_id = 'TBA100000001'"
    ).fetchone() == ("received",)
    itself.close()
