"""A tiny synthetic OpenStreetMap world, written with pyosmium, for exact road cases.

Two street grids, south and north of a river 700 m wide, joined by one bridge at the west
end. The north grid's top street is one-way eastbound. An island in the river has no road.
East of the south grid, Lone Lane joins no other road (a private estate's drive): a car
cannot get there from the shop.
Distances are in metres east (x) and north (y) of an origin; `at(x, y)` gives (lat, lon).

    y=1500  >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>  (one-way, eastbound)
    y=1300  ---+---+---+---+---+---+---+---
    y=1100  ---+---+---+---+---+---+---+---
            |
            | bridge (x=0)        * island (1500, 750)
            |
    y=400   ---+---+---+---+---+---+---+---
    y=200   ---+---+---+---+---+---+---+---
    y=200   ---+---+---+---+---+---+---+---     ======  (Lone Lane, x=2600..2900)
    y=0     S--+---+---+---+---+---+---+---   (S: the shop)
          x=0                            x=2000
"""

from __future__ import annotations

import itertools
import math
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import osmium
import pytest
import sqlite_utils

from store import area_import, drivers, settings
from store.checkin import check_in
from store.db import connect
from store.events import Actor
from store.manifest import import_bytes

LAT0, LON0 = 45.0, 10.0
COLUMNS = [x * 250 for x in range(9)]  # 0 .. 2000 m
SOUTH_ROWS = (0, 200, 400)
NORTH_ROWS = (1100, 1300, 1500)
SHOP_XY = (100, 12)
ISLAND_XY = (1500, 750)
LONE_LANE = ((2600, 200), (2750, 200), (2900, 200))
LONE_XY = (2750, 212)


def at(x: float, y: float) -> tuple[float, float]:
    """(lat, lon) of the point x metres east and y metres north of the origin."""
    lat = LAT0 + y / 111_320
    lon = LON0 + x / (111_320 * math.cos(math.radians(LAT0)))
    return round(lat, 7), round(lon, 7)


SHOP = at(*SHOP_XY)
ISLAND = at(*ISLAND_XY)
LONE = at(*LONE_XY)  # beside Lone Lane, which no road joins with the others
MORNING = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)  # 08:00 in the world's zone
HEADER = "tracking_id,recipient_name,address_line1,city,state,postal_code,latitude,longitude"


def write_world(path: Path) -> Path:
    """Write the world above as an .osm.pbf file."""
    ids: dict[tuple[int, int], int] = {}
    nodes = []
    for row in (*SOUTH_ROWS, *NORTH_ROWS):
        for x in COLUMNS:
            ids[(x, row)] = len(ids) + 1
            lat, lon = at(x, row)
            nodes.append(osmium.osm.mutable.Node(id=ids[(x, row)], location=(lon, lat)))
    ways = []

    def way(refs: list[int], **tags: str) -> None:
        ways.append(osmium.osm.mutable.Way(id=len(ways) + 1, nodes=refs, tags=tags))

    for number, row in enumerate((*SOUTH_ROWS, *NORTH_ROWS), start=1):
        tags = {"highway": "residential", "name": f"Row {number} Street"}
        if row == NORTH_ROWS[-1]:
            tags["oneway"] = "yes"
        way([ids[(x, row)] for x in COLUMNS], **tags)
    for x in COLUMNS:
        for rows in (SOUTH_ROWS, NORTH_ROWS):
            for low, high in itertools.pairwise(rows):
                way([ids[(x, low)], ids[(x, high)]], highway="residential", name=f"Avenue {x}")
    way([ids[(0, SOUTH_ROWS[-1])], ids[(0, NORTH_ROWS[0])]], highway="tertiary",
        name="Bridge Road", bridge="yes")  # fmt: skip
    for x, y in LONE_LANE:
        ids[(x, y)] = len(ids) + 1
        lat, lon = at(x, y)
        nodes.append(osmium.osm.mutable.Node(id=ids[(x, y)], location=(lon, lat)))
    way([ids[xy] for xy in LONE_LANE], highway="residential", name="Lone Lane")
    river = len(ids) + 100
    water = []
    for n, (x, y) in enumerate([(-500, 600), (2500, 600), (2500, 900), (-500, 900)]):
        lat, lon = at(x, y)
        water.append(osmium.osm.mutable.Node(id=river + n, location=(lon, lat)))
    place_lat, place_lon = at(1000, 300)
    place = osmium.osm.mutable.Node(
        id=river + 10,
        location=(place_lon, place_lat),
        tags={"place": "hamlet", "name": "Southside"},
    )
    house_lat, house_lon = at(260, 215)
    house = osmium.osm.mutable.Node(
        id=river + 11,
        location=(house_lon, house_lat),
        tags={"addr:housenumber": "7", "addr:street": "Row 2 Street", "addr:postcode": "99001"},
    )
    path.unlink(missing_ok=True)
    with osmium.SimpleWriter(str(path)) as writer:
        for node in [*nodes, *water, place, house]:
            writer.add_node(node)
        for item in ways:
            writer.add_way(item)
        writer.add_way(
            osmium.osm.mutable.Way(
                id=len(ways) + 1,
                nodes=[river, river + 1, river + 2, river + 3, river],
                tags={"natural": "water", "water": "river"},
            )
        )
    return path


