"""The command line: one small function per command, each calling the layers below.

Contract (PRODUCT.md): `--db PATH` everywhere, exit 0 on success, 2 on bad input with a
one-line reason on stderr. Environment failures (locked or damaged file) exit 1, also with one
line. With no command, main.py opens the desktop console instead.
"""

from __future__ import annotations

import argparse
import getpass
import io
import os
import socket
import sys
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import TextIO

import sqlite_utils

from store import (
    backup,
    checkin,
    demo,
    dispatch,
    drivers,
    end_of_day,
    events,
    exports,
    manifest,
    pickup,
    privacy,
    result_scan,
    results,
    returns,
    settings,
    staff,
)
from store.db import connect, db_path, default_db_path
from store.errors import BadInput, DatabaseUnavailable, StoreError

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


class CommandLineError(Exception):
    """Bad arguments: reported in one line, exit 2 (argparse's own usage dump is not)."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise CommandLineError(message)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date as YYYY-MM-DD") from None


def default_staff() -> str:
    return os.environ.get("PARCEL_DESK_STAFF") or _login_name()


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "staff"


def default_counter() -> str:
    return os.environ.get("PARCEL_DESK_COUNTER") or socket.gethostname() or "counter"


def build_parser() -> Parser:
    parser = Parser(prog="parcel-desk", description="Parcel Desk: the shop's last-mile console.")
    parser.add_argument(
        "--db", type=Path, default=None, help=f"shop database file (default: {default_db_path()})"
    )
    parser.add_argument(
        "--staff",
        default=None,
        help="who is at the counter (recorded on "
        "every event; default $PARCEL_DESK_STAFF or your login)",
    )
    parser.add_argument("--counter", default=None, help="which counter/PC (default: hostname)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    p = sub.add_parser("setup", help="create or change the shop")
    p.add_argument("--name")
    p.add_argument("--address")
    p.add_argument("--lat", type=float)
    p.add_argument("--lon", type=float)
    p.add_argument("--radius-mi", type=float)
    p.add_argument("--timezone")
    p.set_defaults(handler=cmd_setup)

    p = sub.add_parser("demo", help="create a demo shop at Tysons Corner, VA with a realistic day")
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("import-manifest", help="import the carrier's inbound manifest CSV")
    p.add_argument("file", type=Path)
    p.add_argument("--date", type=_date, help="the day the parcels arrive (default today)")
    p.set_defaults(handler=cmd_import_manifest)

    p = sub.add_parser(
        "check-in", help="check parcels in: ids as arguments or one per line on stdin"
    )
    p.add_argument("ids", nargs="*")
    p.set_defaults(handler=cmd_check_in)

    p = sub.add_parser("damaged", help="hold a parcel as damaged")
    p.add_argument("tracking_id")
    p.set_defaults(handler=cmd_damaged)

    p = sub.add_parser("undo-scan", help="undo a parcel's check-in (a new event)")
    p.add_argument("tracking_id")
    p.set_defaults(handler=cmd_undo_scan)

    p = sub.add_parser("missing", help="list the day's manifest parcels not checked in")
    p.add_argument("--date", type=_date)
    p.set_defaults(handler=cmd_missing)

    p = sub.add_parser("export-status", help="the carrier's status CSV (one row per parcel)")
    p.add_argument(
        "--date",
        type=_date,
        help="parcels whose status changed that day (default: all parcels, current status)",
    )
    p.add_argument("-o", "--output", type=Path)
    p.set_defaults(handler=cmd_export_status)

    p = sub.add_parser("export-events", help="the event log as CSV (one row per event)")
    p.add_argument("--date", type=_date)
    p.add_argument("-o", "--output", type=Path)
    p.set_defaults(handler=cmd_export_events)

    p = sub.add_parser("verify", help="check the file, the hash-chained log and cached statuses")
    p.set_defaults(handler=cmd_verify)

    p = sub.add_parser("staff", help="list, add or remove staff")
    p.add_argument("action", choices=("list", "add", "remove"))
    p.add_argument("name", nargs="?")
    p.set_defaults(handler=cmd_staff)

    p = sub.add_parser("drivers", help="list, add or remove drivers and their cars")
    p.add_argument("action", choices=("list", "add", "remove"))
    p.add_argument("name", nargs="?")
    p.add_argument("--capacity", type=int, help="parcels the car holds")
    p.add_argument("--weight-lb", type=float, help="weight the car takes (optional)")
    p.add_argument("--start", help="shift start HH:MM")
    p.add_argument("--end", help="shift end HH:MM")
    p.set_defaults(handler=cmd_drivers)

    p = sub.add_parser("backup", help="write a consistent copy of the database")
    p.add_argument("-o", "--output", type=Path, help="file (default: backups/ beside the db)")
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser(
        "restore",
        help="replace the database with a backup (the current file is kept as *.before-restore.db)",
    )
    p.add_argument("file", type=Path)
    p.set_defaults(handler=cmd_restore)
    _add_day_commands(sub)
    return parser


def _add_day_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Dispatch, results, counter pickup, returns and the end of the day."""
    p = sub.add_parser(
        "dispatch", help="scan a run's parcels into the car (stdin), then send it out"
    )
    p.add_argument("--run", type=int, required=True, help="the run's id")
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
    p.add_argument("tracking_id", nargs="?")
    p.add_argument("--code", help="the pickup code instead of the tracking id")
    p.add_argument("--name", required=True, help="who collects it")
    p.set_defaults(handler=cmd_pickup)

    p = sub.add_parser("hold-for-pickup", help="hold an attempted parcel for its recipient")
    p.add_argument("tracking_id")
    p.set_defaults(handler=cmd_hold_for_pickup)

    p = sub.add_parser("returns", help="parcels set aside for the carrier, with deadlines")
    p.add_argument("--list", action="store_true", help="list them (the default)")
    p.add_argument("--holds", action="store_true",
                   help="first set aside the pickup holds that ran out")  # fmt: skip
    p.add_argument("--manifest", action="store_true", help="the day's returned parcels instead")
    p.add_argument("--date", type=_date, help="the day of --manifest (default today)")
    p.set_defaults(handler=cmd_returns)

    p = sub.add_parser("set-aside", help="set a parcel aside for return to the carrier")
    p.add_argument("tracking_id")
    p.add_argument("--reason", required=True, help="why it goes back")
    p.set_defaults(handler=cmd_set_aside)

    p = sub.add_parser("return-scan", help="scan parcels onto the carrier's truck (stdin)")
    p.add_argument("ids", nargs="*")
    p.set_defaults(handler=cmd_return_scan)

    p = sub.add_parser("end-of-day", help="the day's summary and the carrier's status CSV")
    p.add_argument("--date", type=_date, help="default today")
    p.add_argument("-o", "--output-dir", type=Path, help="write status-YYYY-MM-DD.csv here")
    p.add_argument("--mark-missing", action="store_true",
                   help="first mark parcels never received as missing")  # fmt: skip
    p.add_argument("--close", action="store_true", help="close the day (runs back -> closed)")
    p.add_argument("--runs-out-ok", action="store_true", help="close even with runs still out")
    p.set_defaults(handler=cmd_end_of_day)

    p = sub.add_parser("earnings", help="parcels delivered or picked up times the rate")
    p.add_argument("--from", dest="start", type=_date, help="default: Monday of this week")
    p.add_argument("--to", dest="end", type=_date, help="default: today")
    p.set_defaults(handler=cmd_earnings)

    p = sub.add_parser("purge", help="clear recipients' data of parcels finished long ago")
    p.set_defaults(handler=cmd_purge)


