"""The end of the shop's day: the summary, missing parcels, closing the day, and earnings.

Every figure of the summary is replayed from the status log (not read from the cached
columns), so it agrees with the carrier's status CSV for the same day. Closing the day
refuses while parcels are in the air (`store.day_close`: out for delivery, on runs never
sent, never arrived), checks that each of the day's parcels has a cached status matching its
log, then closes the runs that are back and keeps the summary as it was closed, with what
was carried over.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import sqlite_utils

from store import checkin, day_close
from store.db import write_transaction
from store.errors import BadInput
from store.events import Actor, Change, append
from store.settings import load as load_settings
from store.statuses import Status
from store.timeutil import iso_z, local_day_bounds, parse_iso_z, utc_now


@dataclass
class _Track:
    """One parcel's figures replayed from its events (the same rules as the cache)."""

    status: str | None = None
    attempts: int = 0
    received_at: str | None = None
    delivered_at: str | None = None
    run_id: int | None = None
    last_event_id: int | None = None
    checked_in: bool = False  # a received/exception event was seen
    attempts_by_run: Counter[int] = field(default_factory=Counter)

    def feed(self, event_id: int, status: str, at: str, run_id: int | None) -> None:
        previous = self.status
        if status == "attempted" and previous == "out_for_delivery":
            self.attempts += 1
            self.attempts_by_run[run_id or 0] += 1
        elif status == "out_for_delivery" and previous == "attempted":
            self.attempts = max(0, self.attempts - 1)
            self.attempts_by_run[run_id or 0] -= 1
        if status == "received" and self.received_at is None:
            self.received_at = at
        elif status == "expected":
            self.received_at = None
        if status in ("delivered", "picked_up"):
            self.delivered_at = at
        elif previous in ("delivered", "picked_up"):
            self.delivered_at = None
        if run_id is not None:
            self.run_id = run_id
        self.checked_in = self.checked_in or status in ("received", "exception")
        self.status, self.last_event_id = status, event_id


@dataclass
class _Day:
    start: _Track
    end: _Track


def _changed_on(db: sqlite_utils.Database, start: str, end: str) -> list[str]:
    return [
        row[0]
        for row in db.conn.execute(
            "SELECT DISTINCT tracking_id FROM events WHERE at >= ? AND at < ? ORDER BY tracking_id",
            (start, end),
        )
    ]


def _replay(
    db: sqlite_utils.Database, tracking_ids: list[str], start: str, end: str | None
) -> dict[str, _Day]:
    """Each parcel's figures at `start` and at `end` (None: now), from its events."""
    days: dict[str, _Day] = {}
    for offset in range(0, len(tracking_ids), 500):
        chunk = tracking_ids[offset : offset + 500]
        for tracking_id in chunk:
            days[tracking_id] = _Day(_Track(), _Track())
        marks = ", ".join("?" for _ in chunk)
        until = "AND at < ?" if end else ""
        for tracking_id, event_id, status, at, run_id in db.conn.execute(
            f"SELECT tracking_id, id, status, at, run_id FROM events "
            f"WHERE tracking_id IN ({marks}) {until} ORDER BY id",
            (*chunk, *([end] if end else [])),
        ):
            day = days[tracking_id]
            if at < start:
                day.start.feed(event_id, status, at, run_id)
            day.end.feed(event_id, status, at, run_id)
    return days


@dataclass(frozen=True)
class DriverLine:
    run_id: int
    run_number: int
    driver: str
    state: str
    parcels: int
    delivered: int
    attempted: int
    distance_mi: float
    miles_driven: float | None = None  # what the driver's odometer said, when entered


@dataclass(frozen=True)
class DaySummary:
    day: date
    expected: int  # parcels on the day's manifests
    received: int  # checked in that day for the first time (held ones included)
    delivered: int
    attempted: int  # delivery attempts that failed that day
    picked_up: int
    returned: int
    return_pending: int
    missing: int
    still_out: int
    miles_planned: float
    miles_driven: float | None  # the runs' miles as entered (None until one is)
    first_attempt_rate: float | None  # delivered at the first try / first tries that day
    by_status: dict[str, int]  # end-of-day status of every parcel that changed that day
    drivers: list[DriverLine]
    events: int


