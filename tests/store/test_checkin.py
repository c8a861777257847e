"""The check-in decision: each scan answered distinctly and committed before the answer."""

from __future__ import annotations

from datetime import timedelta

import pytest

from store import parcels
from store.checkin import (
    Outcome,
    check_in,
    day_counts,
    mark_damaged,
    still_missing,
    undo_scan,
)
from store.db import connect
from store.errors import BadInput
from store.events import Actor, history, verify
from store.manifest import import_bytes
from store.statuses import Status
from tests.store.conftest import DAY, MORNING, inside, manifest_bytes


@pytest.fixture
def day(shop, actor):
    """A shop with a three-parcel manifest: two nearby, one far away, one without location."""
    data = manifest_bytes(
        inside("TBA100000001"),
        inside("TBA100000002", "Liam Chen"),
        "TBA100000003,Ava,9 Far Away Ln,Sterling,VA,20164,39.03,-77.41",
        "TBA100000004,Noah,77 Nowhere Sq,Vienna,VA,99999,,",
    )
    import_bytes(shop, actor, data, "m.csv", DAY, at=MORNING)
    return shop


def _status(db, tracking_id: str) -> str:
    return db.conn.execute(
        "SELECT status FROM parcels WHERE tracking_id = ?", (tracking_id,)
    ).fetchone()[0]


def test_expected_parcel_is_received_with_its_zone(day, actor) -> None:
    """The zone comes back for the big display; the event is already committed."""
    result = check_in(day, actor, "]C1tba100000001\r\n", at=MORNING)
    assert (result.outcome, result.tracking_id, result.zone) == (
        Outcome.RECEIVED,
        "TBA100000001",
        "NW-1",
    )
    assert result.recipient == "Olivia Smith"
    other = connect(day.conn.execute("PRAGMA database_list").fetchone()[2])
    assert _status(other, "TBA100000001") == "received"  # visible to another connection
    other.conn.close()


def test_duplicate_says_when_and_who(day, actor) -> None:
    """The second scan changes nothing and names the first scan's time, clerk and counter."""
    check_in(day, actor, "TBA100000001", at=MORNING)
    result = check_in(
        day, Actor("Ben", "Counter 2"), "TBA100000001", at=MORNING + timedelta(minutes=3)
    )
    assert result.outcome is Outcome.DUPLICATE
    assert "by Ana (Counter 1)" in result.message
    assert "08:00" in result.message  # local time in Virginia
    assert len(history(day, "TBA100000001")) == 2


def test_unexpected_parcel_is_held_not_lost(day, actor) -> None:
    """A parcel on no manifest becomes an exception/unexpected parcel of the day."""
    result = check_in(day, actor, "TBA999999999", at=MORNING)
    assert result.outcome is Outcome.UNEXPECTED
    row = parcels.get(day, "TBA999999999")
    assert (row["status"], row["status_reason"], row["expected_date"]) == (
        "exception",
        "unexpected",
        "2026-11-25",
    )


def test_unreadable_scan_is_logged_without_an_event(day, actor) -> None:
    """Garbage is answered and kept in the scan log, and no parcel changes."""
    before = day.conn.execute("SELECT count(*) FROM events").fetchone()[0]
    result = check_in(day, actor, "%%%\x07", at=MORNING)
    assert result.outcome is Outcome.UNREADABLE
    assert day.conn.execute("SELECT count(*) FROM events").fetchone()[0] == before
    assert day.conn.execute("SELECT raw, outcome FROM scans").fetchall() == [
        ("%%%\\x07", "unreadable")
    ]


def test_out_of_zone_and_needs_location_are_held(day, actor) -> None:
    """Parcels the shop cannot deliver are held with the reason, distinct outcomes."""
    far = check_in(day, actor, "TBA100000003", at=MORNING)
    lost = check_in(day, actor, "TBA100000004", at=MORNING)
    assert (far.outcome, lost.outcome) == (Outcome.OUT_OF_ZONE, Outcome.NEEDS_LOCATION)
    assert parcels.get(day, "TBA100000003")["status_reason"] == "out_of_zone"
    assert parcels.get(day, "TBA100000004")["status_reason"] == "needs_location"


