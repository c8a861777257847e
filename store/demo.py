"""A demo shop in Colonial Park (Harrisburg, PA) on real streets, with a realistic morning: a
manifest and half a check-in.

The demo goes through the same doors as real data (its street map imported by the area
import, a manifest CSV imported by the importer, scans checked in by the check-in), so opening
it also shows that those paths work. The street map ships with the program
(`store/streetmaps/`), so the first start plans on real roads with no download; its parcels
sit beside the map's named streets.
"""

from __future__ import annotations

import csv
import io
import itertools
import math
import random
from collections.abc import Callable
from datetime import date, datetime, timedelta
from importlib import resources
from typing import TypedDict

import sqlite_utils

from store import area, area_import, drivers, locate, manifest, settings, staff
from store.checkin import check_in
from store.db import write_transaction
from store.errors import BadInput
from store.events import Actor
from store.geo import miles_between
from store.timeutil import iso_z, utc_now

#: Told what the demo is making and how much of it is done (0..1).
Progress = Callable[[str, float], None]
#: Shares of the progress bar: the street map's build is most of the time (on a busy
#: machine: 13 s of 15), the manifest a little, the check-in the rest.
STREET_MAP_SHARE = 0.8
CHECK_IN_FROM = 0.86


class DemoShop(TypedDict):
    """The demo shop's settings, as keyword arguments of `settings.ShopSettings`."""

    name: str
    address: str
    latitude: float
    longitude: float
    timezone: str
    radius_mi: float
    rate_per_parcel: float


SHOP: DemoShop = {
    "name": "Colonial Park Parcel Point (demo)",
    "address": "4810 Union Deposit Rd, Harrisburg, PA 17111",
    "latitude": 40.2803,
    "longitude": -76.8051,
    "timezone": "America/New_York",
    "radius_mi": 3.5,
    "rate_per_parcel": 1.85,
}
#: The demo's street map, shipped with the program (ODbL: see streetmaps/README.md).
STREET_MAP = "harrisburg.osm.pbf"
STAFF = ("Ana", "Ben", "Chloé")
DRIVERS = (
    ("Dev", 60, "09:00", "17:00"),
    ("Maria", 50, "09:00", "15:00"),
    ("Sam", 45, "12:00", "19:00"),
)
ZIPS = (
    ("17109", "Harrisburg", 40.2910, -76.8203),
    ("17111", "Harrisburg", 40.2721, -76.8017),
    ("17113", "Steelton", 40.2390, -76.8416),
    ("17112", "Harrisburg", 40.3352, -76.7914),
)
#: Where the parcels go: the dense part of the street map, inside the radius.
PARCEL_BOX = (40.240, -76.840, 40.312, -76.758)  # south, west, north, east
FIRST = (
    "Olivia",
    "Liam",
    "Emma",
    "Noah",
    "Ava",
    "Mateo",
    "Sofia",
    "Ethan",
    "Priya",
    "Wei",
    "Fatima",
    "Kwame",
    "Hannah",
    "Diego",
    "Aiko",
    "Omar",
    "Grace",
    "Lucas",
    "Nadia",
    "Samuel",
    "José",
    "Zoë",
    "Björn",
    "Siobhán",
)
LAST = (
    "Johnson",
    "Nguyen",
    "Garcia",
    "Smith",
    "Patel",
    "Kim",
    "Okafor",
    "Rossi",
    "Chen",
    "Müller",
    "O'Brien",
    "Haddad",
    "Kowalski",
    "Silva",
    "Tanaka",
    "Williams",
    "Brown",
    "Núñez",
    "Davis",
    "Andersson",
)
SPECIAL_NAMES = ("Σοφία Παπαδοπούλου", "Дмитрий Иванов", "Anne-Marie Dupont & Co.")
NOTES = (
    "Leave at back door",
    "Gate code 4412",
    "Fragile",
    "Ring bell twice",
    "Dog in yard",
    "Deliver to front desk",
    "Call on arrival",
    "Side entrance",
)
WINDOWS = (
    ("09:00", "12:00"),
    ("12:00", "15:00"),
    ("15:00", "18:00"),
    ("10:00", "13:00"),
    ("13:00", "17:00"),
)


def _nearest_zip(lat: float, lon: float) -> tuple[str, str]:
    best = min(ZIPS, key=lambda z: miles_between(lat, lon, z[2], z[3]))
    return best[0], best[1]


