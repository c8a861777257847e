"""What the Runs screen shows of a plan, as plain rows: one per run and one per stop.

No Qt here: the tree model, the map and the tooltips read these rows, so they agree. Each
broken rule is put on the stops it concerns (routing reports a late window on its stop, but
over capacity and past the shift for the whole run): over capacity marks the stops from the
one that no longer fits in the car; past the shift marks the stops that end after the shift,
or the last stop when only the drive back is late. The run's own line lists them too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import accumulate
from typing import TypedDict

import routing
from routing.roads import NO_ROAD, OsrmTravel, off_the_roads
from store.locate import APPROXIMATE
from store.planning import PlanningInput, hhmm_to_seconds
from store.runs import RunView


@dataclass(frozen=True)
class StopRow:
    key: str
    vehicle: str | None  # None: not on a run
    sequence: int  # 1-based on its run; 0 when not planned
    lat: float
    lon: float
    label: str  # "recipient, address"
    tracking_ids: tuple[str, ...]
    eta: str = ""  # the time at the door (never before the window opens)
    wait: str = ""  # "waits 25 min (arrives 13:35)" when the car is early for the window
    window: str = ""
    leg_mi: float | None = None
    locked: bool = False  # locked on its own
    run_locked: bool = False  # its whole run is locked
    breaches: tuple[str, ...] = ()
    reason: str = ""  # why it is not planned
    precision: str = "given"  # store.locate.PRECISIONS: anything past `address` is marked
    location_note: str = ""  # "approximate location: street only", disagreeing coordinates

    @property
    def approximate(self) -> bool:
        return self.precision in APPROXIMATE


@dataclass(frozen=True)
class RunRow:
    vehicle: str
    number: int | None  # the run's number in the shop file (None: not saved yet)
    colour: int  # index into the map's palette
    stops: tuple[StopRow, ...]
    route: routing.Route
    locked: bool
    #: "" for a run of the plan; for a run that left the shop, where it is ("out for
    #: delivery"): shown as it was sent, never edited here.
    left: str = ""
    #: The road the car drives, shop to shop, as (lat, lon) points (on a street map); empty:
    #: straight legs between the stops.
    line: tuple[tuple[float, float], ...] = ()

    @property
    def title(self) -> str:
        return f"Run {self.number} · {self.vehicle}" if self.number else self.vehicle

    @property
    def editable(self) -> bool:
        return not self.left

    @property
    def summary(self) -> str:
        r, car = self.route, self.route.vehicle
        if not self.stops:
            return f"no stops · shift {routing.clock(car.shift_start_s)}–" + routing.clock(
                car.shift_end_s
            )
        weight = f" of {car.capacity_weight_lb:.0f}" if car.capacity_weight_lb else ""
        load = (
            f"{len(self.stops)} stop{'s' * (len(self.stops) != 1)} · "
            f"{r.load_parcels} of {car.capacity_parcels} parcels · "
            f"{r.load_weight_lb:.0f}{weight} lb"
        )
        waits = f" · waits {hours(r.wait_s)} in all" if r.wait_s >= 60 else ""
        times = (
            f"{r.distance_mi:.1f} mi · {hours(r.duration_s)}{waits} · "
            f"{routing.clock(r.start_s)}–{routing.clock(r.end_s)} "
            f"(shift {routing.clock(car.shift_start_s)}–{routing.clock(car.shift_end_s)})"
        )
        return f"{load}\n{times}"

    @property
    def breaches(self) -> tuple[str, ...]:
        return tuple(b.message for b in self.route.breaches if b.stop_key is None)


@dataclass(frozen=True)
class DayRows:
    depot: tuple[float, float]
    radius_mi: float
    runs: tuple[RunRow, ...]
    unassigned: tuple[StopRow, ...]
    #: "distances estimated: …" when the figures are straight-line estimates, else "".
    note: str = ""

    @property
    def editable_runs(self) -> tuple[RunRow, ...]:
        """The runs of the plan (not those that left the shop)."""
        return tuple(run for run in self.runs if run.editable)

    def stop(self, key: str) -> StopRow | None:
        for row in self.all_stops():
            if row.key == key:
                return row
        return None

    def run(self, vehicle: str) -> RunRow | None:
        return next((run for run in self.runs if run.vehicle == vehicle), None)

    def all_stops(self) -> list[StopRow]:
        return [stop for run in self.runs for stop in run.stops] + list(self.unassigned)


EMPTY = DayRows((0.0, 0.0), 10.0, (), ())


def hours(seconds: int) -> str:
    minutes = round(seconds / 60)
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"


def window_text(window: tuple[int, int] | None) -> str:
    return "" if window is None else f"{routing.clock(window[0])}–{routing.clock(window[1])}"


def day_rows(planning: PlanningInput, plan: routing.Plan, numbers: Mapping[str, int]) -> DayRows:
    """The rows of a plan; `numbers` maps a driver to their saved run's number."""
    runs = tuple(
        _run_row(planning, route, numbers.get(route.vehicle.name), colour)
        for colour, route in enumerate(plan.routes)
    )
    unassigned = tuple(
        StopRow(
            key=item.stop.key,
            vehicle=None,
            sequence=0,
            lat=item.stop.lat,
            lon=item.stop.lon,
            label=item.stop.label,
            tracking_ids=item.stop.tracking_ids,
            window=window_text(item.stop.window),
            reason=item.reason,
            **_location(planning, item.stop.tracking_ids),
        )
        for item in plan.unassigned
    )
    depot = planning.problem.depot
    return DayRows(
        (depot.lat, depot.lon), planning.problem.radius_mi, runs, unassigned, planning.note
    )


