"""Benchmark: plan quality on real road matrices — the planner, plain PyVRP 0.14 and VROOM.

    python bench/plan_road_days.py --mode cpu  [--seeds 5] [--days ...] [--only ...] [--log F]
    python bench/plan_road_days.py --mode wall [--seeds 5]                # the product: plan()
    python bench/plan_road_days.py --mode best --days ... --seconds 120   # long runs

Days (bench/routing_roads.py): 150 stops / 3 drivers and 500 / 5, with and without windows,
at street points of Harrisburg (where the planner's settings were chosen: "tuning" days) and
Liechtenstein (never used for a choice: "held-out" days), OSRM car-profile matrices.

Every plan, whoever made it, is timed by the product's one schedule
(``routing.schedule.route_from_matrices``) and costed as the planner's objective: miles +
hours × 20 (``Plan.cost_mi``); a plan with a breach counts as failed. Gaps are against the
best complete plan known for the day (``routing_road_best.json``, from long runs of both
PyVRP searches and any run that beat them).

``cpu`` mode runs every solver on one core for the same CPU seconds (2 for 150 stops, 10 for
500), interleaved seed by seed so that they share the machine's load:

- ``planner``: ``plan(..., workers=1, cpu_budget=True)`` — our engine as shipped, one worker.
- ``plain``: ``pyvrp.solve`` with its default parameters on the same ProblemData.
- ``planner-2x½``: the second worker at equal CPU — the better of two one-worker plans of half
  the CPU each (seeds s and s + 7919, as the helper process uses).
- ablations (``--only NAME ...``, see ``SOLVERS``): the planner without the sweep start,
  without the restart tail, with PyVRP's penalty settings, on the natural form of the data
  (``engine_data``); ``plain-ours`` is plain PyVRP on the planner's own data.
- ``vroom-xN``: pyvroom on the same matrices (one thread, exploration level N, 5 by
  default; not budgeted: its CPU time is printed; deterministic, so one seed is enough).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import numpy as np
import routing_path  # noqa: F401  (puts the repository on sys.path)
from routing_roads import RoadDay, road_day

import routing.solve as solve_module
from routing import Plan, Route, plan
from routing.day_data import DISTANCE_COST, DayData, build_day_data, duration_cost
from routing.engine import SearchConfig
from routing.schedule import route_from_matrices, whole_seconds

BEST_FILE = Path(__file__).with_name("routing_road_best.json")
BUDGET_S = {150: 2.0, 500: 10.0}
DAYS = {
    "tuning": [("harrisburg", 150, 3, 1), ("harrisburg", 500, 5, 1)],
    "held-out": [("liechtenstein", 150, 3, 1), ("liechtenstein", 500, 5, 1)],
    # drawn after the last choice (PyVRP's search parameters, made on "held-out" days)
    "confirmation": [("liechtenstein", 150, 3, 2), ("liechtenstein", 500, 5, 2)],
}


@dataclass(frozen=True)
class Outcome:
    cost_mi: float
    miles: float
    hours: float
    wait_h: float
    due_left: int
    failed: bool
    cpu_s: float
    optional_left: int = 0
    iterations: int = 0


def day_list(selected: list[str]) -> list[tuple[str, RoadDay]]:
    days = []
    for group, specs in DAYS.items():
        for city, n, d, seed in specs:
            for windows in (False, True):
                day = road_day(city, n, d, seed, windows=windows)
                if not selected or any(s in day.name for s in selected):
                    days.append((group, day))
    return days


def outcome_of(day: RoadDay, orders: list[list[int]], cpu_s: float) -> Outcome:
    """Time and cost runs given as stop indices per car, with the product's schedule."""
    problem = day.problem
    duration = whole_seconds(day.duration_s)
    routes: list[Route] = []
    for vehicle, order in zip(problem.vehicles, orders, strict=True):
        stops = [problem.stops[i] for i in order]
        routes.append(
            route_from_matrices(vehicle, stops, [i + 1 for i in order], day.distance_mi, duration)
        )
    served = {i for order in orders for i in order}
    due_left = sum(1 for i, s in enumerate(problem.stops) if s.due and i not in served)
    optional_left = sum(1 for i, s in enumerate(problem.stops) if not s.due and i not in served)
    result = Plan(routes=tuple(routes), unassigned=())
    return Outcome(
        cost_mi=result.cost_mi(problem.hour_cost_mi), miles=result.distance_mi,
        hours=result.duration_s / 3600, wait_h=sum(r.wait_s for r in routes) / 3600,
        due_left=due_left, failed=bool(result.breaches), cpu_s=cpu_s,
        optional_left=optional_left,
    )  # fmt: skip


