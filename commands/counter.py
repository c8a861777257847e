"""The morning's commands: import the manifest, check parcels in, and the carrier's CSV
exports."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from commands.context import (
    EXIT_BAD_INPUT,
    EXIT_FAILED,
    EXIT_OK,
    Context,
    local_today,
    not_over_a_database,
    one_line,
    parse_date,
    scan_lines,
)
from store import (
    anchor,
    checkin,
    exports,
    manifest,
)
from store.errors import DatabaseUnavailable


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the counter commands."""
    p = sub.add_parser("import-manifest", help="import the carrier's inbound manifest CSV")
    p.add_argument("file", type=Path)
    p.add_argument("--date", type=parse_date, help="the day the parcels arrive (default today)")
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
    p.add_argument("--date", type=parse_date)
    p.set_defaults(handler=cmd_missing)

    p = sub.add_parser("export-status", help="the carrier's status CSV (one row per parcel)")
    p.add_argument(
        "--date",
        type=parse_date,
        help="parcels whose status changed that day (default: all parcels, current status)",
    )
    p.add_argument("-o", "--output", type=Path)
    p.set_defaults(handler=cmd_export_status)

    p = sub.add_parser("export-events", help="the event log as CSV (one row per event)")
    p.add_argument("--date", type=parse_date)
    p.add_argument("-o", "--output", type=Path)
    p.set_defaults(handler=cmd_export_events)


def cmd_import_manifest(context: Context) -> int:
    result = manifest.import_file(context.db, context.actor, context.args.file, context.args.date)
    for warning in result.warnings:
        print(f"warning: {warning}", file=context.err)
    held = ", ".join(f"{count} {reason}" for reason, count in sorted(result.held.items()))
    rough = [
        f"{result.located[precision]} {words}"
        for precision, words in (("street", "on the street only"), ("zip", "by ZIP only"))
        if result.located.get(precision)
    ]
    print(
        f"imported {result.parcels} parcels (manifest {result.manifest_id})"
        + (f"; held at check-in: {held}" if held else "")
        + (f"; approximate: {', '.join(rough)}" if rough else "")
        + (
            f"; {result.disagreeing} with coordinates that disagree with the address"
            if result.disagreeing
            else ""
        ),
        file=context.out,
    )
    return EXIT_OK


def cmd_check_in(context: Context) -> int:
    unreadable = ambiguous = total = 0
    scans = scan_lines(context)
    for raw in scans:
        result = _check_in_when_free(context, raw)
        if result is None:  # the file stayed busy: say what was not recorded, then stop
            _not_recorded(context, [raw, *scans])
            return EXIT_FAILED
        total += 1
        unreadable += result.outcome is checkin.Outcome.UNREADABLE
        ambiguous += result.outcome is checkin.Outcome.AMBIGUOUS
        print(
            f"{result.outcome}\t{result.tracking_id or ''}\t{result.message}",
            file=context.out,
            flush=True,
        )
    problems = []
    if unreadable:
        problems.append(f"{unreadable} of {total} scans were unreadable")
    if ambiguous:
        problems.append(
            f"{ambiguous} of {total} scans could be more than one parcel and were not checked "
            "in: check those in by the tracking id printed on the label"
        )
    if problems:
        print(f"parcel-desk: {'; '.join(problems)}", file=context.err)
        return EXIT_BAD_INPUT
    return EXIT_OK


#: How long one scan keeps trying while the other counter holds the file (each try waits
#: the busy timeout): a batch waits out anything but a file stuck for good.
KEEP_TRYING_S = 300.0


def _check_in_when_free(context: Context, raw: str) -> checkin.ScanResult | None:
    """Check one scan in, trying again (with a line on stderr) while the file is busy;
    None when it stayed busy for KEEP_TRYING_S."""
    give_up = time.monotonic() + KEEP_TRYING_S
    while True:
        try:
            return checkin.check_in(context.db, context.actor, raw)
        except DatabaseUnavailable as error:
            if not error.busy or time.monotonic() >= give_up:
                if error.busy:
                    return None
                raise
            print(
                f"parcel-desk: the shop file is busy (another counter is writing); trying "
                f"{one_line(raw)} again",
                file=context.err,
                flush=True,
            )


def _not_recorded(context: Context, raws: list[str]) -> None:
    for raw in raws:
        print(f"not_recorded\t\t{one_line(raw)}: the shop file stayed busy", file=context.out)
    print(
        f"parcel-desk: the shop file stayed busy for {KEEP_TRYING_S:.0f} s; "
        f"{len(raws)} scans were not recorded (listed as not_recorded): scan them again",
        file=context.err,
    )


def cmd_damaged(context: Context) -> int:
    result = checkin.mark_damaged(context.db, context.actor, context.args.tracking_id.upper())
    print(f"{result.outcome}\t{result.tracking_id}\t{result.message}", file=context.out)
    return EXIT_OK


def cmd_undo_scan(context: Context) -> int:
    result = checkin.undo_scan(context.db, context.actor, context.args.tracking_id.upper())
    print(f"{result.outcome}\t{result.tracking_id}\t{result.message}", file=context.out)
    return EXIT_OK


def cmd_missing(context: Context) -> int:
    day = context.args.date or local_today(context)
    for parcel in checkin.still_missing(context.reader, day):
        print(
            f"{parcel['tracking_id']}\t{parcel['recipient_name']}\t{parcel['address_line1']}, "
            f"{parcel['city']}",
            file=context.out,
        )
    return EXIT_OK


def cmd_export_status(context: Context) -> int:
    target = context.args.output
    if target is None:
        exports.export_status(context.reader, context.out, context.args.date)
        head = anchor.head(context.reader)
        if head is not None:  # the receipt a file would get, in one line
            print(f"log head {head}: keep it; verify --anchor {head} proves the log still holds "
                  "it", file=context.err)  # fmt: skip
        return EXIT_OK
    not_over_a_database(target)
    rows = exports.save_status(context.reader, target, context.args.date)
    print(f"{rows} parcels written to {target} (receipt beside it: "
          f"{anchor.receipt_path(target).name})", file=context.err)  # fmt: skip
    return EXIT_OK


def cmd_export_events(context: Context) -> int:
    target = context.args.output
    if target is None:
        exports.export_events(context.reader, context.out, context.args.date)
        return EXIT_OK
    not_over_a_database(target)
    # Whole or not at all, and a failure is a sentence naming the file ("[Errno 27] File too
    # large" named none).
    from labels.files import text_file_atomically  # not at the top: the console starts light

    with text_file_atomically(target) as out:
        rows = exports.export_events(context.reader, out, context.args.date)
    print(f"{rows} events written to {target}", file=context.err)
    return EXIT_OK
