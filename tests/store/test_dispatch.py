"""Dispatch: each scan into the car is checked against the run; the run goes out in one go."""

from __future__ import annotations

import pytest

from store import dispatch, runs
from store.dispatch import LoadOutcome
from store.errors import BadInput
from store.events import history, verify
from store.statuses import Status
from tests.store.conftest import MORNING, dump
from tests.store.daybook import IDS, plan, shelf, statuses


@pytest.fixture
def day(shop, actor):
    """Run 1 · Dev: stops (IDS 0, 1), (IDS 2); run 2 · Maria: stop (IDS 3), (IDS 4)."""
    shelf(shop, actor)
    dev, maria = plan(shop, actor, {"Dev": [IDS[0:2], IDS[2:3]], "Maria": [IDS[3:4], IDS[4:5]]})
    return shop, dev, maria


def test_a_parcel_of_the_run_is_loaded(day, actor) -> None:
    """The first scan starts loading; the answer names the stop and the count."""
    db, dev, _ = day
    result = dispatch.load_scan(db, actor, dev, f" {IDS[2].lower()}\r\n", at=MORNING)
    assert result == dispatch.LoadResult(
        LoadOutcome.LOADED, IDS[2], "Loaded: stop 2 (1 of 3)", 2, loaded=1, total=3
    )
    assert runs.get_run(db, dev).state == "loading"
    assert db.conn.execute("SELECT run_id, tracking_id, staff FROM run_loads").fetchall() == [
        (dev, IDS[2], "Ana")
    ]
    assert db.conn.execute("SELECT outcome FROM scans ORDER BY id DESC LIMIT 1").fetchone() == (
        "load:loaded",
    )


def test_each_refusal_has_its_own_outcome_and_message(day, actor) -> None:
    """Other run, not planned, unknown, unreadable and already loaded are told apart."""
    db, dev, _ = day
    dispatch.load_scan(db, actor, dev, IDS[0], at=MORNING)
    answers = [
        dispatch.load_scan(db, actor, dev, scan, at=MORNING)
        for scan in (IDS[0], IDS[4], IDS[5], "TBA999999999", "\x1b\r")
    ]
    assert [(a.outcome, a.tracking_id, a.message) for a in answers] == [
        (LoadOutcome.ALREADY_LOADED, IDS[0], "Already loaded at 08:00: stop 1"),
        (
            LoadOutcome.OTHER_RUN,
            IDS[4],
            "NOT THIS CAR: belongs to run 2 · Maria, stop 2",
        ),
        (LoadOutcome.NOT_PLANNED, IDS[5], "NOT ON THIS RUN: the parcel is received; keep it off "
         "the car"),
        (LoadOutcome.UNKNOWN, None, "Not a parcel of this shop: keep it off"),
        (LoadOutcome.UNREADABLE, None, "Unreadable scan: nothing readable in the scan"),
    ]  # fmt: skip
    assert dispatch.load_status(db, dev).loaded == 1


def test_load_status_lists_what_is_missing_in_stop_order(day, actor) -> None:
    """The screen shows loaded / total and the parcels still on the shelf."""
    db, dev, _ = day
    dispatch.load_scan(db, actor, dev, IDS[1], at=MORNING)
    status = dispatch.load_status(db, dev)
    assert (status.label, status.state, status.loaded, status.total) == (
        "run 1 · Dev",
        "loading",
        1,
        3,
    )
    assert [(m.tracking_id, m.stop_sequence, m.recipient) for m in status.missing] == [
        (IDS[0], 1, "Recipient 01"),
        (IDS[2], 2, "Recipient 03"),
    ]
    assert not status.complete


def test_dispatch_with_parcels_missing_is_refused_and_changes_nothing(day, actor) -> None:
    """Without the clerk's confirmation nothing leaves."""
    db, dev, _ = day
    dispatch.load_scan(db, actor, dev, IDS[0], at=MORNING)
    before = dump(db)
    with pytest.raises(BadInput) as refused:
        dispatch.dispatch(db, actor, dev)
    assert str(refused.value) == (
        f"2 parcels of run 1 · Dev are not loaded ({IDS[1]}, {IDS[2]}): load them, or "
        "confirm that they stay in the shop"
    )
    assert dump(db) == before


