"""The planner's vocabulary: what goes in (depot, stops, cars, locks) and what comes out.

Everything here is a frozen, validated dataclass so that a bad value fails where it is made,
with a message that names the field, instead of deep inside the solver. Times are whole
seconds since local midnight; distances are miles; a stop's demand is its number of parcels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

DAY_S = 24 * 3600
MAX_TIME_S = 2 * DAY_S  # a shift may run past midnight, but not into the day after tomorrow
#: In a plan's cost, an hour of a driver's time (driving, handing over or waiting at a door)
#: weighs as much as this many miles of driving. The planner minimises miles + hours × this,
#: so a plan that keeps a driver idle for an hour must save more than 20 miles to win; at
#: town speeds (25–30 mph) time and miles then count about equally in the drive itself.
HOUR_COST_MI = 20.0


def clock(seconds: float) -> str:
    """Format seconds since midnight as HH:MM, the way the shop writes times."""
    minutes = round(seconds / 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def service_seconds(n_parcels: int, base_s: int, per_extra_s: int) -> int:
    """Time spent at a stop: a fixed part (park, walk, ring) plus a little per extra parcel."""
    _require_int("n_parcels", n_parcels, minimum=1)
    _require_int("base_s", base_s, minimum=0)
    _require_int("per_extra_s", per_extra_s, minimum=0)
    return base_s + per_extra_s * (n_parcels - 1)


def _require_int(name: str, value: object, *, minimum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return value


def _require_number(name: str, value: object, *, minimum: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return value


def _require_coordinates(owner: str, lat: object, lon: object) -> None:
    if not -90 <= _require_number(f"{owner}.lat", lat) <= 90:
        raise ValueError(f"{owner}.lat must lie in -90..90, got {lat}")
    if not -180 <= _require_number(f"{owner}.lon", lon) <= 180:
        raise ValueError(f"{owner}.lon must lie in -180..180, got {lon}")


def _require_time(name: str, value: object) -> None:
    if _require_int(name, value, minimum=0) > MAX_TIME_S:
        raise ValueError(
            f"{name} must be seconds since midnight (at most {MAX_TIME_S}), got {value}"
        )


@dataclass(frozen=True, slots=True)
class Depot:
    """The shop: every run starts and ends here."""

    lat: float
    lon: float

    def __post_init__(self) -> None:
        _require_coordinates("Depot", self.lat, self.lon)


@dataclass(frozen=True, slots=True, kw_only=True)
class Stop:
    """One address to deliver to, carrying all of today's parcels for that address."""

    key: str
    lat: float
    lon: float
    tracking_ids: tuple[str, ...]
    service_s: int
    weight_lb: float = 0.0
    window: tuple[int, int] | None = None
    due: bool = True
    label: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.key, str) or not self.key:
            raise ValueError(f"Stop.key must be a non-empty string, got {self.key!r}")
        owner = f"Stop {self.key!r}"
        _require_coordinates(owner, self.lat, self.lon)
        if not isinstance(self.tracking_ids, tuple) or not self.tracking_ids:
            raise ValueError(f"{owner}.tracking_ids must be a non-empty tuple of strings")
        if not all(isinstance(t, str) and t for t in self.tracking_ids):
            raise ValueError(f"{owner}.tracking_ids must hold non-empty strings")
        _require_int(f"{owner}.service_s", self.service_s, minimum=0)
        _require_number(f"{owner}.weight_lb", self.weight_lb, minimum=0)
        if self.window is not None:
            if not (isinstance(self.window, tuple) and len(self.window) == 2):
                raise ValueError(f"{owner}.window must be (start_s, end_s) or None")
            _require_time(f"{owner}.window start", self.window[0])
            _require_time(f"{owner}.window end", self.window[1])
            if self.window[0] > self.window[1]:
                raise ValueError(
                    f"{owner}.window starts after it ends "
                    f"({clock(self.window[0])}–{clock(self.window[1])})"
                )
        if not isinstance(self.due, bool):
            raise ValueError(f"{owner}.due must be True or False, got {self.due!r}")

    @property
    def parcels(self) -> int:
        """Demand of the stop: how many parcels go there."""
        return len(self.tracking_ids)


