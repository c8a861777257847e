"""How each check-in answer looks and sounds: one table, used by the answer panel and the history.

Every outcome has its own colour, symbol, words and sound, so two answers are never confused at a
glance or by ear. The title is short (it is read from a step away); the store's message under it
says what to do. Symbols are ones the common UI fonts (DejaVu, Segoe UI Symbol) carry.
Colours are dark enough for white text (WCAG AA at the sizes used).
"""

from __future__ import annotations

from dataclasses import dataclass

from store.checkin import Outcome


@dataclass(frozen=True)
class Look:
    colour: str  # background of the answer panel; text on it is white
    symbol: str
    title: str
    sound: str


LOOKS: dict[str, Look] = {
    Outcome.RECEIVED: Look("#1b6e34", "✔", "Received", "received"),
    Outcome.DUPLICATE: Look("#8a5a00", "⟳", "Already scanned", "duplicate"),
    Outcome.UNEXPECTED: Look("#5b2a86", "?", "Not on the manifest", "unexpected"),
    Outcome.UNREADABLE: Look("#b3261e", "✖", "Unreadable", "unreadable"),
    Outcome.OUT_OF_ZONE: Look("#0b5394", "⊘", "Outside the area", "out_of_zone"),
    Outcome.NEEDS_LOCATION: Look("#00695c", "◎", "No location", "needs_location"),
    Outcome.DAMAGED: Look("#7a1f3d", "⚠", "Damaged", "damaged"),
    Outcome.UNDONE: Look("#455a64", "↶", "Scan undone", "undone"),
    Outcome.AMBIGUOUS: Look("#6d4c41", "⇄", "Which parcel?", "ambiguous"),
}
#: The store refused or failed: nothing was recorded by this action.
ERROR = Look("#212121", "!", "Not recorded", "error")
#: Before the first scan.
READY = Look("#eceff1", "", "Ready: scan a parcel", "")


def look(outcome: str) -> Look:
    return LOOKS.get(outcome, ERROR)