def test_dispatch_sends_the_loaded_parcels_out_with_run_stop_and_driver(day, actor) -> None:
    """Every loaded parcel gets an out_for_delivery event; the run is out."""
    db, dev, _ = day
    for tracking_id in IDS[0:3]:
        dispatch.load_scan(db, actor, dev, tracking_id, at=MORNING)
    sent = dispatch.dispatch(db, actor, dev, at=MORNING)
    assert (sent.out, sent.left_behind, sent.message) == (
        IDS[0:3],
        [],
        "Run 1 · Dev is out with 3 parcels",
    )
    event = history(db, IDS[2])[-1]
    assert (event.status, event.run_id, event.stop_sequence, event.details) == (
        Status.OUT_FOR_DELIVERY,
        dev,
        2,
        {"driver": "Dev"},
    )
    run = runs.get_run(db, dev)
    assert (run.state, run.dispatched_at) == ("out", "2026-11-25T13:00:00.000Z")
    assert verify(db).ok


def test_confirmed_missing_parcels_go_back_to_the_shelf_and_off_the_run(day, actor) -> None:
    """'not loaded' parcels are received again, leave the run, and empty stops go."""
    db, dev, _ = day
    dispatch.load_scan(db, actor, dev, IDS[0], at=MORNING)
    sent = dispatch.dispatch(db, actor, dev, confirm_missing=True, at=MORNING)
    assert (sent.out, sent.left_behind) == ([IDS[0]], [IDS[1], IDS[2]])
    assert [statuses(db)[t] for t in IDS[0:3]] == ["out_for_delivery", "received", "received"]
    assert history(db, IDS[2])[-1].reason == "not loaded"
    run = runs.get_run(db, dev)
    assert [(s.sequence, [p["tracking_id"] for p in s.parcels]) for s in run.stops] == [
        (1, [IDS[0]])
    ]
    assert runs.current_stop(db, IDS[2]) is None


def test_nothing_loaded_cannot_be_dispatched(day, actor) -> None:
    """Even with confirmation, an empty car is not a run."""
    db, dev, _ = day
    with pytest.raises(BadInput, match="scan its parcels into the car first"):
        dispatch.dispatch(db, actor, dev, confirm_missing=True)
    dispatch.start_loading(db, dev)
    with pytest.raises(BadInput, match="nothing of run 1 · Dev is loaded"):
        dispatch.dispatch(db, actor, dev, confirm_missing=True)


def test_a_run_that_left_cannot_be_loaded_again(day, actor) -> None:
    """Scanning into a dispatched run is refused in words."""
    db, _, maria = day
    for tracking_id in IDS[3:5]:
        dispatch.load_scan(db, actor, maria, tracking_id)
    dispatch.dispatch(db, actor, maria)
    with pytest.raises(BadInput, match="run 2 · Maria is out: it cannot be loaded any more"):
        dispatch.load_scan(db, actor, maria, IDS[3])


def test_a_parcel_already_out_with_another_run_is_named(day, actor) -> None:
    """Scanning a parcel that left with Maria into Dev's car says so."""
    db, dev, maria = day
    for tracking_id in IDS[3:5]:
        dispatch.load_scan(db, actor, maria, tracking_id)
    dispatch.dispatch(db, actor, maria)
    wrong = dispatch.load_scan(db, actor, dev, IDS[4])
    assert (wrong.outcome, wrong.message) == (
        LoadOutcome.OTHER_RUN,
        "NOT THIS CAR: is already out with run 2 · Maria, stop 2",
    )


def test_unload_takes_a_mistaken_scan_back(day, actor) -> None:
    """A parcel scanned into the wrong car can be taken out before dispatch."""
    db, dev, _ = day
    dispatch.load_scan(db, actor, dev, IDS[0])
    dispatch.unload(db, dev, IDS[0])
    assert dispatch.load_status(db, dev).loaded == 0
    with pytest.raises(BadInput, match="was not loaded on run 1 · Dev"):
        dispatch.unload(db, dev, IDS[0])
