"""Believable, reproducible documents for previews, tests, the benchmark and screenshots.

Everything is generated from a seed, so the same call always gives the same parcels.
The tracking ids imitate what carriers print (UPS-like, USPS-like, marketplace-like) so
barcodes of realistic length and mix of digits and letters are exercised.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from decimal import Decimal

from labels.data import (
    DaySummary,
    DiscrepancyKind,
    DiscrepancyReport,
    DiscrepancyRow,
    DriverDay,
    LoadItem,
    LoadSheet,
    ManifestParcel,
    ManifestRun,
    ManifestStop,
    OutcomeCode,
    ParcelLabel,
    ReturnItem,
    ReturnManifest,
    Shop,
)

DAY = dt.date(2024, 5, 14)
SHOP_LAT, SHOP_LON = 39.7990, -89.6440
SHOP = Shop("Corner Parcel Shop", "210 S 5th St, Springfield, IL 62701", SHOP_LAT, SHOP_LON)
FIRST = [
    "Maria",
    "James",
    "Aisha",
    "Chen",
    "Olga",
    "Dmitri",
    "Sofia",
    "Liam",
    "Noah",
    "Eleni",
    "Mateo",
    "Grace",
    "Yusuf",
    "Hannah",
    "Ivan",
    "Zoë",
    "Björn",
    "Renée",
    "Kwame",
    "Priya",
]
LAST = [
    "Gonzalez",
    "Smith",
    "Okafor",
    "Nguyen",
    "Petrova",
    "Ivanov",
    "Rossi",
    "O'Brien",
    "Müller",
    "Papadopoulou",
    "Kowalski",
    "Johnson",
    "Haddad",
    "Schmidt",
    "Lee",
]
STREETS = [
    "Elm St",
    "Oak Ave",
    "Washington St",
    "Lincoln Blvd",
    "Maple Dr",
    "Cedar Ln",
    "Jefferson Ave",
    "Monroe St",
    "Lakeshore Dr",
    "Chatham Rd",
    "Wabash Ave",
]
NOTES = [
    "",
    "",
    "",
    "Leave at back door",
    "Call on arrival",
    "Dog in yard!",
    "Gate code 4412 & ring twice",
    "Fragile – this side up",
    "Business: closes at 17:00",
]
ZONES = ["NE-1", "NE-2", "NW-1", "NW-3", "SE-2", "SW-1", "C-4", "XL-1"]
DELIVERED, ATTEMPTED = "Delivered", "Attempted, reason"
OUTCOMES = (
    OutcomeCode("OC-DLV", "Delivered to recipient", DELIVERED, "recipient"),
    OutcomeCode("OC-DOOR", "Delivered at door", DELIVERED, "door"),
    OutcomeCode("OC-NBR", "Delivered to neighbour", DELIVERED, "neighbour"),
    OutcomeCode("OC-NOHOME", "Attempted: not home", ATTEMPTED, "not home"),
    OutcomeCode("OC-REFUSED", "Attempted: refused", ATTEMPTED, "refused"),
    OutcomeCode("OC-ADDR", "Attempted: bad address", ATTEMPTED, "bad address"),
    OutcomeCode("OC-ACCESS", "Attempted: no access", ATTEMPTED, "no access"),
)


def tracking_id(rng: random.Random) -> str:
    """A carrier-looking tracking id."""
    kind = rng.randrange(3)
    if kind == 0:
        tail = "".join(rng.choice("0123456789ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(16))
        return "1Z" + tail
    if kind == 1:
        return "9400" + "".join(rng.choice("0123456789") for _ in range(18))
    return "TBA" + "".join(rng.choice("0123456789") for _ in range(12))


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _street(rng: random.Random) -> str:
    return f"{rng.randrange(100, 9999)} {rng.choice(STREETS)}"


def sample_labels(count: int, seed: int = 1) -> list[ParcelLabel]:
    """``count`` labels of one day's runs, in load order (last stop of a run first)."""
    rng = random.Random(seed)
    labels: list[ParcelLabel] = []
    stop = 40
    while len(labels) < count:
        parcels = rng.choice([1, 1, 1, 2, 3])
        name, street = _person(rng), _street(rng)
        window = rng.choice([None, None, "09:00–12:00", "13:00–17:00"])
        for index in range(1, parcels + 1):
            labels.append(
                ParcelLabel(
                    tracking_id=tracking_id(rng),
                    recipient_name=name,
                    address_line1=street,
                    address_line2=rng.choice(["", "", f"Apt {rng.randrange(1, 40)}"]),
                    city="Springfield",
                    state="IL",
                    postal_code=rng.choice(["62701", "62704"]),
                    date=DAY,
                    shop_name=SHOP.name,
                    run_label=f"R{seed % 5 + 1} · {rng.choice(FIRST)}",
                    stop_number=stop,
                    parcel_index=index,
                    parcel_count=parcels,
                    zone=rng.choice(ZONES),
                    signature_required=rng.random() < 0.15,
                    window=window,
                    notes=rng.choice(NOTES),
                    service=rng.choice(["standard", "next_day", None]),
                    weight_lb=round(rng.uniform(0.2, 30), 1),
                )
            )
        stop = stop - 1 if stop > 1 else 40
    return labels[:count]