@dataclass(frozen=True, slots=True, kw_only=True)
class Vehicle:
    """A driver's car for the day: what it holds and when the driver works."""

    name: str
    capacity_parcels: int
    shift_start_s: int
    shift_end_s: int
    capacity_weight_lb: float | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise ValueError(f"Vehicle.name must be a non-empty string, got {self.name!r}")
        owner = f"Vehicle {self.name!r}"
        _require_int(f"{owner}.capacity_parcels", self.capacity_parcels, minimum=1)
        if self.capacity_weight_lb is not None:
            _require_number(f"{owner}.capacity_weight_lb", self.capacity_weight_lb, minimum=0)
        _require_time(f"{owner}.shift_start_s", self.shift_start_s)
        _require_time(f"{owner}.shift_end_s", self.shift_end_s)
        if self.shift_start_s >= self.shift_end_s:
            raise ValueError(
                f"{owner}.shift_end_s must be after shift_start_s "
                f"({clock(self.shift_start_s)}–{clock(self.shift_end_s)})"
            )


@dataclass(frozen=True, slots=True)
class Lock:
    """Pin a stop to a car. Locked stops of one car keep the order in which they are listed."""

    stop_key: str
    vehicle: str


@dataclass(frozen=True, slots=True)
class LockedRoute:
    """Freeze a whole run: its car drives exactly these stops, in this order, and no others."""

    vehicle: str
    stop_keys: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Problem:
    """A day to plan: the shop, the stops, today's cars and the owner's locks."""

    depot: Depot
    stops: tuple[Stop, ...]
    vehicles: tuple[Vehicle, ...]
    radius_mi: float = 10.0
    locks: tuple[Lock | LockedRoute, ...] = ()
    hour_cost_mi: float = HOUR_COST_MI

    def __post_init__(self) -> None:
        if not isinstance(self.depot, Depot):
            raise ValueError("Problem.depot must be a Depot")
        _require_number("Problem.hour_cost_mi", self.hour_cost_mi, minimum=0)
        for name, items, kind in (
            ("stops", self.stops, Stop),
            ("vehicles", self.vehicles, Vehicle),
        ):
            if not isinstance(items, tuple) or not all(isinstance(i, kind) for i in items):
                raise ValueError(f"Problem.{name} must be a tuple of {kind.__name__}")
        _require_number("Problem.radius_mi", self.radius_mi, minimum=0)
        _require_unique("stop key", [s.key for s in self.stops])
        _require_unique("vehicle name", [v.name for v in self.vehicles])
        self._check_locks()

    def _check_locks(self) -> None:
        if not isinstance(self.locks, tuple):
            raise ValueError("Problem.locks must be a tuple of Lock or LockedRoute")
        stop_keys = {s.key for s in self.stops}
        names = {v.name for v in self.vehicles}
        locked: list[str] = []
        frozen_vehicles: list[str] = []
        for lock in self.locks:
            if isinstance(lock, Lock):
                keys: tuple[str, ...] = (lock.stop_key,)
            elif isinstance(lock, LockedRoute):
                keys = lock.stop_keys
                frozen_vehicles.append(lock.vehicle)
            else:
                raise ValueError(f"Problem.locks holds {lock!r}, not a Lock or LockedRoute")
            if lock.vehicle not in names:
                raise ValueError(f"Problem.locks names an unknown vehicle {lock.vehicle!r}")
            for key in keys:
                if key not in stop_keys:
                    raise ValueError(f"Problem.locks names an unknown stop {key!r}")
            locked.extend(keys)
        _require_unique("locked stop", locked)
        _require_unique("locked route vehicle", frozen_vehicles)
        for lock in self.locks:
            if isinstance(lock, Lock) and lock.vehicle in frozen_vehicles:
                raise ValueError(
                    f"Problem.locks pins stop {lock.stop_key!r} to {lock.vehicle!r}, "
                    "whose whole run is already locked"
                )

    def stop(self, key: str) -> Stop:
        """The stop with this key (KeyError if there is none)."""
        for s in self.stops:
            if s.key == key:
                return s
        raise KeyError(key)

    def vehicle(self, name: str) -> Vehicle:
        """The vehicle with this name (KeyError if there is none)."""
        for v in self.vehicles:
            if v.name == name:
                return v
        raise KeyError(name)


