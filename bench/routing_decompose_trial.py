"""Trial (third round): route-group re-optimisation after the main search, and its control.

    python bench/routing_decompose_trial.py --size 500 --mode pairs --main-iters 9000 \
        --tail-iters 3200 --sub-iters 200 --seeds 0 1 2 3

One search on one core, counted in iterations (not seconds), so every figure repeats exactly
whatever the machine's load; CPU seconds are printed to check that variants cost the same.
Prints one JSON line per seed. Modes:

- ``main``: PyVRP's search as the planner runs it (sweep start from 200 stops), for
  ``--main-iters`` iterations. The baseline.
- ``pairs``: ``--main-iters`` of the main search, then POPMUSIC-style re-optimisation: pick
  the ``--group`` runs that border each other most (how many stops have one of their 10
  nearest stops on the other run), cut out the sub-problem of just their stops and cars
  (same windows, service, capacities, shifts; matrices sliced from the day's), search it
  for ``--sub-iters`` iterations from the runs as they are, and put the result back if it
  is shorter (it is checked feasible). A group that did not improve is not tried again
  until one of its runs changes. Until ``--tail-iters`` sub-search iterations are spent.
- ``coop``: both cores cooperating: the planner's two searches (worker 0 and 1) for
  ``--main-iters`` each, then ``pairs`` from the better of the two (the tail on one core
  stands for two disjoint groups at a time on two cores).
- ``restart``: the control: ``--main-iters`` of the main search, then a fresh search of the
  whole day (new acceptance history, penalties reset) from its best plan for
  ``--tail-iters`` iterations.

``--worker 1`` searches as the planner's helper does (seed + 7919, sweep turned by half a
wedge), for comparing ``coop`` with the planner's better-of-two. Results are in
bench/ROUTING.md (third round). The planner does not use any of this.
"""

from __future__ import annotations

import argparse
import itertools
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import routing_path  # noqa: F401  (puts the repository on sys.path)
from pyvrp import Client, Depot, ProblemData, Route, Solution
from routing_days import DAY_SIZES, shop_day

from routing.day_data import MILLI, build_day_data
from routing.engine import Budget, SearchConfig, objective, search
from routing.parallel import SEED_STRIDE
from routing.schedule import DEFAULT_TRAVEL
from routing.solve import _prepare, _starts


@dataclass(frozen=True, slots=True)
class SubProblem:
    data: ProblemData
    clients: tuple[int, ...]  # sub client i is client clients[i] of the day
    types: tuple[int, ...]  # sub vehicle type k is vehicle type types[k] of the day
    initial: Solution  # the chosen runs as they are


def extract(data: ProblemData, solution: Solution, chosen: Sequence[int]) -> SubProblem:
    """The sub-problem of the routes at positions ``chosen`` (one depot, no groups)."""
    routes = [solution.routes()[r] for r in chosen]
    clients = [a.idx for route in routes for a in route if a.is_client()]
    types = sorted({route.vehicle_type() for route in routes})
    count = {t: sum(route.vehicle_type() == t for route in routes) for t in types}
    depot = data.depot(0)
    index = np.asarray([depot.location] + [data.client(c).location for c in clients])
    locations = data.locations()

    def relocated(client: Client, location: int) -> Client:
        return Client(
            location=location, delivery=list(client.delivery), pickup=list(client.pickup),
            service_duration=client.service_duration, tw_early=client.tw_early,
            tw_late=client.tw_late, release_time=client.release_time, prize=client.prize,
            required=client.required, name=client.name,
        )  # fmt: skip

    sub = ProblemData(
        [locations[i] for i in index],
        [relocated(data.client(c), n + 1) for n, c in enumerate(clients)],
        [Depot(0, depot.tw_early, depot.tw_late, depot.service_duration, name=depot.name)],
        [data.vehicle_type(t).replace(num_available=count[t]) for t in types],
        [np.asarray(m)[np.ix_(index, index)] for m in data.distance_matrices()],
        [np.asarray(m)[np.ix_(index, index)] for m in data.duration_matrices()],
    )
    position = {c: n for n, c in enumerate(clients)}
    sub_type = {t: k for k, t in enumerate(types)}
    initial = Solution(
        sub,
        [
            Route(sub, [position[a.idx] for a in route if a.is_client()],
                  sub_type[route.vehicle_type()])
            for route in routes
        ],
    )  # fmt: skip
    return SubProblem(sub, tuple(clients), tuple(types), initial)


def merge(
    data: ProblemData, solution: Solution, chosen: Sequence[int], sub: SubProblem, better: Solution
) -> Solution:
    """``solution`` with the routes at ``chosen`` replaced by the sub-problem's ``better``."""
    kept = [route for r, route in enumerate(solution.routes()) if r not in set(chosen)]
    new = [
        Route(data, [sub.clients[a.idx] for a in route if a.is_client()],
              sub.types[route.vehicle_type()])
        for route in better.routes()
    ]  # fmt: skip
    return Solution(data, kept + new)


