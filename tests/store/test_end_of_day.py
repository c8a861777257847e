"""The end of the day: summary from the log, missing parcels, closing, earnings, purging."""

from __future__ import annotations

from datetime import timedelta

import pytest

from store import end_of_day, pickup, privacy, results, runs, settings
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


def test_close_day_refuses_while_a_run_is_out(day, actor) -> None:
    """Maria is still out: the clerk is told, nothing is closed."""
    with pytest.raises(BadInput) as refused:
        end_of_day.close_day(day, actor, DAY)
    assert str(refused.value) == (
        "run 2 · Maria not back yet: record the results first, or close anyway"
    )
    assert end_of_day.closed_at(day, DAY) is None


def test_close_day_closes_the_runs_back_and_keeps_the_summary(day, actor) -> None:
    """Closing anyway: Dev's run closes, Maria's stays out, warnings say what is left."""
    closed = end_of_day.close_day(day, actor, DAY, runs_still_out_ok=True, at=EVENING)
    assert (closed.closed, closed.problems, closed.runs_closed) == (True, [], 1)
    assert closed.warnings == [
        "run 2 · Maria is still out",
        "1 parcel(s) of the day never arrived: mark them missing",
    ]
    assert [r.state for r in runs.runs_of_day(day, DAY)] == ["closed", "out"]
    assert end_of_day.closed_at(day, DAY) == "2026-11-25T22:00:00.000Z"
    assert end_of_day.as_dict(closed.summary)["delivered"] == 3
    tomorrow = DAY + timedelta(days=1)
    assert [r.label for r in runs.runs_still_out(day, tomorrow)] == ["Run 2 · Maria"]
    assert runs.runs_still_out(day, DAY) == []  # the day's own runs are not "earlier"


def test_close_day_finds_a_cache_that_disagrees_with_the_log(day, actor) -> None:
    """A parcel row changed behind the log's back is reported and the day stays open."""
    day.conn.execute("UPDATE parcels SET attempts = 5 WHERE tracking_id = ?", (IDS[1],))
    closed = end_of_day.close_day(day, actor, DAY, runs_still_out_ok=True)
    assert (closed.closed, closed.problems) == (
        False,
        [f"{IDS[1]}: the parcel shows attempted, 5 attempts but its log says attempted, 1 "
         "attempts"],
    )  # fmt: skip
    assert end_of_day.closed_at(day, DAY) is None
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