class Context:
    """What a command needs: the parsed arguments, the database and who acts."""

    def __init__(self, args: argparse.Namespace, out: TextIO, err: TextIO) -> None:
        self.args = args
        self.out = out
        self.err = err
        self.db_file: Path = args.db or default_db_path()
        self._db: sqlite_utils.Database | None = None

    @property
    def db(self) -> sqlite_utils.Database:
        if self._db is None:
            self._db = connect(self.db_file)
        return self._db

    @property
    def actor(self) -> events.Actor:
        return events.Actor(
            staff=self.args.staff or default_staff(), counter=self.args.counter or default_counter()
        )

    def close(self) -> None:
        if self._db is not None:
            self._db.conn.close()


def main(
    argv: list[str],
    out: TextIO | None = None,
    err: TextIO | None = None,
    stdin: TextIO | None = None,
) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    try:
        args = build_parser().parse_args(argv)
    except CommandLineError as error:
        print(f"parcel-desk: {error}", file=err)
        return EXIT_BAD_INPUT
    context = Context(args, out, err)
    context.stdin = stdin  # type: ignore[attr-defined]
    handler: Callable[[Context], int] = args.handler
    try:
        return handler(context)
    except BadInput as error:
        print(f"parcel-desk: {_one_line(str(error))}", file=err)
        return EXIT_BAD_INPUT
    except (DatabaseUnavailable, StoreError) as error:
        print(f"parcel-desk: {_one_line(str(error))}", file=err)
        return EXIT_FAILED
    except BrokenPipeError:  # `parcel-desk export-status | head`: the reader left, fine
        sys.stderr = io.StringIO()
        return EXIT_OK
    except OSError as error:
        print(f"parcel-desk: {_one_line(str(error))}", file=err)
        return EXIT_FAILED
    finally:
        context.close()


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _output(context: Context) -> tuple[TextIO, Callable[[], None]]:
    """The -o file (written next to its final name and moved into place) or stdout."""
    target: Path | None = context.args.output
    if target is None:
        return context.out, lambda: None
    part = target.with_name(target.name + ".part")
    handle = part.open("w", encoding="utf-8", newline="")

    def finish() -> None:
        handle.close()
        part.replace(target)

    return handle, finish