def orders_of_plan(day: RoadDay, result: Plan) -> list[list[int]]:
    index = {s.key: i for i, s in enumerate(day.problem.stops)}
    return [[index[k] for k in route.stop_keys] for route in result.routes]


def run_planner(day: RoadDay, seconds: float, seed: int, **options: object) -> Outcome:
    cpu = time.process_time()
    result = plan(day.problem, seconds=seconds, seed=seed, workers=1, cpu_budget=True,
                  travel=day.travel(), **options)  # type: ignore[arg-type]  # fmt: skip
    outcome = outcome_of(day, orders_of_plan(day, result), time.process_time() - cpu)
    return replace(outcome, iterations=result.iterations)


def run_half_and_half(day: RoadDay, seconds: float, seed: int) -> Outcome:
    """The second worker at equal CPU: the better of two searches of half the CPU each."""
    first = run_planner(day, seconds / 2, seed)
    second = run_planner(day, seconds / 2, seed + 7919)
    best = min((first, second), key=lambda o: (o.failed, o.due_left, o.cost_mi))
    return replace(best, cpu_s=first.cpu_s + second.cpu_s)


def engine_data(day: RoadDay, natural: bool = True):
    """The ProblemData for this day (every stop a candidate, the planner's prizes).

    ``natural``: as a PyVRP user would write the day — distances (miles) at their cost per
    mile and the runs' durations at their cost per second; the same objective as the
    planner's own data, which holds each leg's whole cost (miles and minutes) in its
    distance matrix and leaves PyVRP's duration cost to the waits (``routing.day_data``).
    """
    problem = day.problem
    every = list(range(len(problem.stops)))
    due = {i for i in every if problem.stops[i].due}
    ours = build_day_data(
        problem.stops, problem.vehicles, every, list(range(len(problem.vehicles))), {},
        day.distance_mi, whole_seconds(day.duration_s), required=set(), due=due,
        hour_cost_mi=problem.hour_cost_mi,
    )  # fmt: skip
    return natural_form(ours, problem.hour_cost_mi) if natural else ours


def natural_form(ours: DayData, hour_cost_mi: float) -> DayData:
    """The same day with miles on the distance side and hours on the duration side."""
    data = ours.data
    per_second = duration_cost(hour_cost_mi)
    types = [
        v.replace(unit_distance_cost=DISTANCE_COST, unit_duration_cost=per_second)
        for v in data.vehicle_types()
    ]
    natural = data.replace(vehicle_types=types, distance_matrices=[ours.milli_miles])
    return replace(ours, data=natural)


class CpuLimit:
    """A PyVRP stopping criterion on this process's CPU time."""

    def __init__(self, seconds: float):
        self._deadline = time.process_time() + seconds

    def __call__(self, best_cost: float) -> bool:
        return time.process_time() >= self._deadline


def run_plain(day: RoadDay, seconds: float, seed: int, natural: bool = True) -> Outcome:
    import pyvrp

    cpu = time.process_time()
    day_data = engine_data(day, natural)
    result = pyvrp.solve(day_data.data, stop=CpuLimit(seconds - (time.process_time() - cpu)),
                         seed=seed, collect_stats=False)  # fmt: skip
    iterations = result.num_iterations
    orders: list[list[int]] = [[] for _ in day.problem.vehicles]
    for route in result.best.routes():
        vehicle = day_data.vehicle_of_type[route.vehicle_type()]
        orders[vehicle] = [day_data.stop_of_client[a.idx] for a in route if a.is_client()]
    return replace(outcome_of(day, orders, time.process_time() - cpu), iterations=iterations)


