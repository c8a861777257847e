"""What the store hands the printers: labels in load order, the record of printed labels,
manifests, load sheets and reports, all read from the shop file."""

from __future__ import annotations

import datetime as dt

import pytest

from labels import (
    DiscrepancyKind,
    DriverDay,
    LoadItem,
    ManifestParcel,
    OutcomeCode,
    ParcelLabel,
    ReturnItem,
    Shop,
)
from store import checkin, codes, print_jobs, print_papers, returns, runs
from store.errors import NotFound
from store.manifest import import_bytes
from store.print_jobs import Placement
from tests.store.conftest import DAY, MORNING, SHOP_LAT, SHOP_LON, manifest_bytes
from tests.store.daybook import IDS, NOON, plan, shelf

WINDOWED = "TBA300000001"
HEADER = (
    "tracking_id,recipient_name,address_line1,address_line2,city,state,postal_code,latitude,"
    "longitude,window_start,window_end,notes,signature_required,weight_lb,service"
)


@pytest.fixture
def day(shop, actor):
    """Eight parcels on the shelf (plus one with a window and notes) on two runs:
    Dev: stop 1 = IDS 0+1, stop 2 = IDS 2, stop 3 = WINDOWED; Maria: stop 1 = IDS 3."""
    shelf(shop, actor)
    row = (
        f"{WINDOWED},Ana <b>Ruiz</b>,1 Elm St,Apt 2,Vienna,VA,22182,38.93,-77.24,09:00,12:00,"
        "Ring twice,true,2.5,next_day"
    )
    import_bytes(shop, actor, manifest_bytes(row, header=HEADER), "w.csv", DAY, at=MORNING)
    checkin.check_in(shop, actor, WINDOWED, at=MORNING)
    plan(shop, actor, {"Dev": [IDS[0:2], IDS[2:3], [WINDOWED]], "Maria": [IDS[3:4]]})
    return shop


def _run_ids(db) -> dict[str, int]:
    return dict(db.conn.execute("SELECT driver_name, id FROM runs WHERE state != 'cancelled'"))


def test_run_labels_come_in_load_order(day) -> None:
    """The last stop's label prints first; parcels of a stop are numbered 1 of n."""
    batch = print_jobs.labels_for_run(day, _run_ids(day)["Dev"])
    numbers = [
        (label.stop_number, label.parcel_index, label.parcel_count) for label in batch.labels
    ]
    assert numbers == [
        (3, 1, 1),
        (2, 1, 1),
        (1, 1, 2),
        (1, 2, 2),
    ]  # fmt: skip
    assert batch.tracking_ids == [WINDOWED, IDS[2], IDS[0], IDS[1]]
    assert batch.placements[0] == Placement(WINDOWED, _run_ids(day)["Dev"], 3)


def test_a_label_carries_everything_printed_on_the_parcel(day) -> None:
    """Recipient, address, window, flags and notes come from the manifest, as typed."""
    [label] = print_jobs.labels_for_run(day, _run_ids(day)["Dev"]).labels[:1]
    zone = day.conn.execute(
        "SELECT zone FROM parcels WHERE tracking_id = ?", (WINDOWED,)
    ).fetchone()[0]
    assert label == ParcelLabel(
        tracking_id=WINDOWED,
        recipient_name="Ana <b>Ruiz</b>",
        address_line1="1 Elm St",
        address_line2="Apt 2",
        city="Vienna",
        state="VA",
        postal_code="22182",
        date=DAY,
        shop_name="Test Shop",
        run_label="Run 1 · Dev",
        stop_number=3,
        zone=zone,
        signature_required=True,
        window="09:00–12:00",
        notes="Ring twice",
        service="next_day",
        weight_lb=2.5,
    )


