"""The area's streets as the shop's page uses them: the named streets to draw under the pin,
and finding the shop's typed address on them.

Both read the address index that the street map import builds (`store.area_import`'s
"addresses" step, read through `store.locate`); without a street map there are no streets
and nothing is found, and the page falls back to the ZIP code's centre.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import sqlite_utils

from store import locate
from store.locate import Found
from ui.setup.pin_map import Street

#: Sources of a place found on the area's own data (not the ZIP code's centre).
ON_THE_STREETS = frozenset({"address_point", "street", "address_book"})
#: Finds a typed address ("4200 Derry St, Harrisburg PA 17111") on the area's streets.
StreetFinder = Callable[[str], Found | None]


def streets(db: sqlite_utils.Database | None) -> list[Street]:
    """The area's named streets, piece by piece; none without a street map."""
    index = locate.area_index(db) if db is not None else None
    if index is None:
        return []
    return [
        Street(street.name, [(piece[i + 1], piece[i]) for i in range(0, len(piece) - 1, 2)])
        for street in index.streets.values()
        for piece in street.pieces
    ]


def split_address(address: str) -> tuple[str, str, str]:
    """(first line, ZIP code, town) of a one-line address: "4200 Derry St, Harrisburg PA
    17111" → ("4200 Derry St", "17111", "Harrisburg")."""
    line1, _, rest = address.partition(",")
    postal = re.findall(r"\b(\d{5})(?:-\d{4})?\b", rest or line1)
    town = re.sub(r"\b[A-Z]{2}\b|\d{5}(-\d{4})?|,", " ", rest)
    return line1.strip(), postal[-1] if postal else "", " ".join(town.split())


def street_finder(db: sqlite_utils.Database | None) -> StreetFinder:
    """Finds a typed address on the area's streets (the index is read at each call, so a
    street map imported after the page opened is used at once); None when it is not there."""

    def find(address: str) -> Found | None:
        index = locate.area_index(db) if db is not None else None
        if index is None or db is None:
            return None
        found = locate.Locator(db, index).locate(*split_address(address))
        if found.source not in ON_THE_STREETS or found.point is None:
            return None
        return found

    return find