def _person(rng: random.Random) -> str:
    if rng.random() < 0.03:
        return rng.choice(SPECIAL_NAMES)
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def street_points() -> list[tuple[str, float, float, float, float]]:
    """The named streets of the demo's map inside PARCEL_BOX, as segments:
    (name, lat1, lon1, lat2, lon2), in the file's order (so a seed gives the same day)."""
    from routing.streets import MAJOR, SERVICE, read_streets  # the map, only for the demo

    south, west, north, east = PARCEL_BOX
    segments = []
    with resources.as_file(resources.files("store") / "streetmaps" / STREET_MAP) as path:
        streets = read_streets(path)
    for road in streets.roads():
        if not road.name or road.kind < MAJOR or road.kind == SERVICE:
            continue
        points = road.points()
        for (lat1, lon1), (lat2, lon2) in itertools.pairwise(points):
            if south <= lat1 <= north and west <= lon1 <= east and (lat1, lon1) != (lat2, lon2):
                segments.append((road.name, lat1, lon1, lat2, lon2))
    return segments


def _beside_street(
    rng: random.Random, segment: tuple[str, float, float, float, float]
) -> tuple[float, float]:
    """A door on `segment`: a point along it, 12 to 25 m to one side (where houses stand)."""
    _, lat1, lon1, lat2, lon2 = segment
    t = rng.random()
    lat, lon = lat1 + t * (lat2 - lat1), lon1 + t * (lon2 - lon1)
    cos_lat = math.cos(math.radians(lat))
    dx, dy = (lon2 - lon1) * cos_lat, lat2 - lat1
    length = math.hypot(dx, dy)
    side = rng.choice((-1, 1)) * rng.uniform(12, 25) / 111_320  # metres to degrees
    return lat - dx / length * side, lon + dy / length * side / cos_lat


def manifest_csv(day: date, *, seed: int = 7, addresses: int = 120) -> bytes:
    """The demo's inbound manifest: ~150 parcels to ~120 doors on the map's named streets,
    and a few awkward ones."""
    rng = random.Random(seed)
    lat0, lon0 = SHOP["latitude"], SHOP["longitude"]
    rows: list[dict[str, str]] = []
    serial = rng.randrange(10**11, 10**12)
    segments = street_points()
    places: list[tuple[str, str, str, float, float]] = []  # street, city, ZIP, lat, lon
    while len(places) < addresses:
        segment = rng.choice(segments)
        lat, lon = _beside_street(rng, segment)
        if miles_between(lat0, lon0, lat, lon) > SHOP["radius_mi"] - 0.2:
            continue
        zip5, city = _nearest_zip(lat, lon)
        street = f"{rng.randrange(100, 6500)} {segment[0]}"
        places.append((street, city, zip5, round(lat, 6), round(lon, 6)))
    for index, (street, city, zip5, lat, lon) in enumerate(places):
        count = 3 if index % 24 == 0 else 2 if index % 5 == 0 else 1
        name = _person(rng)
        window = rng.choice(WINDOWS) if rng.random() < 0.3 else ("", "")
        for _ in range(count):
            serial += rng.randrange(1, 50)
            service = rng.choices(("same_day", "next_day", "standard"), (2, 5, 3))[0]
            due = day + timedelta(days={"same_day": 0, "next_day": 0, "standard": 1}[service])
            rows.append(
                {
                    "tracking_id": f"TBA{serial}",
                    "recipient_name": name,
                    "address_line1": street,
                    "address_line2": rng.choice(("", "", "", "Apt 2B", "Suite 300", "Unit 12")),
                    "city": city,
                    "state": "PA",
                    "postal_code": zip5,
                    "latitude": str(lat),
                    "longitude": str(lon),
                    "phone": f"(717) 555-{rng.randrange(1000, 9999)}",
                    "service": service,
                    "due_date": due.isoformat(),
                    "window_start": window[0],
                    "window_end": window[1],
                    "weight_lb": f"{rng.uniform(0.3, 25):.1f}",
                    "notes": rng.choice(NOTES) if rng.random() < 0.2 else "",
                    "signature_required": "true" if rng.random() < 0.1 else "false",
                }
            )
    rows += _awkward_rows(rng, day, serial)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _awkward_rows(rng: random.Random, day: date, serial: int) -> list[dict[str, str]]:
    """Outside the radius, no coordinates (address book, ZIP centroid, unknown)."""
    base = {
        "address_line2": "",
        "phone": "",
        "service": "standard",
        "due_date": (day + timedelta(days=1)).isoformat(),
        "window_start": "",
        "window_end": "",
        "weight_lb": "2.0",
        "notes": "",
        "signature_required": "false",
        "state": "PA",
    }
    rows = []
    far = (
        ("17033", "Hershey", 40.2638, -76.6545),
        ("17036", "Hummelstown", 40.2782, -76.7094),
        ("17057", "Middletown", 40.2041, -76.7331),
        ("17055", "Mechanicsburg", 40.1790, -77.0036),
    )
    for zip5, city, lat, lon in far:
        serial += 17
        rows.append(
            {
                **base,
                "tracking_id": f"TBA{serial}",
                "recipient_name": _person(rng),
                "address_line1": f"{rng.randrange(100, 999)} Far Away Ln",
                "city": city,
                "postal_code": zip5,
                "latitude": str(lat),
                "longitude": str(lon),
            }
        )
    no_coordinates = (
        ("1280 Hampton Hill Ct", "Harrisburg", "17111"),  # in the address book from before
        ("6140 Springford Dr", "Harrisburg", "17111"),  # in the address book from before
        ("8300 Greensboro Dr", "Harrisburg", "17109"),  # no such street on the map: ZIP only
        ("410 Maple Ave W", "Harrisburg", "17111"),  # no such street on the map: ZIP only
        ("77 Nowhere Sq", "Harrisburg", "99999"),  # unknown ZIP: needs a location
    )
    for street, city, zip5 in no_coordinates:
        serial += 23
        rows.append(
            {
                **base,
                "tracking_id": f"TBA{serial}",
                "recipient_name": _person(rng),
                "address_line1": street,
                "city": city,
                "postal_code": zip5,
                "latitude": "",
                "longitude": "",
            }
        )
    return rows


