"""The rest of the day: dispatch, delivery results, counter pickup, returns, the end of
the day, earnings and the privacy purge."""

from __future__ import annotations

import argparse
from datetime import date, timedelta
from pathlib import Path

from commands.context import (
    EXIT_BAD_INPUT,
    EXIT_FAILED,
    EXIT_OK,
    Context,
    emit,
    local_today,
    parse_date,
    run_id,
    scan_lines,
)
from labels.words import counted
from store import (
    day_close,
    dispatch,
    end_of_day,
    exports,
    pickup,
    privacy,
    result_scan,
    results,
    returns,
    settings,
)
from store.errors import BadInput


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the end-of-day commands."""
    p = sub.add_parser(
        "dispatch", help="scan a run's parcels into the car (stdin), then send it out"
    )
    p.add_argument("--run", type=run_id, required=True, help="the run's id")
    p.add_argument("--confirm-missing", action="store_true",
                   help="parcels not loaded stay in the shop (back on the shelf)")  # fmt: skip
    p.add_argument("ids", nargs="*")
    p.set_defaults(handler=cmd_dispatch)

    p = sub.add_parser("record-result", help="record a parcel's delivery result")
    p.add_argument("tracking_id")
    p.add_argument("outcome", help="delivered or attempted")
    p.add_argument("--how", help="delivered: " + ", ".join(results.Delivered))
    p.add_argument("--reason", help="attempted: " + ", ".join(results.AttemptReason))
    p.add_argument("--name", help="who took the parcel (delivered)")
    p.add_argument("--correct", action="store_true", help="replace the result recorded before")
    p.set_defaults(handler=cmd_record_result)

    p = sub.add_parser("result-scan", help="record results by scanning the driver's manifest")
    p.add_argument("ids", nargs="*", help="codes as arguments, else one per line on stdin")
    p.set_defaults(handler=cmd_result_scan)

    p = sub.add_parser("pickup", help="hand a parcel over at the counter")
    p.add_argument("tracking_id", nargs="?", help="the tracking id or the pickup code")
    p.add_argument("--code", help="the pickup code (it may also go where the id goes)")
    p.add_argument("--name", required=True, help="who collects it")
    p.add_argument("--id-checked", action="store_true",
                   help="the collector's ID was checked (when the shop requires it)")  # fmt: skip
    p.set_defaults(handler=cmd_pickup)

    p = sub.add_parser("hold-for-pickup", help="hold an attempted parcel for its recipient")
    p.add_argument("tracking_id")
    p.set_defaults(handler=cmd_hold_for_pickup)

    p = sub.add_parser("release-hold", help="end a pickup hold: the parcel goes out again")
    p.add_argument("tracking_id")
    p.set_defaults(handler=cmd_release_hold)

    p = sub.add_parser("returns", help="parcels set aside for the carrier, with deadlines")
    p.add_argument("--list", action="store_true", help="list them (the default)")
    p.add_argument("--holds", action="store_true",
                   help="first set aside the pickup holds that ran out")  # fmt: skip
    p.add_argument("--manifest", action="store_true", help="the day's returned parcels instead")
    p.add_argument("--date", type=parse_date, help="the day of --manifest (default today)")
    p.set_defaults(handler=cmd_returns)

    p = sub.add_parser("set-aside", help="set a parcel aside for return to the carrier")
    p.add_argument("tracking_id")
    p.add_argument("--reason", required=True, help="why it goes back")
    p.set_defaults(handler=cmd_set_aside)

    p = sub.add_parser("return-scan", help="scan parcels onto the carrier's truck (stdin)")
    p.add_argument("ids", nargs="*")
    p.set_defaults(handler=cmd_return_scan)

    p = sub.add_parser("end-of-day", help="the day's summary and the carrier's status CSV")
    p.add_argument("--date", type=parse_date, help="default today")
    p.add_argument("-o", "--output-dir", type=Path, help="write status-YYYY-MM-DD.csv here")
    p.add_argument("--mark-missing", action="store_true",
                   help="first mark parcels never received as missing")  # fmt: skip
    p.add_argument("--carry-over", action="store_true",
                   help="first carry the runs that never left over to tomorrow (their parcels "
                   "back on the shelf)")  # fmt: skip
    p.add_argument("--close", action="store_true",
                   help="close the day: refused while parcels are out, on runs never sent, "
                   "or never arrived")  # fmt: skip
    p.add_argument("--runs-out-ok", action="store_true",
                   help="(kept for old scripts) a day never closes with parcels out")  # fmt: skip
    p.set_defaults(handler=cmd_end_of_day)

    p = sub.add_parser("miles", help="the miles a run's driver really drove (the odometer)")
    p.add_argument("--run", type=run_id, required=True, help="the run's id")
    p.add_argument("miles", type=float, help="miles driven")
    p.set_defaults(handler=cmd_miles)

    p = sub.add_parser("earnings", help="parcels delivered or picked up times the rate")
    p.add_argument("--from", dest="start", type=parse_date, help="default: Monday of this week")
    p.add_argument("--to", dest="end", type=parse_date, help="default: today")
    p.set_defaults(handler=cmd_earnings)

    p = sub.add_parser("purge", help="clear recipients' data of parcels finished long ago")
    p.set_defaults(handler=cmd_purge)


def cmd_dispatch(context: Context) -> int:
    run_id = context.args.run
    dispatch.start_loading(context.db, run_id)
    for raw in scan_lines(context):
        result = dispatch.load_scan(context.db, context.actor, run_id, raw)
        emit(context, result.outcome, result.tracking_id, result.message)
    sent = dispatch.dispatch(
        context.db, context.actor, run_id, confirm_missing=context.args.confirm_missing
    )
    emit(context, "dispatched", run_id, sent.message)
    return EXIT_OK


def cmd_record_result(context: Context) -> int:
    a = context.args
    record = results.correct_result if a.correct else results.record_result
    done = record(context.db, context.actor, a.tracking_id.upper(), a.outcome, reason=a.reason,
                  how=a.how, name=a.name)  # fmt: skip
    emit(context, done.status, done.tracking_id, done.message)
    if done.run_back:
        emit(context, "run_back", done.run_id, "the run has no parcel out any more")
    return EXIT_OK


def cmd_result_scan(context: Context) -> int:
    session = result_scan.ManifestScanSession(context.db, context.actor)
    refused = total = 0
    for raw in scan_lines(context):
        answer = session.scan(raw)
        total += 1
        refused += answer.answer is result_scan.Answer.REFUSED
        emit(context, answer.answer, answer.message)
    if session.selected:
        print(f"parcel-desk: no outcome scanned for {session.selected}", file=context.err)
        return EXIT_BAD_INPUT
    if refused:
        print(f"parcel-desk: {refused} of {total} scans were refused", file=context.err)
        return EXIT_BAD_INPUT
    return EXIT_OK


def cmd_pickup(context: Context) -> int:
    a = context.args
    if (a.tracking_id is None) == (a.code is None):
        raise BadInput("give the tracking id (or the pickup code) or --code, one of them")
    tracking_id = (
        pickup.find_by_pickup_code(context.db, a.code).tracking_id
        if a.code
        else pickup.resolve(context.db, a.tracking_id)
    )
    done = pickup.hand_over(context.db, context.actor, tracking_id, a.name, id_checked=a.id_checked)
    emit(context, done.status, done.tracking_id, "Handed over at the counter")
    return EXIT_OK


def cmd_hold_for_pickup(context: Context) -> int:
    tracking_id = context.args.tracking_id.upper()
    code = pickup.hold_for_pickup(context.db, context.actor, tracking_id)
    days = settings.load(context.db).pickup_hold_days
    emit(context, code, tracking_id, f"Held for pickup for {days} days: tell the recipient {code}")
    return EXIT_OK


def cmd_release_hold(context: Context) -> int:
    tracking_id = context.args.tracking_id.upper()
    pickup.release_hold(context.db, context.actor, tracking_id)
    emit(context, "released", tracking_id, "Hold ended: it goes into the next plan")
    return EXIT_OK


def cmd_returns(context: Context) -> int:
    a, db = context.args, context.db
    if a.manifest:
        for row in returns.manifest_rows(db, a.date or local_today(context)):
            emit(context, row.tracking_id, row.reason, row.attempts, row.returned_at, row.staff)
        return EXIT_OK
    if a.holds:
        overdue = [p.tracking_id for p in pickup.overdue_holds(db)]
        if overdue:
            pickup.to_return(db, context.actor, overdue)
        print(
            f"{counted(len(overdue), 'pickup hold')} ran out and "
            f"{'was' if len(overdue) == 1 else 'were'} set aside",
            file=context.err,
        )
    for pending in returns.pending(db):
        overdue_word = "OVERDUE" if pending.overdue else ""
        emit(context, pending.tracking_id, pending.reason, pending.deadline, overdue_word)
    return EXIT_OK


def cmd_set_aside(context: Context) -> int:
    a = context.args
    row = returns.set_aside(context.db, context.actor, a.tracking_id.upper(), a.reason)
    emit(context, "return_pending", row.tracking_id, f"Set aside: on the truck by {row.deadline}")
    return EXIT_OK


def cmd_return_scan(context: Context) -> int:
    refused = total = 0
    for raw in scan_lines(context):
        result = returns.return_scan(context.db, context.actor, raw)
        total += 1
        refused += result.outcome is not returns.ReturnOutcome.RETURNED
        emit(context, result.outcome, result.tracking_id, result.message)
    if refused:
        print(f"parcel-desk: {refused} of {total} scans were not returned", file=context.err)
        return EXIT_BAD_INPUT
    return EXIT_OK


def cmd_end_of_day(context: Context) -> int:
    a, db = context.args, context.db
    day = a.date or local_today(context)
    if a.mark_missing:
        marked = end_of_day.mark_missing(db, context.actor, day)
        print(f"{counted(len(marked), 'parcel')} marked missing", file=context.err)
    if a.carry_over:
        carried = day_close.carry_over_unsent(db, context.actor, day)
        print(f"{counted(len(carried), 'parcel')} carried over to tomorrow", file=context.err)
    if a.output_dir:
        _write_status_csv(context, day)
    if a.close:
        if a.runs_out_ok:
            print("warning: --runs-out-ok no longer closes a day with parcels out",
                  file=context.err)  # fmt: skip
        closed = end_of_day.close_day(db, context.actor, day)  # DayNotSettled: exit 2
        _print_summary(context, closed.summary)
        for item in closed.left_over:
            emit(context, item.tracking_id, item.what, item.shelf, item.why)
        if not closed.closed:
            print(f"parcel-desk: day not closed: {closed.problems[0]} "
                  f"({counted(len(closed.problems), 'problem')})", file=context.err)  # fmt: skip
            return EXIT_FAILED
        return EXIT_OK
    _print_summary(context, end_of_day.summary(db, day))
    return EXIT_OK


def cmd_miles(context: Context) -> int:
    end_of_day.record_miles(context.db, context.args.run, context.args.miles)
    emit(context, "miles", context.args.run, f"{context.args.miles:g}")
    return EXIT_OK


def cmd_earnings(context: Context) -> int:
    today = local_today(context)
    start = context.args.start or today - timedelta(days=today.weekday())
    got = end_of_day.earnings(context.db, start, context.args.end or today)
    for line in got.days:
        emit(context, line.start, line.parcels, f"{line.amount:.2f}")
    for line in got.weeks:
        emit(context, f"week of {line.start}", line.parcels, f"{line.amount:.2f}")
    emit(context, "total", got.parcels, f"{got.amount:.2f}")
    return EXIT_OK


def cmd_purge(context: Context) -> int:
    count = privacy.purge(context.db)
    days = settings.load(context.db).purge_after_days
    emit(context, "purged", count, f"parcels finished more than {days} days ago")
    return EXIT_OK


def _write_status_csv(context: Context, day: date) -> None:
    target = context.args.output_dir / f"status-{day.isoformat()}.csv"
    target.parent.mkdir(parents=True, exist_ok=True)
    rows = exports.save_status(context.db, target, day)
    print(f"{rows} parcels written to {target} (receipt beside it)", file=context.err)


def _print_summary(context: Context, summary: end_of_day.DaySummary) -> None:
    rate = summary.first_attempt_rate
    for key in ("day", "expected", "received", "delivered", "attempted", "picked_up",
                "returned", "return_pending", "missing", "still_out", "miles_planned",
                "miles_driven"):  # fmt: skip
        value = getattr(summary, key)
        emit(context, key, "" if value is None else value)
    emit(context, "first_attempt_rate", "" if rate is None else f"{rate:.0%}")
    for line in summary.drivers:
        emit(context, "run", f"Run {line.run_number} · {line.driver}", line.state,
              f"{line.parcels} parcels", f"{line.delivered} delivered",
              f"{line.attempted} attempted", f"{line.distance_mi:g} mi",
              "" if line.miles_driven is None else f"{line.miles_driven:g} mi driven")  # fmt: skip
