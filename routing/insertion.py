"""Put stops into runs where they keep every rule: the last repair of a plan whose search
was cut short, and the second start of a day whose first local search left due stops out.

Regret insertion (Potvin and Rousseau's parallel form): every stop not yet planned has a
cheapest place in each run where its window, the car's load and the shift still hold, and the
stop that would lose most by waiting for its second-best run goes in first; a stop that fits
in one run only goes before any that fits in two. It ends when no stop left has a place, so
a plan it repairs leaves a stop out only if no run of that plan can take it.

Why (``engine``): on a busy PC a plan of a few seconds may get no more than PyVRP's first
local search, and from the sweep start (which ignores windows) that search left 4 of 461 due
stops out of a 500-stop window day that fits, "needs more time" (bench/ROUTING.md). The
search's plan is therefore repaired before it is returned, and when the first local search
leaves due stops out, a start built here (which served all 461) is searched too. As the
first plan of every window day it lost at equal CPU on a held-out day (after the search its
plans were dearer than those from PyVRP's random start), so it is not that.

Times follow PyVRP's schedule: a car leaves at its shift start at the earliest, waits at a
door until the window opens, and must be back by the shift's end. A place is checked in
constant time from each run's earliest departures and latest starts (Savelsbergh's forward
and backward slack), for all stops and places of a run at once with NumPy. One car per
vehicle type, as the day planner builds them, or several (one empty run of a type stands
ready at a time, as long as the type has a car to spare). A place is used only if it costs less than
the stop's prize: a due stop's prize is worth any detour and wait (``day_data``), so this
only keeps out the places the day makes prohibitive (a stop locked to another car).
Deterministic: no random numbers.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

import numpy as np
from pyvrp import ProblemData, Route, Solution

NEVER = np.inf
BIG_TIME = 10**12  # stands in for "no window end" (PyVRP's maximum would overflow sums)


@dataclass
class _Run:
    """One car's run under construction: client indices in order, and its timing."""

    vehicle_type: int
    clients: list[int] = field(default_factory=list)
    load: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    #: For each place (gap) p = 0..len(clients): the earliest departure from the stop before
    #: it (p = 0: the shop at the shift start), and the latest start at the stop after it
    #: that keeps the rest of the run on time (p = len: the shift's end, at the shop).
    depart: np.ndarray = field(default_factory=lambda: np.zeros(1))
    latest_next: np.ndarray = field(default_factory=lambda: np.zeros(1))