def run_vroom(day: RoadDay, seconds: float, seed: int, level: int = 5) -> Outcome:
    """VROOM on the same matrices; its objective: hours × 20 + miles (per_hour, per_km)."""
    import vroom

    problem = day.problem
    cpu = time.process_time()
    instance = vroom.Input()
    instance.set_durations_matrix("car", np.rint(day.duration_s).astype(int))
    instance.set_distances_matrix("car", np.rint(day.distance_mi * 1609.344).astype(int))
    costs = vroom.VehicleCosts(per_hour=round(problem.hour_cost_mi * 1000), per_km=621)
    instance.add_vehicle([
        vroom.Vehicle(k + 1, start=0, end=0, capacity=[v.capacity_parcels], costs=costs,
                      time_window=vroom.TimeWindow(v.shift_start_s, v.shift_end_s))
        for k, v in enumerate(problem.vehicles)
    ])  # fmt: skip
    instance.add_job([
        vroom.Job(i + 1, location=i + 1, default_service=s.service_s, delivery=[s.parcels],
                  priority=100 if s.due else 0,
                  time_windows=[vroom.TimeWindow(*s.window)] if s.window else ())
        for i, s in enumerate(problem.stops)
    ])  # fmt: skip
    solution = instance.solve(exploration_level=level, nb_threads=1)
    table = solution.routes
    orders: list[list[int]] = [[] for _ in problem.vehicles]
    for row in table[table["type"] == "job"].itertuples():
        orders[int(row.vehicle_id) - 1].append(int(row.id) - 1)
    return outcome_of(day, orders, time.process_time() - cpu)


def solvers(names: list[str], vroom: bool, level: int = 5) -> dict[str, Solver]:
    """The solvers named (all of ``DEFAULT`` when none is), and VROOM if asked."""
    chosen = {name: SOLVERS[name] for name in (names or DEFAULT)}
    if vroom:
        chosen[f"vroom-x{level}"] = lambda d, s, seed: run_vroom(d, s, seed, level)
    return chosen


def _patched(
    day: RoadDay, seconds: float, seed: int, config: dict | None = None, **attributes: object
) -> Outcome:
    """The planner with some of ``routing.solve``'s settings (or its SearchConfig) changed."""
    if config is not None:
        attributes["SearchConfig"] = lambda: SearchConfig(**config)
    saved = {name: getattr(solve_module, name) for name in attributes}
    for name, value in attributes.items():
        setattr(solve_module, name, value)
    try:
        return run_planner(day, seconds, seed)
    finally:
        for name, value in saved.items():
            setattr(solve_module, name, value)


def _natural_build(*args: object, **kwargs: object) -> DayData:
    """``build_day_data`` in the natural form (miles and hours apart; see ``engine_data``)."""
    ours = build_day_data(*args, **kwargs)  # type: ignore[arg-type]
    return natural_form(ours, float(kwargs.get("hour_cost_mi", 20.0)))  # type: ignore[arg-type]


Solver = Callable[[RoadDay, float, int], Outcome]
DEFAULT = ("planner", "plain", "planner-2x½")
SOLVERS: dict[str, Solver] = {
    "planner": run_planner,
    "plain": run_plain,
    "planner-2x½": run_half_and_half,
    # plain PyVRP on the planner's own data (time in the legs)
    "plain-ours": lambda d, s, seed: run_plain(d, s, seed, natural=False),
    # ablations of the planner
    "natural-form": lambda d, s, seed: _patched(d, s, seed, build_day_data=_natural_build),
    "no-sweep": lambda d, s, seed: _patched(d, s, seed, SWEEP_FROM_STOPS=10**9),
    "no-restart": lambda d, s, seed: _patched(d, s, seed, config={"restart_share": 0.0}),
    "pyvrp-penalties": lambda d, s, seed: _patched(
        d, s, seed, config={"penalty_updates_every": 500, "max_penalty": 100_000.0}
    ),
}


