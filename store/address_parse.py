"""Reading an address line: house number, street and unit, in a form two spellings share.

A manifest writes "12 N Main St Apt 4" where OpenStreetMap says "North Main Street" with the
house number 12; the locator needs both to come out as the same street key. US lines are
split by `usaddress` (a trained parser: number, directionals, street, type, unit), and every
street name, from a manifest or from the map, goes through one normaliser with the USPS
Publication 28 tables that `usaddress-scourgify` ships (street types and directionals to
their standard abbreviations). Lines that are not US-shaped, such as the European
"Landstrasse 12", fall back to "street, then number" so that an area abroad still locates.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import usaddress
from scourgify.address_constants import (
    DIRECTIONAL_REPLACEMENTS,
    OCCUPANCY_TYPE_ABBREVIATIONS,
    STREET_TYPE_ABBREVIATIONS,
)

#: Street types in German-speaking areas, often glued to the name ("Landstrasse", "Landstr.").
_GLUED_TYPES = (("STRASSE", "STR"), ("STR", "STR"))
_DIRECTIONS = {**DIRECTIONAL_REPLACEMENTS, **{v: v for v in DIRECTIONAL_REPLACEMENTS.values()}}
_TYPES = {**STREET_TYPE_ABBREVIATIONS, "STRASSE": "STR", "STR": "STR"}
_NUMBER = re.compile(r"\d+(?:\s?[A-Z](?![A-Z]))?(?:\s?[-/]\s?\d+[A-Z]?)?")
_EUROPEAN = re.compile(
    r"^(?P<street>.*?[^\d\s])\s+(?P<number>\d+\s?[A-Z]?(?:\s?[-/]\s?\d+\s?[A-Z]?)?)(?:\s*,.*)?$"
)
_US = re.compile(r"^(?P<number>\d+[A-Z]?)\s+(?P<street>\S.*)$")
#: "1234 N Main St": a number and words with nothing a unit or box could hide in; most
#: manifest lines are this plain and need no trained parser (a tenth of its time).
_PLAIN_US = re.compile(r"^(?P<number>\d+[A-Z]?)\s+(?P<street>[A-Z][A-Z' .-]*[A-Z.])$")
_UNIT_WORDS = frozenset(
    {*OCCUPANCY_TYPE_ABBREVIATIONS, *OCCUPANCY_TYPE_ABBREVIATIONS.values(), "BOX", "PO", "NO"}
)


@dataclass(frozen=True)
class StreetKey:
    """A street name as matching sees it: `full` with type and directionals abbreviated
    ("N MAIN ST"), `core` without them ("MAIN") for lines that leave the type out."""

    full: str
    core: str
    #: The name as written, folded and without spaces ("LANDSTRASSE"): misspellings are
    #: compared on it too, since "Landstrase" is one letter from it but far from "LAND STR".
    plain: str


@dataclass(frozen=True)
class AddressLine:
    """One address line taken apart. `number` is normalised ("12A"); `unit` is kept apart
    ("APT 4") and never takes part in locating."""

    number: str | None
    street: StreetKey | None
    unit: str = ""

    @property
    def number_value(self) -> int | None:
        return number_value(self.number)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Upper case ASCII words: accents dropped, ß as SS, punctuation as spaces."""
    text = text.replace("ß", "ss").replace("ẞ", "SS")
    plain = "".join(
        char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char)
    )
    return " ".join(re.sub(r"[^0-9A-Za-z]+", " ", plain).upper().split())


def number_value(number: str | None) -> int | None:
    """The numeric part of a house number ("12A" -> 12, "12-14" -> 12), if it has one."""
    if not number:
        return None
    match = re.match(r"\d+", number)
    return int(match.group()) if match else None


def normalise_number(text: str) -> str:
    return re.sub(r"\s+", "", text.upper())


@lru_cache(maxsize=65536)
def street_key(name: str) -> StreetKey | None:
    """The matching key of a street name from either side (manifest or map)."""
    tokens = fold(name).split()
    if not tokens:
        return None
    last = tokens[-1]
    for glued, short in _GLUED_TYPES:
        if last.endswith(glued) and len(last) > len(glued) + 1:
            tokens[-1:] = [last[: -len(glued)], short]
            break
    kinds = ["name"] * len(tokens)
    if len(tokens) > 2 and tokens[-1] in _DIRECTIONS:  # "Main Street North"
        tokens[-1], kinds[-1] = _DIRECTIONS[tokens[-1]], "direction"
    last_name = max(i for i, kind in enumerate(kinds) if kind == "name")
    if last_name > 0 and tokens[last_name] in _TYPES:
        tokens[last_name], kinds[last_name] = _TYPES[tokens[last_name]], "type"
    names = [i for i, kind in enumerate(kinds) if kind == "name"]
    if len(names) > 1 and tokens[0] in _DIRECTIONS:  # "North Main Street"
        tokens[0], kinds[0] = _DIRECTIONS[tokens[0]], "direction"
    core = " ".join(token for token, kind in zip(tokens, kinds, strict=True) if kind == "name")
    return StreetKey(" ".join(tokens), core or " ".join(tokens), fold(name).replace(" ", ""))


@lru_cache(maxsize=65536)
def parse_line(line: str) -> AddressLine:
    """House number, street and unit of an address line; never raises."""
    text = " ".join(line.replace("\u00a0", " ").split())
    upper = text.upper()
    plain = _PLAIN_US.match(upper)
    if plain and _UNIT_WORDS.isdisjoint(plain["street"].replace(".", " ").split()):
        return AddressLine(plain["number"], street_key(plain["street"]), "")
    european = _EUROPEAN.match(upper)
    if european and not _US.match(upper):
        return AddressLine(normalise_number(european["number"]), street_key(european["street"]), "")
    try:
        parts, kind = usaddress.tag(text)
    except usaddress.RepeatedLabelError:
        return _plain(upper)
    if kind != "Street Address" or "StreetName" not in parts:
        return _plain(upper)
    street = " ".join(
        parts[label]
        for label in (
            "StreetNamePreDirectional",
            "StreetNamePreModifier",
            "StreetNamePreType",
            "StreetName",
            "StreetNamePostType",
            "StreetNamePostDirectional",
        )
        if label in parts
    )
    number = parts.get("AddressNumber")
    return AddressLine(
        normalise_number(number) if number else None, street_key(street), _unit(parts)
    )


def _unit(parts: dict[str, str]) -> str:
    kind = fold(parts.get("OccupancyType", ""))
    kind = OCCUPANCY_TYPE_ABBREVIATIONS.get(kind, kind)
    ident = fold(parts.get("OccupancyIdentifier", ""))
    return " ".join(part for part in (kind or ("#" if ident else ""), ident) if part)


def _plain(upper: str) -> AddressLine:
    """A line usaddress cannot read as a street address: number first or last, else all
    street."""
    match = _US.match(upper)
    if match and _NUMBER.fullmatch(match["number"]):
        return AddressLine(normalise_number(match["number"]), street_key(match["street"]))
    return AddressLine(None, street_key(upper))