class Inserter:
    """Regret insertion over ``data``, from the runs of ``start`` (or empty runs)."""

    def __init__(self, data: ProblemData, start: Solution | None = None):
        self._data = data
        self._depots = data.num_depots
        clients = data.clients()
        self._early = np.array([c.tw_early for c in clients], float)
        self._late = np.minimum(np.array([c.tw_late for c in clients], float), BIG_TIME)
        self._service = np.array([c.service_duration for c in clients], float)
        dims = data.num_load_dimensions
        self._demand = np.array(
            [list(c.delivery) or [0] * dims for c in clients], np.int64
        ).reshape(len(clients), dims)
        self._prize = np.array([c.prize for c in clients], float)
        types = data.vehicle_types()
        self._types = types
        self._cost: dict[tuple[int, int, int], np.ndarray] = {}
        self._time: dict[int, np.ndarray] = {}
        for t in types:
            if t.profile not in self._time:
                duration = np.asarray(data.duration_matrix(t.profile), float)
                self._time[t.profile] = duration
            key = (t.profile, t.unit_distance_cost, t.unit_duration_cost)
            if key not in self._cost:
                distance = np.asarray(data.distance_matrix(t.profile), float)
                self._cost[key] = (
                    t.unit_distance_cost * distance + t.unit_duration_cost * (self._time[t.profile])
                )
        self.runs: list[_Run] = []
        if start is not None:
            for route in start.routes():
                visits = [a.idx for a in route if a.is_client()]
                self.runs.append(self._retime(_Run(route.vehicle_type(), visits)))
        for k in range(len(types)):
            self._add_empty_run(k)

    def _add_empty_run(self, vehicle_type: int) -> _Run | None:
        """An empty run of ``vehicle_type`` if a car of that type is still free: one at a
        time (two empty runs of one type would tie, and hide every stop's regret)."""
        runs = [run for run in self.runs if run.vehicle_type == vehicle_type]
        if len(runs) >= self._types[vehicle_type].num_available:
            return None
        if any(not run.clients for run in runs):
            return None
        run = self._retime(_Run(vehicle_type))
        self.runs.append(run)
        return run

    def planned(self) -> set[int]:
        return {c for run in self.runs for c in run.clients}

    def solution(self) -> Solution:
        routes = [
            Route(self._data, run.clients, run.vehicle_type) for run in self.runs if run.clients
        ]
        return Solution(self._data, routes)

    def insert_all(self, clients: Sequence[int]) -> None:
        """Insert ``clients`` by regret, as long as any has a place (keeping every rule, for
        less than its prize)."""
        left = np.array(sorted(set(clients) - self.planned()), np.int64)
        if left.size == 0:
            return
        costs = np.full((len(self.runs), left.size), NEVER)
        places = np.zeros((len(self.runs), left.size), np.int64)
        for k, run in enumerate(self.runs):
            costs[k], places[k] = self._best_places(run, left)
        while left.size:
            best_run = costs.argmin(axis=0)
            best = costs[best_run, np.arange(left.size)]
            if not np.isfinite(best).any():
                return
            ordered = np.sort(costs, axis=0)
            second = ordered[1] if len(self.runs) > 1 else np.full(left.size, NEVER)
            regret = np.full(left.size, 1e18)  # fits in one run only: first
            two = np.isfinite(second)
            regret[two] = second[two] - best[two]
            regret[~np.isfinite(best)] = -NEVER
            # the largest regret first; among equals, the cheapest
            pick = int(np.lexsort((best, -regret))[0])
            client, k = int(left[pick]), int(best_run[pick])
            run = self.runs[k]
            run.clients.insert(int(places[k, pick]), client)
            self._retime(run)
            left = np.delete(left, pick)
            costs = np.delete(costs, pick, axis=1)
            places = np.delete(places, pick, axis=1)
            if not left.size:
                break
            costs[k], places[k] = self._best_places(run, left)
            fresh = self._add_empty_run(run.vehicle_type) if len(run.clients) == 1 else None
            if fresh is not None:  # the run was empty: the next car of its type stands ready
                cost, place = self._best_places(fresh, left)
                costs, places = np.vstack([costs, cost]), np.vstack([places, place])

    def _type_costs(self, run: _Run) -> tuple[np.ndarray, np.ndarray]:
        t = self._types[run.vehicle_type]
        key = (t.profile, t.unit_distance_cost, t.unit_duration_cost)
        return self._cost[key], self._time[t.profile]

    def _retime(self, run: _Run) -> _Run:
        """Earliest departures and latest starts of the run as it stands (``run``, updated)."""
        t = self._types[run.vehicle_type]
        _, time = self._type_costs(run)
        nodes = [t.start_depot, *(c + self._depots for c in run.clients), t.end_depot]
        depart = np.empty(len(nodes) - 1)
        clock = float(t.tw_early)
        depart[0] = clock
        for p, client in enumerate(run.clients, start=1):
            clock = max(self._early[client], clock + time[nodes[p - 1], nodes[p]])
            clock += self._service[client]
            depart[p] = clock
        latest = np.empty(len(nodes) - 1)  # latest start at nodes[p + 1]
        latest[-1] = min(float(t.tw_late), BIG_TIME)
        for p in range(len(run.clients) - 1, -1, -1):
            client = run.clients[p]
            after = latest[p + 1] - time[nodes[p + 1], nodes[p + 2]] - self._service[client]
            latest[p] = min(self._late[client], after)
        run.depart, run.latest_next = depart, latest
        dims = self._demand.shape[1]
        run.load = self._demand[run.clients].sum(axis=0) if run.clients else np.zeros(dims)
        return run

    def _best_places(self, run: _Run, clients: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each of ``clients``: the cheapest place in ``run`` keeping every rule (cost
        NEVER where there is none), and that place."""
        t = self._types[run.vehicle_type]
        cost, time = self._type_costs(run)
        nodes = np.array([t.start_depot, *(c + self._depots for c in run.clients), t.end_depot])
        before, after = nodes[:-1], nodes[1:]
        u = clients + self._depots
        arrive = run.depart[None, :] + time[np.ix_(before, u)].T
        begin = np.maximum(self._early[clients][:, None], arrive)
        next_arrive = begin + self._service[clients][:, None] + time[np.ix_(u, after)]
        fits = (arrive <= self._late[clients][:, None]) & (next_arrive <= run.latest_next[None, :])
        capacity = np.asarray(t.capacity, np.int64)
        if capacity.size:
            fits &= (run.load[None, :] + self._demand[clients] <= capacity[None, :]).all(axis=1)[
                :, None
            ]
        detour = cost[np.ix_(before, u)].T + cost[np.ix_(u, after)] - cost[before, after][None, :]
        wait = (begin - arrive) * t.unit_duration_cost
        total = detour + wait
        total = np.where(fits & (total < self._prize[clients][:, None]), total, NEVER)
        place = total.argmin(axis=1)
        return total[np.arange(len(clients)), place], place


def insertion_start(data: ProblemData, due: Collection[int]) -> Solution:
    """A first plan: the clients in ``due`` by regret, then the others. Those with no place
    worth their prize are left out."""
    inserter = Inserter(data)
    everyone = range(data.num_clients)
    inserter.insert_all([c for c in everyone if c in due])
    inserter.insert_all([c for c in everyone if c not in due])
    return inserter.solution()


def repair(data: ProblemData, solution: Solution, clients: Collection[int]) -> Solution:
    """``solution`` (of ``data``) with as many of ``clients`` (not in it) inserted as have a
    place that keeps every rule and costs less than their prize. The runs keep their order;
    a feasible solution stays feasible."""
    inserter = Inserter(data, solution)
    inserter.insert_all(list(clients))
    return inserter.solution()