def test_day_labels_are_run_after_run(day) -> None:
    """All runs of the day, in run order, each in its own load order."""
    batch = print_jobs.labels_for_day(day, DAY)
    assert [(label.run_label, label.stop_number) for label in batch.labels] == [
        ("Run 1 · Dev", 3),
        ("Run 1 · Dev", 2),
        ("Run 1 · Dev", 1),
        ("Run 1 · Dev", 1),
        ("Run 2 · Maria", 1),
    ]
    assert print_jobs.labels_for_day(day, DAY + dt.timedelta(days=1)).labels == ()


def test_reprint_of_one_parcel(day) -> None:
    """A planned parcel's reprint shows its run and stop; an unplanned one shows none."""
    [planned] = print_jobs.label_for_parcel(day, IDS[1]).labels
    assert (planned.run_label, planned.stop_number, planned.parcel_index) == ("Run 1 · Dev", 1, 2)
    batch = print_jobs.label_for_parcel(day, IDS[5])
    assert (batch.labels[0].run_label, batch.labels[0].stop_number) == (None, None)
    assert batch.labels[0].date == DAY
    assert batch.placements == (Placement(IDS[5], None, None),)


def test_find_parcel_accepts_what_a_scanner_types(day) -> None:
    """Scanner noise is stripped; an unknown parcel is refused in words."""
    assert print_jobs.find_parcel(day, f"]C1{IDS[2].lower()}\r\n") == IDS[2]
    with pytest.raises(NotFound, match="no parcel NOPE1234"):
        print_jobs.find_parcel(day, "nope1234")


def test_changed_since_print_after_a_replan(day, actor) -> None:
    """After printing, a re-plan that moves parcels makes only those labels wrong."""
    assert len(print_jobs.changed_since_print(day, DAY)) == 0  # nothing printed: nothing to redo
    assert not print_jobs.any_printed(day, DAY)
    print_jobs.record_printed(day, print_jobs.labels_for_day(day, DAY))
    assert print_jobs.changed_since_print(day, DAY).labels == ()
    # IDS[2] moves from Dev's stop 2 to Maria; WINDOWED moves up from stop 3 to stop 2.
    plan(day, actor, {"Dev": [IDS[0:2], [WINDOWED]], "Maria": [IDS[3:4], IDS[2:3]]}, at=NOON)
    changed = print_jobs.changed_since_print(day, DAY)
    assert changed.tracking_ids == [WINDOWED, IDS[2]]
    assert changed.placements[1] == Placement(IDS[2], _run_ids(day)["Maria"], 2)
    maria = print_jobs.changed_since_print(day, DAY, run_id=_run_ids(day)["Maria"])
    assert maria.tracking_ids == [IDS[2]]
    print_jobs.record_printed(day, changed)
    assert print_jobs.changed_since_print(day, DAY).labels == ()


def test_a_parcel_taken_off_the_plan_gets_a_not_planned_label(day, actor) -> None:
    """A re-plan that leaves a labelled parcel on the shelf lists it after the moved ones,
    with a label that no longer names a run or stop."""
    print_jobs.record_printed(day, print_jobs.labels_for_day(day, DAY))
    plan(day, actor, {"Dev": [IDS[0:2], [WINDOWED]], "Maria": [IDS[3:4]]}, at=NOON)
    changed = print_jobs.changed_since_print(day, DAY)
    assert changed.tracking_ids == [WINDOWED, IDS[2]]
    assert changed.placements[1] == Placement(IDS[2], None, None)
    assert (changed.labels[1].run_label, changed.labels[1].date) == (None, DAY)
    dev, maria = _run_ids(day)["Dev"], _run_ids(day)["Maria"]
    assert print_jobs.changed_since_print(day, DAY, run_id=dev).tracking_ids == [WINDOWED, IDS[2]]
    assert print_jobs.changed_since_print(day, DAY, run_id=maria).labels == ()
    print_jobs.record_printed(day, changed)
    assert print_jobs.changed_since_print(day, DAY).labels == ()


