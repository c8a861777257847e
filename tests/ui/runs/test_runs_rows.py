"""What the Runs screen shows of a plan: run-wide breaches land on the stops they concern."""

from __future__ import annotations

import routing
from ui.runs.plan_rows import (
    RunRow,
    StopRow,
    short_breach,
    stop_breaches,
    stop_tooltip,
    wait_text,
)

DEPOT = routing.Depot(38.9187, -77.2311)


def stop(key: str, parcels: int = 1, north_mi: float = 1.0, window=None) -> routing.Stop:
    return routing.Stop(
        key=key,
        lat=DEPOT.lat + north_mi / 69.0,
        lon=DEPOT.lon,
        tracking_ids=tuple(f"{key}-{n}" for n in range(parcels)),
        service_s=120,
        window=window,
        label=f"Person {key}, 1 Test St",
    )


def car(capacity: int = 10, start: str = "09:00", end: str = "17:00") -> routing.Vehicle:
    h0, m0 = map(int, start.split(":"))
    h1, m1 = map(int, end.split(":"))
    return routing.Vehicle(
        name="Dev",
        capacity_parcels=capacity,
        shift_start_s=h0 * 3600 + m0 * 60,
        shift_end_s=h1 * 3600 + m1 * 60,
    )


def test_over_capacity_marks_the_stops_from_the_one_that_no_longer_fits() -> None:
    """A car for 4 parcels carrying 2+2+2: the third stop is where it overflows."""
    route = routing.evaluate_route(
        DEPOT, car(capacity=4), [stop("a", 2), stop("b", 2), stop("c", 2)]
    )
    assert stop_breaches(route) == {"c": ["over capacity by 2 parcels"]}


def test_past_the_shift_marks_the_stops_that_end_after_it() -> None:
    """A shift of 15 minutes: stops finishing after it carry the breach."""
    route = routing.evaluate_route(
        DEPOT, car(start="09:00", end="09:15"), [stop("a", north_mi=1), stop("b", north_mi=3)]
    )
    found = stop_breaches(route)
    assert list(found) == ["b"] and found["b"][0].startswith("past shift end by")


def test_only_the_drive_back_late_marks_the_last_stop() -> None:
    """If every stop is done in time but the car is back late, the last stop says so."""
    vehicle = car(start="09:00", end="09:30")
    route = routing.evaluate_route(DEPOT, vehicle, [stop("a", north_mi=5)])
    # 5 mi out at 25 mph × 1.3 ≈ 16 min, 2 min there, 16 min back: back at 09:34
    assert [v.depart_s <= vehicle.shift_end_s for v in route.visits] == [True]
    assert list(stop_breaches(route)) == ["a"]


def test_a_late_window_stays_on_its_stop_and_reads_short_in_the_list() -> None:
    """The window breach names its stop; the list drops the times the Window column shows."""
    late = stop("a", window=(8 * 3600, 8 * 3600 + 600))
    route = routing.evaluate_route(DEPOT, car(start="09:00"), [late])
    [message] = stop_breaches(route)["a"]
    assert message.startswith("late for window 08:00–08:10 by")
    assert short_breach(message).startswith("late for window by")


def test_tooltip_says_who_what_when_and_what_is_wrong() -> None:
    """A tooltip lists the stop, recipient and address, parcels, ETA, window and breaches."""
    row = StopRow(
        key="a", vehicle="Dev", sequence=3, lat=0.0, lon=0.0, label="Ana Lima, 1 Oak St",
        tracking_ids=("TBA1", "TBA2"), eta="10:05", window="09:00–10:00", locked=True,
        breaches=("late for window 09:00–10:00 by 5 min",),
    )  # fmt: skip
    assert stop_tooltip(row, "Run 1 · Dev").splitlines() == [
        "Stop 3 · Run 1 · Dev",
        "Ana Lima, 1 Oak St",
        "2 parcels: TBA1, TBA2",
        "ETA 10:05 · window 09:00–10:00",
        "locked",
        "⚠ late for window 09:00–10:00 by 5 min",
    ]


def test_the_eta_is_the_time_at_the_door_and_a_wait_is_shown_beside_it() -> None:
    """Early for a window that a later start cannot absorb (a morning stop holds it), the
    stop's ETA is the window's opening and the wait, with the arrival, is said."""
    morning = stop("a", north_mi=1, window=(9 * 3600, 9 * 3600 + 900))
    afternoon = stop("b", north_mi=2, window=(14 * 3600, 17 * 3600))
    route = routing.evaluate_route(DEPOT, car(), [morning, afternoon])
    visit = route.visits[1]
    assert routing.clock(visit.start_s) == "14:00"
    assert wait_text(visit) == (
        f"waits {round(visit.wait_s / 60)} min (arrives {routing.clock(visit.arrival_s)})"
    )
    assert wait_text(route.visits[0]) == ""
    rows = tuple(
        StopRow(key=v.stop.key, vehicle="Dev", sequence=n, lat=0.0, lon=0.0, label="",
                tracking_ids=v.stop.tracking_ids, eta=routing.clock(v.start_s), wait=wait_text(v))
        for n, v in enumerate(route.visits, start=1)
    )  # fmt: skip
    summary = RunRow("Dev", 1, 0, rows, route, False).summary
    assert f"waits {round(visit.wait_s / 60) // 60} h" in summary
    assert "ETA 14:00 · " + wait_text(visit) in stop_tooltip(rows[1], "Run 1 · Dev")