def summary(db: sqlite_utils.Database, day: date) -> DaySummary:
    """The day's figures, replayed from the log as it stood at the end of that local day."""
    start, end = local_day_bounds(day, load_settings(db).tz)
    days = _replay(db, _changed_on(db, start, end), start, end)
    ends = Counter(d.end.status for d in days.values())
    firsts = [d for d in days.values() if d.start.attempts == 0 and _had_result(d)]
    successes = sum(1 for d in firsts if d.end.status == "delivered" and d.end.attempts == 0)
    drivers = _driver_lines(db, day, days)
    return DaySummary(
        day=day,
        expected=checkin.day_counts(db, day).expected,
        received=sum(  # a voided misread was never a parcel
            1
            for d in days.values()
            if d.end.checked_in and not d.start.checked_in and d.end.status != "voided"
        ),
        delivered=ends["delivered"],
        attempted=sum(d.end.attempts - d.start.attempts for d in days.values()),
        picked_up=ends["picked_up"],
        returned=ends["returned"],
        return_pending=ends["return_pending"],
        missing=ends["missing"],
        still_out=ends["out_for_delivery"],
        miles_planned=round(sum(line.distance_mi for line in drivers), 1),
        miles_driven=_driven(drivers),
        first_attempt_rate=round(successes / len(firsts), 4) if firsts else None,
        by_status={status: ends[status] for status in Status if ends[status]},
        drivers=drivers,
        events=db.conn.execute(
            "SELECT count(*) FROM events WHERE at >= ? AND at < ?", (start, end)
        ).fetchone()[0],
    )


def _driven(lines: list[DriverLine]) -> float | None:
    """Miles driven over the lines whose miles were entered (None when none was)."""
    entered = [line.miles_driven for line in lines if line.miles_driven is not None]
    return round(sum(entered), 1) if entered else None


@dataclass(frozen=True)
class DriverTotals:
    """A driver's day over all their runs (what the printed summary shows per driver)."""

    driver: str
    runs: int
    parcels: int
    delivered: int
    attempted: int
    miles: float
    miles_driven: float | None = None


def per_driver(day_summary: DaySummary) -> list[DriverTotals]:
    """The summary's run lines added up per driver, in order of their first run."""
    lines: dict[str, list[DriverLine]] = {}
    for line in day_summary.drivers:
        lines.setdefault(line.driver, []).append(line)
    return [
        DriverTotals(
            name,
            len(own),
            sum(line.parcels for line in own),
            sum(line.delivered for line in own),
            sum(line.attempted for line in own),
            round(sum(line.distance_mi for line in own), 1),
            _driven(own),
        )
        for name, own in lines.items()
    ]


def _had_result(day: _Day) -> bool:
    return day.end.status == "delivered" or day.end.attempts > day.start.attempts


def _driver_lines(db: sqlite_utils.Database, day: date, days: dict[str, _Day]) -> list[DriverLine]:
    lines = []
    for run_id, number, driver, state, distance, driven in db.conn.execute(
        "SELECT id, number, driver_name, state, distance_mi, miles_driven FROM runs "
        "WHERE plan_date = ? AND state != 'cancelled' ORDER BY number",
        (day.isoformat(),),
    ):
        parcels = db.conn.execute(
            "SELECT count(*) FROM stop_parcels sp JOIN stops s ON s.id = sp.stop_id "
            "WHERE s.run_id = ?",
            (run_id,),
        ).fetchone()[0]
        delivered = sum(
            1 for d in days.values() if d.end.status == "delivered" and d.end.run_id == run_id
        )
        attempted = sum(
            d.end.attempts_by_run[run_id] - d.start.attempts_by_run[run_id] for d in days.values()
        )
        lines.append(DriverLine(run_id, number, driver, state, parcels, delivered, attempted,
                                distance, driven))  # fmt: skip
    return lines