def _require_unique(what: str, values: list[str]) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"Problem has a duplicate {what} {value!r}")
        seen.add(value)


@dataclass(frozen=True, slots=True)
class Breach:
    """A rule a run breaks, shown to the owner in words (manual edits may cause them)."""

    kind: str  # "window", "capacity", "weight" or "shift"
    message: str
    stop_key: str | None = None  # None when the breach is the run's, not one stop's


@dataclass(frozen=True, slots=True)
class Visit:
    """One stop on a run: when the car arrives, starts handing over and leaves.

    ``start_s`` is the time at the door, the ETA every screen and paper shows: never before
    the stop's window opens. A car that arrives earlier waits (``wait_s``) and the wait is
    shown as such, never hidden in the ETA.
    """

    stop: Stop
    arrival_s: int
    start_s: int  # arrival, or the window's opening if the car is early and waits
    depart_s: int
    leg_mi: float  # from the previous stop (or the shop)

    @property
    def wait_s(self) -> int:
        """Seconds the driver waits at the door before the window opens (0 if none)."""
        return self.start_s - self.arrival_s


@dataclass(frozen=True, slots=True)
class Route:
    """One driver's run, from the shop back to the shop."""

    vehicle: Vehicle
    visits: tuple[Visit, ...]
    distance_mi: float  # including the drive back to the shop
    duration_s: int
    load_parcels: int
    load_weight_lb: float
    start_s: int
    end_s: int
    breaches: tuple[Breach, ...] = ()

    @property
    def stop_keys(self) -> tuple[str, ...]:
        """The stops' keys in driving order."""
        return tuple(v.stop.key for v in self.visits)

    @property
    def wait_s(self) -> int:
        """Seconds of the run spent waiting at doors for windows to open."""
        return sum(v.wait_s for v in self.visits)

    def cost_mi(self, hour_cost_mi: float = HOUR_COST_MI) -> float:
        """What the planner minimises for this run: miles + hours × ``hour_cost_mi``."""
        return self.distance_mi + hour_cost_mi * self.duration_s / 3600


@dataclass(frozen=True, slots=True)
class Unassigned:
    """A stop the plan leaves out today, and why, in the owner's words."""

    stop: Stop
    reason: str


@dataclass(frozen=True, slots=True)
class Plan:
    """The day's runs and what did not fit."""

    routes: tuple[Route, ...]
    unassigned: tuple[Unassigned, ...]
    elapsed_s: float = 0.0
    iterations: int = 0

    @property
    def distance_mi(self) -> float:
        """Total miles driven over all runs."""
        return sum(r.distance_mi for r in self.routes)

    @property
    def duration_s(self) -> int:
        """Total time of all runs, from leaving the shop to coming back, waits included."""
        return sum(r.duration_s for r in self.routes)

    def cost_mi(self, hour_cost_mi: float = HOUR_COST_MI) -> float:
        """What the planner minimises: miles + the drivers' hours × ``hour_cost_mi``."""
        return sum(r.cost_mi(hour_cost_mi) for r in self.routes)

    @property
    def breaches(self) -> tuple[Breach, ...]:
        """Every breach of every run (empty for a plan straight from the solver)."""
        return tuple(b for r in self.routes for b in r.breaches)

    def route_of(self, stop_key: str) -> Route | None:
        """The run that visits this stop, or None if the stop is unassigned."""
        for route in self.routes:
            if stop_key in route.stop_keys:
                return route
        return None


@dataclass(frozen=True, slots=True)
class Progress:
    """What the search has found so far, for a progress bar and a live figure."""

    elapsed_s: float
    budget_s: float
    iterations: int
    best_distance_mi: float | None  # None until a complete, feasible plan is found
    feasible: bool
