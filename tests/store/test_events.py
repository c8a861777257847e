"""The status log: append-only in SQLite itself, hash-chained, and the cache follows it."""

from __future__ import annotations

import itertools
import sqlite3
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store import events
from store.db import connect, write_transaction
from store.errors import NotFound, TransitionError
from store.events import Actor, Change, append, history, verify
from store.statuses import TRANSITIONS, Status
from tests.store.conftest import MORNING


def _new(db, actor, tracking_id: str = "TBA000000001") -> None:
    with write_transaction(db):
        append(
            db,
            actor,
            [Change(tracking_id, Status.EXPECTED)],
            at=MORNING,
            new_parcels={tracking_id: {"recipient_name": "Olivia"}},
        )


def test_append_writes_event_and_cache_together(db, actor) -> None:
    """One event per change; the parcel row shows the latest status, time and event id."""
    _new(db, actor)
    with write_transaction(db):
        [event] = append(
            db, actor, [Change("TBA000000001", Status.RECEIVED)], at=MORNING + timedelta(minutes=5)
        )
    parcel = db.conn.execute(
        "SELECT status, status_at, received_at, last_event_id FROM parcels"
    ).fetchone()
    assert parcel == ("received", "2026-11-25T13:05:00.000Z", "2026-11-25T13:05:00.000Z", event.id)
    assert [(e.status, e.staff, e.counter) for e in history(db, "TBA000000001")] == [
        (Status.EXPECTED, "Ana", "Counter 1"),
        (Status.RECEIVED, "Ana", "Counter 1"),
    ]


def test_sqlite_refuses_update_and_delete_of_events(db, actor) -> None:
    """The triggers make the file itself append-only, whatever program opens it."""
    _new(db, actor)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.conn.execute("UPDATE events SET status = 'delivered'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.conn.execute("DELETE FROM events")
    assert db.conn.execute("SELECT count(*) FROM events").fetchone()[0] == 1


def test_refused_transition_writes_nothing(db, actor) -> None:
    """A batch with one illegal change leaves no event and no cache change behind."""
    _new(db, actor)
    before = list(db.conn.iterdump())
    with pytest.raises(TransitionError), write_transaction(db):
        append(
            db,
            actor,
            [Change("TBA000000001", Status.RECEIVED), Change("TBA000000001", Status.DELIVERED)],
        )
    assert list(db.conn.iterdump()) == before


def test_unknown_parcel_is_not_found(db, actor) -> None:
    """Events for a parcel that does not exist are refused by name."""
    with pytest.raises(NotFound, match="TBA404"), write_transaction(db):
        append(db, actor, [Change("TBA404", Status.RECEIVED)])


def test_append_outside_a_transaction_is_a_bug(db, actor) -> None:
    """Writers must decide what is all-or-nothing; append refuses to guess."""
    with pytest.raises(RuntimeError):
        append(db, actor, [Change("X", Status.EXPECTED)])


def test_verify_passes_on_an_honest_log(db, actor) -> None:
    """A log written through the app verifies, and reports its head hash."""
    _new(db, actor)
    report = verify(db)
    assert report.ok, report.problems
    assert report.events == 1
    assert report.head_hash == db.conn.execute("SELECT hash FROM events").fetchone()[0]


def test_verify_detects_an_edit_made_behind_the_apps_back(db_file, db, actor) -> None:
    """Dropping the trigger and rewriting a row breaks the chain, and verify says where."""
    _new(db, actor)
    _new(db, actor, "TBA000000002")
    tamper = sqlite3.connect(db_file)
    tamper.executescript(
        "DROP TRIGGER events_no_update; UPDATE events SET staff = 'Mallory' WHERE id = 1;"
    )
    tamper.close()
    problems = verify(db).problems
    assert any("events_no_update" in problem for problem in problems)
    assert any("event 1 (TBA000000001) does not match" in problem for problem in problems)


def test_verify_detects_a_removed_event(db_file, db, actor) -> None:
    """Deleting a row in the middle of the log leaves a gap and a broken link."""
    for number in range(1, 4):
        _new(db, actor, f"TBA00000000{number}")
    tamper = sqlite3.connect(db_file)
    tamper.executescript("DROP TRIGGER events_no_delete; DELETE FROM events WHERE id = 2;")
    tamper.close()
    problems = verify(db).problems
    assert any("events 2..2 are missing" in problem for problem in problems)
    assert any("event 3" in problem for problem in problems)


def test_verify_detects_a_cache_that_disagrees_with_the_log(db, actor) -> None:
    """A status changed in the parcels table alone is reported."""
    _new(db, actor)
    db.conn.execute("UPDATE parcels SET status = 'delivered'")
    assert verify(db).problems == ["parcel TBA000000001 shows delivered but its log says expected"]


def test_two_connections_keep_one_chain(db_file, db, actor) -> None:
    """Two counters appending alternately still produce one unbroken chain."""
    other = connect(db_file)
    other_actor = Actor("Ben", "Counter 2")
    for number in range(10):
        writer, who = (db, actor) if number % 2 else (other, other_actor)
        _new(writer, who, f"TBA{number:09d}")
    other.conn.close()
    report = verify(db)
    assert report.ok and report.events == 10


_steps = st.lists(st.sampled_from(list(Status)), min_size=1, max_size=25)


@settings(max_examples=40, deadline=None)
@given(steps=_steps)
def test_cache_always_equals_replayed_log(tmp_path_factory, steps) -> None:
    """Whatever sequence of (allowed) changes is applied, the cache matches the log."""
    db = connect(tmp_path_factory.mktemp("prop") / "shop.db")
    actor = Actor("Ana", "Counter 1")
    _new(db, actor)
    current = Status.EXPECTED
    for step in steps:
        if step not in TRANSITIONS[current]:
            continue
        with write_transaction(db):
            append(
                db,
                actor,
                [
                    Change(
                        "TBA000000001", step, reason="damaged" if step is Status.EXCEPTION else None
                    )
                ],
            )
        current = step
    report = verify(db)
    assert report.ok, report.problems
    logged = [event.status for event in events.history(db, "TBA000000001")]
    assert db.conn.execute("SELECT status FROM parcels").fetchone()[0] == logged[-1]
    attempts = sum(
        1
        for before, after in itertools.pairwise(logged)
        if (before, after) == (Status.OUT_FOR_DELIVERY, Status.ATTEMPTED)
    )
    assert db.conn.execute("SELECT attempts FROM parcels").fetchone()[0] == attempts
    db.conn.close()
