"""Commands that set up the shop and look after its file: setup, demo, staff, drivers,
verify, backup and restore."""

from __future__ import annotations

import argparse
from pathlib import Path

from commands.context import (
    EXIT_FAILED,
    EXIT_OK,
    Context,
    local_today,
)
from store import (
    anchor,
    backup,
    demo,
    demo_file,
    drivers,
    events,
    restore,
    settings,
    staff,
)
from store.db import db_path
from store.errors import BadInput, DatabaseUnavailable
from store.places import demo_db_path


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the shop commands."""
    p = sub.add_parser("setup", help="create or change the shop")
    p.add_argument("--name")
    p.add_argument("--address")
    p.add_argument("--lat", type=float)
    p.add_argument("--lon", type=float)
    p.add_argument("--radius-mi", type=float)
    p.add_argument("--timezone")
    p.set_defaults(handler=cmd_setup, makes_a_shop=True)

    p = sub.add_parser(
        "demo",
        help="a fresh demo shop in Colonial Park (Harrisburg, PA) on its real streets, with a "
        "realistic day, in the demo's own file (or in --db)",
    )
    p.set_defaults(handler=cmd_demo, makes_a_shop=True)

    p = sub.add_parser("verify", help="check the file, the hash-chained log and cached statuses")
    p.add_argument(
        "--anchor",
        action="append",
        default=[],
        metavar="ID:HASH",
        help="a log head printed on a summary or a receipt: prove the log still holds it",
    )
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
        help="replace the database with a checked backup (the current file is kept as "
        "*.before-restore-DATE-TIME.db)",
    )
    p.add_argument("file", type=Path)
    p.add_argument(
        "--other-shop",
        action="store_true",
        help="the backup is of another shop (name or place differ): restore it all the same",
    )
    p.set_defaults(handler=cmd_restore)


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
    """Into --db when given (refused if it holds a shop); else a fresh demo day in the demo's
    own file (the previous demo is replaced, the shop's file is never touched)."""
    if context.args.db is not None:
        made = demo.create(context.db)
        hint = ""
    else:
        context.db_file = demo_db_path()
        db, fresh = demo_file.open_demo(context.db_file, fresh=True)
        db.conn.close()
        made = fresh or {}
        hint = "; open it with `parcel-desk --demo`, or add --demo to any command"
    print(
        f"demo shop created in {context.db_file}: {made.get('parcels', 0)} parcels expected "
        f"today, {made.get('checked_in', 0)} already checked in{hint}",
        file=context.out,
    )
    return EXIT_OK


def cmd_verify(context: Context) -> int:
    anchors = [anchor.parse(text) for text in context.args.anchor]
    report = events.verify(context.open_even_if_damaged(), anchors=anchors)
    for problem in report.problems:
        print(f"problem: {problem}", file=context.out)
    held = f"; {report.anchors_checked} anchor(s) held" if report.ok and anchors else ""
    print(
        f"{'ok' if report.ok else 'FAILED'}: {report.events} events, {report.parcels} parcels; "
        f"log head {report.head_id}:{report.head_hash}{held}",
        file=context.out,
    )
    if not report.ok:
        found = len(report.problems)
        print(
            f"parcel-desk: verify found {found} problem{'' if found == 1 else 's'}",
            file=context.err,
        )
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
    source = Path(db_path(context.reader))  # a copy is a read: read-only media will do
    target = context.args.output or (
        backup.backup_dir(source) / f"{source.stem}.{local_today(context).isoformat()}.db"
    )
    try:
        backup.backup_to(context.reader, target)
    except OSError as error:
        raise DatabaseUnavailable(
            f"cannot write the backup {target}: {error.strerror or error}; choose a place "
            "that can be written with -o FILE"
        ) from error
    print(target, file=context.out)
    return EXIT_OK


def cmd_restore(context: Context) -> int:
    done = restore.restore(context.args.file, context.db_file, other_shop=context.args.other_shop)
    report = events.verify(context.db)
    print(
        f"restored {done.db_file} from {context.args.file}: {report.events} events, "
        f"{'verified' if report.ok else 'VERIFY FAILED'}",
        file=context.out,
    )
    if done.kept is not None:
        print(restore.lost_words(done), file=context.out)
    return EXIT_OK if report.ok else EXIT_FAILED
