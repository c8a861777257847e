"""Run PyVRP's search on a prepared instance, with our budget, cancel and progress rules.

Kept apart from the shop's vocabulary so that the day planner (``solve.plan``) and the CVRP
benchmark adapter (``cvrp.solve_cvrp``) share one engine set-up: the same parameters, the same
stopping rules and the same use of the machine's second core.

Stopping: the search stops at the first of a wall-clock deadline, an iteration budget or a
cancel request. The criterion is checked once per iteration (a few milliseconds at most on a
day of 500 stops), so a cancel is honoured promptly and the best plan so far is kept.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
from pyvrp import (
    CostEvaluator,
    IteratedLocalSearch,
    IteratedLocalSearchCallbacks,
    IteratedLocalSearchParams,
    PenaltyManager,
    PenaltyParams,
    ProblemData,
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

from routing.insertion import insertion_start, repair

ShouldStop = Callable[[], bool]
#: Penalty of the first local search (PyVRP uses its maximum): high enough to reach a plan
#: that keeps every rule, low enough that it does not leave due stops out to get there
#: (at 10⁷ it left one of 500 out on both road days; bench/ROUTING.md).
FIRST_PENALTY = 1e6
INFEASIBLE_COST = 2**63 - 1  # what PyVRP's cost() reports for an infeasible solution


@dataclass(frozen=True, slots=True)
class SearchConfig:
    """Tunable knobs of PyVRP's iterated local search (see bench/ROUTING.md for the choice).

    The search parameters are PyVRP 0.14's own: the values tuned on straight-line days
    (30 neighbours, at most 15 perturbations, history 500) lost on both held-out 500-stop
    road days at equal CPU and were removed; the CMT adapter keeps them (``cvrp``).
    """

    num_neighbours: int = 50
    min_perturbations: int = 1
    max_perturbations: int = 25
    history_length: int = 300
    num_iters_no_improvement: int = 150_000
    #: The last share of the budget searches again from the best plan, afresh (new
    #: acceptance history, penalties back to their start, an exhaustive local search of the
    #: best): better on 3 of the 4 held-out road days at equal CPU.
    restart_share: float = 0.15
    #: Penalties (per parcel over, per second late) start at PyVRP's usual 50,000 but may
    #: rise to 10⁹ and are updated every 50 plans instead of 500: a due stop's prize is
    #: worth hundreds of miles, so on a day that does not fit, penalties must soon outweigh
    #: it for the search to leave a stop out rather than break a rule (bench/ROUTING.md).
    penalty_updates_every: int = 50
    max_penalty: float = 1e9


@dataclass(frozen=True, slots=True)
class Budget:
    """When to stop: a deadline on ``clock`` and/or an iteration count.

    ``clock`` is the wall clock (``time.monotonic``) for plans; the benchmarks pass
    ``time.process_time`` to compare searches at equal CPU on a shared machine.
    """

    deadline: float | None  # a clock() value; None: no time limit
    iterations: int | None  # None: no iteration limit
    give_up_at: float | None = None  # stop here if nothing feasible has been found yet
    give_up_after: int | None = None  # ditto, in iterations
    clock: Callable[[], float] = time.monotonic

    def __post_init__(self) -> None:
        if self.deadline is None and self.iterations is None:
            raise ValueError("a search needs a time or an iteration budget")


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The search's state as reported to a progress callback."""

    iterations: int
    best: Solution
    final: bool = False  # the search's last report: never to be dropped by a throttle


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one search returns: its best solution and how many iterations it ran."""

    best: Solution
    iterations: int


def objective(solution: Solution) -> tuple[bool, int]:
    """Sort key: any feasible solution beats any infeasible one; then the cost of miles and
    hours, plus the prizes of the stops left out."""
    cost = solution.distance_cost() + solution.duration_cost() + solution.uncollected_prizes()
    return (not solution.is_feasible(), cost)


def length(solution: Solution, lengths: np.ndarray | None = None) -> int:
    """How long the solution's runs are, read from ``lengths`` (a matrix over the data's
    locations, depot 0 first) — or PyVRP's own distance when None. The day planner's engine
    distance holds costs (miles and minutes, ``day_data``), so its miles come from here."""
    if lengths is None:
        return solution.distance()
    total = 0
    for route in solution.routes():
        nodes = [0, *(a.idx + 1 for a in route if a.is_client()), 0]
        total += int(lengths[nodes[:-1], nodes[1:]].sum())
    return total


def missing_due(solution: Solution, due_clients: frozenset[int]) -> int:
    """How many of ``due_clients`` (client indices) the solution leaves out."""
    return sum(1 for a in solution.unplanned() if a.is_client() and a.idx in due_clients)


def _evaluator(data: ProblemData, penalty: float) -> CostEvaluator:
    """A cost evaluator with one penalty for every kind of broken rule."""
    return CostEvaluator([penalty] * data.num_load_dimensions, penalty, penalty)


class _Criterion:
    """PyVRP stopping criterion: budget, cancel, and a hook that sees every iteration."""

    def __init__(self, budget: Budget, should_stop: ShouldStop, tick: Callable[[int], None]):
        self._budget = budget
        self._should_stop = should_stop
        self._tick = tick
        self.iterations = 0

    def __call__(self, best_cost: int) -> bool:
        budget = self._budget
        if budget.iterations is not None and self.iterations >= budget.iterations:
            return True
        if budget.deadline is not None and budget.clock() >= budget.deadline:
            return True
        if self._should_stop():
            return True
        if best_cost >= INFEASIBLE_COST and self._hopeless():
            return True
        self._tick(self.iterations)
        self.iterations += 1
        return False

    def _hopeless(self) -> bool:
        budget = self._budget
        if budget.give_up_after is not None and self.iterations >= budget.give_up_after:
            return True
        return budget.give_up_at is not None and budget.clock() >= budget.give_up_at


class _Callbacks(IteratedLocalSearchCallbacks):
    def __init__(self, on_best: Callable[[Solution], None]):
        self._on_best = on_best

    def on_best(self, best: Solution) -> None:
        self._on_best(best)


def search(
    data: ProblemData,
    *,
    budget: Budget,
    seed: int,
    config: SearchConfig | None = None,
    should_stop: ShouldStop = lambda: False,
    on_progress: Callable[[Snapshot], None] | None = None,
    progress_every_s: float = 0.1,
    initial: Solution | None = None,
    due_clients: frozenset[int] = frozenset(),
) -> Outcome:
    """Run the iterated local search and return its best solution: the first part of the
    budget from `initial` (or a random plan), the last `config.restart_share` of it afresh
    from the best plan found so far.

    `due_clients` must be served if they can: when the first local search leaves one out,
    a plan that inserts them first where they keep the rules is searched too, and a plan
    still missing some at the end gets them inserted where they fit (``repaired``)."""
    config = config or SearchConfig()
    first_budget, rest = _split(budget, config.restart_share)
    if rest is None:
        return _one_search(data, budget, seed, config, should_stop, on_progress,
                           progress_every_s, initial, due_clients)  # fmt: skip

    def first_progress(snapshot: Snapshot) -> None:
        if on_progress is not None and not snapshot.final:
            on_progress(snapshot)

    first = _one_search(data, first_budget, seed, config, should_stop, first_progress,
                        progress_every_s, initial, due_clients)  # fmt: skip
    remaining = rest(first.iterations)
    if should_stop() or remaining is None:
        if on_progress is not None:
            on_progress(Snapshot(first.iterations, first.best, final=True))
        return first

    def second_progress(snapshot: Snapshot) -> None:
        if on_progress is not None:
            best = min(first.best, snapshot.best, key=objective)
            on_progress(Snapshot(first.iterations + snapshot.iterations, best, snapshot.final))

    second = _one_search(data, remaining, seed * 1000 + 1, config, should_stop,
                         second_progress, progress_every_s, first.best, due_clients)  # fmt: skip
    best = min(first.best, second.best, key=objective)  # the first on a tie
    return Outcome(best, first.iterations + second.iterations)


def repaired(solution: Solution, data: ProblemData) -> Solution:
    """`solution` with the clients it leaves out put where they keep every rule and are
    worth their prize (``insertion.repair``), when that is better; else `solution`.

    A search cut short (a busy PC, a short budget) may end before it found room for every
    due stop; a place often exists in the plan it holds, without reordering anything."""
    if not solution.is_feasible():
        return solution
    missing = [a.idx for a in solution.unplanned() if a.is_client()]
    if not missing:
        return solution
    candidate = repair(data, solution, missing)
    return candidate if objective(candidate) < objective(solution) else solution


def _split(budget: Budget, share: float) -> tuple[Budget, Callable[[int], Budget | None] | None]:
    """The first part of `budget`, and how to make the rest once the first part ran
    (`None` when there is no restart, or nothing left for it)."""
    if share <= 0:
        return budget, None
    now = budget.clock()
    deadline = None if budget.deadline is None else now + (budget.deadline - now) * (1 - share)
    iterations = None if budget.iterations is None else int(budget.iterations * (1 - share))
    first = replace(budget, deadline=deadline, iterations=iterations)

    def rest(used: int) -> Budget | None:
        left = None if budget.iterations is None else budget.iterations - used
        if (left is not None and left <= 0) or (
            budget.deadline is not None and budget.clock() >= budget.deadline
        ):
            return None
        return Budget(budget.deadline, left, clock=budget.clock)

    return first, rest


def _one_search(
    data: ProblemData,
    budget: Budget,
    seed: int,
    config: SearchConfig,
    should_stop: ShouldStop,
    on_progress: Callable[[Snapshot], None] | None,
    progress_every_s: float,
    initial: Solution | None,
    due_clients: frozenset[int] = frozenset(),
) -> Outcome:
    """One iterated local search from `initial` (or a random plan)."""
    rng = RandomNumberGenerator(seed=seed)
    neighbours = compute_neighbours(data, NeighbourhoodParams(num_neighbours=config.num_neighbours))
    perturbation = PerturbationManager(
        PerturbationParams(config.min_perturbations, config.max_perturbations)
    )
    ls = LocalSearch(data, rng, neighbours, perturbation)
    for op in OPERATORS:
        if op.supports(data):
            ls.add_operator(op(data))

    penalty_params = PenaltyParams(
        solutions_between_updates=config.penalty_updates_every,
        max_penalty=config.max_penalty,
    )
    start_penalty = PenaltyParams().midpoint_penalties(data)  # PyVRP's usual start
    pm = PenaltyManager(start_penalty, penalty_params)
    start = initial if initial is not None else Solution.make_random(data, rng)
    if on_progress is not None:  # the first local search below cannot report (0.2–0.5 s at 500)
        on_progress(Snapshot(0, start))
    first_penalty = _evaluator(data, min(config.max_penalty, FIRST_PENALTY))
    init = repaired(ls(start, first_penalty, exhaustive=True), data)
    if missing_due(init, due_clients):  # no room left for some in that plan: build one that
        fresh = insertion_start(data, due_clients)  # puts each due stop where it fits first
        init = min(init, repaired(ls(fresh, first_penalty, exhaustive=True), data), key=objective)

    best = [init]
    last_report = [time.monotonic()]

    def note_best(solution: Solution) -> None:
        if objective(solution) < objective(best[0]):
            best[0] = solution

    def tick(iterations: int) -> None:
        now = time.monotonic()
        if on_progress is not None and now - last_report[0] >= progress_every_s:
            last_report[0] = now
            on_progress(Snapshot(iterations, best[0]))

    params = IteratedLocalSearchParams(
        num_iters_no_improvement=config.num_iters_no_improvement,
        history_length=config.history_length,
        callbacks=_Callbacks(note_best),
    )
    criterion = _Criterion(budget, should_stop, tick)
    result = IteratedLocalSearch(data, pm, ls, init, params).run(criterion, collect_stats=False)
    note_best(result.best)
    if not best[0].is_feasible():  # stopped before any plan kept the rules (a busy PC):
        note_best(ls(best[0], pm.max_cost_evaluator(), exhaustive=True))  # leave stops out
    best[0] = repaired(best[0], data)
    if on_progress is not None:
        on_progress(Snapshot(criterion.iterations, best[0], final=True))
    return Outcome(best[0], criterion.iterations)
