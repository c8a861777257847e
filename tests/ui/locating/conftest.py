"""A demo shop that has the synthetic area's address index and three parcels located on it."""

from __future__ import annotations

import pytest

from store.events import Actor
from store.manifest import import_bytes
from tests import synthetic_area as area


@pytest.fixture
def actor() -> Actor:
    return Actor("Ben", "Counter 2")


@pytest.fixture
def area_shop(shop, tmp_path, actor):
    """The demo shop moved to the synthetic area (near Tysons Corner) with its address index:
    TBA200000001 on the street only (8 Main St), TBA200000002 by ZIP only (held),
    TBA200000003 at its address point."""
    from store import settings

    settings.update(shop, latitude=38.9187, longitude=-77.2311, radius_mi=10.0)
    area.install(shop, tmp_path)
    rows = (
        "tracking_id,recipient_name,address_line1,city,state,postal_code\n"
        f"TBA200000001,Grace,8 Main St,Vienna,VA,{area.WEST_ZIP}\n"
        f"TBA200000002,Liam,40 Nowhere Rd,Vienna,VA,{area.WEST_ZIP}\n"
        f"TBA200000003,Emma,5 Main St,Vienna,VA,{area.EAST_ZIP}\n"
    )
    import_bytes(shop, actor, rows.encode(), "area.csv")
    return shop


@pytest.fixture
def planned_area_shop(tmp_path, actor):
    """A small shop with the synthetic area: three parcels checked in and planned on Dev's
    run (one on the street only, one at its address; the ZIP-only one is held)."""
    from datetime import date

    from store import drivers, planning, settings
    from store.checkin import check_in
    from store.db import connect

    db = connect(tmp_path / "small.db")
    settings.update(db, name="Area Shop", latitude=38.9187, longitude=-77.2311,
                    timezone="America/New_York")  # fmt: skip
    drivers.add(db, "Dev", capacity=20, shift_start="09:00", shift_end="17:00")
    area.install(db, tmp_path)
    day = date(2026, 11, 25)
    rows = (
        "tracking_id,recipient_name,address_line1,city,state,postal_code,service\n"
        f"TBA200000001,Grace,8 Main St,Vienna,VA,{area.WEST_ZIP},same_day\n"
        f"TBA200000002,Liam,40 Nowhere Rd,Vienna,VA,{area.WEST_ZIP},same_day\n"
        f"TBA200000003,Emma,5 Main St,Vienna,VA,{area.EAST_ZIP},same_day\n"
    )
    import_bytes(db, actor, rows.encode(), "area.csv", day)
    for n in (1, 2, 3):
        check_in(db, actor, f"TBA20000000{n}")
    prepared = planning.prepare(db, day)
    planning.commit(db, actor, prepared, planning.solve(prepared, seconds=1, iterations=50))
    yield db, day
    db.conn.close()
