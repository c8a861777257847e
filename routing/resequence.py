"""A better order for one run whose stops are settled: the car is being loaded, so no stop
may leave it and none may join, but the owner asks for the order to be looked at again
(a stop added by hand at the end, a window that changed).

The same planner searches with this one car and every stop due. The answer is never worse
than the order the run has: fewer broken constraints first, then a lower cost in miles and
the driver's hours (the planner's objective); when the search finds nothing better (or
cannot keep every stop), the run keeps its order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from routing.model import Depot, Problem, Route, Stop, Vehicle
from routing.schedule import DEFAULT_TRAVEL, evaluate_route
from routing.solve import CancelSignal, plan
from routing.travel import TravelModel, haversine_miles


def resequence(
    depot: Depot,
    vehicle: Vehicle,
    stops: Sequence[Stop],
    *,
    seconds: float,
    seed: int = 0,
    radius_mi: float = 10.0,
    cancel: CancelSignal | None = None,
    travel: TravelModel = DEFAULT_TRAVEL,
) -> Route:
    """The best order found within ``seconds`` for exactly these stops on ``vehicle``.

    One search (a single run is small; the second core stays free for the window). The
    result is timed by ``evaluate_route`` like any hand edit, so its figures match what
    the Runs screen and the manifest show for the same order.
    """
    saved = evaluate_route(depot, vehicle, stops, travel=travel)
    if len(stops) < 2:
        return saved
    problem = Problem(
        depot=depot,
        stops=tuple(replace(stop, due=True) for stop in stops),
        vehicles=(vehicle,),
        radius_mi=max(radius_mi, _farthest_mi(depot, stops)),
    )
    found = plan(problem, seconds=seconds, seed=seed, workers=1, cancel=cancel, travel=travel)
    routes = [route for route in found.routes if route.visits]
    if found.unassigned or len(routes) != 1:
        return saved
    by_key = {stop.key: stop for stop in stops}
    order = [by_key[visit.stop.key] for visit in routes[0].visits]
    candidate = evaluate_route(depot, vehicle, order, travel=travel)
    return candidate if _better(candidate, saved, problem.hour_cost_mi) else saved


def _better(candidate: Route, saved: Route, hour_cost_mi: float) -> bool:
    """Fewer breaches wins; at equal breaches, the lower cost in miles and the driver's hours
    (the planner's objective), by more than rounding."""
    if len(candidate.breaches) != len(saved.breaches):
        return len(candidate.breaches) < len(saved.breaches)
    return candidate.cost_mi(hour_cost_mi) < saved.cost_mi(hour_cost_mi) - 1e-6


def _farthest_mi(depot: Depot, stops: Sequence[Stop]) -> float:
    """A loaded stop is on the car whatever the radius setting says now: the search must not
    set it aside because the shop's radius was made smaller since it was planned."""
    return max(haversine_miles(depot.lat, depot.lon, stop.lat, stop.lon) for stop in stops) + 0.1
