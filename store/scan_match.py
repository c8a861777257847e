"""Which of the shop's parcels a scan names: the exact code first, carrier rules only after.

A scan's own code (noise removed) is what the label says; the ids that carrier rules read
inside it (the USPS number after an IMpb `420`+ZIP, the tail of a long FedEx barcode) are
guesses. So a parcel whose tracking id is the exact code always wins, and a guess is taken
only when exactly one parcel answers it: when two parcels match only by derived rules the
scan is ambiguous and the clerk is asked which one is in hand, never answered with a guess.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import sqlite_utils

from store.errors import BadInput
from store.scancodes import ScanCode


@dataclass(frozen=True)
class ScanMatch:
    """The parcel a scan names (`tracking_id`), or the parcels it might name (`choices`)."""

    tracking_id: str | None
    choices: tuple[str, ...] = ()

    @property
    def ambiguous(self) -> bool:
        return len(self.choices) > 1


class AmbiguousScan(BadInput):
    """A scan that two or more parcels answer only by derived rules."""

    def __init__(self, code: str, choices: tuple[str, ...]) -> None:
        self.code = code
        self.choices = choices
        super().__init__(ambiguity_sentence(code, choices))


def ambiguity_sentence(code: str, choices: tuple[str, ...]) -> str:
    """One sentence a clerk can act on."""
    return (
        f"{code} could be {' or '.join(choices)}: "
        "type the tracking id printed on the label, or pick the parcel in hand"
    )


def match(db: sqlite_utils.Database, code: ScanCode) -> ScanMatch:
    """The parcel `code` names: its exact id, else the single parcel a derived id finds."""
    return match_candidates(db, code.candidates)


def match_candidates(db: sqlite_utils.Database, candidates: tuple[str, ...]) -> ScanMatch:
    """`match` for a candidate tuple (the exact code first, then the derived ids)."""
    if not candidates:
        return ScanMatch(None)
    marks = ", ".join("?" * len(candidates))
    found = {
        row[0]
        for row in db.conn.execute(
            f"SELECT tracking_id FROM parcels WHERE tracking_id IN ({marks})", candidates
        )
    }
    return decide(candidates, found)


def decide(candidates: tuple[str, ...], found: Collection[str]) -> ScanMatch:
    """The rule, given which `candidates` are parcels of the shop (`found`)."""
    if not candidates:
        return ScanMatch(None)
    exact, *derived = candidates
    if exact in found:
        return ScanMatch(exact)
    hits = tuple(candidate for candidate in derived if candidate in found)
    if len(hits) == 1:
        return ScanMatch(hits[0])
    return ScanMatch(None, hits)


def only_match(db: sqlite_utils.Database, candidates: tuple[str, ...]) -> str | None:
    """The tracking id a scan names, None when none; raises AmbiguousScan rather than guess."""
    found = match_candidates(db, candidates)
    if found.ambiguous:
        raise AmbiguousScan(candidates[0], found.choices)
    return found.tracking_id