def _stop(rng: random.Random, sequence: int, run_id: str, angle: float) -> ManifestStop:
    radius = rng.uniform(0.8, 9.5) / 69.09
    lat = SHOP_LAT + radius * math.sin(angle)
    lon = SHOP_LON + radius * math.cos(angle) / math.cos(math.radians(SHOP_LAT))
    parcels = [
        ManifestParcel(tracking_id(rng), rng.choice(["", "", "fragile", "heavy 28 lb"]))
        for _ in range(rng.choice([1, 1, 1, 2, 3]))
    ]
    minutes = 9 * 60 + 6 * sequence
    return ManifestStop(
        sequence=sequence,
        stop_code=f"S{run_id}-{sequence:03d}",
        recipient=_person(rng),
        address=f"{_street(rng)}, Springfield, IL 62704",
        parcels=parcels,
        eta=dt.time(min(23, minutes // 60), minutes % 60),
        window=rng.choice([None, None, "09:00–12:00", "13:00–17:00"]),
        notes=rng.choice(NOTES),
        signature_required=rng.random() < 0.15,
        lat=lat,
        lon=lon,
    )


def sample_run(stops: int = 12, seed: int = 3) -> ManifestRun:
    """A run of ``stops`` stops swept around the shop, with a route through them."""
    rng = random.Random(seed)
    run_id = f"{seed}"
    start = rng.uniform(0, math.tau)
    angles = [start + math.pi * 1.6 * i / max(1, stops) for i in range(stops)]
    route_stops = [_stop(rng, i + 1, run_id, angle) for i, angle in enumerate(angles)]
    depot = (SHOP_LAT, SHOP_LON)
    route = [
        depot,
        *[(s.lat, s.lon) for s in route_stops if s.lat is not None and s.lon is not None],
        depot,
    ]
    return ManifestRun(
        shop=SHOP,
        run_id=run_id,
        run_label=f"R{seed} · Maria",
        driver="Maria Lopez",
        date=DAY,
        stops=route_stops,
        miles=round(4.2 + 1.7 * stops, 1),
        planned_start=dt.time(9, 0),
        planned_end=dt.time(min(23, 9 + stops // 10), 30),
        route=route,
        outcome_codes=OUTCOMES,
    )


def sample_load_sheet(run: ManifestRun) -> LoadSheet:
    """The load sheet of ``run``: last stop's parcels first."""
    items = [
        LoadItem(
            p.tracking_id,
            s.sequence,
            ZONES[s.sequence % len(ZONES)],
            s.recipient,
            s.address,
            i + 1,
            len(s.parcels),
        )
        for s in reversed(run.stops)
        for i, p in enumerate(s.parcels)
    ]
    return LoadSheet(SHOP.name, run.date, run.run_label, run.driver, items)


def sample_discrepancies(seed: int = 5) -> DiscrepancyReport:
    """A check-in with a handful of each kind of discrepancy."""
    rng = random.Random(seed)
    rows = [
        DiscrepancyRow(
            tracking_id(rng),
            kind,
            _person(rng),
            f"{_street(rng)}, Springfield IL",
            None
            if kind == DiscrepancyKind.MISSING
            else dt.datetime(2024, 5, 14, 8, rng.randrange(60), tzinfo=dt.UTC),
            rng.choice(["", "box crushed", "label torn"]),
        )
        for kind in DiscrepancyKind
        for _ in range(rng.randrange(1, 4))
    ]
    return DiscrepancyReport(SHOP.name, DAY, expected=212, received=207, rows=rows)


def sample_day_summary() -> DaySummary:
    """A plausible end of day for three drivers."""
    return DaySummary(
        shop_name=SHOP.name,
        date=DAY,
        status_counts={
            "received": 207,
            "delivered": 181,
            "attempted": 14,
            "picked_up": 6,
            "return_pending": 3,
            "returned": 2,
            "exception": 5,
            "missing": 5,
        },
        drivers=[
            DriverDay("Maria Lopez", 2, 74, 68, 6, 41.3),
            DriverDay("James Okafor", 1, 63, 57, 6, 38.0),
            DriverDay("Chen Nguyen", 1, 58, 56, 2, 29.5),
        ],
        miles_planned=104.2,
        miles_driven=108.8,
        first_attempt_success=0.928,
        parcels_still_out=0,
        earnings=Decimal("412.50"),
    )


def sample_returns(seed: int = 7, count: int = 9) -> ReturnManifest:
    """Parcels going back to the carrier after three attempts or refusal."""
    rng = random.Random(seed)
    items = [
        ReturnItem(
            tracking_id(rng),
            rng.choice(["3 attempts: not home", "refused", "bad address"]),
            rng.randrange(1, 4),
            DAY + dt.timedelta(days=rng.randrange(1, 5)),
            _person(rng),
        )
        for _ in range(count)
    ]
    return ReturnManifest(SHOP.name, DAY, items, carrier="Carrier pickup route 7")