def cmd_setup(context: Context) -> int:
    a = context.args
    current = settings.load(context.db)
    changes = {
        key: value
        for key, value in {
            "name": a.name,
            "address": a.address,
            "latitude": a.lat,
            "longitude": a.lon,
            "radius_mi": a.radius_mi,
            "timezone": a.timezone,
        }.items()
        if value is not None
    }
    if not current.configured and not {"name", "latitude", "longitude"} <= set(changes):
        raise BadInput("a new shop needs --name, --lat and --lon")
    saved = settings.update(context.db, **changes)
    print(
        f"{saved.name}: {saved.latitude}, {saved.longitude}, radius {saved.radius_mi} mi, "
        f"{saved.timezone}",
        file=context.out,
    )
    return EXIT_OK


def cmd_demo(context: Context) -> int:
    made = demo.create(context.db)
    print(
        f"demo shop created in {context.db_file}: {made['parcels']} parcels expected today, "
        f"{made['checked_in']} already checked in",
        file=context.out,
    )
    return EXIT_OK


def cmd_import_manifest(context: Context) -> int:
    result = manifest.import_file(context.db, context.actor, context.args.file, context.args.date)
    for warning in result.warnings:
        print(f"warning: {warning}", file=context.err)
    held = ", ".join(f"{count} {reason}" for reason, count in sorted(result.held.items()))
    print(
        f"imported {result.parcels} parcels (manifest {result.manifest_id})"
        + (f"; held at check-in: {held}" if held else "")
        + (f"; {result.approximate} located by ZIP only" if result.approximate else ""),
        file=context.out,
    )
    return EXIT_OK


