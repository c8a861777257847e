"""The end of the day: summary from the log, missing parcels, closing, earnings, purging."""

from __future__ import annotations

from datetime import timedelta

import pytest

from store import day_close, dispatch, end_of_day, pickup, privacy, results, runs, settings
from store.end_of_day import DriverLine
from store.errors import BadInput
from store.events import history
from tests.store.conftest import DAY, MORNING
from tests.store.daybook import EVENING, IDS, NOON, plan, send_out, shelf, statuses


@pytest.fixture
def day(shop, actor):
    """7 of 8 parcels in; Dev back (2 delivered, 1 attempted); Maria out (1 delivered, 1 out);
    one picked up at the counter, one left on the shelf."""
    shelf(shop, actor, checked_in=IDS[:7])
    dev, maria = plan(shop, actor, {"Dev": [IDS[0:2], IDS[2:3]], "Maria": [IDS[3:4], IDS[4:5]]})
    send_out(shop, actor, dev)
    send_out(shop, actor, maria)
    results.all_delivered_except(shop, actor, dev, {IDS[1]: "no_access"}, at=NOON)
    results.record_result(shop, actor, IDS[3], "delivered", how="at_door", at=NOON)
    pickup.hand_over(shop, actor, IDS[5], "Recipient 06", at=NOON)
    return shop


def test_the_summary_counts_the_day_from_the_log(day, actor) -> None:
    """Received, delivered, attempted, picked up, missing, out, miles and per-driver lines."""
    assert end_of_day.mark_missing(day, actor, DAY, at=EVENING) == [IDS[7]]
    got = end_of_day.summary(day, DAY)
    assert got == end_of_day.DaySummary(
        day=DAY,
        expected=8,
        received=7,
        delivered=3,
        attempted=1,
        picked_up=1,
        returned=0,
        return_pending=0,
        missing=1,
        still_out=1,
        miles_planned=25.0,
        miles_driven=None,
        first_attempt_rate=0.75,
        by_status={
            "received": 1,
            "out_for_delivery": 1,
            "delivered": 3,
            "attempted": 1,
            "picked_up": 1,
            "missing": 1,
        },
        drivers=[
            DriverLine(1, 1, "Dev", "back", 3, 2, 1, 12.5),
            DriverLine(2, 2, "Maria", "out", 2, 1, 0, 12.5),
        ],
        events=got.events,
    )
    assert got.events == day.conn.execute("SELECT count(*) FROM events").fetchone()[0]
    assert end_of_day.per_driver(got) == [
        end_of_day.DriverTotals("Dev", 1, 3, 2, 1, 12.5),
        end_of_day.DriverTotals("Maria", 1, 2, 1, 0, 12.5),
    ]


def test_an_attempted_parcel_planned_the_next_day_counts_there(day, actor) -> None:
    """The next day's summary sees the second try, not the first day's figures."""
    tomorrow = DAY + timedelta(days=1)
    [run_id] = plan(day, actor, {"Dev": [IDS[1:2]]}, day=tomorrow, at=MORNING + timedelta(days=1))
    send_out(day, actor, run_id, at=MORNING + timedelta(days=1))
    results.record_result(day, actor, IDS[1], "delivered", at=NOON + timedelta(days=1))
    got = end_of_day.summary(day, tomorrow)
    assert (got.received, got.delivered, got.attempted, got.first_attempt_rate) == (0, 1, 0, None)
    assert got.by_status == {"delivered": 1}


def test_mark_missing_only_touches_parcels_still_expected(day, actor) -> None:
    """One transaction; a second call finds nothing left."""
    assert end_of_day.mark_missing(day, actor, DAY) == [IDS[7]]
    assert history(day, IDS[7])[-1].reason == "not received"
    assert end_of_day.mark_missing(day, actor, DAY) == []


def test_close_day_refuses_while_parcels_are_in_the_air(day, actor) -> None:
    """Maria is out with a parcel and one parcel never arrived: the sentence says what settles
    each, nothing is closed."""
    with pytest.raises(end_of_day.DayNotSettled) as refused:
        end_of_day.close_day(day, actor, DAY)
    assert str(refused.value) == (
        "Wed 2026-11-25 cannot close with parcels in the air: Run 2 · Maria: 1 parcel still "
        "out for delivery: record their results (Results); 1 parcel of the manifest never "
        "arrived: mark them missing"
    )
    assert refused.value.left.in_the_air == 2
    assert end_of_day.closed_by(day, DAY) is None


def test_close_day_closes_the_runs_back_and_lists_what_was_carried_over(day, actor) -> None:
    """Maria's last result recorded, the missing parcel marked: the day closes, Dev's and
    Maria's runs close, and every parcel that did not finish is listed with what became of
    it."""
    results.record_result(day, actor, IDS[4], "attempted", reason="refused", at=NOON)
    end_of_day.mark_missing(day, actor, DAY, at=EVENING)
    closed = end_of_day.close_day(day, actor, DAY, at=EVENING)
    assert (closed.closed, closed.problems, closed.runs_closed) == (True, [], 2)
    assert [(p.tracking_id, p.what, p.why) for p in closed.left_over] == [
        (IDS[1], "carried over", "no access"),
        (IDS[4], "carried over", "refused"),
        (IDS[6], "carried over", ""),
        (IDS[7], "missing", "never arrived"),
    ]
    assert [r.state for r in runs.runs_of_day(day, DAY)] == ["closed", "closed"]
    assert end_of_day.closed_by(day, DAY) == ("2026-11-25T22:00:00.000Z", "Ana")
    assert end_of_day.as_dict(closed.summary)["delivered"] == 3


