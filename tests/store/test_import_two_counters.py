"""A manifest import never locks out the other counter: it reads, checks and locates without
the write lock and writes a big file in short transactions, yet all or nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from store import checkin, import_jobs
from store.db import connect
from store.errors import DatabaseUnavailable
from store.events import Actor, verify
from store.manifest import ImportCancelled, ManifestRefused, import_bytes, prepare, write
from tests.store.conftest import DAY, MORNING, dump, inside, manifest_bytes

OTHER = Actor("Bo", "Counter 2")
BIG = dict(one_transaction_rows=10, chunk_rows=10)  # "big" for a test: 5 chunks of 10


def rows(prefix: str, count: int) -> bytes:
    return manifest_bytes(*(inside(f"{prefix}{n:08d}") for n in range(count)))


@pytest.fixture
def other(shop, db_file):
    """The other counter: its own connection to the same file, which refuses to wait at all
    (busy timeout 0), so any moment the importer holds the write lock fails its scan."""
    connection = connect(db_file)
    connection.conn.execute("PRAGMA busy_timeout = 0")
    yield connection
    connection.conn.close()


def test_the_other_counter_scans_at_every_step_of_a_big_import(shop, actor, other) -> None:
    """At each progress report the importer holds no lock: the other counter's scan (of a
    parcel on the very manifest being imported) is recorded at once, never 'locked'."""
    import_bytes(shop, actor, rows("TBA1", 3), "earlier.csv", DAY, at=MORNING)
    answers: list[str] = []

    def meanwhile(what: str, done: int, total: int) -> None:
        assert not shop.conn.in_transaction
        published = what.startswith("Saving") and done > 0  # decided: its parcels are found
        target = f"TBA2{len(answers) * 7 % 50:08d}" if published else "TBA100000000"
        answers.append(str(checkin.check_in(other, OTHER, target).outcome))

    result = import_bytes(shop, actor, rows("TBA2", 50), "big.csv", DAY, progress=meanwhile, **BIG)
    assert result.parcels == 50
    assert "unexpected" not in answers and len(answers) >= 7
    assert shop.conn.execute("SELECT count(*) FROM parcels").fetchone() == (53,)
    assert import_jobs.unfinished(shop) == []
    assert verify(shop).ok


def test_a_parcel_of_a_chunk_not_yet_written_is_received_not_unexpected(shop, actor, other):
    """A scan that lands while the import is being published finds its parcel all the same."""
    prepared = prepare(shop, actor, rows("TBA2", 50), "big.csv", DAY)
    seen: list[str] = []

    def first_chunk_only(what: str, done: int, total: int) -> None:
        if what.startswith("Saving") and 0 < done < total and not seen:
            last = max(prepared.parcels)  # in a chunk published late (or now, by the scan)
            seen.append(str(checkin.check_in(other, OTHER, last).outcome))

    write(shop, prepared, progress=first_chunk_only, **BIG)
    assert seen == ["received"]
    assert verify(shop).ok
    assert shop.conn.execute("SELECT count(*) FROM events").fetchone() == (51,)


def test_the_same_file_imported_meanwhile_at_the_other_counter_is_refused_whole(
    shop, actor, other
) -> None:
    """Checked again under the lock: the second import of one file writes nothing."""
    data = rows("TBA2", 50)
    prepared = prepare(shop, actor, data, "big.csv", DAY)
    import_bytes(other, OTHER, data, "big.csv", DAY, **BIG)
    before = dump(shop)
    with pytest.raises(ManifestRefused, match="already imported"):
        write(shop, prepared, **BIG)
    assert dump(shop) == before


@pytest.mark.parametrize("size", [BIG, {}], ids=["chunked", "one transaction"])
def test_a_parcel_scanned_as_unexpected_meanwhile_is_kept_and_named(shop, actor, other, size):
    """A parcel that came into the shop after the checks but before the write keeps its
    scan; the rest of the manifest is imported and the skipped one is named."""
    prepared = prepare(shop, actor, rows("TBA2", 50), "big.csv", DAY)
    # A shop with no manifest yet knows no tracking shape: the code is held when read twice.
    assert str(checkin.check_in(other, OTHER, "TBA200000007").outcome) == "unreadable"
    assert str(checkin.check_in(other, OTHER, "TBA200000007").outcome) == "unexpected"
    result = write(shop, prepared, **size)
    assert result.parcels == 49
    assert any("TBA200000007" in warning for warning in result.warnings)
    (warnings,) = shop.conn.execute("SELECT warnings FROM manifests").fetchone()
    assert "TBA200000007" in warnings
    assert verify(shop).ok


def test_an_import_cut_short_is_finished_by_whoever_opens_the_file_next(
    shop, actor, db_file, monkeypatch
) -> None:
    """The importer dies after its second chunk: the next opening of the file (once the job
    is stale) publishes the rest; every row of the file ends up in, once."""

    class Killed(BaseException):
        pass

    def die_after_two(what: str, done: int, total: int) -> None:
        if what.startswith("Saving") and done >= 20:
            raise Killed

    with pytest.raises(Killed):
        import_bytes(shop, actor, rows("TBA2", 50), "big.csv", DAY, progress=die_after_two, **BIG)
    (written,) = shop.conn.execute("SELECT count(*) FROM parcels").fetchone()
    assert 0 < written < 50  # two chunks of five, of about ten parcels each
    assert import_jobs.unfinished(shop) == [(1, 3)]  # manifest 1, three chunks to go
    assert verify(shop).ok  # consistent at every step: each chunk has its events

    fresh = connect(db_file)  # at once: the job is not stale, its importer may still live
    assert import_jobs.unfinished(fresh) == [(1, 3)]
    fresh.conn.close()
    monkeypatch.setattr(import_jobs, "STALE_AFTER", timedelta(0))
    later = connect(db_file)
    assert import_jobs.unfinished(later) == []
    assert later.conn.execute("SELECT count(*) FROM parcels").fetchone() == (50,)
    assert later.conn.execute("SELECT count(*) FROM events").fetchone() == (50,)
    assert verify(later).ok
    later.conn.close()


def test_a_refused_big_file_writes_nothing(shop, actor) -> None:
    """A bad row anywhere refuses the whole big file before anything is staged."""
    data = manifest_bytes(*(inside(f"TBA2{n:08d}") for n in range(49)), "TBA299999999,,x,y,VA,1")
    before = dump(shop)
    with pytest.raises(ManifestRefused):
        import_bytes(shop, actor, data, "big.csv", DAY, **BIG)
    assert dump(shop) == before


def test_a_busy_file_is_said_in_words(shop, actor, other) -> None:
    """When the lock cannot be had the error says the file is busy (the CLI retries on it)."""
    shop.conn.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DatabaseUnavailable, match="another counter") as caught:
            checkin.check_in(other, OTHER, "TBA100000000")
        assert caught.value.busy
    finally:
        shop.conn.execute("ROLLBACK")


def test_an_import_stopped_while_getting_ready_leaves_nothing(shop, actor) -> None:
    """Cancelled (or dead) before it was decided: the staged rows go, nothing else changed."""
    before = dump(shop)

    def stop_while_staging(what: str, done: int, total: int) -> None:
        if what.startswith("Getting") and done == 2:
            raise ImportCancelled("stopped by the clerk")

    with pytest.raises(ImportCancelled):
        import_bytes(
            shop, actor, rows("TBA2", 50), "big.csv", DAY, progress=stop_while_staging, **BIG
        )
    assert dump(shop) == before


def test_a_staging_job_whose_importer_died_is_discarded_by_the_next_opening(
    shop, actor, db_file, monkeypatch
) -> None:
    """A killed importer's undecided rows are removed by whoever opens the file later."""
    monkeypatch.setattr(import_jobs, "STAGE_BYTES", 1)  # each chunk staged on its own
    before = dump(shop)

    class Killed(BaseException):
        pass

    real_discard = import_jobs.discard

    def die_while_staging(what: str, done: int, total: int) -> None:
        if what.startswith("Getting") and done == 3:
            monkeypatch.setattr(import_jobs, "discard", lambda *_: None)  # it dies: no cleanup
            raise Killed

    with pytest.raises(Killed):
        import_bytes(
            shop, actor, rows("TBA2", 50), "big.csv", DAY, progress=die_while_staging, **BIG
        )
    monkeypatch.setattr(import_jobs, "discard", real_discard)
    assert import_jobs.unfinished(shop) == [(None, 3)]
    monkeypatch.setattr(import_jobs, "STALE_AFTER", timedelta(0))
    later = connect(db_file)
    assert dump(later) == before
    later.conn.close()


def test_a_big_import_inside_a_callers_transaction_is_one_savepoint(shop, actor) -> None:
    """Called inside a transaction (a test, a benchmark), a chunked import still works and
    rolls back with it."""
    before = dump(shop)
    shop.conn.execute("BEGIN IMMEDIATE")
    assert import_bytes(shop, actor, rows("TBA2", 50), "big.csv", DAY, **BIG).parcels == 50
    shop.conn.execute("ROLLBACK")
    assert dump(shop) == before