def _scan_lines(context: Context) -> Iterator[str]:
    if context.args.ids:
        yield from context.args.ids
        return
    stream = getattr(context, "stdin", None) or io.TextIOWrapper(
        sys.stdin.buffer, encoding="utf-8", errors="replace", newline=None
    )
    for line in stream:
        if line.strip():
            yield line


def cmd_check_in(context: Context) -> int:
    unreadable = total = 0
    for raw in _scan_lines(context):
        result = checkin.check_in(context.db, context.actor, raw)
        total += 1
        unreadable += result.outcome is checkin.Outcome.UNREADABLE
        print(
            f"{result.outcome}\t{result.tracking_id or ''}\t{result.message}",
            file=context.out,
            flush=True,
        )
    if unreadable:
        print(f"parcel-desk: {unreadable} of {total} scans were unreadable", file=context.err)
        return EXIT_BAD_INPUT
    return EXIT_OK


def cmd_damaged(context: Context) -> int:
    result = checkin.mark_damaged(context.db, context.actor, context.args.tracking_id.upper())
    print(f"{result.outcome}\t{result.tracking_id}\t{result.message}", file=context.out)
    return EXIT_OK


def cmd_undo_scan(context: Context) -> int:
    result = checkin.undo_scan(context.db, context.actor, context.args.tracking_id.upper())
    print(f"{result.outcome}\t{result.tracking_id}\t{result.message}", file=context.out)
    return EXIT_OK


def _today(context: Context) -> date:
    from store.timeutil import utc_now

    return utc_now().astimezone(settings.load(context.db).tz).date()


def cmd_missing(context: Context) -> int:
    day = context.args.date or _today(context)
    for parcel in checkin.still_missing(context.db, day):
        print(
            f"{parcel['tracking_id']}\t{parcel['recipient_name']}\t{parcel['address_line1']}, "
            f"{parcel['city']}",
            file=context.out,
        )
    return EXIT_OK


def cmd_export_status(context: Context) -> int:
    out, finish = _output(context)
    rows = exports.export_status(context.db, out, context.args.date)
    finish()
    if context.args.output:
        print(f"{rows} parcels written to {context.args.output}", file=context.err)
    return EXIT_OK


def cmd_export_events(context: Context) -> int:
    out, finish = _output(context)
    rows = exports.export_events(context.db, out, context.args.date)
    finish()
    if context.args.output:
        print(f"{rows} events written to {context.args.output}", file=context.err)
    return EXIT_OK


def cmd_verify(context: Context) -> int:
    report = events.verify(context.db)
    for problem in report.problems:
        print(f"problem: {problem}", file=context.out)
    print(
        f"{'ok' if report.ok else 'FAILED'}: {report.events} events, {report.parcels} parcels; "
        f"log head {report.head_hash}",
        file=context.out,
    )
    if not report.ok:
        print(f"parcel-desk: verify found {len(report.problems)} problem(s)", file=context.err)
        return EXIT_FAILED
    return EXIT_OK


def cmd_staff(context: Context) -> int:
    action, name = context.args.action, context.args.name
    if action == "list":
        for person in staff.names(context.db):
            print(person, file=context.out)
        return EXIT_OK
    if not name:
        raise BadInput(f"staff {action} needs a name")
    if action == "add":
        print(staff.add(context.db, name), file=context.out)
    else:
        staff.deactivate(context.db, name)
    return EXIT_OK


def cmd_drivers(context: Context) -> int:
    a = context.args
    if a.action == "list":
        for driver in drivers.all_drivers(context.db):
            weight = f", {driver.capacity_weight_lb:g} lb" if driver.capacity_weight_lb else ""
            print(
                f"{driver.name}\t{driver.capacity_parcels} parcels{weight}\t"
                f"{driver.shift_start}-{driver.shift_end}",
                file=context.out,
            )
        return EXIT_OK
    if not a.name:
        raise BadInput(f"drivers {a.action} needs a name")
    if a.action == "remove":
        drivers.remove(context.db, a.name)
        return EXIT_OK
    missing = [
        flag
        for flag, value in (("--capacity", a.capacity), ("--start", a.start), ("--end", a.end))
        if value is None
    ]
    if missing:
        raise BadInput(f"drivers add needs {', '.join(missing)}")
    driver = drivers.add(
        context.db,
        a.name,
        capacity=a.capacity,
        shift_start=a.start,
        shift_end=a.end,
        weight_lb=a.weight_lb,
    )
    print(
        f"{driver.name}\t{driver.capacity_parcels} parcels\t{driver.shift_start}-"
        f"{driver.shift_end}",
        file=context.out,
    )
    return EXIT_OK