def test_a_check_in_label_does_not_count_for_a_run(day) -> None:
    """A label printed before planning (no run) is changed once the parcel is planned."""
    print_jobs.record_printed(day, print_jobs.label_for_parcel(day, IDS[0]))
    print_jobs.record_printed(day, print_jobs.labels_for_day(day, DAY).only({*IDS[1:], WINDOWED}))
    print_jobs.record_printed(day, print_jobs.LabelBatch((), (Placement(IDS[0], None, None),)))
    assert print_jobs.changed_since_print(day, DAY).tracking_ids == [IDS[0]]


def test_record_printed_writes_one_row_per_label(day) -> None:
    """label_prints keeps tracking id, run, stop and when."""
    batch = print_jobs.labels_for_run(day, _run_ids(day)["Maria"])
    at = dt.datetime(2026, 11, 25, 14, 0, tzinfo=dt.UTC)
    assert print_jobs.record_printed(day, batch, at=at) == 1
    rows = day.conn.execute(
        "SELECT tracking_id, run_id, stop_sequence, printed_at FROM label_prints"
    )
    assert rows.fetchall() == [(IDS[3], _run_ids(day)["Maria"], 1, "2026-11-25T14:00:00.000Z")]


def test_manifest_of_a_run(day) -> None:
    """Stops in driving order with stop codes the result scan accepts, outcome codes, and a
    route from the shop through the stops and back."""
    run_id = _run_ids(day)["Dev"]
    run = print_papers.manifest_for_run(day, run_id)
    assert (run.run_label, run.driver, run.date, run.miles) == ("Run 1", "Dev", DAY, 12.5)
    assert run.shop == Shop("Test Shop", "", SHOP_LAT, SHOP_LON)
    assert [stop.sequence for stop in run.stops] == [1, 2, 3]
    for stop in run.stops:
        parsed = codes.parse(stop.stop_code)
        assert (parsed.kind, parsed.run_id, parsed.sequence) == (
            codes.Kind.STOP,
            run_id,
            stop.sequence,
        )
    assert [(o.code, o.caption) for o in run.outcome_codes] == codes.outcome_codes()
    assert [(o.group, o.short, o.key) for o in run.outcome_codes[:2]] == [
        ("Delivered", "to the recipient", "D"),
        ("Delivered", "at the door", "F"),
    ]
    assert run.outcome_codes[4] == OutcomeCode(
        "R.NOACCESS", "Not delivered: no access", "Not delivered", "no access", "A"
    )
    assert run.route[0] == run.route[-1] == (SHOP_LAT, SHOP_LON)
    assert len(run.route) == 5
    windowed = run.stops[2]
    assert windowed.parcels == (ManifestParcel(WINDOWED, "signature · 2.5 lb"),)
    assert (windowed.recipient, windowed.address) == (
        "Ana <b>Ruiz</b>",
        "1 Elm St, Apt 2, Vienna, VA 22182",
    )
    assert (windowed.notes, windowed.signature_required) == ("Ring twice", True)


def test_manifest_times_are_local_clock_times(shop, actor) -> None:
    """Seconds since local midnight become the times printed (ETA, window, start, end)."""
    shelf(shop, actor)
    stop = runs.StopRecord("k", 38.93, -77.24, (IDS[0],), arrival_s=33600, window=(32400, 43200))
    record = runs.RunRecord("Dev", (stop,), start_s=9 * 3600, end_s=17 * 3600 + 30 * 60)
    [run_id] = runs.save_plan(shop, actor, DAY, [record], {})
    run = print_papers.manifest_for_run(shop, run_id)
    assert (run.planned_start, run.planned_end) == (dt.time(9, 0), dt.time(17, 30))
    assert (run.stops[0].eta, run.stops[0].window) == (dt.time(9, 20), "09:00–12:00")


