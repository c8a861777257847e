"""A whole shop day through the store, then the next morning.

Demo manifest and check-in, a plan for three drivers, dispatch with load scans, results by
stop, by exception and by manifest scan, a correction, counter pickup and a pickup hold,
a return to the carrier, missing parcels, the end of the day; the carrier's status CSV is
then checked row by row against our own replay of the event log. The next day the attempted
parcels are plannable again, the held one is not.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from datetime import timedelta
from typing import Any

import pytest

from store import (
    codes,
    demo,
    dispatch,
    end_of_day,
    exports,
    pickup,
    result_scan,
    results,
    returns,
    runs,
)
from store.checkin import check_in, mark_damaged
from store.db import connect
from store.events import Actor, verify
from store.runs import RunRecord, StopRecord
from store.settings import load as load_settings
from store.timeutil import local_day_bounds
from tests.store.conftest import DAY, MORNING
from tests.ui.dayplan import signers

ANA, BEN = Actor("Ana", "Counter 1"), Actor("Ben", "Counter 2")
HOUR = timedelta(hours=1)


def _at(hours: float):
    return MORNING + timedelta(hours=hours)


def _received(db) -> list[dict[str, Any]]:
    cursor = db.conn.execute(
        "SELECT tracking_id, address_line1, postal_code, latitude, longitude FROM parcels "
        "WHERE status = 'received' ORDER BY tracking_id"
    )
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def _plan_for_three(db, day, parcels: list[dict[str, Any]], at) -> list[int]:
    """Stops by address, dealt to Dev, Maria and Sam in turn (no solver needed)."""
    stops: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for parcel in parcels:
        stops[f"{parcel['address_line1']}|{parcel['postal_code']}"].append(parcel)
    dealt: dict[str, list[StopRecord]] = {"Dev": [], "Maria": [], "Sam": []}
    for n, (key, group) in enumerate(sorted(stops.items())):
        ids = tuple(p["tracking_id"] for p in group)
        stop = StopRecord(key, group[0]["latitude"], group[0]["longitude"], ids, label="stop")
        dealt[("Dev", "Maria", "Sam")[n % 3]].append(stop)
    plan = [RunRecord(name, tuple(s), distance_mi=20.0 + n) for n, (name, s) in
            enumerate(dealt.items())]  # fmt: skip
    return runs.save_plan(db, ANA, day, plan, {}, at=at)


def _replayed_rows(db, day) -> dict[str, dict[str, str]]:
    """The status CSV as we expect it: every parcel changed that day, its events replayed."""
    start, end = local_day_bounds(day, load_settings(db).tz)
    changed = {t for (t,) in db.conn.execute(
        "SELECT tracking_id FROM events WHERE at >= ? AND at < ?", (start, end))}  # fmt: skip
    rows = {}
    for tracking_id in changed:
        state: dict[str, Any] = {"attempts": 0, "received_at": None, "delivered_at": None,
                                 "run_id": None, "driver": None, "stop_sequence": None}  # fmt: skip
        previous = None
        for status, at, reason, run_id, stop, details in db.conn.execute(
            "SELECT status, at, reason, run_id, stop_sequence, details FROM events "
            "WHERE tracking_id = ? AND at < ? ORDER BY id",
            (tracking_id, end),
        ):
            if (previous, status) == ("out_for_delivery", "attempted"):
                state["attempts"] += 1
            if (previous, status) == ("attempted", "out_for_delivery"):
                state["attempts"] -= 1
            if status == "received" and state["received_at"] is None:
                state["received_at"] = at
            if status in ("delivered", "picked_up"):
                state["delivered_at"] = at
            elif previous in ("delivered", "picked_up"):
                state["delivered_at"] = None
            if run_id is not None:
                driver = json.loads(details)["driver"]
                state.update(run_id=run_id, stop_sequence=stop, driver=driver)
            state.update(status=status, status_at=at, reason=reason)
            previous = status
        rows[tracking_id] = {
            column: exports.safe_cell(state[column]) for column in exports.STATUS_COLUMNS[1:]
        }
    return rows


@pytest.fixture
def db(tmp_path):
    """An empty shop file for the demo day."""
    database = connect(tmp_path / "shop.db")
    yield database
    database.conn.close()


@pytest.mark.slow
def test_a_full_day_and_the_next_morning(db) -> None:
    """Every path of the day ends in one known state and the CSV is the log, replayed."""
    demo.create(db, today=DAY, now=MORNING)
    expected = [
        t
        for (t,) in db.conn.execute(
            "SELECT tracking_id FROM parcels WHERE status = 'expected' ORDER BY tracking_id"
        )
    ]
    never_came = expected[:4]
    for tracking_id in expected[4:]:
        check_in(db, BEN, f"]C1{tracking_id.lower()}\r\n", at=_at(0.5))
    damaged = _received(db)[0]["tracking_id"]
    mark_damaged(db, BEN, damaged, at=_at(0.6))
    check_in(db, BEN, "TBA999999999999", at=_at(0.7))  # not on the manifest: held

    shelf = _received(db)
    counter_pickup = shelf.pop()["tracking_id"]  # kept off the plan: collected at the counter
    run_ids = _plan_for_three(db, DAY, shelf, _at(1))
    assert verify(db).ok

    # Dispatch: Dev and Maria load everything; Sam forgets one parcel and confirms it stays.
    left_behind = None
    for run_id in run_ids:
        load = dispatch.load_status(db, run_id)
        ids = [m.tracking_id for m in load.missing]
        if run_id == run_ids[2]:
            left_behind = ids.pop()
        for tracking_id in ids:
            assert dispatch.load_scan(db, BEN, run_id, tracking_id, at=_at(2)).outcome == "loaded"
        if run_id != run_ids[2]:  # one of Sam's parcels put in the wrong car
            foreign = runs.get_run(db, run_ids[2]).tracking_ids[0]
            wrong = dispatch.load_scan(db, BEN, run_id, foreign, at=_at(2))
            assert wrong.message.startswith("NOT THIS CAR: belongs to run 3 · Sam, stop ")
        dispatch.dispatch(db, BEN, run_id, confirm_missing=run_id == run_ids[2], at=_at(2))

    # Results. Dev: all delivered except two stops' worth of attempts.
    dev, maria, sam = (runs.get_run(db, r) for r in run_ids)
    tried = {dev.stops[0].parcels[0]["tracking_id"]: "recipient_unavailable",
             dev.stops[1].parcels[0]["tracking_id"]: "no_access"}  # fmt: skip
    results.all_delivered_except(db, ANA, dev.id, tried, signed=signers(db, dev.id), at=_at(8))
    # Maria: the clerk scans the manifest: a stop at the door (one with no signature to take),
    # the next one refused, the rest delivered.
    session = result_scan.ManifestScanSession(db, ANA, clock=lambda: _at(8.5))
    door = next(
        stop.sequence
        for stop in maria.stops[:-1]
        if not any(p["signature_required"] for p in stop.parcels)
    )
    for raw in (codes.stop_code(maria.id, door), "R.DOOR", codes.stop_code(maria.id, door + 1),
                "R.REFUSED"):  # fmt: skip
        assert session.scan(raw).answer != result_scan.Answer.REFUSED
    results.all_delivered_except(
        db, ANA, maria.id, {}, how="at_door", signed=signers(db, maria.id), at=_at(8.6)
    )
    # Sam: everything delivered, then one turns out to be a mistake (correction).
    done = results.all_delivered_except(db, ANA, sam.id, {}, signed=signers(db, sam.id), at=_at(9))
    assert all(r.run_back for r in done)
    corrected = done[-1].tracking_id
    results.correct_result(db, ANA, corrected, "attempted", reason="address_not_found",
                           at=_at(9.1))  # fmt: skip

    # Counter: one collected, one attempted parcel held for pickup; returns to the carrier.
    pickup.hand_over(db, ANA, counter_pickup, "The recipient", at=_at(9.2))
    held = next(iter(tried))
    code = pickup.hold_for_pickup(db, ANA, held, at=_at(9.3))
    assert pickup.find_by_pickup_code(db, code).tracking_id == held
    returns.set_aside(db, ANA, "TBA999999999999", "not on our manifest", at=_at(9.4))
    returns.set_aside(db, ANA, damaged, "damaged in transit", at=_at(9.4))
    for raw in ("TBA999999999999", damaged):
        assert returns.return_scan(db, ANA, raw, at=_at(9.5)).outcome == "returned"

    # End of day.
    assert end_of_day.mark_missing(db, ANA, DAY, at=_at(9.6)) == never_came
    closed = end_of_day.close_day(db, ANA, DAY, at=_at(9.7))
    assert (closed.closed, closed.problems, closed.runs_closed) == (True, [], 3)
    summary = closed.summary
    attempted_ids = {*tried, corrected, *_attempted_on(db, maria.id)}
    assert (summary.missing, summary.returned, summary.picked_up, summary.still_out) == (4, 2, 1, 0)
    assert summary.attempted == len(attempted_ids)
    assert summary.delivered == sum(len(r.tracking_ids) for r in (dev, maria, sam)) - len(
        attempted_ids
    )
    assert summary.received == len(expected) - 4 + 89 + 1  # demo's 89 (incl. held) + unexpected
    assert [line.driver for line in summary.drivers] == ["Dev", "Maria", "Sam"]
    assert summary.miles_planned == 63.0
    assert verify(db).ok

    out = io.StringIO()
    count = exports.export_status(db, out, DAY)
    exported = {row.pop("tracking_id"): row for row in csv.DictReader(io.StringIO(out.getvalue()))}
    assert count == len(exported)
    assert exported == _replayed_rows(db, DAY)
    assert exported[left_behind]["status"] == "received"
    assert exported[held]["reason"] == "held_for_pickup"

    # The next morning: attempted parcels are plannable again, the held one is not.
    plannable = set(runs.plannable_ids(db))
    assert attempted_ids - {held} <= plannable
    assert held not in plannable and left_behind in plannable
    tomorrow = DAY + timedelta(days=1)
    next_runs = _plan_for_three(db, tomorrow, _shelf_of(db, plannable), _at(25))
    assert sum(runs.get_run(db, r).parcel_count for r in next_runs) == len(plannable)
    assert verify(db).ok


def _attempted_on(db, run_id: int) -> list[str]:
    """Parcels of a run recorded as attempted (Maria's: by the manifest scan)."""
    return [
        t
        for (t,) in db.conn.execute(
            "SELECT tracking_id FROM events WHERE run_id = ? AND status = 'attempted'", (run_id,)
        )
    ]


def _shelf_of(db, ids: set[str]) -> list[dict[str, Any]]:
    marks = ", ".join("?" for _ in ids)
    cursor = db.conn.execute(
        "SELECT tracking_id, address_line1, postal_code, latitude, longitude FROM parcels "
        f"WHERE tracking_id IN ({marks}) ORDER BY tracking_id",
        tuple(ids),
    )
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]