def cmd_backup(context: Context) -> int:
    source = Path(db_path(context.db))
    target = context.args.output or (
        backup.backup_dir(source) / f"{source.stem}.{_today(context).isoformat()}.db"
    )
    backup.backup_to(context.db, target)
    print(target, file=context.out)
    return EXIT_OK


def cmd_restore(context: Context) -> int:
    restored = backup.restore(context.args.file, context.db_file)
    report = events.verify(connect(restored))
    print(
        f"restored {restored} from {context.args.file}: {report.events} events, "
        f"{'verified' if report.ok else 'VERIFY FAILED'}",
        file=context.out,
    )
    return EXIT_OK if report.ok else EXIT_FAILED


def _line(context: Context, *cells: object) -> None:
    print("\t".join("" if cell is None else str(cell) for cell in cells), file=context.out,
          flush=True)  # fmt: skip


def cmd_dispatch(context: Context) -> int:
    run_id = context.args.run
    dispatch.start_loading(context.db, run_id)
    for raw in _scan_lines(context):
        result = dispatch.load_scan(context.db, context.actor, run_id, raw)
        _line(context, result.outcome, result.tracking_id, result.message)
    sent = dispatch.dispatch(
        context.db, context.actor, run_id, confirm_missing=context.args.confirm_missing
    )
    _line(context, "dispatched", run_id, sent.message)
    return EXIT_OK


def cmd_record_result(context: Context) -> int:
    a = context.args
    record = results.correct_result if a.correct else results.record_result
    done = record(context.db, context.actor, a.tracking_id.upper(), a.outcome, reason=a.reason,
                  how=a.how, name=a.name)  # fmt: skip
    _line(context, done.status, done.tracking_id, done.message)
    if done.run_back:
        _line(context, "run_back", done.run_id, "the run has no parcel out any more")
    return EXIT_OK


def cmd_result_scan(context: Context) -> int:
    session = result_scan.ManifestScanSession(context.db, context.actor)
    refused = total = 0
    for raw in _scan_lines(context):
        answer = session.scan(raw)
        total += 1
        refused += answer.answer is result_scan.Answer.REFUSED
        _line(context, answer.answer, answer.message)
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
        raise BadInput("give the tracking id or --code, one of them")
    tracking_id = (
        pickup.find_by_pickup_code(context.db, a.code).tracking_id
        if a.code
        else a.tracking_id.upper()
    )
    done = pickup.hand_over(context.db, context.actor, tracking_id, a.name)
    _line(context, done.status, done.tracking_id, "Handed over at the counter")
    return EXIT_OK


def cmd_hold_for_pickup(context: Context) -> int:
    tracking_id = context.args.tracking_id.upper()
    code = pickup.hold_for_pickup(context.db, context.actor, tracking_id)
    days = settings.load(context.db).pickup_hold_days
    _line(context, code, tracking_id, f"Held for pickup for {days} days: tell the recipient {code}")
    return EXIT_OK