MAX_MILES = 2000.0


def record_miles(db: sqlite_utils.Database, run_id: int, miles: float | None) -> None:
    """What a run's driver really drove (None clears it); refused in a sentence when absurd."""
    if miles is not None and not (0 <= miles < MAX_MILES):
        raise BadInput(f"miles driven: a number from 0 to {MAX_MILES:,.0f}, not {miles:g}")
    with write_transaction(db):
        row = db.conn.execute("SELECT number, state FROM runs WHERE id = ?", (run_id,)).fetchone()
        if row is None:
            raise BadInput(f"there is no run {run_id}")
        if row[1] == "cancelled":
            raise BadInput(f"run {row[0]} was cancelled: it was never driven")
        db.conn.execute(
            "UPDATE runs SET miles_driven = ? WHERE id = ?",
            (None if miles is None else round(miles, 1), run_id),
        )


def mark_missing(
    db: sqlite_utils.Database, actor: Actor, day: date, *, at: datetime | None = None
) -> list[str]:
    """The day's manifest parcels never checked in become `missing` (one transaction)."""
    with write_transaction(db):
        ids = _still_expected(db, day)
        if ids:
            changes = [Change(t, Status.MISSING, reason="not received") for t in ids]
            append(db, actor, changes, at=at)
    return ids


def not_arrived(db: sqlite_utils.Database, day: date) -> list[str]:
    """The day's manifest parcels still `expected`: what `mark_missing` would mark."""
    return day_close.not_arrived(db, day)


def _still_expected(db: sqlite_utils.Database, day: date) -> list[str]:
    return day_close.not_arrived(db, day)


@dataclass(frozen=True)
class DayClose:
    day: date
    closed: bool
    summary: DaySummary
    problems: list[str]  # the cache disagrees with the log: the day was NOT closed
    warnings: list[str]  # worth a look, but the day was closed
    runs_closed: int = 0
    left_over: list[day_close.LeftOver] = field(default_factory=list)  # carried over, …


def check_day(db: sqlite_utils.Database, day: date) -> list[str]:
    """Each parcel of the day (expected or changed that day): its cached status, attempts and
    times must be what its whole log replays to."""
    start, end = local_day_bounds(day, load_settings(db).tz)
    ids = sorted(
        set(_changed_on(db, start, end))
        | {
            row[0]
            for row in db.conn.execute(
                "SELECT tracking_id FROM parcels WHERE expected_date = ?", (day.isoformat(),)
            )
        }
    )
    days = _replay(db, ids, start, None)
    problems = []
    for tracking_id in ids:
        track = days[tracking_id].end
        row = db.conn.execute(
            "SELECT status, attempts, received_at, delivered_at, last_event_id FROM parcels "
            "WHERE tracking_id = ?",
            (tracking_id,),
        ).fetchone()
        replayed = (track.status, track.attempts, track.received_at, track.delivered_at,
                    track.last_event_id)  # fmt: skip
        if row is None or tuple(row) != replayed:
            cached = "no parcel row" if row is None else f"{row[0]}, {row[1]} attempts"
            problems.append(
                f"{tracking_id}: the parcel shows {cached} but its log says "
                f"{track.status or 'nothing'}, {track.attempts} attempts"
            )
    return problems


class DayNotSettled(BadInput):
    """Parcels of the day are still in the air; `left` says which and what settles them."""

    def __init__(self, left: day_close.LeftToDo) -> None:
        super().__init__(left.sentence())
        self.left = left