def test_damaged_marks_the_parcel_held(day, actor) -> None:
    """One key after a scan: received becomes exception/damaged."""
    check_in(day, actor, "TBA100000001", at=MORNING)
    result = mark_damaged(day, actor, "TBA100000001")
    assert result.outcome is Outcome.DAMAGED
    assert (_status(day, "TBA100000001"), parcels.get(day, "TBA100000001")["status_reason"]) == (
        "exception",
        "damaged",
    )


def test_undo_is_a_new_event(day, actor) -> None:
    """Undo puts the parcel back to expected with an 'undo' event; nothing is deleted."""
    check_in(day, actor, "TBA100000001", at=MORNING)
    undo_scan(day, actor, "TBA100000001")
    assert [(e.status, e.reason) for e in history(day, "TBA100000001")] == [
        (Status.EXPECTED, None),
        (Status.RECEIVED, None),
        (Status.EXPECTED, "undo"),
    ]
    assert parcels.get(day, "TBA100000001")["received_at"] is None
    assert verify(day).ok


def test_undo_of_an_unexpected_parcel_voids_it(day, actor) -> None:
    """An unexpected parcel a misread made is voided by a new event; the log keeps both."""
    check_in(day, actor, "TBA999999999", at=MORNING)
    result = undo_scan(day, actor, "TBA999999999", at=MORNING + timedelta(minutes=1))
    assert result.outcome is Outcome.UNDONE and "voided" in result.message
    assert [(e.status, e.reason) for e in history(day, "TBA999999999")] == [
        (Status.EXCEPTION, "unexpected"),
        (Status.VOIDED, "undo"),
    ]
    assert day_counts(day, DAY).unexpected == 0
    assert verify(day).ok


def test_counts_and_missing_list_follow_the_scans(day, actor) -> None:
    """received / expected / exceptions, and what is still missing."""
    assert day_counts(day, DAY).expected == 4
    check_in(day, actor, "TBA100000001", at=MORNING)
    check_in(day, actor, "TBA100000003", at=MORNING)
    check_in(day, actor, "TBA999999999", at=MORNING)
    counts = day_counts(day, DAY)
    assert (counts.expected, counts.received, counts.exceptions, counts.unexpected) == (4, 2, 2, 1)
    assert [p["tracking_id"] for p in still_missing(day, DAY)] == ["TBA100000002", "TBA100000004"]


def test_a_missing_parcel_that_arrives_late_is_received(day, actor) -> None:
    """missing -> received is allowed and said."""
    from store.db import write_transaction
    from store.events import Change, append

    with write_transaction(day):
        append(day, actor, [Change("TBA100000002", Status.MISSING)])
    result = check_in(day, actor, "TBA100000002", at=MORNING)
    assert result.outcome is Outcome.RECEIVED
    assert "now arrived" in result.message


def test_unexpected_parcel_gets_an_address_and_joins_the_shelf(day, actor) -> None:
    """The quick form: an address inside the radius releases the held parcel."""
    check_in(day, actor, "TBA999999999", at=MORNING)
    parcels.set_address(
        day,
        actor,
        "TBA999999999",
        {
            "recipient_name": "Grace Kim",
            "address_line1": "1500 Cornerside Blvd",
            "city": "Vienna",
            "state": "va",
            "postal_code": "22182",
            "latitude": 38.93,
            "longitude": -77.24,
        },
    )
    row = parcels.get(day, "TBA999999999")
    assert (row["status"], row["zone"], row["recipient_name"]) == ("received", "NW-1", "Grace Kim")


def test_set_address_refuses_bad_fields_by_name(day, actor) -> None:
    """The quick form's validation names the field."""
    check_in(day, actor, "TBA999999999", at=MORNING)
    with pytest.raises(BadInput, match="postal_code"):
        parcels.set_address(
            day,
            actor,
            "TBA999999999",
            {
                "recipient_name": "Grace",
                "address_line1": "1 Main St",
                "city": "Vienna",
                "state": "VA",
                "postal_code": "hello",
            },
        )
    assert parcels.get(day, "TBA999999999")["recipient_name"] == ""
