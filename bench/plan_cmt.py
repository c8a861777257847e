"""Benchmark: our planner's engine vs OR-Tools on the CMT instances, side by side.

    python bench/plan_cmt.py /work/shared/data/cmt --seconds 10 [--repeats 3]

For every VRPLIB file in the folder: the gap to the best-known value (bks.csv in the folder,
else the file's COMMENT line) and the wall time, for ``routing.solve_cvrp`` (PyVRP, two
searches on two cores) and for OR-Tools' routing library (guided local search, one core,
same time limit). Distances are real-valued Euclidean; the vehicle count is free. With
``--repeats`` > 1 the figures are medians over runs with seeds 0, 1, ...
"""

from __future__ import annotations

import argparse
import csv
import statistics
import time
from pathlib import Path

import numpy as np
import routing_path  # noqa: F401  (puts the repository on sys.path)
import vrplib

from routing import solve_cvrp
from routing.cvrp import euclidean_matrix

SCALE = 1000  # OR-Tools wants integer arcs too: the same 1/1000 rounding as our engine


def best_known(folder: Path, name: str, instance: dict) -> float:
    """Best-known value from bks.csv beside the instances, else from the COMMENT line."""
    table = folder / "bks.csv"
    if table.exists():
        with table.open(newline="") as fh:
            for row in csv.DictReader(fh):
                if row["instance"] == name:
                    return float(row["best_known"])
    return float(str(instance["comment"]).split()[-1].strip("()"))


def route_cost(matrix: np.ndarray, routes: list[list[int]]) -> float:
    return float(sum(matrix[a, b] for r in routes for a, b in zip([0, *r], [*r, 0], strict=True)))


def solve_ortools(coords: np.ndarray, demands: list[int], capacity: int, seconds: float):
    """OR-Tools routing with guided local search: routes and real-valued cost."""
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    matrix = euclidean_matrix(coords)
    scaled = np.rint(matrix * SCALE).astype(np.int64).tolist()
    n = len(coords)
    vehicles = int(np.ceil(sum(demands) / capacity)) + 3
    manager = pywrapcp.RoutingIndexManager(n, vehicles, 0)
    model = pywrapcp.RoutingModel(manager)

    # Matrix and vector transits are evaluated in C++, with no Python callback per arc.
    model.SetArcCostEvaluatorOfAllVehicles(model.RegisterTransitMatrix(scaled))
    model.AddDimensionWithVehicleCapacity(
        model.RegisterUnaryTransitVector(demands), 0, [capacity] * vehicles, True, "load"
    )
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
    params.local_search_metaheuristic = (
        routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    )
    params.time_limit.FromMilliseconds(int(seconds * 1000))
    solution = model.SolveWithParameters(params)
    routes = []
    for v in range(vehicles):
        index, route = model.Start(v), []
        while not model.IsEnd(index):
            node = manager.IndexToNode(index)
            if node:
                route.append(node)
            index = solution.Value(model.NextVar(index))
        if route:
            routes.append(route)
    return routes, route_cost(matrix, routes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    files = sorted(args.folder.glob("*.vrp"), key=lambda p: (len(p.stem), p.stem))
    print(f"{args.seconds:g} s per run, {args.repeats} run(s) each, medians shown")
    print(f"{'instance':<8} {'n':>4} {'BKS':>9} | {'ours':>9} {'gap':>7} {'time':>6}"
          f" | {'OR-Tools':>9} {'gap':>7} {'time':>6}")  # fmt: skip
    ours_gaps, ort_gaps = [], []
    for path in files:
        instance = vrplib.read_instance(str(path))
        coords = np.asarray(instance["node_coord"], float)
        demands = [int(d) for d in instance["demand"]]
        capacity = int(instance["capacity"])
        bks = best_known(args.folder, path.stem, instance)
        ours, ours_t, ort, ort_t = [], [], [], []
        for seed in range(args.repeats):
            result = solve_cvrp(coords, demands, capacity, seconds=args.seconds, seed=seed,
                                workers=args.workers)  # fmt: skip
            ours.append(result.cost)
            ours_t.append(result.elapsed_s)
            started = time.monotonic()
            _, cost = solve_ortools(coords, demands, capacity, args.seconds)
            ort_t.append(time.monotonic() - started)
            ort.append(cost)
        ours_gap = 100 * (statistics.median(ours) - bks) / bks
        ort_gap = 100 * (statistics.median(ort) - bks) / bks
        ours_gaps.append(ours_gap)
        ort_gaps.append(ort_gap)
        print(
            f"{path.stem:<8} {len(coords) - 1:>4} {bks:>9.2f} | {statistics.median(ours):>9.2f} "
            f"{ours_gap:>6.2f}% {statistics.median(ours_t):>5.1f}s | "
            f"{statistics.median(ort):>9.2f} {ort_gap:>6.2f}% {statistics.median(ort_t):>5.1f}s",
            flush=True,
        )
    print(f"{'mean gap':<24} | {statistics.mean(ours_gaps):>16.2f}% {'':>6} | "
          f"{statistics.mean(ort_gaps):>16.2f}%")  # fmt: skip
    print(f"within 1 %: ours {sum(g <= 1 for g in ours_gaps)}/{len(files)}, "
          f"OR-Tools {sum(g <= 1 for g in ort_gaps)}/{len(files)}")  # fmt: skip


if __name__ == "__main__":
    main()
