"""The street map (the shop's OpenStreetMap area) as the setup and settings pages see it.

Three owners meet here, so the pages depend on one small module instead of all three:
- whether a street map is loaded, and importing one: `store.area` and `store.area_import`
  (the road-network work; until it is in this build the page says import is not available
  and the straight-line settings show);
- finding the shop's address on the area's streets, and the streets to draw under the pin:
  the area's address index (`store.locate`, built by the import).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import sqlite_utils

from store import locate
from store.db import connect, db_path

Street = Sequence[tuple[float, float]]
#: Sources of a place found on the area's own data (not the ZIP code's centre).
ON_THE_STREETS = ("address_point", "street", "address_book")


@dataclass(frozen=True)
class AreaState:
    loaded: bool
    summary: str  # what the page says: what is loaded, or that nothing is


def _module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def available() -> bool:
    """Whether this build can import a street map at all."""
    return _module("store.area_import") is not None


def state(db: sqlite_utils.Database | None) -> AreaState:
    area = _module("store.area")
    if area is None or db is None:
        return AreaState(False, "No street map is loaded: distances are estimated.")
    status = area.status(db)
    return AreaState(bool(status.usable), "\n".join(status.lines()))


def import_area(
    db: sqlite_utils.Database,
    source: Path,
    progress: Callable[[str, float], None],
    cancelled: Callable[[], bool],
) -> str:
    """Import `source` (an .osm.pbf extract) as the shop's street map; returns a summary.
    Runs in a worker thread, on a connection of its own. Raises RuntimeError when this build
    has no street-map import."""
    area_import = _module("store.area_import")
    if area_import is None:
        raise RuntimeError("this version cannot import a street map yet")
    own = connect(db_path(db), migrate=False)
    try:
        job = area_import.prepare(own, source)
        built = area_import.build(job, on_progress=progress, cancel=cancelled)
        area = area_import.install(own, built)
    finally:
        own.conn.close()
    return f"{area.source_name}: {area.roads:,} roads, {area.addresses:,} address points"


def streets(db: sqlite_utils.Database | None) -> list[Street]:
    """The area's named streets as (latitude, longitude) lines; none without a street map."""
    index = locate.area_index(db) if db is not None else None
    if index is None:
        return []
    lines: list[Street] = []
    for street in index.streets.values():
        for piece in street.pieces:
            lines.append([(piece[i + 1], piece[i]) for i in range(0, len(piece) - 1, 2)])
    return lines


def street_finder(db: sqlite_utils.Database | None) -> Callable[[str], tuple[float, float] | None]:
    """Finds a typed address ("4200 Derry St, Harrisburg PA 17111") on the area's streets."""

    def find(address: str) -> tuple[float, float] | None:
        index = locate.area_index(db) if db is not None else None
        if index is None or db is None:
            return None
        line1, _, rest = address.partition(",")
        postal = re.findall(r"\b(\d{5})(?:-\d{4})?\b", rest or line1)
        city = re.sub(r"\b[A-Z]{2}\b|\d{5}(-\d{4})?|,", " ", rest).strip()
        found = locate.Locator(db, index).locate(line1.strip(), postal[-1] if postal else "", city)
        if found.source not in ON_THE_STREETS or found.latitude is None:
            return None
        assert found.longitude is not None
        return found.latitude, found.longitude

    return find