def load_best() -> dict[str, dict[str, object]]:
    return json.loads(BEST_FILE.read_text()) if BEST_FILE.exists() else {}


def save_best(best: dict[str, dict[str, object]]) -> None:
    """Write the best plans known, merged with what another run may have written since."""
    on_disk = load_best()
    for name, entry in on_disk.items():
        if name not in best or float(entry["cost_mi"]) < float(best[name]["cost_mi"]):
            best[name] = entry
    BEST_FILE.write_text(json.dumps(best, indent=2, sort_keys=True) + "\n")


def note_best(best: dict, day: RoadDay, result: Outcome, how: str) -> None:
    if result.failed or result.due_left:
        return
    entry = best.get(day.name)
    if entry is None or result.cost_mi < float(entry["cost_mi"]) - 1e-6:
        best[day.name] = {"cost_mi": round(result.cost_mi, 3), "miles": round(result.miles, 3),
                          "hours": round(result.hours, 3), "how": how}  # fmt: skip


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f}"


def summarise(name: str, outcomes: list[Outcome], reference: float | None) -> str:
    costs = [o.cost_mi for o in outcomes]
    median = statistics.median(costs)
    gap = "" if reference is None else f"{100 * (median / reference - 1):6.2f}%"
    worst = "" if reference is None else f"{100 * (max(costs) / reference - 1):6.2f}%"
    return (
        f"  {name:<13} cost {median:8.2f} gap {gap:>7} worst {worst:>7} | miles "
        f"{statistics.median(o.miles for o in outcomes):7.2f} hours "
        f"{statistics.median(o.hours for o in outcomes):6.2f} wait "
        f"{statistics.median(o.wait_h for o in outcomes):5.2f} h | due left "
        f"{max(o.due_left for o in outcomes)} failed {sum(o.failed for o in outcomes)} | cpu "
        f"{statistics.median(o.cpu_s for o in outcomes):5.2f} s"
    )


def summarise_log(path: Path, against: str) -> None:
    """Medians per day and solver from ``--log`` files, each paired seed by seed with
    ``against`` (how many seeds the solver beat it on, and the median difference)."""
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    best = load_best()
    for day in sorted({r["day"] for r in rows}):
        reference = float(best[day]["cost_mi"]) if day in best else None
        of_day = [r for r in rows if r["day"] == day]
        by: dict[str, dict[int, dict]] = {}
        for r in of_day:
            by.setdefault(r["solver"], {})[r["seed"]] = r  # the last run of a seed counts
        loads = [r["load"] for r in of_day]
        print(f"{day}: best known {reference}, load {min(loads):.1f}-{max(loads):.1f}")
        base = by.get(against, {})
        for name, runs in sorted(by.items()):
            outcomes = [Outcome(**{k: v for k, v in r.items() if k in Outcome.__dataclass_fields__})
                        for r in runs.values()]  # fmt: skip
            line = summarise(name, outcomes, reference)
            shared = sorted(set(runs) & set(base))
            if name != against and shared:
                diffs = [runs[k]["cost_mi"] - base[k]["cost_mi"] for k in shared]
                wins = sum(d < 0 for d in diffs)
                line += (f" | vs {against}: better on {wins}/{len(shared)}, median diff "
                         f"{statistics.median(diffs):+.2f}")  # fmt: skip
            iterations = statistics.median(r.get("iterations", 0) for r in runs.values())
            print(f"{line} | n {len(runs)} it {iterations:.0f}")


