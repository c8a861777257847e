"""Returns: set aside, deadlines, the scan onto the carrier's truck, the return manifest."""

from __future__ import annotations

from datetime import timedelta

import pytest

from store import returns
from store.checkin import check_in, mark_damaged
from store.errors import BadInput
from store.events import history, verify
from store.returns import ReturnOutcome
from store.statuses import Status
from tests.store.conftest import DAY, MORNING
from tests.store.daybook import IDS, NOON, plan, shelf, statuses


@pytest.fixture
def aside(shop, actor):
    """IDS 0 damaged and set aside at 12:00 local; the other parcels on the shelf."""
    shelf(shop, actor)
    mark_damaged(shop, actor, IDS[0], at=MORNING)
    returns.set_aside(shop, actor, IDS[0], "damaged: carrier claim", at=NOON)
    return shop


def test_set_aside_parcels_are_pending_with_the_next_morning_deadline(aside) -> None:
    """Set aside at noon: due on the carrier's truck by 10:00 local the next day."""
    [row] = returns.pending(aside, NOON)
    assert row == returns.PendingReturn(
        IDS[0],
        "damaged: carrier claim",
        "2026-11-25T17:00:00.000Z",
        "2026-11-26T15:00:00.000Z",
        False,
        0,
        "NW-1",
    )
    assert returns.pending(aside, NOON + timedelta(days=1))[0].overdue


def test_an_unexpected_parcel_goes_back_to_the_carrier(aside, actor) -> None:
    """exception (unexpected) -> return_pending -> returned: the exception path to its end."""
    check_in(aside, actor, "TBA999999999", at=MORNING)
    returns.set_aside(aside, actor, "TBA999999999", "not on our manifest", at=NOON)
    done = returns.return_scan(aside, actor, "]C1tba999999999\r", at=NOON)
    assert done == returns.ReturnResult(
        ReturnOutcome.RETURNED, "TBA999999999", "Returned to the carrier"
    )
    assert [e.status for e in history(aside, "TBA999999999")] == [
        Status.EXCEPTION,
        Status.RETURN_PENDING,
        Status.RETURNED,
    ]


def test_return_scans_each_have_their_answer(aside, actor) -> None:
    """Returned, already returned, not for return, unknown, unreadable."""
    answers = [
        returns.return_scan(aside, actor, raw, at=NOON)
        for raw in (IDS[0], IDS[0], IDS[1], "TBA999999998", "")
    ]
    assert [(a.outcome, a.tracking_id, a.message) for a in answers] == [
        (ReturnOutcome.RETURNED, IDS[0], "Returned to the carrier"),
        (ReturnOutcome.ALREADY_RETURNED, IDS[0], "Already returned"),
        (
            ReturnOutcome.NOT_PENDING,
            IDS[1],
            "NOT FOR RETURN: it is on the shelf; keep it in the shop",
        ),
        (ReturnOutcome.UNKNOWN, None, "Not a parcel of this shop"),
        (ReturnOutcome.UNREADABLE, None, "Unreadable: nothing readable in the scan"),
    ]
    assert statuses(aside)[IDS[1]] == "received"
    assert [row[0] for row in aside.conn.execute(
        "SELECT outcome FROM scans WHERE outcome LIKE 'return:%' ORDER BY id"
    )] == ["return:returned", "return:already_returned", "return:not_pending", "return:unknown",
           "return:unreadable"]  # fmt: skip
    assert verify(aside).ok


def test_the_return_manifest_lists_the_days_returns(aside, actor) -> None:
    """One row per parcel returned that day, with why it was set aside."""
    returns.return_scan(aside, actor, IDS[0], at=NOON + timedelta(hours=1))
    assert returns.manifest_rows(aside, DAY) == [
        returns.ReturnRow(
            IDS[0],
            "damaged: carrier claim",
            0,
            "2026-11-25T17:00:00.000Z",
            "2026-11-25T18:00:00.000Z",
            "Ana",
        )
    ]
    assert returns.manifest_rows(aside, DAY + timedelta(days=1)) == []


def test_set_aside_needs_a_reason_and_a_parcel_off_the_plan(aside, actor) -> None:
    """Planned parcels come off the plan first; a reason is required."""
    plan(aside, actor, {"Dev": [IDS[1:2]]})
    with pytest.raises(BadInput, match="planned on a run: take it off the plan first"):
        returns.set_aside(aside, actor, IDS[1], "refused")
    with pytest.raises(BadInput, match="say why"):
        returns.set_aside(aside, actor, IDS[2], "  ")
    shelf(aside, actor, ["TBA300000001"], checked_in=[])
    with pytest.raises(BadInput, match="a parcel that is expected cannot become return_pending"):
        returns.set_aside(aside, actor, "TBA300000001", "never mind")


def test_every_held_parcel_can_be_set_aside_for_return(shop, actor) -> None:
    """Damaged, outside the area, not on any manifest: listed as held in plain words, each
    set aside for return for the reason it is held; a parcel not held is refused."""
    shelf(shop, actor, IDS[:2])
    mark_damaged(shop, actor, IDS[0], at=MORNING)
    check_in(shop, actor, "TBA999999901", at=MORNING)  # on no manifest
    assert [(h.tracking_id, h.reason, h.words) for h in returns.held(shop)] == [
        (IDS[0], "damaged", "damaged"),
        ("TBA999999901", "unexpected", "not on any manifest"),
    ]
    answer = returns.return_scan(shop, actor, "TBA999999901", at=NOON)
    assert (answer.outcome, answer.message) == (
        ReturnOutcome.HELD,
        "Held in the shop (held: not on any manifest): not set aside for return yet. Set it "
        "aside for return (F5), then scan it onto the truck",
    )
    for tracking_id in (IDS[0], "TBA999999901"):
        returns.set_aside_held(shop, actor, tracking_id, at=NOON)
    assert [(p.tracking_id, p.reason) for p in returns.pending(shop, NOON)] == [
        (IDS[0], "damaged"),
        ("TBA999999901", "not on any manifest"),
    ]
    assert returns.held(shop) == []
    with pytest.raises(BadInput, match=f"{IDS[1]} is not held: it is on the shelf"):
        returns.set_aside_held(shop, actor, IDS[1], at=NOON)
    assert returns.return_scan(shop, actor, "TBA999999901", at=NOON).outcome is (
        ReturnOutcome.RETURNED
    )
