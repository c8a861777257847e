"""What the printing layer is given: plain, frozen dataclasses that callers fill.

The store, the planner and the UI build these from their own records; nothing here knows
about the database. Text fields hold whatever the carrier or the clerk typed (the
renderers clean it); numbers and dates are typed so a document never has to parse them.
Sequences are stored as tuples, so a document cannot change under a renderer.

Glossary: a *run* is one driver's trip of the day; a *stop* is one address on a run
(several parcels can share it); a *zone* is the shelf area where a parcel waits; an
*outcome code* is the barcode a clerk scans to record what happened at a stop.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


def _freeze(obj: object, name: str) -> None:
    """Store the sequence field ``name`` as a tuple (dataclasses are frozen)."""
    object.__setattr__(obj, name, tuple(getattr(obj, name)))


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(message)


def is_approximate(location_note: str) -> bool:
    """Whether a location note says the place is not exact (street or ZIP only, or none),
    rather than given coordinates that disagree with the address."""
    return location_note.startswith("approximate") or location_note == "no location"


def location_tag(location_note: str) -> str:
    """The white-on-black flag for a stop not located exactly, as the label and the manifest
    print it ("" for an exact one)."""
    if not location_note:
        return ""
    return "≈ APPROXIMATE LOCATION" if is_approximate(location_note) else "≈ CHECK LOCATION"


def location_short(location_note: str) -> str:
    """The note in a narrow column: "≈ street only", "≈ ZIP code only", "≈ check location"
    ("" for an exact stop)."""
    if not location_note:
        return ""
    first = location_note.split("; ")[0]
    if is_approximate(first):
        return "≈ " + first.removeprefix("approximate location: ")
    return "≈ check location"


@dataclass(frozen=True, slots=True)
class Shop:
    """The partner shop: the depot every run starts and ends at."""

    name: str
    address: str = ""
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True, slots=True)
class ParcelLabel:
    """One 4x6 in label: everything printed on a parcel.

    ``parcel_index`` of ``parcel_count`` numbers the parcels going to the same stop
    ("parcel 2 of 3"). ``run_label``/``stop_number`` are ``None`` before planning;
    ``zone`` is ``None`` before the parcel is shelved. ``window`` is printed as given
    (e.g. "09:00–12:00"). ``location_note`` says what the driver must know when the stop is
    not located exactly (the same words as the manifest's stop: "approximate location:
    street only", "coordinates disagree with the address ..."); "" when it is exact.
    """

    tracking_id: str
    recipient_name: str
    address_line1: str
    city: str
    state: str
    postal_code: str
    date: dt.date
    shop_name: str
    address_line2: str = ""
    run_label: str | None = None
    stop_number: int | None = None
    parcel_index: int = 1
    parcel_count: int = 1
    zone: str | None = None
    signature_required: bool = False
    window: str | None = None
    notes: str = ""
    service: str | None = None
    weight_lb: float | None = None
    location_note: str = ""

    def __post_init__(self) -> None:
        _require(self.parcel_count >= 1, f"parcel_count must be >= 1, got {self.parcel_count}")
        _require(
            1 <= self.parcel_index <= self.parcel_count,
            f"parcel_index {self.parcel_index} outside 1..{self.parcel_count}",
        )
        _require(
            self.stop_number is None or self.stop_number >= 0,
            f"stop_number must be >= 0, got {self.stop_number}",
        )

    @property
    def city_line(self) -> str:
        """The last address line as printed: "Springfield, IL 62704"."""
        place = " ".join(p for p in (f"{self.city}," if self.city else "", self.state) if p)
        return f"{place} {self.postal_code}".strip(" ,")

    @property
    def location_tag(self) -> str:
        """The flag printed for a location that is not exact ("" when it is): the manifest's."""
        return location_tag(self.location_note)

    @property
    def location_words(self) -> str:
        """The location note without the words its tag already says ("street only")."""
        note = self.location_note
        prefix = "approximate location: "
        return note[len(prefix) :] if note.startswith(prefix) else note

    @property
    def details(self) -> str:
        """Service and weight as printed beside the parcel count: "next day · 2.4 lb"."""
        service = self.service.replace("_", " ") if self.service else ""
        weight = "" if self.weight_lb is None else f"{self.weight_lb:.1f} lb"
        return " · ".join(p for p in (service, weight) if p)


@dataclass(frozen=True, slots=True)
class OutcomeCode:
    """A barcode the clerk scans after a stop's barcode to record what happened.

    ``code`` is the barcode content (chosen by the store, e.g. "OUT-DLV-DOOR");
    ``caption`` is what people read ("Delivered – at door"). Each stop's check row
    prints one box per outcome: outcomes of the same ``group`` (e.g. "Delivered",
    "Not delivered") follow one heading, each box labelled with its ``key`` (the letter
    the clerk presses for it on the Results screen, "F"), else with ``short`` ("door";
    the caption when empty), or with a number when the words do not fit on one line. The
    scannable codes, captioned ("F · at the door"), are at the foot of every page and
    explain the letters or numbers. Keep the outcomes of a group next to each other.
    """

    code: str
    caption: str
    group: str = ""
    short: str = ""
    key: str = ""


@dataclass(frozen=True, slots=True)
class ManifestParcel:
    """A parcel at a stop: its tracking id (printed as a barcode) and short flags/notes."""

    tracking_id: str
    flags: str = ""


@dataclass(frozen=True, slots=True)
class ManifestStop:
    """One stop of a run, in driving order.

    ``stop_code`` is the barcode content that identifies this stop when scanned back
    (chosen by the store). ``lat``/``lon`` place the stop on the route map; a stop
    without them is listed but not drawn.
    """

    sequence: int
    stop_code: str
    recipient: str
    address: str
    parcels: Sequence[ManifestParcel]
    eta: dt.time | None = None
    window: str | None = None
    notes: str = ""
    signature_required: bool = False
    lat: float | None = None
    lon: float | None = None
    #: What the driver must know about where the stop is, when it is not exact ("approximate
    #: location: street only", "coordinates disagree with the address ..."); printed with
    #: a mark on the stop.
    location_note: str = ""

    def __post_init__(self) -> None:
        _freeze(self, "parcels")

    @property
    def approximate(self) -> bool:
        return is_approximate(self.location_note)


@dataclass(frozen=True, slots=True)
class MapRoad:
    """A street under a printed route map: its kind (0 motorway, 1 major, 2 collector,
    3 minor, 4 service: `routing.streets.KINDS`), its name, its points as (lat, lon)."""

    kind: int
    points: Sequence[tuple[float, float]]
    name: str = ""

    def __post_init__(self) -> None:
        _freeze(self, "points")


@dataclass(frozen=True, slots=True)
class ManifestRun:
    """A driver's run for the day: the input of :func:`labels.render_manifest`.

    ``route`` is the driven polyline [(lat, lon), …] from the shop through the stops and
    back; when empty the map joins shop and stops with straight lines. ``miles`` is the
    planned distance. Stop and parcel totals are counted from ``stops``.
    """

    shop: Shop
    run_id: str
    run_label: str
    driver: str
    date: dt.date
    stops: Sequence[ManifestStop]
    miles: float | None = None
    planned_start: dt.time | None = None
    planned_end: dt.time | None = None
    route: Sequence[tuple[float, float]] = ()
    outcome_codes: Sequence[OutcomeCode] = ()
    #: The streets drawn under the route (from the shop's street map; none without one).
    roads: Sequence[MapRoad] = ()
    #: "distances estimated: …" when the miles and times are straight-line estimates.
    distances_note: str = ""

    def __post_init__(self) -> None:
        _freeze(self, "stops")
        _freeze(self, "route")
        _freeze(self, "outcome_codes")
        _freeze(self, "roads")

    @property
    def stop_count(self) -> int:
        """Number of stops on the run."""
        return len(self.stops)

    @property
    def parcel_count(self) -> int:
        """Number of parcels on the run."""
        return sum(len(stop.parcels) for stop in self.stops)


@dataclass(frozen=True, slots=True)
class LoadItem:
    """One parcel on a load sheet, in the order it goes into the car."""

    tracking_id: str
    stop_number: int | None
    zone: str | None
    recipient: str = ""
    address: str = ""
    parcel_index: int = 1
    parcel_count: int = 1
    #: The stop's location note when it is not exact (as on the label): "≈ street only".
    location_note: str = ""


@dataclass(frozen=True, slots=True)
class LoadSheet:
    """The parcels of one run in loading order (the caller's order: last stop first)."""

    shop_name: str
    date: dt.date
    run_label: str
    driver: str
    items: Sequence[LoadItem]

    def __post_init__(self) -> None:
        _freeze(self, "items")


class DiscrepancyKind(StrEnum):
    """Why a parcel is on the discrepancy report."""

    MISSING = "missing"
    UNEXPECTED = "unexpected"
    DAMAGED = "damaged"
    OUT_OF_ZONE = "out_of_zone"
    NEEDS_LOCATION = "needs_location"
    BAD_ADDRESS = "bad_address"

    @property
    def caption(self) -> str:
        """The word printed for people."""
        return self.value.replace("_", " ")


@dataclass(frozen=True, slots=True)
class DiscrepancyRow:
    """One parcel the shop and the carrier disagree about. ``kind`` may be given as text."""

    tracking_id: str
    kind: DiscrepancyKind
    recipient: str = ""
    address: str = ""
    scanned_at: dt.datetime | None = None
    note: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", DiscrepancyKind(self.kind))


@dataclass(frozen=True, slots=True)
class DiscrepancyReport:
    """Check-in differences the shop hands to the carrier's driver.

    ``expected``/``received`` are the day's counts; counts per kind come from ``rows``.
    """

    shop_name: str
    date: dt.date
    expected: int
    received: int
    rows: Sequence[DiscrepancyRow]

    def __post_init__(self) -> None:
        _freeze(self, "rows")

    def count(self, kind: DiscrepancyKind) -> int:
        """How many rows are of ``kind``."""
        return sum(1 for row in self.rows if row.kind == kind)


@dataclass(frozen=True, slots=True)
class DriverDay:
    """One driver's figures on the end-of-day summary."""

    driver: str
    runs: int
    parcels: int
    delivered: int
    attempted: int
    miles: float | None = None  # planned
    miles_driven: float | None = None  # entered from the odometer; None: not entered


@dataclass(frozen=True, slots=True)
class LeftOverParcel:
    """A parcel of the day that did not finish: what became of it (carried over, held, set
    aside for return, missing, in the air), its shelf and why."""

    tracking_id: str
    what: str
    shelf: str = ""
    why: str = ""


@dataclass(frozen=True, slots=True)
class DaySummary:
    """The end-of-day one-pager.

    ``status_counts`` maps a parcel status ("received", "delivered", …) to a count and is
    printed in the order given. ``first_attempt_success`` is a fraction 0..1 (``None``
    when nothing was attempted). ``earnings`` is money in ``currency``. ``closing`` says
    whether and when the day was closed (or what keeps it open); ``left_over`` lists every
    parcel of the day that did not finish, and what became of it.
    """

    shop_name: str
    date: dt.date
    status_counts: Mapping[str, int]
    drivers: Sequence[DriverDay] = ()
    miles_planned: float | None = None
    miles_driven: float | None = None
    first_attempt_success: float | None = None
    parcels_still_out: int = 0
    earnings: Decimal | None = None
    currency: str = "$"
    notes: str = ""
    closing: str = ""
    left_over: Sequence[LeftOverParcel] = ()
    #: The event log's head when printed ("ID:HASH"): a copy outside the file, which
    #: `parcel-desk verify --anchor` checks the log against later.
    log_anchor: str = ""

    def __post_init__(self) -> None:
        _freeze(self, "drivers")
        _freeze(self, "left_over")
        object.__setattr__(self, "status_counts", dict(self.status_counts))


@dataclass(frozen=True, slots=True)
class ReturnItem:
    """A ``return_pending`` parcel going back to the carrier."""

    tracking_id: str
    reason: str
    attempts: int = 0
    deadline: dt.date | None = None
    recipient: str = ""


@dataclass(frozen=True, slots=True)
class ReturnManifest:
    """Parcels handed back to the carrier, with a barcode each and handover signatures."""

    shop_name: str
    date: dt.date
    items: Sequence[ReturnItem]
    carrier: str = ""

    def __post_init__(self) -> None:
        _freeze(self, "items")


__all__ = [
    "DaySummary",
    "DiscrepancyKind",
    "DiscrepancyReport",
    "DiscrepancyRow",
    "DriverDay",
    "LoadItem",
    "LoadSheet",
    "ManifestParcel",
    "ManifestRun",
    "ManifestStop",
    "OutcomeCode",
    "ParcelLabel",
    "ReturnItem",
    "ReturnManifest",
    "Shop",
]
