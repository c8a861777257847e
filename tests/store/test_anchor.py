"""The log's anchor outside the file catches what the chain alone cannot: a rewritten middle
with every later hash recomputed, a cleanly removed last event. verify also replays each
parcel's cached attempts, received_at and delivered_at from the log."""

from __future__ import annotations

import pytest

from store import anchor, checkin
from store.db import write_transaction
from store.errors import BadInput
from store.events import GENESIS_HASH, Change, append, event_hash, verify
from store.manifest import import_bytes
from store.statuses import Status
from tests.store.conftest import DAY, MORNING, inside, manifest_bytes

IDS = [f"TBA1{n:08d}" for n in range(6)]


@pytest.fixture
def day(shop, actor):
    """Six parcels imported and checked in: twelve events."""
    import_bytes(shop, actor, manifest_bytes(*(inside(i) for i in IDS)), "m.csv", DAY, at=MORNING)
    for tracking_id in IDS:
        checkin.check_in(shop, actor, tracking_id, at=MORNING)
    return shop


def rehash_from(db, first_id: int) -> None:
    """What a forger does after editing: recompute every hash from `first_id` on, so the
    chain inside the file is whole again (the triggers dropped and put back)."""
    db.conn.execute("DROP TRIGGER IF EXISTS events_no_update")
    rows = db.conn.execute(
        "SELECT id, tracking_id, status, at, staff, counter, run_id, stop_sequence, reason, "
        "details FROM events WHERE id >= ? ORDER BY id",
        (first_id,),
    ).fetchall()
    (head,) = db.conn.execute(
        "SELECT coalesce((SELECT hash FROM events WHERE id = ?), ?)", (first_id - 1, GENESIS_HASH)
    ).fetchone()
    for row in rows:
        digest = event_hash(head, tuple(row))
        db.conn.execute(
            "UPDATE events SET prev_hash = ?, hash = ? WHERE id = ?", (head, digest, row[0])
        )
        head = digest
    db.conn.execute(
        "CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN "
        "SELECT RAISE(ABORT, 'the events table is append-only: an event cannot be changed'); END"
    )


def test_a_rewritten_middle_rehashed_after_it_passes_the_chain_but_not_the_anchor(day) -> None:
    """The forger changes a check-in's time and re-hashes the rest: the chain is whole, the
    anchor written before says the log was rewritten."""
    kept = anchor.head(day)
    day.conn.execute("DROP TRIGGER events_no_update")
    day.conn.execute("UPDATE events SET at = '2026-11-24T09:00:00.000Z' WHERE id = 8")
    day.conn.execute(
        "UPDATE parcels SET received_at = '2026-11-24T09:00:00.000Z' WHERE last_event_id = 8"
    )
    rehash_from(day, 8)
    assert verify(day).ok  # without an anchor nothing is wrong
    report = verify(day, anchors=[kept])
    assert report.problems == [
        f"anchor {kept}: event 12 is not the one anchored (its hash is now "
        f"{report.head_hash[:16]}…): the log was rewritten at or before it"
    ]


def test_a_cleanly_removed_last_event_is_caught_by_the_anchor(day) -> None:
    """The last check-in deleted (and its parcel put back to expected): the anchor says the
    log no longer holds it."""
    kept = anchor.head(day)
    day.conn.execute("DROP TRIGGER events_no_delete")
    day.conn.execute("DELETE FROM scans WHERE event_id = 12")
    day.conn.execute("DELETE FROM events WHERE id = 12")
    day.conn.execute("UPDATE sqlite_sequence SET seq = 11 WHERE name = 'events'")
    day.conn.execute(
        "UPDATE parcels SET status = 'expected', received_at = NULL, last_event_id = 6 "
        "WHERE tracking_id = ?",
        (IDS[5],),
    )
    day.conn.execute(
        "CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN "
        "SELECT RAISE(ABORT, 'the events table is append-only: an event cannot be deleted'); END"
    )
    assert verify(day).ok
    assert verify(day, anchors=[kept]).problems == [
        f"anchor {kept}: the log no longer holds event 12 (its last event is 11): events "
        "were removed"
    ]


def test_an_honest_log_holds_its_anchors_even_after_more_events(day, actor) -> None:
    """An anchor from earlier still holds after the day goes on; a 16-digit prefix (typed off
    the paper) does too."""
    earlier = anchor.head(day)
    with write_transaction(day):
        append(day, actor, [Change(IDS[0], Status.PICKED_UP)])
    typed = anchor.parse(f"{earlier.event_id}:{earlier.hash[:16].upper()}")
    report = verify(day, anchors=[earlier, typed])
    assert report.ok and report.anchors_checked == 2


@pytest.mark.parametrize(
    "text", ["12", "12:abc", "x:" + "a" * 64, "12:" + "g" * 64, "12:" + "a" * 65]
)
def test_a_malformed_anchor_is_bad_input(text) -> None:
    with pytest.raises(BadInput, match="is not a log anchor"):
        anchor.parse(text)


@pytest.mark.parametrize(
    ("column", "value", "shown"),
    [
        ("attempts", 2, "attempts 2 but its log says 0"),
        (
            "received_at",
            "2026-11-25T01:00:00.000Z",
            "received_at 2026-11-25T01:00:00.000Z but its log says 2026-11-25T13:00:00.000Z",
        ),
        (
            "delivered_at",
            "2026-11-25T20:00:00.000Z",
            "delivered_at 2026-11-25T20:00:00.000Z but its log says None",
        ),
    ],
)
def test_verify_replays_the_cached_columns_from_the_log(day, column, value, shown) -> None:
    """A cached attempts, received_at or delivered_at edited in the parcels table alone."""
    day.conn.execute(f"UPDATE parcels SET {column} = ? WHERE tracking_id = ?", (value, IDS[2]))
    assert verify(day).problems == [f"parcel {IDS[2]} shows {shown}"]
