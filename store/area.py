"""The shop's area: its street map, what is loaded, where its files are, how plans use it.

A street map is imported once from an OpenStreetMap extract (`store.area_import`); its files
(OSRM's road data, the cut extract, the streets for the maps, and whatever later import steps
add) are derived data: they live in a folder beside the shop file, named after it
(`shop.db` → `shop.area/<one folder per import>/`), never in the SQLite file and never in a
backup's critical path. The shop file records which folder is current, with the source
file's name, date and SHA-256, under the `street_map` key of its settings table, so a new
import switches over in one transaction. A shop file restored or copied without its folder
plans on straight lines (and says so) until the map is imported again.

For other modules (the planner, the maps, the address lookup):

- `status(db)` says what is loaded and whether it can be used;
- `current(db)` is the usable `Area` or None; `Area.osrm_base` is OSRM's base path,
  `Area.extract` the cut .osm.pbf, `Area.streets` the roads for the maps, and
  `Area.file(name)` any other file an import step keeps in the folder;
- `travel_for(db, settings)` is the travel model a plan uses (roads, or the straight-line
  estimate) and `estimate_note(...)` the words shown when distances are estimated.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlite_utils

from store.db import db_path, write_transaction
from store.settings import ShopSettings
from store.settings import load as load_settings

if TYPE_CHECKING:
    import routing

SETTINGS_KEY = "street_map"
ROOT_SUFFIX = ".area"
NO_STREET_MAP = "no street map loaded"
MILES_PER_DEGREE = 69.09


@dataclass(frozen=True)
class Area:
    """One imported street map, as the shop file records it."""

    folder: Path
    source_name: str
    source_sha256: str
    source_bytes: int
    source_date: str  # the extract's own date (its header's replication time), or ""
    source_modified: str  # when the source file was last changed (ISO 8601 UTC)
    imported_at: str  # ISO 8601 UTC
    shop_lat: float  # where the shop was when the map was cut
    shop_lon: float
    radius_mi: float
    box: tuple[float, float, float, float]  # south, west, north, east of the cut
    covers_radius: bool  # the source's roads reach the whole delivery radius
    roads: int
    addresses: int
    osrm_version: str

    @property
    def osrm_base(self) -> Path:
        """OSRM's base path (open with `routing.roads.OsrmTravel`)."""
        return self.folder / "area.osrm"

    @property
    def extract(self) -> Path:
        """The cut OpenStreetMap extract: roads, address points, place names."""
        return self.folder / "area.osm.pbf"

    @property
    def streets(self) -> Path:
        """The roads as the maps draw them (`routing.streets.load_streets`)."""
        return self.folder / "streets.npz"

    def file(self, name: str) -> Path:
        """Another file an import step keeps in the area's folder."""
        return self.folder / name

    def contains(self, lat: float | None, lon: float | None) -> bool:
        south, west, north, east = self.box
        return lat is not None and lon is not None and south <= lat <= north and west <= lon <= east

    def record(self) -> dict[str, Any]:
        """The settings row's value (the folder by name: the shop file may move)."""
        data = asdict(self)
        data["folder"] = self.folder.name
        data["box"] = list(self.box)
        return data

    @classmethod
    def from_record(cls, data: dict[str, Any], root: Path) -> Area:
        values = {"source_modified": "", **data}  # a field later versions added
        values["folder"] = root / str(data["folder"])
        values["box"] = tuple(float(x) for x in data["box"])
        return cls(**values)


@dataclass(frozen=True)
class AreaStatus:
    """What is loaded, and whether plans can use it (`problem` says why not)."""

    area: Area | None
    problem: str = ""

    @property
    def usable(self) -> bool:
        return self.area is not None and not self.problem

    @property
    def source(self) -> str | None:
        """The source file's name of the map plans drive on, or None (straight lines)."""
        return self.area.source_name if self.area is not None and self.usable else None

    @property
    def note(self) -> str:
        """ "" when plans drive on the roads, else "distances estimated: …" with the reason."""
        if self.usable:
            return ""
        return estimate_note(self.problem if self.area is not None else NO_STREET_MAP)

    def lines(self) -> list[str]:
        """What `area status` and the Street map dialog say, one fact a line."""
        area = self.area
        if area is None:
            return [f"No street map: {NO_STREET_MAP}. Plans use straight-line estimates."]
        south, west, north, east = area.box
        dated = (
            f"data of {area.source_date[:10]}"
            if area.source_date
            else f"file of {area.source_modified[:10]}"
        )
        lines = [
            f"Street map: {area.source_name} ({_size(area.source_bytes)}, {dated})",
            f"Imported {area.imported_at[:16].replace('T', ' ')} UTC; sha256 {area.source_sha256}",
            f"Cut to {latitude(south)} to {latitude(north)}, {longitude(west)} to "
            f"{longitude(east)}: the {area.radius_mi:g}-mile radius around the shop and a margin",
            f"{area.roads:,} roads, {area.addresses:,} address points",
        ]
        if not area.covers_radius:
            lines.append(
                "The file's roads do not reach the whole delivery radius: stops beyond them "
                "are set aside as far from a road."
            )
        if self.problem:
            lines.append(f"Not used: {self.problem}. Plans use straight-line estimates.")
        else:
            lines.append("Plans use drive times and distances on these roads.")
        return lines


