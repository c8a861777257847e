"""Fixtures for the data layer: a fresh shop file per test, closed afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from store import settings
from store.db import connect
from store.events import Actor

SHOP_LAT, SHOP_LON = 38.9187, -77.2311
DAY = date(2026, 11, 25)
MORNING = datetime(2026, 11, 25, 13, 0, tzinfo=UTC)  # 08:00 in Virginia

HEADER = "tracking_id,recipient_name,address_line1,city,state,postal_code,latitude,longitude"


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    return tmp_path / "shop.db"


@pytest.fixture
def db(db_file: Path) -> Iterator[sqlite_utils.Database]:
    """An empty, migrated shop database (no shop settings yet)."""
    database = connect(db_file)
    yield database
    database.conn.close()


@pytest.fixture
def shop(db: sqlite_utils.Database) -> sqlite_utils.Database:
    """A configured shop at Tysons Corner with a 10-mile radius."""
    settings.update(
        db, name="Test Shop", latitude=SHOP_LAT, longitude=SHOP_LON, timezone="America/New_York"
    )
    return db


@pytest.fixture
def actor() -> Actor:
    return Actor(staff="Ana", counter="Counter 1")


def manifest_bytes(*rows: str, header: str = HEADER) -> bytes:
    return ("\r\n".join((header, *rows)) + "\r\n").encode("utf-8")


def inside(tracking_id: str, name: str = "Olivia Smith", lat: float = 38.93) -> str:
    """A manifest row for an address about a mile from the shop."""
    return f"{tracking_id},{name},1500 Cornerside Blvd,Vienna,VA,22182,{lat},-77.24"


def dump(db: sqlite_utils.Database) -> list[str]:
    """Every row of every table, to prove a refused operation changed nothing."""
    return list(db.conn.iterdump())


def write_as_old_schema(patch: pytest.MonkeyPatch, db: sqlite_utils.Database) -> None:
    """Make this version's manifest import write only the parcel columns an older schema's
    file has (to build an old shop file with today's code, in migration tests)."""
    from store import manifest

    columns = {row[1] for row in db.conn.execute("PRAGMA table_info(parcels)")}
    parcel_rows = manifest._parcel_rows

    def trimmed(*args: Any, **kwargs: Any) -> Any:
        new, *rest = parcel_rows(*args, **kwargs)
        kept = {key: {k: v for k, v in row.items() if k in columns} for key, row in new.items()}
        return (kept, *rest)

    patch.setattr(manifest, "_parcel_rows", trimmed)
