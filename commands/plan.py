"""Planning the day's runs from the command line: `plan`, `runs`, and `resequence` (a better
order for one run being loaded, when asked)."""

from __future__ import annotations

import argparse
import json
import os
import time
from datetime import date
from pathlib import Path
from typing import Any

from commands.context import EXIT_OK, Context, emit, local_today, parse_date, run_id
from labels.words import counted
from store import locate, runs
from store.area import estimate_note
from store.errors import BadInput

#: The planner derives its other searches' seeds from this one (x 1000, + a stride per
#: helper), and PyVRP takes 32 bits: a larger seed died in PyVRP's constructor.
MAX_SEED = 999_999
SEED_HELP = f"the search's random seed, 0 to {MAX_SEED:,} (default 0)"


def _seed(text: str) -> int:
    try:
        seed = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 0 <= seed <= MAX_SEED:
        raise argparse.ArgumentTypeError(f"{text} is not between 0 and {MAX_SEED:,}")
    return seed


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the planning commands."""
    p = sub.add_parser("plan", help="plan the day's runs and save them (re-plans around locks)")
    p.add_argument("--date", type=parse_date, help="the day to plan (default today)")
    p.add_argument("--drivers", help="comma-separated driver names (default: all active)")
    p.add_argument("--seconds", type=float, default=2.0, help="time budget (default 2)")
    p.add_argument("--seed", type=_seed, default=0, help=SEED_HELP)
    p.add_argument(
        "--workers",
        type=int,
        choices=(1, 2),
        default=None,
        help="searches side by side (default: two when a core is free, else one)",
    )
    p.add_argument("--json", action="store_true", help="print the plan as JSON")
    p.set_defaults(handler=cmd_plan)

    p = sub.add_parser("resequence", help="a better stop order for one run not yet out")
    p.add_argument("--run", type=run_id, required=True, help="the run's id")
    p.add_argument("--seconds", type=float, default=2.0, help="time budget (default 2)")
    p.add_argument("--seed", type=_seed, default=0, help=SEED_HELP)
    p.set_defaults(handler=cmd_resequence)

    p = sub.add_parser("runs", help="show the day's saved runs")
    p.add_argument("--date", type=parse_date, help="default today")
    p.add_argument("--json", action="store_true", help="print them as JSON")
    p.set_defaults(handler=cmd_runs)


def cmd_plan(context: Context) -> int:
    a = context.args
    if not 0 < a.seconds <= 600:
        raise BadInput(f"--seconds must be between 0 and 600, got {a.seconds:g}")
    day = a.date or local_today(context)
    names = [name.strip() for name in a.drivers.split(",") if name.strip()] if a.drivers else None
    if names is not None and not names:
        raise BadInput("--drivers names no driver")
    from store import planning  # the planner (PyVRP, NumPy) loads only when a plan is asked

    planned = planning.prepare(context.db, day, names)
    if not planned.problem.stops:
        raise BadInput(f"nothing to plan on {day}: no parcel on the shelf can go out")
    result = planning.solve(
        planned, seconds=search_seconds(a.seconds), seed=a.seed, workers=a.workers
    )
    planning.commit(context.db, context.actor, planned, result)
    return _show(context, day, a.json, note=planned.note)


SAVE_RESERVE_S = 0.3  # saving the plan and printing it, after the search
MIN_SEARCH_S = 0.2


def search_seconds(budget_s: float) -> float:
    """The planner's share of the command's budget: the whole command, from the process's
    start to its exit, should end within about a second of ``--seconds``, so the time spent
    starting Python and reading the shop file (seconds on a busy PC) comes off the planner's
    (which counts its road check, see ``store.planning.solve``)."""
    return max(MIN_SEARCH_S, budget_s - seconds_since_start() - SAVE_RESERVE_S)


def seconds_since_start() -> float:
    """How long this process has been running (0 where the system does not say)."""
    try:
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")
        return max(0.0, time.clock_gettime(time.CLOCK_BOOTTIME) - started)
    except (OSError, ValueError, IndexError, AttributeError):
        return 0.0


def cmd_resequence(context: Context) -> int:
    """Re-order a planned or loading run's own stops; the day's other runs are untouched."""
    a = context.args
    if not 0 < a.seconds <= 600:
        raise BadInput(f"--seconds must be between 0 and 600, got {a.seconds:g}")
    from store import run_order  # the planner loads only when asked

    order = run_order.read(context.db, a.run)
    done = run_order.commit(
        context.db, context.actor, order, run_order.solve(order, seconds=a.seconds, seed=a.seed)
    )
    label = order.run.label
    if done.renumbered == 0:
        print(f"{label}: no better order found ({done.before_mi:.1f} mi)", file=context.out)
    else:
        print(
            f"{label}: {done.before_mi:.1f} -> {done.after_mi:.1f} mi; "
            f"{counted(done.renumbered, 'parcel')} with a new stop number: reprint their labels "
            "(labels --changed)",
            file=context.out,
        )
    return _show(context, date.fromisoformat(order.run.plan_date), False)


def cmd_runs(context: Context) -> int:
    return _show(context, context.args.date or local_today(context), context.args.json)


def _show(context: Context, day: Any, as_json: bool, note: str = "") -> int:
    """The day's saved runs; `note` says why distances are estimates (when just planned)."""
    day_runs = runs.runs_of_day(context.db, day)
    left = runs.leftovers(context.db, day)
    note = distances_note(day_runs, note)
    held = locate.held_for_location(context.db)
    if as_json:
        print(json.dumps(plan_as_data(day, day_runs, left, held, note), ensure_ascii=False,
                         indent=2),
              file=context.out)  # fmt: skip
        return EXIT_OK
    if note:
        emit(context, note)
    for run in day_runs:
        emit(context, f"run {run.number}", run.driver, counted(len(run.stops), "stop"),
             f"{run.parcel_count} parcels", f"{run.distance_mi:.1f} mi",
             f"{_clock(run.start_s)}-{_clock(run.end_s)}", run.state)  # fmt: skip
        for breach in run.breaches:
            emit(context, "", "BREACH", breach)
        for stop in run.stops:
            wait = f"waits {round(stop.wait_s / 60)} min" if stop.wait_s >= 60 else ""
            emit(context, "", stop.sequence, _clock(stop.door_s), stop.label,
                 " ".join(p["tracking_id"] for p in stop.parcels),
                 "; ".join(
                     [*filter(None, [wait]), *stop.breaches, *filter(None, [stop.location_note])]
                 ))  # fmt: skip
    for tracking_id, reason in left:
        emit(context, "left out", tracking_id, reason)
    if held:
        emit(context, "held for a location", len(held),
             "not planned: fix each with `locate ID --lat LAT --lon LON`")  # fmt: skip
    return EXIT_OK


