"""Where a parcel goes: show how it was located, or fix it (`locate ID --lat LAT --lon LON`)."""

from __future__ import annotations

import argparse

from commands.context import EXIT_OK, Context
from store import locate, location_fix, parcels
from store.errors import BadInput


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the locating command."""
    p = sub.add_parser(
        "locate",
        help="show how a parcel is located and the streets it could be on; or fix it with "
        "--lat/--lon (the address book learns it) or --street N (one of those shown)",
    )
    p.add_argument("tracking_id")
    p.add_argument("--lat", help="latitude of the right house (with --lon)")
    p.add_argument("--lon", help="longitude of the right house (with --lat)")
    p.add_argument("--street", type=int, help="take match number N of those `locate ID` lists")
    p.set_defaults(handler=cmd_locate)


def cmd_locate(context: Context) -> int:
    args = context.args
    tracking_id = args.tracking_id.strip().upper()
    if (args.lat is None) != (args.lon is None):
        raise BadInput("give both --lat and --lon (the right house's coordinates)")
    if args.lat is not None and args.street is not None:
        raise BadInput("give either --lat/--lon or --street, not both")
    if args.lat is not None:
        result = location_fix.fix_location(
            context.db, context.actor, tracking_id, args.lat, args.lon, how="typed"
        )
        _report(context, tracking_id, result)
    elif args.street is not None:
        choices = _choices(context, tracking_id)
        if not 1 <= args.street <= len(choices):
            raise BadInput(
                f"--street {args.street}: choose a match from 1 to {len(choices)}"
                if choices
                else f"--street: no street in the area matches {tracking_id}'s address"
            )
        match = choices[args.street - 1]
        result = location_fix.fix_location(
            context.db,
            context.actor,
            tracking_id,
            match.latitude,
            match.longitude,
            how="street",
            precision=match.precision,
        )
        _report(context, tracking_id, result)
    else:
        _show(context, tracking_id)
    return EXIT_OK


def _choices(context: Context, tracking_id: str) -> list:
    parcel = parcels.get(context.db, tracking_id)
    return locate.Locator(context.db).candidates(
        parcel["address_line1"], parcel["postal_code"], parcel["city"]
    )


def _show(context: Context, tracking_id: str) -> None:
    parcel = parcels.get(context.db, tracking_id)
    precision = parcel["location_precision"] or "none"
    where = (
        f"{parcel['latitude']:.6f}, {parcel['longitude']:.6f}"
        if parcel["latitude"] is not None
        else "no position"
    )
    print(f"{tracking_id}\t{precision}\t{where}\t{parcel['location_detail']}", file=context.out)
    if parcel["location_warning"]:
        print(f"warning: {parcel['location_warning']}", file=context.out)
    for number, match in enumerate(_choices(context, tracking_id), 1):
        print(
            f"{number}\t{match.precision}\t{match.latitude:.6f}, {match.longitude:.6f}\t"
            f"{match.detail}",
            file=context.out,
        )


def _report(context: Context, tracking_id: str, result: location_fix.FixResult) -> None:
    others = len(result.tracking_ids) - 1
    parts = [f"located {tracking_id} ({result.precision}); the address book remembers it"]
    if others:
        parts.append(f"{others} more parcel{'s' if others > 1 else ''} to that address moved")
    if result.released:
        parts.append(f"released to the shelf: {', '.join(result.released)}")
    if result.stops_moved:
        parts.append("its stop moved: re-plan to re-time the run")
    if result.hold:
        parts.append(f"still held: {result.hold.replace('_', ' ')}")
    print("; ".join(parts), file=context.out)