def log_run(
    path: Path | None, day: RoadDay, solver: str, seed: int, seconds: float, outcome: Outcome
) -> None:
    """Append one run to the JSON-lines file ``path`` (``--log``), with the load."""
    if path is None:
        return
    row = {"day": day.name, "solver": solver, "seed": seed, "seconds": seconds,
           "load": os.getloadavg()[0], **asdict(outcome)}  # fmt: skip
    with path.open("a") as log:
        log.write(json.dumps(row) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=("cpu", "wall", "best", "summary"), default="cpu")
    parser.add_argument("--against", default="plain", help="summary mode: pair with this")
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--first-seed", type=int, default=0)
    parser.add_argument("--days", nargs="*", default=[], help="substrings of day names")
    parser.add_argument("--log", type=Path, help="append every run to this JSON-lines file")
    parser.add_argument("--vroom", action="store_true", help="also VROOM (slow on 500 stops)")
    parser.add_argument("--vroom-level", type=int, default=5, help="VROOM's exploration level")
    parser.add_argument("--seconds", type=float, help="override the budget")
    parser.add_argument(
        "--only",
        nargs="*",
        default=[],
        choices=sorted(SOLVERS),
        help=f"cpu mode: these solvers (default: {', '.join(DEFAULT)})",
    )
    parser.add_argument("--workers", type=int, default=2, help="wall mode: plan()'s workers")
    args = parser.parse_args()
    if args.mode == "summary":
        summarise_log(args.log, args.against)
        return
    best = load_best()
    print(f"{time.strftime('%Y-%m-%d %H:%M')} mode {args.mode}, {load()}", flush=True)
    for group, day in day_list(args.days):
        seconds = args.seconds or BUDGET_S[len(day.problem.stops)]
        seeds = range(args.first_seed, args.first_seed + args.seeds)
        results: dict[str, list[Outcome]] = {}
        if args.mode == "best":
            for seed in seeds:
                for name, run in (("planner", run_planner), ("plain", run_plain)):
                    outcome = run(day, seconds, seed)
                    note_best(best, day, outcome, f"{name}, {seconds:g} s CPU, seed {seed}")
                    results.setdefault(name, []).append(outcome)
                    print(f"  {name} seed {seed}: {outcome.cost_mi:.3f}", flush=True)
                save_best(best)
        elif args.mode == "wall":
            for seed in seeds:
                started = time.monotonic()
                result = plan(day.problem, seconds=seconds, seed=seed, workers=args.workers,
                              travel=day.travel())  # fmt: skip
                wall = time.monotonic() - started
                outcome = replace(outcome_of(day, orders_of_plan(day, result), 0.0), cpu_s=wall,
                                  iterations=result.iterations)  # fmt: skip
                note_best(best, day, outcome, f"plan(), {seconds:g} s wall, seed {seed}")
                results.setdefault(f"plan {args.workers}w", []).append(outcome)
                log_run(args.log, day, f"plan {args.workers}w wall", seed, seconds, outcome)
        else:
            chosen = solvers(args.only, args.vroom, args.vroom_level)
            for seed in seeds:
                for name, run in chosen.items():
                    outcome = run(day, seconds, seed)
                    note_best(best, day, outcome, f"{name}, {seconds:g} s CPU, seed {seed}")
                    results.setdefault(name, []).append(outcome)
                    log_run(args.log, day, name, seed, seconds, outcome)
        save_best(best)
        reference = float(best[day.name]["cost_mi"]) if day.name in best else None
        print(f"{day.name} ({group}, {seconds:g} s, seeds {seeds.start}-{seeds.stop - 1}), "
              f"best known {reference}, {load()}", flush=True)  # fmt: skip
        for name, outcomes in results.items():
            print(summarise(name, outcomes, reference), flush=True)
        if "planner" in results and "plain" in results:
            wins = sum(a.cost_mi < b.cost_mi for a, b in zip(results["planner"], results["plain"],
                                                              strict=True))  # fmt: skip
            print(f"  planner better than plain on {wins} of {len(seeds)} seeds", flush=True)


if __name__ == "__main__":
    main()