def close_day(
    db: sqlite_utils.Database, actor: Actor, day: date, *, at: datetime | None = None
) -> DayClose:
    """Close the day: refuse (DayNotSettled) while a parcel of it is in the air, check the
    log, close the runs that are back and keep the summary with what was carried over.
    Closing again replaces the kept summary."""
    moment = at or utc_now()
    with write_transaction(db):
        left = day_close.left_to_do(db, day)
        if not left.clear:
            raise DayNotSettled(left)
        problems = check_day(db, day)
        day_summary = summary(db, day)
        carried = day_close.left_over(db, day)
        if problems:
            return DayClose(day, False, day_summary, problems, [], 0, carried)
        closed = db.conn.execute(
            "UPDATE runs SET state = 'closed', updated_at = ? WHERE plan_date = ? "
            "AND state = 'back'",
            (iso_z(moment), day.isoformat()),
        ).rowcount
        kept = {**asdict(day_summary), "left_over": [asdict(p) for p in carried]}
        db.conn.execute(
            "INSERT OR REPLACE INTO day_closes (plan_date, closed_at, staff, counter, summary) "
            "VALUES (?, ?, ?, ?, ?)",
            (day.isoformat(), iso_z(moment), actor.staff, actor.counter,
             json.dumps(kept, default=str, ensure_ascii=False)),
        )  # fmt: skip
    return DayClose(day, True, day_summary, [], [], closed, carried)


def closed_by(db: sqlite_utils.Database, day: date) -> tuple[str, str] | None:
    """When and by whom the day was (last) closed, or None."""
    row = db.conn.execute(
        "SELECT closed_at, staff FROM day_closes WHERE plan_date = ?", (day.isoformat(),)
    ).fetchone()
    return (row[0], row[1]) if row else None


def closed_at(db: sqlite_utils.Database, day: date) -> str | None:
    """When the day was (last) closed, or None."""
    row = db.conn.execute(
        "SELECT closed_at FROM day_closes WHERE plan_date = ?", (day.isoformat(),)
    ).fetchone()
    return row[0] if row else None


@dataclass(frozen=True)
class EarningsLine:
    start: date  # the day, or the Monday of the week
    parcels: int
    amount: float


@dataclass(frozen=True)
class Earnings:
    rate: float
    days: list[EarningsLine]
    weeks: list[EarningsLine]
    parcels: int
    amount: float


def earnings(db: sqlite_utils.Database, start: date, end: date) -> Earnings:
    """Parcels finished by the shop (delivered or picked up, and not corrected since) per local
    day and per week (Monday first) from `start` to `end` inclusive, times the rate."""
    if end < start:
        raise BadInput("the period ends before it starts")
    if (end - start).days > 366:
        raise BadInput("earnings cover at most a year at a time")
    settings = load_settings(db)
    first, _ = local_day_bounds(start, settings.tz)
    _, last = local_day_bounds(end, settings.tz)
    per_day: Counter[date] = Counter()
    for (at,) in db.conn.execute(
        # CROSS JOIN: walk the period's events (events_at), then each parcel by its id.
        "SELECT e.at FROM events e CROSS JOIN parcels p ON p.tracking_id = e.tracking_id "
        "WHERE e.at >= ? AND e.at < ? AND e.status IN ('delivered', 'picked_up') "
        "AND p.last_event_id = e.id",
        (first, last),
    ):
        per_day[parse_iso_z(at).astimezone(settings.tz).date()] += 1
    rate = settings.rate_per_parcel
    days = [
        EarningsLine(d, per_day[d], round(per_day[d] * rate, 2))
        for d in (start + timedelta(days=n) for n in range((end - start).days + 1))
    ]
    per_week: Counter[date] = Counter()
    for line in days:
        per_week[line.start - timedelta(days=line.start.weekday())] += line.parcels
    weeks = [EarningsLine(w, n, round(n * rate, 2)) for w, n in sorted(per_week.items())]
    total = sum(per_day.values())
    return Earnings(rate, days, weeks, total, round(total * rate, 2))


def as_dict(value: Any) -> dict[str, Any]:
    """A summary or close as plain JSON-ready data (dates as text)."""
    return json.loads(json.dumps(asdict(value), default=str))
