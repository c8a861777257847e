"""Set aside, before any search, the stops no plan could serve, each with a reason in words.

A stop outside the radius, heavier or bigger than every car, or whose window no driver can
reach within a shift would only confuse the search (and the owner, if it silently vanished).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from routing.model import Depot, Stop, Unassigned, Vehicle, clock
from routing.travel import haversine_miles


@dataclass(frozen=True, slots=True)
class Screened:
    """Stops worth searching over (as indices into the problem's stops) and those left out."""

    candidates: tuple[int, ...]
    rejected: tuple[Unassigned, ...]


def outside_radius(depot: Depot, stop: Stop, radius_mi: float) -> str | None:
    """The reason a stop is out of the shop's area, or None if it is inside."""
    crow_mi = haversine_miles(depot.lat, depot.lon, stop.lat, stop.lon)
    if crow_mi > radius_mi:
        return f"outside the {radius_mi:g}-mile radius ({crow_mi:.1f} mi from the shop)"
    return None


def unreachable(
    stop: Stop, index: int, vehicles: Sequence[Vehicle], duration_s: np.ndarray
) -> str | None:
    """Why no car can serve this stop on its own, or None if at least one can.

    ``index`` is the stop's row in ``duration_s``, whose row and column 0 are the shop.
    """
    if not vehicles:
        return "no car is available for it today"
    biggest = max(v.capacity_parcels for v in vehicles)
    if stop.parcels > biggest:
        return f"more parcels ({stop.parcels}) than any car holds ({biggest})"
    limits = [v.capacity_weight_lb for v in vehicles if v.capacity_weight_lb is not None]
    if len(limits) == len(vehicles) and stop.weight_lb > max(limits):  # every car has a limit
        return f"heavier ({stop.weight_lb:g} lb) than any car carries ({max(limits):g} lb)"
    fitting = [v for v in vehicles if _holds(v, stop)]
    if not fitting:
        return "no single car holds both its parcels and their weight"
    if any(_in_time(v, stop, index, duration_s) for v in fitting):
        return None
    if stop.window is not None:
        window = f"{clock(stop.window[0])}–{clock(stop.window[1])}"
        return f"time window {window} cannot be reached within any shift"
    return "cannot be reached and driven back from within any shift"


def _holds(vehicle: Vehicle, stop: Stop) -> bool:
    limit = vehicle.capacity_weight_lb
    return stop.parcels <= vehicle.capacity_parcels and (limit is None or stop.weight_lb <= limit)


def _in_time(vehicle: Vehicle, stop: Stop, index: int, duration_s: np.ndarray) -> bool:
    """True if the car can leave at shift start, serve only this stop and be back in time."""
    arrival = vehicle.shift_start_s + int(duration_s[0, index])
    begin = arrival
    if stop.window is not None:
        if arrival > stop.window[1]:
            return False
        begin = max(arrival, stop.window[0])
    return begin + stop.service_s + int(duration_s[index, 0]) <= vehicle.shift_end_s


def screen(
    depot: Depot,
    stops: Sequence[Stop],
    radius_mi: float,
    allowed: Sequence[Sequence[Vehicle]],
    duration_s: np.ndarray,
) -> Screened:
    """Split stops into candidates and rejects; stop i may use the cars in ``allowed[i]``.

    ``duration_s`` is over [shop, *stops], so stop i is row i + 1.
    """
    candidates: list[int] = []
    rejected: list[Unassigned] = []
    for i, stop in enumerate(stops):
        reason = outside_radius(depot, stop, radius_mi) or unreachable(
            stop, i + 1, allowed[i], duration_s
        )
        if reason is None:
            candidates.append(i)
        else:
            rejected.append(Unassigned(stop, reason))
    return Screened(tuple(candidates), tuple(rejected))