def _clock(seconds: int | None) -> str:
    if seconds is None:
        return ""
    minutes = round(seconds / 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def distances_note(day_runs: list[runs.RunView], note: str = "") -> str:
    """ "distances estimated: …" when any run's figures are straight-line estimates."""
    if not any(run.estimated for run in day_runs):
        return ""
    return note or estimate_note()


def plan_as_data(
    day: Any,
    day_runs: list[runs.RunView],
    left: list[tuple[str, str]],
    held: list[str],
    note: str = "",
) -> dict[str, Any]:
    """The `--json` shape: runs with ordered stops, miles and minutes, and what was left out.

    Per stop: ``arrival`` (the car gets there), ``wait_min`` (early for the window),
    ``service_start`` (the time at the door, never before the window opens) and ``eta``, the
    same as ``service_start``; per run ``start`` (leaving the shop) and ``end`` (back).
    ``distances`` is "roads" (each run's ``street_map`` names the map) or "estimated", with
    ``note`` saying why."""
    estimated = any(run.estimated for run in day_runs)
    return {
        "date": day.isoformat(),
        "distances": "estimated" if estimated else "roads",
        "note": (note or estimate_note()) if estimated else None,
        "runs": [
            {
                "run_id": run.id,
                "number": run.number,
                "driver": run.driver,
                "state": run.state,
                "street_map": run.street_map,
                "distance_mi": round(run.distance_mi, 2),
                "duration_min": round(run.duration_s / 60, 1),
                "start": _clock(run.start_s) or None,
                "end": _clock(run.end_s) or None,
                "parcels": run.parcel_count,
                "breaches": run.breaches,
                "stops": [
                    {
                        "sequence": stop.sequence,
                        "tracking_ids": [p["tracking_id"] for p in stop.parcels],
                        "latitude": stop.latitude,
                        "longitude": stop.longitude,
                        "arrival": _clock(stop.arrival_s) or None,
                        "wait_min": round(stop.wait_s / 60, 1),
                        "service_start": _clock(stop.door_s) or None,
                        "eta": _clock(stop.door_s) or None,  # = service_start, the time at the door
                        "time_window": (
                            {
                                "start": _clock(stop.window[0]),
                                "end": _clock(stop.window[1]),
                            }
                            if stop.window
                            else None
                        ),
                        "breaches": stop.breaches,
                        "precision": stop.precision,
                        "approximate": stop.precision in locate.APPROXIMATE,
                        "location_note": stop.location_note or None,
                    }
                    for stop in run.stops
                ],
            }
            for run in day_runs
        ],
        "left_out": [{"tracking_id": t, "reason": reason} for t, reason in left],
        "held_for_location": held,
        "distance_mi": round(sum(run.distance_mi for run in day_runs), 2),
    }