def add_world_day(db: sqlite_utils.Database) -> None:
    """Three parcels on the south bank, two on the north bank, one on the island."""
    places = {
        "TBA100000001": at(600, 215), "TBA100000002": at(1400, 385),
        "TBA100000003": at(1900, 215), "TBA100000004": at(600, 1115),
        "TBA100000005": at(1600, 1285), "TBA100000006": ISLAND,
    }  # fmt: skip
    rows = [
        f"{t},Person {n},{n} Row St,Rivertown,MN,55401,{lat},{lon}"
        for n, (t, (lat, lon)) in enumerate(places.items(), start=1)
    ]
    actor = Actor("Ana", "Counter 1")
    day = MORNING.date()
    data = ("\r\n".join((HEADER, *rows)) + "\r\n").encode()
    import_bytes(db, actor, data, "m.csv", day, at=MORNING)
    for tracking_id in places:
        check_in(db, actor, tracking_id, at=MORNING)
    drivers.add(db, "Dev", capacity=40, shift_start="09:00", shift_end="17:00")


def world_shop(db: sqlite_utils.Database, radius_mi: float = 2.0) -> None:
    """Set the shop up at SHOP, in the world's time zone."""
    settings.update(
        db, name="River Shop", latitude=SHOP[0], longitude=SHOP[1], radius_mi=radius_mi,
        timezone="Europe/Rome",
    )  # fmt: skip


def copy_shop(template: Path, target: Path) -> Path:
    """Copy a closed shop file and its street map folder (`*.area/`) to `target`."""
    shutil.copyfile(template, target)
    folder = template.with_name(template.stem + ".area")
    if folder.is_dir():
        shutil.copytree(folder, target.with_name(target.stem + ".area"))
    return target


@pytest.fixture(scope="session")
def world_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The synthetic world as an .osm.pbf file (written once per test run)."""
    return write_world(tmp_path_factory.mktemp("world") / "world.osm.pbf")


@pytest.fixture(scope="session")
def world_template(tmp_path_factory: pytest.TempPathFactory, world_file: Path) -> Path:
    """A shop file at SHOP with the world imported as its street map (built once)."""
    path = tmp_path_factory.mktemp("world-shop") / "shop.db"
    db = connect(path)
    world_shop(db)
    area_import.import_area(db, world_file)
    db.conn.close()
    return path


@pytest.fixture
def world_db(world_template: Path, tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    """A fresh copy of the world's shop file, street map included."""
    db = connect(copy_shop(world_template, tmp_path / "shop.db"))
    yield db
    db.conn.close()
