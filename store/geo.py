"""Distances, bearings and shelf zones around the shop.

A parcel's shelf zone comes from where it goes: the compass sector of its bearing from the shop
and a distance band (for example `NE-2`), so parcels that ride together sit together on the shelf
and a driver's load is picked from a few neighbouring bins.
"""

from __future__ import annotations

import math

EARTH_RADIUS_MI = 3958.7613
SECTORS = ("N", "NE", "E", "SE", "S", "SW", "W", "NW")
BANDS = 4


def miles_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in statute miles."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_MI * math.asin(min(1.0, math.sqrt(a)))


def bearing_deg(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Initial compass bearing from point 1 to point 2, 0 = north, clockwise, in [0, 360)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dlmb = math.radians(lon2 - lon1)
    x = math.sin(dlmb) * math.cos(phi2)
    y = math.cos(phi1) * math.sin(phi2) - math.sin(phi1) * math.cos(phi2) * math.cos(dlmb)
    return math.degrees(math.atan2(x, y)) % 360.0


def zone_for(distance_mi: float, bearing: float, radius_mi: float) -> str:
    """Shelf zone: compass sector and distance band (1 nearest .. 4 at the radius edge)."""
    sector = SECTORS[int(((bearing + 22.5) % 360) // 45)]
    band = min(BANDS, int(distance_mi / (radius_mi / BANDS)) + 1)
    return f"{sector}-{band}"


def point_at(lat: float, lon: float, bearing: float, distance_mi: float) -> tuple[float, float]:
    """The point `distance_mi` from (lat, lon) along `bearing` (for demo data and tests)."""
    delta = distance_mi / EARTH_RADIUS_MI
    theta = math.radians(bearing)
    phi1, lmb1 = math.radians(lat), math.radians(lon)
    phi2 = math.asin(
        math.sin(phi1) * math.cos(delta) + math.cos(phi1) * math.sin(delta) * math.cos(theta)
    )
    lmb2 = lmb1 + math.atan2(
        math.sin(theta) * math.sin(delta) * math.cos(phi1),
        math.cos(delta) - math.sin(phi1) * math.sin(phi2),
    )
    return math.degrees(phi2), (math.degrees(lmb2) + 540) % 360 - 180
