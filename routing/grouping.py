"""Merge the parcels going to one address into one stop, as the driver sees it.

The store usually groups by its own address key; this helper does the same from plain
parcel records, so the rule (same address → one stop, one service time) lives in one place.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from routing.model import Stop, service_seconds

COORD_DECIMALS = 5  # about a metre: parcels this close are at the same door


@dataclass(frozen=True, slots=True, kw_only=True)
class ParcelDrop:
    """One parcel to deliver, with where, until when and for whom."""

    tracking_id: str
    lat: float
    lon: float
    weight_lb: float = 0.0
    window: tuple[int, int] | None = None
    due: bool = True
    label: str = ""
    address_key: str | None = None  # the store's key for the address, if it has one


def group_stops(
    parcels: Iterable[ParcelDrop], *, base_s: int = 120, per_extra_s: int = 30
) -> list[Stop]:
    """One stop per address (and time window), in order of first appearance.

    Parcels with different windows at one address stay separate stops, since their times
    differ. A stop is due if any of its parcels is due; its label is its first parcel's.
    """
    groups: dict[tuple[object, ...], list[ParcelDrop]] = {}
    for parcel in parcels:
        where: object = parcel.address_key or (
            round(parcel.lat, COORD_DECIMALS),
            round(parcel.lon, COORD_DECIMALS),
        )
        groups.setdefault((where, parcel.window), []).append(parcel)
    stops = []
    for members in groups.values():
        first = members[0]
        stops.append(
            Stop(
                key=f"{first.address_key or 'stop'}:{first.tracking_id}",
                lat=first.lat,
                lon=first.lon,
                tracking_ids=tuple(p.tracking_id for p in members),
                service_s=service_seconds(len(members), base_s, per_extra_s),
                weight_lb=sum(p.weight_lb for p in members),
                window=first.window,
                due=any(p.due for p in members),
                label=first.label,
            )
        )
    return stops
