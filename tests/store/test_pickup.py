"""Counter pickup: find, hand over, hold with a code, overdue holds back to the carrier."""

from __future__ import annotations

from datetime import timedelta

import pytest

from store import dispatch, pickup, results, runs
from store.errors import BadInput, NotFound
from store.events import history, verify
from store.statuses import Status
from tests.store.conftest import DAY, MORNING
from tests.store.daybook import IDS, NOON, plan, send_out, shelf, statuses


@pytest.fixture
def attempted(shop, actor):
    """IDS 0 came back from an attempt; IDS 1..7 are on the shelf (IDS 7 not checked in)."""
    shelf(shop, actor, checked_in=IDS[:7])
    [dev] = plan(shop, actor, {"Dev": [IDS[:1]]})
    send_out(shop, actor, dev)
    results.record_result(shop, actor, IDS[0], "attempted", reason="recipient_unavailable",
                          at=NOON)  # fmt: skip
    return shop


def test_find_by_tracking_prefix_name_or_address(attempted) -> None:
    """Tracking ids match by prefix, recipients and streets anywhere in the text."""
    db = attempted
    assert [p.tracking_id for p in pickup.find(db, "tba2000000")] == IDS
    [one] = pickup.find(db, "recipient 03")
    assert (one.tracking_id, one.status, one.address) == (
        IDS[2],
        Status.RECEIVED,
        "1500 Cornerside Blvd, Vienna",
    )
    assert len(pickup.find(db, "cornerside")) == 7  # the expected one is not on the shelf
    assert pickup.find(db, "50%_") == []
    with pytest.raises(BadInput, match="at least 2 characters"):
        pickup.find(db, " x ")


def test_hand_over_at_the_counter(attempted, actor) -> None:
    """picked_up with the collector's name kept on the parcel, not in the log."""
    db = attempted
    done = pickup.hand_over(db, actor, IDS[0], "Lee  Wong", at=NOON)
    assert (done.status, done.pickup_code) == (Status.PICKED_UP, None)
    assert [(e.status, e.reason, e.details) for e in history(db, IDS[0])[-1:]] == [
        (Status.PICKED_UP, "counter", {"id_checked": False})
    ]
    assert db.conn.execute(
        "SELECT handed_to, delivered_at FROM parcels WHERE tracking_id = ?", (IDS[0],)
    ).fetchone() == ("Lee Wong", "2026-11-25T17:00:00.000Z")


def test_a_planned_parcel_handed_over_leaves_its_run(attempted, actor) -> None:
    """The recipient came before the car left: the parcel is off the plan, and a stop left
    empty goes."""
    db = attempted
    [maria] = plan(db, actor, {"Maria": [IDS[1:3]]})
    pickup.hand_over(db, actor, IDS[1], "Recipient 02")
    assert runs.get_run(db, maria).tracking_ids == [IDS[2]]
    [maria] = plan(db, actor, {"Maria": [IDS[2:3], IDS[3:4]]})
    pickup.hand_over(db, actor, IDS[2], "Recipient 03")
    assert [(s.sequence, s.parcels[0]["tracking_id"]) for s in runs.get_run(db, maria).stops] == [
        (2, IDS[3])
    ]


@pytest.mark.parametrize(
    ("index", "message"),
    [
        (7, "is expected: it has not arrived at the shop"),
        (0, "is already picked up"),
    ],
)
def test_hand_over_refusals(attempted, actor, index, message) -> None:
    """Parcels not here, or already gone, are not handed out."""
    db = attempted
    pickup.hand_over(db, actor, IDS[0], "Someone")
    with pytest.raises(BadInput, match=message):
        pickup.hand_over(db, actor, IDS[index], "Someone")


def test_hand_over_refuses_a_parcel_in_a_car(attempted, actor) -> None:
    """Out for delivery or already loaded: it is not on the shelf."""
    db = attempted
    [maria] = plan(db, actor, {"Maria": [IDS[1:2], IDS[2:3]]})
    dispatch.load_scan(db, actor, maria, IDS[1])
    with pytest.raises(BadInput, match="loaded in the car of run 2 · Maria: take it out"):
        pickup.hand_over(db, actor, IDS[1], "Someone")
    dispatch.load_scan(db, actor, maria, IDS[2])
    dispatch.dispatch(db, actor, maria)
    with pytest.raises(BadInput, match="is out for delivery in a driver's car"):
        pickup.hand_over(db, actor, IDS[1], "Someone")
    with pytest.raises(BadInput, match="write down who collects"):
        pickup.hand_over(db, actor, IDS[3], "   ")