def cmd_returns(context: Context) -> int:
    a, db = context.args, context.db
    if a.manifest:
        for row in returns.manifest_rows(db, a.date or _today(context)):
            _line(context, row.tracking_id, row.reason, row.attempts, row.returned_at, row.staff)
        return EXIT_OK
    if a.holds:
        overdue = [p.tracking_id for p in pickup.overdue_holds(db)]
        if overdue:
            pickup.to_return(db, context.actor, overdue)
        print(f"{len(overdue)} pickup hold(s) ran out and were set aside", file=context.err)
    for row in returns.pending(db):
        _line(context, row.tracking_id, row.reason, row.deadline, "OVERDUE" if row.overdue else "")
    return EXIT_OK


def cmd_set_aside(context: Context) -> int:
    a = context.args
    row = returns.set_aside(context.db, context.actor, a.tracking_id.upper(), a.reason)
    _line(context, "return_pending", row.tracking_id, f"Set aside: on the truck by {row.deadline}")
    return EXIT_OK


def cmd_return_scan(context: Context) -> int:
    refused = total = 0
    for raw in _scan_lines(context):
        result = returns.return_scan(context.db, context.actor, raw)
        total += 1
        refused += result.outcome is not returns.ReturnOutcome.RETURNED
        _line(context, result.outcome, result.tracking_id, result.message)
    if refused:
        print(f"parcel-desk: {refused} of {total} scans were not returned", file=context.err)
        return EXIT_BAD_INPUT
    return EXIT_OK


def cmd_end_of_day(context: Context) -> int:
    a, db = context.args, context.db
    day = a.date or _today(context)
    if a.mark_missing:
        marked = end_of_day.mark_missing(db, context.actor, day)
        print(f"{len(marked)} parcel(s) marked missing", file=context.err)
    if a.output_dir:
        _write_status_csv(context, day)
    if a.close:
        closed = end_of_day.close_day(db, context.actor, day, runs_still_out_ok=a.runs_out_ok)
        _print_summary(context, closed.summary)
        for text in closed.warnings:
            print(f"warning: {text}", file=context.err)
        if not closed.closed:
            print(f"parcel-desk: day not closed: {closed.problems[0]} "
                  f"({len(closed.problems)} problem(s))", file=context.err)  # fmt: skip
            return EXIT_FAILED
        return EXIT_OK
    _print_summary(context, end_of_day.summary(db, day))
    return EXIT_OK


def _write_status_csv(context: Context, day: date) -> None:
    target = context.args.output_dir / f"status-{day.isoformat()}.csv"
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    with part.open("w", encoding="utf-8", newline="") as handle:
        rows = exports.export_status(context.db, handle, day)
    part.replace(target)
    print(f"{rows} parcels written to {target}", file=context.err)


def _print_summary(context: Context, summary: end_of_day.DaySummary) -> None:
    rate = summary.first_attempt_rate
    for key in ("day", "expected", "received", "delivered", "attempted", "picked_up",
                "returned", "return_pending", "missing", "still_out", "miles_planned"):  # fmt: skip
        _line(context, key, getattr(summary, key))
    _line(context, "first_attempt_rate", "" if rate is None else f"{rate:.0%}")
    for line in summary.drivers:
        _line(context, "run", f"Run {line.run_number} · {line.driver}", line.state,
              f"{line.parcels} parcels", f"{line.delivered} delivered",
              f"{line.attempted} attempted", f"{line.distance_mi:g} mi")  # fmt: skip


def cmd_earnings(context: Context) -> int:
    today = _today(context)
    start = context.args.start or today - timedelta(days=today.weekday())
    got = end_of_day.earnings(context.db, start, context.args.end or today)
    for line in got.days:
        _line(context, line.start, line.parcels, f"{line.amount:.2f}")
    for line in got.weeks:
        _line(context, f"week of {line.start}", line.parcels, f"{line.amount:.2f}")
    _line(context, "total", got.parcels, f"{got.amount:.2f}")
    return EXIT_OK


def cmd_purge(context: Context) -> int:
    count = privacy.purge(context.db)
    days = settings.load(context.db).purge_after_days
    _line(context, "purged", count, f"parcels finished more than {days} days ago")
    return EXIT_OK
