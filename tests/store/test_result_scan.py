"""Scanning the driver's manifest: a stop (or a parcel), then the outcome the driver ticked."""

from __future__ import annotations

import pytest

from store import codes
from store.result_scan import Answer, ManifestScanSession
from store.statuses import Status
from tests.store.daybook import IDS, NOON, plan, send_out, shelf, statuses


@pytest.fixture
def session(shop, actor):
    """Run 1 · Dev is out with stop 1 (IDS 0, 1) and stop 2 (IDS 2); a fresh scan session."""
    shelf(shop, actor)
    [dev] = plan(shop, actor, {"Dev": [IDS[0:2], IDS[2:3]]})
    send_out(shop, actor, dev)
    return ManifestScanSession(shop, actor, clock=lambda: NOON), shop, dev


def test_stop_then_outcome_records_the_whole_stop(session) -> None:
    """Both parcels of the stop get the ticked outcome; the selection clears."""
    scanner, _, dev = session
    selected = scanner.scan(codes.stop_code(dev, 1) + "\r")
    assert (selected.answer, selected.message) == (
        Answer.STOP_SELECTED,
        "Run 1 · Dev, stop 1: 2 parcels out. Scan the outcome",
    )
    assert scanner.selected == "Run 1 · Dev, stop 1"
    done = scanner.scan("R.DOOR")
    assert (done.answer, done.message) == (
        Answer.RECORDED,
        "Run 1 · Dev, stop 1: Delivered at the door (2 parcels).",
    )
    assert [r.status for r in done.recorded] == [Status.DELIVERED, Status.DELIVERED]
    assert scanner.selected is None


def test_a_parcel_label_then_outcome_records_one_parcel(session) -> None:
    """On a stop with two parcels, scanning one label narrows the result to it."""
    scanner, db, _ = session
    picked = scanner.scan(IDS[1].lower())
    assert (picked.answer, picked.message) == (
        Answer.PARCEL_SELECTED,
        f"{IDS[1]} (Run 1 · Dev, stop 1). Scan the outcome",
    )
    done = scanner.scan("R.NOTHOME")
    assert [(r.tracking_id, r.status) for r in done.recorded] == [(IDS[1], Status.ATTEMPTED)]
    assert statuses(db)[IDS[0]] == "out_for_delivery"


def test_the_last_stop_brings_the_run_back(session) -> None:
    """The answer tells the clerk the run is complete."""
    scanner, _, dev = session
    scanner.scan(codes.stop_code(dev, 1))
    scanner.scan("R.DEL")
    scanner.scan(codes.stop_code(dev, 2))
    assert scanner.scan("R.CLOSED").message.endswith("(1 parcel). The run is back.")


def test_wrong_order_and_strange_codes_are_refused_with_what_to_do(session) -> None:
    """Outcome first, unknown codes, stops already recorded, parcels not out: clear answers."""
    scanner, _, dev = session
    answers = [scanner.scan(raw) for raw in ("R.LOCKER", "R.TELEPORTED", "S.99.1", "~~")]
    assert [(a.answer, a.message) for a in answers] == [
        (Answer.REFUSED, "Delivered to a locker: scan a stop or a parcel first"),
        (Answer.REFUSED, "Not a manifest code: R.TELEPORTED is not a manifest code"),
        (Answer.REFUSED, "no run 99"),
        (
            Answer.REFUSED,
            "Not a manifest code: a tracking number has only letters and digits, not ~",
        ),
    ]
    scanner.scan(codes.stop_code(dev, 2))
    scanner.scan("R.DEL")
    again = scanner.scan(codes.stop_code(dev, 2))
    assert (again.answer, again.message) == (
        Answer.REFUSED,
        "Run 1 · Dev, stop 2: nothing is out any more (results recorded)",
    )
    assert scanner.scan(IDS[2]).message == (
        f"{IDS[2]} is delivered, not out for delivery: nothing to record"
    )
    assert scanner.scan(codes.stop_code(dev, 7)).message == "Run 1 · Dev has no stop 7"
    assert scanner.scan("TBA999999999").message == "No parcel TBA999999999 in this shop"