def latitude(value: float) -> str:
    """47.141 N, 40.280 S."""
    return f"{abs(value):.3f} {'N' if value >= 0 else 'S'}"


def longitude(value: float) -> str:
    """9.522 E, 76.805 W."""
    return f"{abs(value):.3f} {'E' if value >= 0 else 'W'}"


def _size(count: int) -> str:
    return f"{count / 1e6:.1f} MB" if count >= 1e5 else f"{count / 1e3:.0f} KB"


def area_root(db_file: Path) -> Path:
    """The folder beside the shop file that holds its street maps."""
    return db_file.with_name(db_file.stem + ROOT_SUFFIX)


def shop_file(db: sqlite_utils.Database) -> Path | None:
    """The shop file behind a connection; None for an in-memory database."""
    path = db_path(db)
    return Path(path) if path else None


def recorded(db: sqlite_utils.Database) -> Area | None:
    """The street map the shop file records (its files may be missing)."""
    row = db.conn.execute("SELECT value FROM settings WHERE key = ?", (SETTINGS_KEY,)).fetchone()
    file = shop_file(db)
    if row is None or file is None:
        return None
    try:
        return Area.from_record(json.loads(row[0]), area_root(file))
    except (TypeError, ValueError, KeyError):
        return None  # unreadable (another version's record): as if none were loaded


def status(db: sqlite_utils.Database, settings: ShopSettings | None = None) -> AreaStatus:
    """What is loaded and whether it can be used for the shop as it is set up now."""
    area = recorded(db)
    if area is None:
        return AreaStatus(None)
    settings = settings or load_settings(db)
    if not all(path.is_file() for path in (area.file("area.osrm.mldgr"), area.streets)):
        return AreaStatus(area, f"its files are missing from {area.folder}; import it again")
    if not area.contains(settings.latitude, settings.longitude):
        return AreaStatus(area, "the shop is outside the area it was cut to; import it again")
    return AreaStatus(area)


def current(db: sqlite_utils.Database, settings: ShopSettings | None = None) -> Area | None:
    """The street map plans and maps use, or None."""
    state = status(db, settings)
    return state.area if state.usable else None


def record(db: sqlite_utils.Database, area: Area) -> None:
    """Make `area` the shop's street map (one transaction: the switch is atomic)."""
    with write_transaction(db):
        db.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (SETTINGS_KEY, json.dumps(area.record())),
        )


def estimate_note(problem: str = NO_STREET_MAP) -> str:
    """What every plan, screen and manifest says when distances are straight-line estimates."""
    return f"distances estimated: {problem}"


def travel_for(
    db: sqlite_utils.Database, settings: ShopSettings
) -> tuple[routing.TravelModel, AreaStatus]:
    """The travel model of a plan: the roads when a usable street map is loaded, else the
    straight-line estimate (the status says which, and why). Loads the planner's package."""
    import routing
    from routing.roads import OsrmTravel

    estimate = routing.GreatCircleTravel(settings.circuity, settings.speed_mph)
    state = status(db, settings)
    if state.area is not None and state.usable:
        return OsrmTravel(state.area.osrm_base, fallback=estimate), state
    return estimate, state


def cut_box(lat: float, lon: float, radius_mi: float) -> tuple[float, float, float, float]:
    """The box a street map is cut to: the delivery radius and a margin for the roads a
    driver takes just outside it (a fifth of the radius, at least a mile)."""
    return box_around(lat, lon, radius_mi + max(1.0, radius_mi * 0.2))


def box_around(lat: float, lon: float, miles: float) -> tuple[float, float, float, float]:
    """(south, west, north, east) of the square `miles` from (lat, lon) each way."""
    dlat = miles / MILES_PER_DEGREE
    dlon = miles / (MILES_PER_DEGREE * max(0.05, math.cos(math.radians(lat))))
    return (lat - dlat, lon - dlon, lat + dlat, lon + dlon)