def test_runs_never_sent_are_carried_over_to_tomorrow(shop, actor) -> None:
    """A planned run and a run being loaded that never left: closing is refused until they
    are carried over; then their parcels are back on the shelf, planned again tomorrow."""
    shelf(shop, actor, IDS[:4])
    _dev, maria = plan(shop, actor, {"Dev": [IDS[0:2]], "Maria": [IDS[2:4]]})
    dispatch.load_scan(shop, actor, maria, IDS[2], at=MORNING)
    left = day_close.left_to_do(shop, DAY)
    assert [(r.label, r.state) for r in left.unsent] == [
        ("Run 1 · Dev", "planned"),
        ("Run 2 · Maria", "loading"),
    ]
    with pytest.raises(end_of_day.DayNotSettled, match="Run 1 · Dev, Run 2 · Maria never left"):
        end_of_day.close_day(shop, actor, DAY)
    assert day_close.carry_over_unsent(shop, actor, DAY, at=EVENING) == IDS[:4]
    assert set(statuses(shop).values()) == {"received"}
    assert history(shop, IDS[2])[-1].reason == (
        "carried over: Run 2 · Maria not dispatched on 2026-11-25"
    )
    assert runs.runs_of_day(shop, DAY) == []
    assert set(runs.plannable_ids(shop)) == set(IDS[:4])
    closed = end_of_day.close_day(shop, actor, DAY, at=EVENING)
    assert closed.closed and {p.what for p in closed.left_over} == {"carried over"}


def test_miles_driven_are_kept_per_run_and_summed(day, actor) -> None:
    """The odometer's miles per run: in the run's line, per driver and in total."""
    dev, maria = (r.id for r in runs.runs_of_day(day, DAY))
    end_of_day.record_miles(day, dev, 14.26)
    got = end_of_day.summary(day, DAY)
    assert [line.miles_driven for line in got.drivers] == [14.3, None]
    assert got.miles_driven == 14.3
    end_of_day.record_miles(day, maria, 9)
    assert end_of_day.summary(day, DAY).miles_driven == 23.3
    with pytest.raises(BadInput, match="miles driven: a number from 0 to 2,000, not -3"):
        end_of_day.record_miles(day, dev, -3)
    with pytest.raises(BadInput, match="there is no run 99"):
        end_of_day.record_miles(day, 99, 3)


def test_close_day_finds_a_cache_that_disagrees_with_the_log(day, actor) -> None:
    """A parcel row changed behind the log's back is reported and the day stays open."""
    day.conn.execute("UPDATE parcels SET attempts = 5 WHERE tracking_id = ?", (IDS[1],))
    results.record_result(day, actor, IDS[4], "attempted", reason="refused", at=NOON)
    end_of_day.mark_missing(day, actor, DAY, at=EVENING)
    closed = end_of_day.close_day(day, actor, DAY)
    assert (closed.closed, closed.problems) == (
        False,
        [f"{IDS[1]}: the parcel shows attempted, 5 attempts but its log says attempted, 1 "
         "attempts"],
    )  # fmt: skip
    assert end_of_day.closed_by(day, DAY) is None
    assert runs.runs_of_day(day, DAY)[0].state == "back"


def test_earnings_per_day_and_week(day, actor) -> None:
    """Delivered and picked-up parcels times the rate; a corrected delivery no longer counts."""
    settings.update(day, rate_per_parcel=2.0)
    got = end_of_day.earnings(day, DAY, DAY + timedelta(days=6))
    assert (got.parcels, got.amount, got.rate) == (4, 8.0, 2.0)
    assert [(w.start.isoformat(), w.parcels, w.amount) for w in got.weeks] == [
        ("2026-11-23", 4, 8.0),
        ("2026-11-30", 0, 0.0),
    ]
    assert [line.parcels for line in got.days] == [4, 0, 0, 0, 0, 0, 0]
    results.correct_result(day, actor, IDS[0], "attempted", reason="refused", at=EVENING)
    assert end_of_day.earnings(day, DAY, DAY).amount == 6.0
    with pytest.raises(BadInput, match="ends before it starts"):
        end_of_day.earnings(day, DAY, DAY - timedelta(days=1))


def test_purge_clears_personal_data_of_finished_parcels_only(day, actor) -> None:
    """After 90 days: names, addresses, who took it gone, coordinates rounded; log untouched."""
    log_before = day.conn.execute("SELECT * FROM events ORDER BY id").fetchall()
    assert privacy.purge(day, EVENING + timedelta(days=89)) == 0
    assert privacy.purge(day, EVENING + timedelta(days=91), batch=3) == 4  # in 2 transactions
    assert day.conn.execute(
        "SELECT recipient_name, address_line1, handed_to, latitude, longitude, purged_at "
        "FROM parcels WHERE tracking_id = ?",
        (IDS[5],),
    ).fetchone() == ("", "", "", 38.93, -77.24, "2027-02-24T22:00:00.000Z")
    assert day.conn.execute(
        "SELECT recipient_name FROM parcels WHERE tracking_id = ?", (IDS[6],)
    ).fetchone() == ("Recipient 07",)
    assert day.conn.execute("SELECT * FROM events ORDER BY id").fetchall() == log_before
    assert {s.label for r in runs.runs_of_day(day, DAY) for s in r.stops} == {""}
    assert privacy.purge(day, EVENING + timedelta(days=92)) == 0
    assert statuses(day)[IDS[5]] == "picked_up"