def test_the_manifest_eta_is_the_time_at_the_door_and_says_the_wait(shop, actor) -> None:
    """A car due at 09:20 for a 10:00 window: the ETA printed is 10:00, and the window line
    tells the driver of the 40-minute wait."""
    shelf(shop, actor)
    stop = runs.StopRecord(
        "k", 38.93, -77.24, (IDS[0],), arrival_s=9 * 3600 + 1200, start_s=10 * 3600,
        depart_s=10 * 3600 + 120, window=(10 * 3600, 12 * 3600),
    )  # fmt: skip
    [run_id] = runs.save_plan(shop, actor, DAY, [runs.RunRecord("Dev", (stop,))], {})
    run = print_papers.manifest_for_run(shop, run_id)
    assert (run.stops[0].eta, run.stops[0].window) == (dt.time(10, 0), "10:00–12:00 · wait 40 min")


def test_unknown_run_is_refused(day) -> None:
    """A run id that does not exist is NotFound, for every paper of a run."""
    for build in (print_papers.manifest_for_run, print_papers.load_sheet_for_run):
        with pytest.raises(NotFound, match="no run 999"):
            build(day, 999)


def test_load_sheet_in_load_order(day) -> None:
    """The load sheet lists the run's parcels as they go into the car."""
    sheet = print_papers.load_sheet_for_run(day, _run_ids(day)["Dev"])
    assert (sheet.shop_name, sheet.run_label, sheet.driver) == ("Test Shop", "Run 1", "Dev")
    rows = [(i.tracking_id, i.stop_number, i.parcel_index, i.parcel_count) for i in sheet.items]
    assert rows == [
        (WINDOWED, 3, 1, 1),
        (IDS[2], 2, 1, 1),
        (IDS[0], 1, 1, 2),
        (IDS[1], 1, 2, 2),
    ]  # fmt: skip
    assert sheet.items[2] == LoadItem(
        IDS[0],
        1,
        sheet.items[2].zone,
        "Recipient 01",
        "1500 Cornerside Blvd, Vienna, VA 22182",
        1,
        2,
    )


def test_discrepancy_report_of_the_check_in(shop, actor) -> None:
    """Missing, unexpected and damaged parcels, with scan times in the shop's local time."""
    shelf(shop, actor, checked_in=IDS[:6])
    checkin.mark_damaged(shop, actor, IDS[0], at=MORNING)
    checkin.check_in(shop, actor, "TBA999999999", at=MORNING)
    report = print_papers.discrepancy_report(shop, DAY)
    assert (report.shop_name, report.date, report.expected, report.received) == (
        "Test Shop", DAY, 8, 6
    )  # fmt: skip
    kinds = [(row.kind, row.tracking_id) for row in report.rows]
    assert kinds == [
        (DiscrepancyKind.MISSING, IDS[6]),
        (DiscrepancyKind.MISSING, IDS[7]),
        (DiscrepancyKind.UNEXPECTED, "TBA999999999"),
        (DiscrepancyKind.DAMAGED, IDS[0]),
    ]
    assert report.rows[0].scanned_at is None
    local = report.rows[3].scanned_at
    assert (local.hour, local.utcoffset()) == (8, dt.timedelta(hours=-5))


def test_day_summary_figures(day) -> None:
    """The printed summary has the day's figures per driver and no empty bars."""
    summary = print_papers.day_summary_pdf_data(day, DAY)
    assert summary.drivers == (
        DriverDay("Dev", 1, 4, 0, 0, 12.5),
        DriverDay("Maria", 1, 1, 0, 0, 12.5),
    )
    assert summary.status_counts == {"received": 9}
    assert (summary.miles_planned, summary.earnings) == (25.0, None)


def test_return_manifest_lists_parcels_set_aside(day, actor) -> None:
    """A parcel set aside is listed with its return-by day (the next local morning)."""
    returns.set_aside(day, actor, IDS[5], "refused at the counter", at=MORNING)
    manifest = print_papers.return_manifest_data(day, DAY)
    assert manifest.items == (
        ReturnItem(IDS[5], "refused at the counter", 0, DAY + dt.timedelta(days=1), "Recipient 06"),
    )
