"""Second opinion for the shop days' best-known plans: PyVRP with data-scaled penalties.

    python bench/routing_reference.py --size 150 --seconds 20 --seeds 0 1 2 3

``plan_shop_days.py --refresh-best`` finds references with long runs of the planner itself.
This script searches the same days another way, so that a reference is not only what our
own configuration converges to: PyVRP's iterated local search from a random start, with
penalties started at the data's scale (a parcel over capacity costs an average leg, a second
late costs a second's drive) and updated every 100 solutions, instead of PyVRP 0.14's
50,000-per-unit midpoint. Each result is turned into the day's runs, re-timed run by run
with ``evaluate_route``, and kept in bench/routing_best_known.json only if it serves every
stop without a breach and beats the cached value.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np
import routing_path  # noqa: F401  (puts the repository on sys.path)
from plan_shop_days import BEST_FILE, DAY_SEED, day_name, load_best
from pyvrp import (
    IteratedLocalSearch,
    IteratedLocalSearchParams,
    PenaltyManager,
    PenaltyParams,
    RandomNumberGenerator,
    Solution,
)
from pyvrp.search import (
    OPERATORS,
    LocalSearch,
    NeighbourhoodParams,
    PerturbationManager,
    PerturbationParams,
    compute_neighbours,
)
from routing_days import DAY_SIZES, shop_day

from routing import evaluate_route
from routing.day_data import MILLI, build_day_data
from routing.engine import SearchConfig
from routing.schedule import DEFAULT_TRAVEL, whole_seconds


def data_scaled_search(data, seed: int, seconds: float) -> Solution:
    config = SearchConfig()
    rng = RandomNumberGenerator(seed=seed)
    neighbours = compute_neighbours(data, NeighbourhoodParams(num_neighbours=config.num_neighbours))
    perturb = PerturbationManager(PerturbationParams(1, config.max_perturbations))
    ls = LocalSearch(data, rng, neighbours, perturb)
    for op in OPERATORS:
        if op.supports(data):
            ls.add_operator(op(data))
    dist = np.asarray(data.distance_matrix(0), float)
    dur = np.asarray(data.duration_matrix(0), float)
    off_diagonal = ~np.eye(len(dist), dtype=bool)
    leg, drive = dist[off_diagonal].mean(), dur[off_diagonal].mean()
    parcels = np.mean([c.delivery[0] for c in data.clients()])
    params = PenaltyParams(solutions_between_updates=100)
    loads = [leg / max(parcels, 1.0)] * data.num_load_dimensions
    pm = PenaltyManager((loads, leg / max(drive, 1.0), 1.0), params)
    init = ls(Solution.make_random(data, rng), pm.max_cost_evaluator(), exhaustive=True)
    ils_params = IteratedLocalSearchParams(
        num_iters_no_improvement=config.num_iters_no_improvement,
        history_length=config.history_length,
    )
    deadline = time.monotonic() + seconds
    result = IteratedLocalSearch(data, pm, ls, init, ils_params).run(
        lambda _cost: time.monotonic() >= deadline, collect_stats=False
    )
    return result.best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, required=True, help="stops: 25, 60, 150, 300, 500")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3])
    args = parser.parse_args()
    n_drivers = dict(DAY_SIZES)[args.size]
    problem = shop_day(args.size, n_drivers, DAY_SEED)
    points = [(problem.depot.lat, problem.depot.lon), *((s.lat, s.lon) for s in problem.stops)]
    distance, duration = DEFAULT_TRAVEL.matrices(points)
    every = list(range(len(problem.stops)))
    vehicles = list(range(n_drivers))
    day_data = build_day_data(
        problem.stops, problem.vehicles, every, vehicles, {}, np.asarray(distance, float),
        whole_seconds(duration), required=set(every),
    )  # fmt: skip
    name = day_name(args.size, n_drivers)
    for seed in args.seeds:
        solution = data_scaled_search(day_data.data, seed, args.seconds)
        runs = {day_data.vehicle_of_type[r.vehicle_type()]: r for r in solution.routes()}
        routes = [
            evaluate_route(
                problem.depot, vehicle,
                [problem.stops[day_data.stop_of_client[a.idx]] for a in runs[k] if a.is_client()]
                if k in runs else [],
            )
            for k, vehicle in enumerate(problem.vehicles)
        ]  # fmt: skip
        served = sum(len(r.visits) for r in routes)
        miles = sum(r.distance_mi for r in routes)
        ok = served == len(problem.stops) and not any(r.breaches for r in routes)
        print(f"{name} seed {seed}: {miles:.3f} mi ({miles * MILLI:.0f}), complete={ok}")
        best = load_best()  # again: another run may have written it meanwhile
        entry = best.get(name)
        if ok and (entry is None or miles < entry["distance_mi"] - 1e-9):
            how = (
                f"bench/routing_reference.py, data-scaled penalties, seed {seed}, "
                f"{args.seconds:g} s, 1 worker; checked with evaluate_route"
            )
            best[name] = {"distance_mi": round(miles, 4), "served": served, "how": how}
            BEST_FILE.write_text(json.dumps(best, indent=2, sort_keys=True) + "\n")
            print("  new best known")


if __name__ == "__main__":
    main()