def test_unexpected_parcels_are_not_handed_out(attempted, actor) -> None:
    """Nobody can prove a parcel without a manifest row is theirs."""
    from store.checkin import check_in

    check_in(attempted, actor, "TBA999999999")
    with pytest.raises(BadInput, match="not on any manifest"):
        pickup.hand_over(attempted, actor, "TBA999999999", "Someone")


def test_hold_for_pickup_gives_a_code_and_leaves_planning(attempted, actor) -> None:
    """attempted -> attempted 'held_for_pickup'; code and time on the parcel; not plannable."""
    db = attempted
    code = pickup.hold_for_pickup(db, actor, IDS[0], at=NOON)
    assert len(code) == 6 and set(code) <= set(pickup.CODE_ALPHABET)
    assert pickup.hold_for_pickup(db, actor, IDS[0]) == code  # again: same code, no event
    assert [(e.status, e.reason) for e in history(db, IDS[0])[-2:]] == [
        (Status.ATTEMPTED, "recipient_unavailable"),
        (Status.ATTEMPTED, "held_for_pickup"),
    ]
    held = pickup.find_by_pickup_code(db, f" {code.lower()} ")
    assert (held.tracking_id, held.held_since) == (IDS[0], "2026-11-25T17:00:00.000Z")
    assert IDS[0] not in runs.plannable_ids(db)
    with pytest.raises(BadInput, match=f"held at the counter for pickup \\(code {code}\\)"):
        plan(db, actor, {"Dev": [IDS[:1]]}, day=DAY + timedelta(days=1))
    assert verify(db).ok


def test_a_released_hold_goes_back_into_the_plan(attempted, actor) -> None:
    """The recipient asks for delivery after all: a new event, no code, plannable again."""
    db = attempted
    code = pickup.hold_for_pickup(db, actor, IDS[0], at=NOON)
    released = pickup.release_hold(db, actor, IDS[0], at=NOON)
    assert (released.pickup_code, released.held_since) == (None, None)
    assert [(e.status, e.reason) for e in history(db, IDS[0])[-2:]] == [
        (Status.ATTEMPTED, "held_for_pickup"),
        (Status.ATTEMPTED, "hold_released"),
    ]
    assert IDS[0] in runs.plannable_ids(db)
    with pytest.raises(NotFound):
        pickup.find_by_pickup_code(db, code)
    with pytest.raises(BadInput, match="is not held for pickup: there is no hold to release"):
        pickup.release_hold(db, actor, IDS[0])
    plan(db, actor, {"Dev": [IDS[:1]]}, day=DAY + timedelta(days=1))
    assert verify(db).ok


def test_only_a_parcel_back_from_an_attempt_can_be_held(attempted, actor) -> None:
    """A fresh parcel goes out with the drivers, not into the pickup shelf."""
    with pytest.raises(BadInput, match="is received: only a parcel back from a delivery"):
        pickup.hold_for_pickup(attempted, actor, IDS[1])
    with pytest.raises(NotFound, match="no parcel is held with the code ZZZZZZ"):
        pickup.find_by_pickup_code(attempted, "zzzzzz")


def test_collecting_a_held_parcel_frees_its_code(attempted, actor) -> None:
    """The code was for one collection only."""
    db = attempted
    code = pickup.hold_for_pickup(db, actor, IDS[0])
    pickup.hand_over(db, actor, pickup.find_by_pickup_code(db, code).tracking_id, "Recipient 01")
    with pytest.raises(NotFound):
        pickup.find_by_pickup_code(db, code)


def test_holds_past_the_hold_days_go_back_to_the_carrier(attempted, actor) -> None:
    """After 5 days (the setting) a held parcel is overdue and set aside for return."""
    db = attempted
    pickup.hold_for_pickup(db, actor, IDS[0], at=NOON)
    assert pickup.overdue_holds(db, NOON + timedelta(days=5)) == []
    [late] = pickup.overdue_holds(db, NOON + timedelta(days=5, seconds=1))
    assert late.tracking_id == IDS[0]
    assert pickup.to_return(db, actor, [IDS[0]], at=MORNING + timedelta(days=6)) == 1
    assert statuses(db)[IDS[0]] == "return_pending"
    assert history(db, IDS[0])[-1].reason == "not collected in 5 days"
    assert pickup.overdue_holds(db, NOON + timedelta(days=9)) == []
    with pytest.raises(BadInput, match="is not held for pickup"):
        pickup.to_return(db, actor, [IDS[1]])