def _run_row(
    planning: PlanningInput, route: routing.Route, number: int | None, colour: int
) -> RunRow:
    name = route.vehicle.name
    run_locked = name in planning.locked_vehicles
    breaches = stop_breaches(route)
    stops_on_run = [visit.stop for visit in route.visits]
    for key, why in off_the_roads(planning.travel, planning.problem.depot, stops_on_run).items():
        breaches.setdefault(key, []).append(road_words(why))
    stops = tuple(
        StopRow(
            key=visit.stop.key,
            vehicle=name,
            sequence=sequence,
            lat=visit.stop.lat,
            lon=visit.stop.lon,
            label=visit.stop.label,
            tracking_ids=visit.stop.tracking_ids,
            eta=routing.clock(visit.start_s),
            wait=wait_text(visit),
            window=window_text(visit.stop.window),
            leg_mi=visit.leg_mi,
            locked=visit.stop.key in planning.locked_stop_keys,
            run_locked=run_locked,
            breaches=tuple(breaches.get(visit.stop.key, ())),
            **_location(planning, visit.stop.tracking_ids),
        )
        for sequence, visit in enumerate(route.visits, start=1)
    )
    return RunRow(name, number, colour, stops, route, run_locked, line=_road_line(planning, route))


def road_words(why: str) -> str:
    """What a stop's row says when the street map cannot time it as the others."""
    if why == NO_ROAD:
        return f"{NO_ROAD}: its drives are straight-line estimates"
    return f"{why}: timed to that road, the rest on foot"


def _road_line(planning: PlanningInput, route: routing.Route) -> tuple[tuple[float, float], ...]:
    """The run's road (OSRM's route line) when the plan drives on a street map."""
    if not route.visits or not isinstance(planning.travel, OsrmTravel):
        return ()
    shop = planning.problem.depot
    points = [(shop.lat, shop.lon), *((v.stop.lat, v.stop.lon) for v in route.visits)]
    return tuple(planning.travel.route_line([*points, points[0]]))


def ask_road_lines(planning: PlanningInput, plan: routing.Plan) -> None:
    """Ask OSRM now for the road lines of `plan`'s runs (the planner's thread calls it), so
    that the screen, drawing the saved plan on the GUI thread, finds them already known."""
    for route in plan.routes:
        _road_line(planning, route)


#: A run that left the shop, in the words of the Runs screen.
LEFT_WORDS = {"loading": "being loaded", "out": "out for delivery", "back": "back",
              "closed": "closed"}  # fmt: skip


def with_runs_that_left(
    rows: DayRows, left: Sequence[RunView], travel: routing.TravelModel | None = None
) -> DayRows:
    """`rows` with the day's runs that left the shop after the plan's own, as they were sent
    (read-only): after a restart the screen still shows the whole day. With a street map's
    `travel`, their lines follow the roads too."""
    first = len(rows.runs)
    extra = tuple(
        _left_row(run, first + n, rows.depot, travel)
        for n, run in enumerate(left)
        if run.state in LEFT_WORDS
    )
    return replace(rows, runs=rows.runs + extra)


