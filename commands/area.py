"""The shop's street map from the command line: `area import FILE.osm.pbf`, `area status`."""

from __future__ import annotations

import argparse
from pathlib import Path

from commands.context import EXIT_OK, Context


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the street map commands."""
    p = sub.add_parser(
        "area",
        help="the shop's street map: import an OpenStreetMap extract, or say what is loaded",
        description="Plans drive on the street map's roads once one is imported; without one "
        "they use straight-line estimates. Any OpenStreetMap extract provider's file of the "
        "shop's state or region works (e.g. Geofabrik's US state .osm.pbf); it is cut to the "
        "delivery radius and kept beside the shop file.",
    )
    actions = p.add_subparsers(dest="area_action", metavar="ACTION", required=True)
    imported = actions.add_parser("import", help="import FILE.osm.pbf as the shop's street map")
    imported.add_argument("file", type=Path, help="an OpenStreetMap extract (.osm.pbf)")
    imported.set_defaults(handler=cmd_area_import)
    status = actions.add_parser("status", help="say which street map is loaded")
    status.set_defaults(handler=cmd_area_status)


def cmd_area_import(context: Context) -> int:
    from store import area, area_import  # OSRM and pyosmium load only when asked

    said: list[str] = []

    def progress(label: str, fraction: float) -> None:
        if label != "Done" and (not said or said[-1] != label):
            said.append(label)
            print(f"{label}… ({fraction:.0%})", file=context.err, flush=True)

    area_import.import_area(context.db, context.args.file, on_progress=progress)
    for line in area.status(context.db).lines():
        print(line, file=context.out)
    return EXIT_OK


def cmd_area_status(context: Context) -> int:
    from store import area

    for line in area.status(context.db).lines():
        print(line, file=context.out)
    return EXIT_OK
