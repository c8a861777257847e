"""A demo shop at Tysons Corner, VA with a realistic morning: a manifest and half a check-in.

The demo goes through the same doors as real data (a manifest CSV imported by the importer,
scans checked in by the check-in), so opening it also shows that those paths work.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import date, datetime, timedelta
from typing import TypedDict

import sqlite_utils

from store import drivers, locate, manifest, settings, staff
from store.checkin import check_in
from store.db import write_transaction
from store.errors import BadInput
from store.events import Actor
from store.geo import miles_between, point_at
from store.timeutil import iso_z, utc_now


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
    "name": "Tysons Corner Parcel Point (demo)",
    "address": "1961 Chain Bridge Rd, McLean, VA 22102",
    "latitude": 38.9187,
    "longitude": -77.2311,
    "timezone": "America/New_York",
    "radius_mi": 10.0,
    "rate_per_parcel": 1.85,
}
STAFF = ("Ana", "Ben", "Chloé")
DRIVERS = (
    ("Dev", 60, "09:00", "17:00"),
    ("Maria", 50, "09:00", "15:00"),
    ("Sam", 45, "12:00", "19:00"),
)
ZIPS = (
    ("20170", "Herndon", 38.9839, -77.3675),
    ("20190", "Reston", 38.9615, -77.3418),
    ("20191", "Reston", 38.9318, -77.3527),
    ("22003", "Annandale", 38.8307, -77.2142),
    ("22027", "Dunn Loring", 38.8954, -77.2214),
    ("22030", "Fairfax", 38.8458, -77.3242),
    ("22031", "Fairfax", 38.8604, -77.2649),
    ("22032", "Fairfax", 38.8210, -77.2889),
    ("22041", "Falls Church", 38.8502, -77.1448),
    ("22042", "Falls Church", 38.8635, -77.1939),
    ("22043", "Falls Church", 38.8994, -77.1895),
    ("22046", "Falls Church", 38.8856, -77.1802),
    ("22066", "Great Falls", 39.0039, -77.3083),
    ("22101", "McLean", 38.9359, -77.1621),
    ("22102", "McLean", 38.9599, -77.2249),
    ("22124", "Oakton", 38.8852, -77.3233),
    ("22151", "Springfield", 38.8029, -77.2116),
    ("22180", "Vienna", 38.8935, -77.2532),
    ("22181", "Vienna", 38.8977, -77.2880),
    ("22182", "Vienna", 38.9280, -77.2649),
    ("22205", "Arlington", 38.8836, -77.1395),
    ("22207", "Arlington", 38.9033, -77.1263),
    ("22213", "Arlington", 38.8954, -77.1633),
)
STREETS = (
    "Chain Bridge Rd",
    "Old Dominion Dr",
    "Lewinsville Rd",
    "Magarity Rd",
    "Gallows Rd",
    "Maple Ave W",
    "Nutley St NW",
    "Cedar Ln",
    "Park St SE",
    "Courthouse Rd SW",
    "Lawyers Rd",
    "Hunter Mill Rd",
    "Georgetown Pike",
    "Balls Hill Rd",
    "Kirby Rd",
    "Westmoreland St",
    "Great Falls St",
    "Idylwood Rd",
    "Hillside Ave",
    "Sycamore Dr",
    "Oak Ridge Ct",
    "Lakeview Dr",
    "Chestnut St",
    "Birch Rd",
    "Walnut Hill Ln",
    "Meadowlark Rd",
    "Pine Valley Dr",
    "Colvin Run Rd",
    "Beulah Rd",
    "Leesburg Pike",
)
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


def manifest_csv(day: date, *, seed: int = 7, addresses: int = 120) -> bytes:
    """The demo's inbound manifest: ~150 parcels to ~120 addresses, a few awkward ones."""
    rng = random.Random(seed)
    lat0, lon0 = SHOP["latitude"], SHOP["longitude"]
    rows: list[dict[str, str]] = []
    serial = rng.randrange(10**11, 10**12)
    places = []
    for _ in range(addresses):
        distance = 9.6 * rng.random() ** 0.6 + 0.3
        lat, lon = point_at(lat0, lon0, rng.uniform(0, 360), distance)
        zip5, city = _nearest_zip(lat, lon)
        street = f"{rng.randrange(100, 9999)} {rng.choice(STREETS)}"
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
                    "state": "VA",
                    "postal_code": zip5,
                    "latitude": str(lat),
                    "longitude": str(lon),
                    "phone": f"(703) 555-{rng.randrange(1000, 9999)}",
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
        "state": "VA",
    }
    rows = []
    far = (
        ("20164", "Sterling", 39.0301, -77.4102),
        ("22315", "Alexandria", 38.7596, -77.1485),
        ("20124", "Clifton", 38.7818, -77.3818),
        ("22039", "Fairfax Station", 38.7602, -77.3064),
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
        ("1500 Cornerside Blvd", "Vienna", "22182"),  # in the address book from before
        ("8300 Greensboro Dr", "McLean", "22102"),  # in the address book from before
        ("2200 Gallows Rd", "Vienna", "22180"),  # ZIP centroid only
        ("410 Maple Ave W", "Vienna", "22180"),  # ZIP centroid only
        ("77 Nowhere Sq", "Vienna", "99999"),  # unknown ZIP: needs a location
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
) -> dict[str, int]:
    """Fill an empty database with the demo shop and its day; refuses a database with a shop."""
    if settings.load(db).configured or db.conn.execute("SELECT 1 FROM parcels").fetchone():
        raise BadInput("this database already has a shop; use --db to make the demo elsewhere")
    shop = settings.save(db, settings.ShopSettings(**SHOP))
    now = now or utc_now()
    today = today or now.astimezone(shop.tz).date()
    for name in STAFF:
        staff.add(db, name)
    for name, capacity, start, end in DRIVERS:
        drivers.add(db, name, capacity=capacity, shift_start=start, shift_end=end)
    with write_transaction(db):
        locate.remember(
            db,
            [
                (locate.address_key("1500 Cornerside Blvd", "22182"), 38.9206, -77.2343, "manual"),
                (locate.address_key("8300 Greensboro Dr", "22102"), 38.9252, -77.2365, "manual"),
            ],
            iso_z(now),
        )
    morning = Actor(staff=STAFF[0], counter="Counter 1")
    data = manifest_csv(today, seed=seed)
    result = manifest.import_bytes(db, morning, data, f"manifest-{today}.csv", today, at=now)
    ids = [row.values["tracking_id"] for row in manifest.parse(data).rows]
    rng = random.Random(seed + 1)
    scanned = rng.sample(ids, k=int(len(ids) * 0.55))
    for tracking_id in scanned:
        check_in(db, morning, _as_scanner_types(rng, tracking_id), at=now)
    return {"parcels": result.parcels, "checked_in": len(scanned)}


def _as_scanner_types(rng: random.Random, tracking_id: str) -> str:
    """Scanner output as it really arrives: suffixes, an AIM prefix now and then."""
    return rng.choice(
        (tracking_id + "\r", f"]C1{tracking_id}\r\n", f" {tracking_id.lower()}\t", tracking_id)
    )
