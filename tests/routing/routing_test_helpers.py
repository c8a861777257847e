"""Builders of small shop days for the planner tests: stops placed by miles from the shop."""

from __future__ import annotations

from routing import Depot, Stop, Vehicle

SHOP = Depot(38.9187, -77.2311)
MILE_LAT = 1 / 69.05  # degrees of latitude per mile
MILE_LON = 1 / 53.7  # degrees of longitude per mile at the shop's latitude


def stop_at(key: str, north_mi: float, east_mi: float, **fields: object) -> Stop:
    """A one-parcel stop placed by miles north and east of the shop."""
    values: dict[str, object] = {
        "tracking_ids": (f"T-{key}",),
        "service_s": 120,
    }
    values.update(fields)
    return Stop(
        key=key,
        lat=SHOP.lat + north_mi * MILE_LAT,
        lon=SHOP.lon + east_mi * MILE_LON,
        **values,  # type: ignore[arg-type]
    )


def car(name: str, capacity: int = 50, start_h: float = 8, end_h: float = 17) -> Vehicle:
    """A driver's car with a day shift."""
    return Vehicle(
        name=name,
        capacity_parcels=capacity,
        shift_start_s=int(start_h * 3600),
        shift_end_s=int(end_h * 3600),
    )
