"""A plain capacitated VRP entry point on coordinates or a matrix, for benchmark instances.

The classic CMT instances are not shop days (no shifts, windows, miles), but measuring the
engine on them with the literature's best-known values is the honest yardstick. This adapter
feeds them to the very same engine set-up as the day planner.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from pyvrp import Client, Depot, Location, ProblemData, VehicleType

from routing.engine import Budget, SearchConfig
from routing.parallel import search_in_parallel

DEFAULT_SCALE = 1000  # real-valued distances are rounded to 1/1000 for the integer engine


@dataclass(frozen=True, slots=True)
class CvrpResult:
    """Routes as lists of node indices (depot 0 excluded), their real-valued cost, and effort."""

    routes: tuple[tuple[int, ...], ...]
    cost: float
    elapsed_s: float
    iterations: int
    feasible: bool


def euclidean_matrix(coords: np.ndarray) -> np.ndarray:
    """Real-valued Euclidean distances between every pair of points."""
    xy = np.asarray(coords, dtype=float)
    return np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(axis=-1))


#: Every client is required here (no prizes), so PyVRP's own penalty settings serve; the
#: search parameters are those tuned on CMT (bench/ROUTING.md: CMT5 1.29 % → 0.6–1.05 %).
CVRP_CONFIG = SearchConfig(
    num_neighbours=30, max_perturbations=15, history_length=500,
    num_iters_no_improvement=50_000, penalty_updates_every=500, max_penalty=100_000.0,
)  # fmt: skip


def solve_cvrp(
    coords: np.ndarray,
    demands: Sequence[int],
    capacity: int,
    *,
    seconds: float | None = None,
    iterations: int | None = None,
    seed: int = 0,
    workers: int = 2,
    distance: np.ndarray | None = None,
    scale: int = DEFAULT_SCALE,
    config: SearchConfig | None = None,
) -> CvrpResult:
    """Solve a CVRP with node 0 as the depot and a free number of vehicles.

    ``distance`` defaults to the Euclidean matrix of ``coords``; the returned cost is summed
    on that real-valued matrix, not on the engine's rounded one.
    """
    started = time.monotonic()
    matrix = euclidean_matrix(coords) if distance is None else np.asarray(distance, float)
    data = _problem_data(np.asarray(coords, float), demands, capacity, matrix, scale)
    deadline = None if seconds is None else started + seconds
    outcome = search_in_parallel(
        data, budget=Budget(deadline, iterations), seed=seed, workers=workers,
        config=config or CVRP_CONFIG,
    )  # fmt: skip
    routes = tuple(
        tuple(activity.idx + 1 for activity in route if activity.is_client())
        for route in outcome.best.routes()
    )
    cost = sum(
        float(sum(matrix[a, b] for a, b in zip((0, *r), (*r, 0), strict=True))) for r in routes
    )
    return CvrpResult(
        routes=routes,
        cost=cost,
        elapsed_s=time.monotonic() - started,
        iterations=outcome.iterations,
        feasible=outcome.best.is_feasible(),
    )


def _problem_data(
    coords: np.ndarray, demands: Sequence[int], capacity: int, matrix: np.ndarray, scale: int
) -> ProblemData:
    n = len(coords)
    if len(demands) != n:
        raise ValueError(f"demands has {len(demands)} entries for {n} nodes")
    if capacity < max(int(d) for d in demands):
        raise ValueError("capacity is smaller than the largest demand")
    locations = [Location(x=float(x), y=float(y)) for x, y in coords]
    clients = [Client(location=i, delivery=[int(demands[i])]) for i in range(1, n)]
    vehicles = [VehicleType(num_available=n - 1, capacity=[int(capacity)])]
    scaled = np.rint(matrix * scale).astype(np.int64)
    distances, durations = [scaled], [np.zeros_like(scaled)]
    return ProblemData(locations, clients, [Depot(location=0)], vehicles, distances, durations)  # type: ignore[arg-type]  # PyVRP's stub says ndarray[int]: a shape no array has
