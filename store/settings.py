"""The shop's settings: one validated record, stored as JSON values in the `settings` table.

Settings come from people (the settings dialog, `setup` on the command line), so every field is
checked here and a bad value is refused with its name, before anything is stored.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlite_utils
import tzlocal

from store.db import write_transaction
from store.errors import BadInput

UNITS = ("mi", "km")
LABEL_LAYOUTS = ("4x6", "letter-2up", "a4-2up", "letter-4up", "a4-4up")
PAGE_SIZES = ("letter", "a4")


@lru_cache(maxsize=1)
def system_timezone() -> str:
    """The machine's IANA zone name, so a new shop's days match the clerk's wall clock.

    tzlocal reads it on every system (the /etc/localtime link, $TZ, the Windows registry);
    the zones themselves come from tzdata where the system has no zone database (Windows).
    Cached: settings are read on hot paths (scans) and the machine's zone does not change
    while the program runs."""
    try:
        name = tzlocal.get_localzone_name()
    except Exception:  # tzlocal raises its own errors for a misconfigured machine
        name = None
    return name if name and _is_zone(name) else "UTC"


def _is_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


@dataclass(frozen=True)
class ShopSettings:
    """Everything a shop can set. Defaults are what a new shop starts with."""

    name: str = ""
    address: str = ""
    latitude: float | None = None
    longitude: float | None = None
    radius_mi: float = 10.0
    units: str = "mi"
    timezone: str = "UTC"
    max_attempts: int = 3
    service_base_s: int = 120
    service_per_parcel_s: int = 30
    circuity: float = 1.3
    speed_mph: float = 25.0
    rate_per_parcel: float = 0.0
    pickup_hold_days: int = 5
    return_deadline: str = "10:00"
    purge_after_days: int = 90
    label_layout: str = "4x6"
    page_size: str = "letter"
    printer: str = ""
    zpl_printer: str = ""
    plan_seconds: int = 3  # the Runs screen's planning budget, as last used
    #: Plan parcels located only by their ZIP code's centre (off: they wait for a location).
    plan_zip_located: bool = False
    #: A counter pickup waits until the clerk says the collector's ID was checked.
    pickup_id_required: bool = False

    @property
    def configured(self) -> bool:
        return bool(self.name) and self.latitude is not None and self.longitude is not None

    @property
    def location(self) -> tuple[float, float]:
        """The shop's (latitude, longitude): where every run starts and every zone is measured."""
        if self.latitude is None or self.longitude is None:
            raise BadInput("set up the shop first: its location is not set")
        return self.latitude, self.longitude

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def validated(self) -> ShopSettings:
        """Return self, or raise BadInput naming the first bad field."""
        _check(
            isinstance(self.name, str) and len(self.name) <= 200, "name", "200 characters or fewer"
        )
        if self.latitude is not None or self.longitude is not None:
            _check(_in_range(self.latitude, -90, 90), "latitude", "a number from -90 to 90")
            _check(_in_range(self.longitude, -180, 180), "longitude", "a number from -180 to 180")
        _check(_in_range(self.radius_mi, 0.1, 100), "radius_mi", "between 0.1 and 100 miles")
        _check(self.units in UNITS, "units", f"one of {', '.join(UNITS)}")
        _check(_is_zone(self.timezone), "timezone", "an IANA zone such as America/New_York")
        _check(_int_in(self.max_attempts, 1, 20), "max_attempts", "a whole number from 1 to 20")
        _check(_int_in(self.service_base_s, 0, 3600), "service_base_s", "0 to 3600 seconds")
        _check(_int_in(self.service_per_parcel_s, 0, 600), "service_per_parcel_s", "0 to 600 s")
        _check(_in_range(self.circuity, 1.0, 3.0), "circuity", "between 1.0 and 3.0")
        _check(_in_range(self.speed_mph, 1, 80), "speed_mph", "between 1 and 80 mph")
        _check(_in_range(self.rate_per_parcel, 0, 1000), "rate_per_parcel", "0 to 1000")
        _check(_int_in(self.pickup_hold_days, 1, 60), "pickup_hold_days", "1 to 60 days")
        _check(_is_hhmm(self.return_deadline), "return_deadline", "a time as HH:MM")
        _check(_int_in(self.purge_after_days, 1, 3650), "purge_after_days", "1 to 3650 days")
        _check(self.label_layout in LABEL_LAYOUTS, "label_layout", ", ".join(LABEL_LAYOUTS))
        _check(self.page_size in PAGE_SIZES, "page_size", ", ".join(PAGE_SIZES))
        _check(_int_in(self.plan_seconds, 1, 600), "plan_seconds", "1 to 600 seconds")
        _check(isinstance(self.plan_zip_located, bool), "plan_zip_located", "true or false")
        _check(isinstance(self.pickup_id_required, bool), "pickup_id_required", "true or false")
        for name in ("printer", "zpl_printer"):
            _check(_is_printer_name(getattr(self, name)), name, PRINTER_NAME)
        return self


def _check(ok: bool, name: str, expected: str) -> None:
    if not ok:
        raise BadInput(f"setting {name}: expected {expected}")


PRINTER_NAME = "a printer's name (200 characters or fewer, no tabs or line breaks), or nothing"


def _is_printer_name(name: Any) -> bool:
    """Empty (the system's default), or a name the spooler can take as one argument."""
    return (
        isinstance(name, str)
        and len(name) <= 200
        and name == name.strip()
        and all(char.isprintable() for char in name)
    )


def _in_range(value: Any, low: float, high: float) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and value == value  # not NaN
        and low <= value <= high
    )


def _int_in(value: Any, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _is_hhmm(text: Any) -> bool:
    if not isinstance(text, str) or len(text) != 5 or text[2] != ":":
        return False
    hours, minutes = text[:2], text[3:]
    return hours.isdigit() and minutes.isdigit() and int(hours) < 24 and int(minutes) < 60


_FIELD_NAMES = {field.name for field in fields(ShopSettings)}


def load(db: sqlite_utils.Database) -> ShopSettings:
    """The stored settings over the defaults (unknown keys from other versions are ignored)."""
    stored = {
        key: json.loads(value)
        for key, value in db.conn.execute("SELECT key, value FROM settings")
        if key in _FIELD_NAMES
    }
    defaults = ShopSettings(timezone=system_timezone())
    try:
        return replace(defaults, **stored)
    except TypeError as error:  # pragma: no cover - guarded by _FIELD_NAMES
        raise BadInput(f"stored settings are unreadable: {error}") from error


def save(db: sqlite_utils.Database, settings: ShopSettings) -> ShopSettings:
    """Validate and store all fields in one transaction."""
    settings.validated()
    with write_transaction(db):
        db.conn.executemany(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [(key, json.dumps(value)) for key, value in asdict(settings).items()],
        )
    return settings


def update(db: sqlite_utils.Database, **changes: Any) -> ShopSettings:
    """Change some fields; unknown names are refused."""
    unknown = set(changes) - _FIELD_NAMES
    if unknown:
        raise BadInput(f"unknown setting {', '.join(sorted(unknown))}")
    if "name" in changes:
        # Only a shop never set up has no name: a blank one un-set-up a working shop (plans
        # refused "set up the shop first"), and a line break would break every printed header.
        _check(_is_shop_name(changes["name"]), "name", SHOP_NAME)
    return save(db, replace(load(db), **changes))


SHOP_NAME = "the shop's name on one line (not blank, 200 characters or fewer)"


def _is_shop_name(name: Any) -> bool:
    return isinstance(name, str) and bool(name.strip()) and all(c.isprintable() for c in name)
