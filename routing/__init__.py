"""Route planning for the shop's drivers: plain Python, no Qt, no database.

Modules, each for one reason:

- ``model``: the vocabulary (Stop, Vehicle, Problem, Plan, ...), validated where it is made.
- ``travel``: distances and times between points, swappable (great-circle × circuity today).
- ``schedule``: times one run in a given order (ETAs, miles, load, breaches); used by the
  solver and by manual edits alike, so both show the same figures.
- ``screening``: sets aside stops no car could serve, with a reason in words.
- ``solve``: ``plan()``, the day planner (budget, seed, progress, cancel, locks).
- ``edits``: the owner's moves, reorders and locks on a plan.
- ``resequence``: a better order for one run whose stops are settled (a loaded car).
- ``grouping``: merges parcels for one address into one stop.
- ``cvrp``: a plain CVRP entry point on the same engine, for benchmark instances.
- ``day_data``, ``engine``, ``parallel``, ``construction``: the PyVRP translation, the search
  loop with our stopping rules, the second search on the other core, and the sweep start of
  large days (internal).
"""

from routing.cvrp import CvrpResult, solve_cvrp
from routing.edits import lock_route, lock_stops, move_stop, reorder
from routing.grouping import ParcelDrop, group_stops
from routing.model import (
    Breach,
    Depot,
    Lock,
    LockedRoute,
    Plan,
    Problem,
    Progress,
    Route,
    Stop,
    Unassigned,
    Vehicle,
    Visit,
    clock,
    service_seconds,
)
from routing.resequence import resequence
from routing.schedule import evaluate_route
from routing.solve import CancelSignal, plan
from routing.travel import GreatCircleTravel, TravelModel, haversine_miles

__all__ = [
    "Breach",
    "CancelSignal",
    "CvrpResult",
    "Depot",
    "GreatCircleTravel",
    "Lock",
    "LockedRoute",
    "ParcelDrop",
    "Plan",
    "Problem",
    "Progress",
    "Route",
    "Stop",
    "TravelModel",
    "Unassigned",
    "Vehicle",
    "Visit",
    "clock",
    "evaluate_route",
    "group_stops",
    "haversine_miles",
    "lock_route",
    "lock_stops",
    "move_stop",
    "plan",
    "reorder",
    "resequence",
    "service_seconds",
    "solve_cvrp",
]