def create(
    db: sqlite_utils.Database,
    *,
    today: date | None = None,
    seed: int = 7,
    now: datetime | None = None,
    on_progress: Progress | None = None,
) -> dict[str, int]:
    """Fill an empty database with the demo shop and its day; refuses a database with a shop.

    It takes seconds (mostly building the street map the first time in a process):
    `on_progress` hears what is being done and how much of the whole is done (0..1)."""
    report = on_progress or (lambda _label, _fraction: None)
    if settings.load(db).configured or db.conn.execute("SELECT 1 FROM parcels").fetchone():
        raise BadInput("this database already has a shop; use --db to make the demo elsewhere")
    shop = settings.save(db, settings.ShopSettings(**SHOP))
    install_street_map(db, lambda step, done: report(step, STREET_MAP_SHARE * done))
    now = now or utc_now()
    today = today or now.astimezone(shop.tz).date()
    for name in STAFF:
        staff.add(db, name)
    for name, capacity, start, end in DRIVERS:
        drivers.add(db, name, capacity=capacity, shift_start=start, shift_end=end)
    with write_transaction(db):
        known = [
            ("1280 Hampton Hill Ct", "17111", 40.29801, -76.77476),
            ("6140 Springford Dr", "17111", 40.29775, -76.77223),
        ]
        locate.remember(
            db,
            [(locate.address_key(a, code), lat, lon, "manual") for a, code, lat, lon in known],
            iso_z(now),
        )
    morning = Actor(staff=STAFF[0], counter="Counter 1")
    report("Importing the morning's manifest", STREET_MAP_SHARE)
    data = manifest_csv(today, seed=seed)
    result = manifest.import_bytes(db, morning, data, f"manifest-{today}.csv", today, at=now)
    ids = [row.values["tracking_id"] for row in manifest.parse(data).rows]
    rng = random.Random(seed + 1)
    scanned = rng.sample(ids, k=int(len(ids) * 0.55))
    for done, tracking_id in enumerate(scanned):
        report("Checking parcels in", CHECK_IN_FROM + (1 - CHECK_IN_FROM) * done / len(scanned))
        check_in(db, morning, _as_scanner_types(rng, tracking_id), at=now)
    report("Opening the demo shop", 1.0)
    return {"parcels": result.parcels, "checked_in": len(scanned)}


def install_street_map(db: sqlite_utils.Database, on_progress: Progress | None = None) -> None:
    """Import the shipped street map as the demo's (none for an in-memory shop file).

    The first demo of a process builds it (two seconds on an idle machine, ten on a busy
    one), reporting its steps to `on_progress`; later ones copy that build (tests make many
    demo shops)."""
    if area.shop_file(db) is None:
        return
    cached = _BUILT.get(STREET_MAP)
    if cached is not None and cached.folder.is_dir():
        area_import.install(db, area_import.copy_built(cached, db))
        return
    told = on_progress or (lambda _step, _done: None)

    def steps(step: str, done: float) -> None:
        if step != area_import.DONE:  # the demo goes on: its own steps follow
            told(step, done)

    with resources.as_file(resources.files("store") / "streetmaps" / STREET_MAP) as source:
        job = area_import.prepare(db, source)
        built = area_import.build(job, on_progress=steps)
    _BUILT[STREET_MAP] = area_import.keep_copy(built.area)
    area_import.install(db, built)


#: Per process: a copy of the demo's built street map, to copy into the next demo shop.
_BUILT: dict[str, area.Area] = {}


def _as_scanner_types(rng: random.Random, tracking_id: str) -> str:
    """Scanner output as it really arrives: suffixes, an AIM prefix now and then."""
    return rng.choice(
        (tracking_id + "\r", f"]C1{tracking_id}\r\n", f" {tracking_id.lower()}\t", tracking_id)
    )
