"""A tiny OpenStreetMap area written by the tests, with exactly the cases locating must get
right, near the test shop at Tysons Corner (38.9187, -77.2311):

- two "Main Street"s, one in ZIP 22182 (west, town "Westville") and one in ZIP 22102 (east,
  town "Eastville"), about 5 km apart;
- the west Main Street has houses on both sides: odd numbers 1-19 on its north side, even
  numbers 2-20 on its south side, with 8 and 9 missing (to be placed between neighbours);
- "North Oak Avenue" (ZIP 22182) with no numbered houses at all;
- "Elm Street" (ZIP 22102) with houses 1-5, and houses 21 and 31 further east joined by an
  OSM `addr:interpolation=odd` line (23-29 stand along it, no house of their own).

ZIP centres come from the houses' `addr:postcode` only (the tests pass no US ZIP table), so
nothing depends on the real codes' centres.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import osmium
from osmium.osm.mutable import Node, Way

WEST_ZIP, EAST_ZIP = "22182", "22102"
#: Main Street (west) runs east-west along this latitude, from WEST_LON to WEST_LON + 0.01.
WEST_LAT, WEST_LON = 38.9200, -77.2600
EAST_LAT, EAST_LON = 38.9200, -77.2000
OAK_LON = -77.2550
ELM_LAT = 38.9250
#: Houses stand this far (degrees of latitude) off the street's centre line.
SIDE = 0.0002
SPACING = 0.0008  # about 70 m between house numbers 2 apart
#: The two numbered ends of Elm Street's interpolation line: (number, longitude).
ELM_LINE = ((21, EAST_LON + 0.0065), (31, EAST_LON + 0.0105))
MISSING = frozenset({8, 9})


@dataclass(frozen=True)
class House:
    street: str
    number: int
    postcode: str
    lat: float
    lon: float


def west_main_house(number: int) -> House:
    """Where a (possibly missing) house of the west Main Street stands."""
    side = SIDE if number % 2 else -SIDE
    lon = WEST_LON + ((number + 1) // 2) * SPACING
    return House("Main Street", number, WEST_ZIP, WEST_LAT + side, lon)


def houses() -> list[House]:
    west = [west_main_house(n) for n in range(1, 21) if n not in MISSING]
    east = [
        House("Main Street", n, EAST_ZIP, EAST_LAT + SIDE, EAST_LON + n * SPACING)
        for n in range(1, 10)
    ]
    elm = [
        House("Elm Street", n, EAST_ZIP, ELM_LAT + SIDE, EAST_LON + n * SPACING)
        for n in range(1, 6)
    ]
    ends = [House("Elm Street", n, EAST_ZIP, ELM_LAT + SIDE, lon) for n, lon in ELM_LINE]
    return west + east + elm + ends


def write(path: Path) -> Path:
    """Write the area as an .osm.pbf file and return its path."""
    path.unlink(missing_ok=True)
    writer = osmium.SimpleWriter(str(path))
    node_id = 0
    ways: list[Way] = []

    def node(lat: float, lon: float, tags: dict[str, str] | None = None) -> int:
        nonlocal node_id
        node_id += 1
        writer.add_node(Node(id=node_id, location=(lon, lat), tags=tags or {}))
        return node_id

    def road(name: str, points: list[tuple[float, float]]) -> None:
        ids = [node(lat, lon) for lat, lon in points]
        ways.append(Way(id=len(ways) + 1, nodes=ids, tags={"highway": "residential", "name": name}))

    road("Main Street", [(WEST_LAT, WEST_LON + i * 0.002) for i in range(6)])
    road("Main Street", [(EAST_LAT, EAST_LON + i * 0.002) for i in range(6)])
    road("North Oak Avenue", [(38.9150 + i * 0.002, OAK_LON) for i in range(5)])
    road("Elm Street", [(ELM_LAT, EAST_LON + i * 0.002) for i in range(4)])
    ids = {}
    for house in houses():
        ids[(house.street, house.number)] = node(
            house.lat,
            house.lon,
            {
                "addr:housenumber": str(house.number),
                "addr:street": house.street,
                "addr:postcode": house.postcode,
            },
        )
    ends = [ids[("Elm Street", number)] for number, _ in ELM_LINE]
    ways.append(Way(id=len(ways) + 1, nodes=ends, tags={"addr:interpolation": "odd"}))
    node(WEST_LAT + 0.003, WEST_LON + 0.004, {"place": "village", "name": "Westville"})
    node(EAST_LAT + 0.003, EAST_LON + 0.004, {"place": "village", "name": "Eastville"})
    for way in ways:
        writer.add_way(way)
    writer.close()
    return path


def install(db, folder: Path) -> Path:  # type: ignore[no-untyped-def]
    """Build the area's address index where the shop `db` looks for it (as an area import
    does: in the folder of the street map the shop file records); returns the index file.

    Only the address index is built (no road data): plans on this shop use straight lines."""
    from store import address_index, area, locate

    file = area.shop_file(db)
    assert file is not None
    place = area.area_root(file) / "synthetic"
    place.mkdir(parents=True, exist_ok=True)
    area.record(
        db,
        area.Area(
            folder=place, source_name="synthetic.osm.pbf", source_sha256="", source_bytes=0,
            source_date="", source_modified="", imported_at="", shop_lat=WEST_LAT,
            shop_lon=WEST_LON, radius_mi=10.0,
            box=area.cut_box(WEST_LAT, WEST_LON, 10.0), covers_radius=False, roads=0,
            addresses=0, osrm_version="",
        ),
    )  # fmt: skip
    target = locate.index_file(db)
    assert target is not None
    address_index.build(write(folder / "synthetic.osm.pbf"), target, zip_centres=lambda box: ())
    return target