def borders(data: ProblemData, solution: Solution, k: int = 10) -> np.ndarray:
    """(r, s): stops of run r with one of their k nearest stops on run s, and vice versa."""
    routes = [[a.idx for a in route if a.is_client()] for route in solution.routes()]
    owner = np.full(data.num_clients, -1)
    for r, route in enumerate(routes):
        owner[route] = r
    locs = np.asarray([data.client(c).location for c in range(data.num_clients)])
    matrix = np.asarray(data.distance_matrix(0))[np.ix_(locs, locs)].astype(float)
    np.fill_diagonal(matrix, np.inf)
    nearest = np.argpartition(matrix, k - 1, axis=1)[:, :k]
    score = np.zeros((len(routes), len(routes)))
    for c in range(data.num_clients):
        for r in set(owner[nearest[c]].tolist()) - {-1, int(owner[c])}:
            if owner[c] >= 0:
                score[owner[c], r] += 1
    return score + score.T


def pairs_tail(data, best, seed, group, sub_iters, tail_iters, config) -> tuple[Solution, list]:
    used, rounds, log, settled = 0, 0, [], set()
    while used < tail_iters:
        score = borders(data, best)
        runs = [tuple(a.idx for a in r if a.is_client()) for r in best.routes()]
        groups = sorted(
            itertools.combinations(range(len(runs)), group),
            key=lambda g: -sum(score[a, b] for a in g for b in g),
        )
        todo = [g for g in groups if frozenset(runs[r] for r in g) not in settled]
        if not todo:
            break
        chosen = todo[0]
        sub = extract(data, best, chosen)
        assert merge(data, best, chosen, sub, sub.initial).distance() == best.distance()
        budget = Budget(None, min(sub_iters, tail_iters - used))
        found = search(sub.data, budget=budget, seed=seed * 1000 + rounds, config=config,
                       initial=sub.initial).best  # fmt: skip
        rounds += 1
        used += budget.iterations
        if objective(found) < objective(sub.initial):
            best = merge(data, best, chosen, sub, found)
            assert best.is_feasible()
            log.append((chosen, (sub.initial.distance() - found.distance()) / MILLI))
        else:
            settled.add(frozenset(runs[r] for r in chosen))
            log.append((chosen, 0.0))
    return best, log


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=500, choices=[n for n, _ in DAY_SIZES])
    parser.add_argument("--mode", choices=["main", "pairs", "coop", "restart"], default="main")
    parser.add_argument("--main-iters", type=int, default=11000)
    parser.add_argument("--tail-iters", type=int, default=0)
    parser.add_argument("--sub-iters", type=int, default=400)
    parser.add_argument("--group", type=int, default=2)
    parser.add_argument("--sub-history", type=int, default=SearchConfig().history_length)
    parser.add_argument("--worker", type=int, choices=[0, 1], default=0)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0])
    args = parser.parse_args()
    drivers = dict(DAY_SIZES)[args.size]
    problem = shop_day(args.size, drivers, 1)
    day = _prepare(problem, DEFAULT_TRAVEL)
    stops = list(range(args.size))
    day_data = build_day_data(
        problem.stops, problem.vehicles, stops, list(range(drivers)), {}, day.distance_mi,
        day.duration_s, required=set(stops),
    )  # fmt: skip
    data, config = day_data.data, SearchConfig()
    sub_config = SearchConfig(history_length=args.sub_history)
    starts = _starts(day, day_data, stops, 2) or [None, None]
    workers = [0, 1] if args.mode == "coop" else [args.worker]
    for seed in args.seeds:
        cpu = time.process_time()
        found = [
            search(data, budget=Budget(None, args.main_iters), seed=seed + k * SEED_STRIDE,
                   config=config, initial=starts[k]).best
            for k in workers
        ]  # fmt: skip
        best = min(found, key=objective)  # the first on a tie, as the planner keeps its own
        after_main, main_cpu, log = best.distance() / MILLI, time.process_time() - cpu, []
        if args.mode in ("pairs", "coop"):
            best, log = pairs_tail(data, best, seed, args.group, args.sub_iters,
                                   args.tail_iters, sub_config)  # fmt: skip
        elif args.mode == "restart" and args.tail_iters:
            again = search(data, budget=Budget(None, args.tail_iters), seed=seed * 1000 + 1,
                           config=config, initial=best).best  # fmt: skip
            best = min(best, again, key=objective)
        row = {
            "size": args.size, "mode": args.mode, "seed": seed, "main_iters": args.main_iters,
            "tail_iters": args.tail_iters, "sub_iters": args.sub_iters, "group": args.group,
            "sub_history": args.sub_history, "worker": args.worker,
            "after_main": after_main, "final": best.distance() / MILLI,
            "feasible": best.is_feasible(), "main_cpu_s": round(main_cpu, 2),
            "cpu_s": round(time.process_time() - cpu, 2), "tail": log,
        }  # fmt: skip
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