def _left_row(
    run: RunView, colour: int, shop: tuple[float, float], travel: routing.TravelModel | None
) -> RunRow:
    car = routing.Vehicle(
        name=run.driver,
        capacity_parcels=run.capacity_parcels,
        shift_start_s=hhmm_to_seconds(run.shift_start),
        shift_end_s=hhmm_to_seconds(run.shift_end),
        capacity_weight_lb=run.capacity_weight_lb,
    )
    stops, visits = [], []
    for stop in (s for s in run.stops if s.parcels):
        ids = tuple(p["tracking_id"] for p in stop.parcels)
        door = stop.door_s or 0
        visit = routing.Visit(
            routing.Stop(
                key=stop.stop_key,
                lat=stop.latitude,
                lon=stop.longitude,
                tracking_ids=ids,
                service_s=stop.service_s,
                label=stop.label,
                window=stop.window,
            ),
            stop.arrival_s or door,
            door,
            stop.depart_s or door,
            stop.leg_mi or 0.0,
        )
        visits.append(visit)
        stops.append(
            StopRow(
                key=stop.stop_key,
                vehicle=run.driver,
                sequence=stop.sequence,
                lat=stop.latitude,
                lon=stop.longitude,
                label=stop.label,
                tracking_ids=ids,
                eta=routing.clock(door) if stop.door_s is not None else "",
                window=window_text(stop.window),
                leg_mi=stop.leg_mi,
                precision=stop.precision,
                location_note=stop.location_note,
            )
        )
    weight = sum(p.get("weight_lb") or 0.0 for s in run.stops for p in s.parcels)
    route = routing.Route(car, tuple(visits), run.distance_mi, run.duration_s, run.parcel_count,
                          weight, run.start_s or 0, run.end_s or 0)  # fmt: skip
    line: tuple[tuple[float, float], ...] = ()
    if isinstance(travel, OsrmTravel) and stops:
        line = tuple(travel.route_line([shop, *((s.lat, s.lon) for s in stops), shop]))
    return RunRow(run.driver, run.number, colour, tuple(stops), route, run.locked,
                  LEFT_WORDS[run.state], line)  # fmt: skip


class _Location(TypedDict):
    precision: str
    location_note: str


def _location(planning: PlanningInput, tracking_ids: tuple[str, ...]) -> _Location:
    precision, note = planning.location_of(tracking_ids)
    return {"precision": precision, "location_note": note}


def wait_text(visit: routing.Visit) -> str:
    """How long the driver waits at this door for its window, and when the car gets there
    ("" below a minute): the ETA is the time at the door, the wait is shown beside it."""
    if visit.wait_s < 60:
        return ""
    return f"waits {round(visit.wait_s / 60)} min (arrives {routing.clock(visit.arrival_s)})"


def stop_breaches(route: routing.Route) -> dict[str, list[str]]:
    """Every breach of a run, on the stops it concerns (see the module's docstring)."""
    found: dict[str, list[str]] = {}
    keys = route.stop_keys
    car = route.vehicle
    for breach in route.breaches:
        if breach.stop_key is not None:
            concerned: list[str] = [breach.stop_key]
        elif breach.kind == "capacity":
            loads = accumulate(v.stop.parcels for v in route.visits)
            concerned = [
                k for k, load in zip(keys, loads, strict=True) if load > car.capacity_parcels
            ]
        elif breach.kind == "weight" and car.capacity_weight_lb is not None:
            weights = accumulate(v.stop.weight_lb for v in route.visits)
            limit = car.capacity_weight_lb + 1e-9
            concerned = [k for k, weight in zip(keys, weights, strict=True) if weight > limit]
        else:  # shift, or a kind this screen does not know yet: the stops past the shift
            concerned = [v.stop.key for v in route.visits if v.depart_s > car.shift_end_s]
            concerned = concerned or list(keys[-1:])
        for key in concerned:
            found.setdefault(key, []).append(breach.message)
    return found


def short_breach(text: str) -> str:
    """A breach as the stop list shows it, beside the Window column: "late for window by 12
    min" (the tooltip and the message line keep the window's times)."""
    return re.sub(r"^late for window \S+ by ", "late for window by ", text)


def stop_tooltip(stop: StopRow, run_title: str = "") -> str:
    """The few lines a pointer over a stop shows: who, where, what, when, what is wrong."""
    lines = [
        f"Stop {stop.sequence} · {run_title}" if stop.vehicle else "Not planned",
        stop.label,
        f"{len(stop.tracking_ids)} parcel{'s' * (len(stop.tracking_ids) != 1)}: "
        + ", ".join(stop.tracking_ids),
    ]
    when = [f"ETA {stop.eta}"] if stop.eta else []
    if stop.wait:
        when.append(stop.wait)
    if stop.window:
        when.append(f"window {stop.window}")
    if when:
        lines.append(" · ".join(when))
    if stop.locked or stop.run_locked:
        lines.append("locked" + (" with its run" if stop.run_locked else ""))
    lines += [f"⚠ {text}" for text in stop.breaches]
    if stop.location_note:
        lines.append(f"≈ {stop.location_note}: fix it on the map (right-click)")
    if stop.reason:
        lines.append(f"Why not planned: {stop.reason}")
    return "\n".join(lines)
