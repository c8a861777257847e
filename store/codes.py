"""The barcodes printed on a driver's manifest besides the parcels' own: stops and outcomes.

When the driver comes back, the clerk scans a stop's code, then the outcome the driver ticked
(or a parcel's label, then the outcome). Both kinds of code contain a dot, which no tracking
number has (the scanner normalisation refuses it), so a manifest code can never be mistaken
for a parcel. They are short, upper case and Code 128 friendly:

- stop: `S.<run id>.<stop sequence>`, for example `S.12.3`
- outcome: `R.<word>`, for example `R.DOOR` (delivered at the door) or `R.NOACCESS`
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from store.scancodes import normalise, strip_noise


class Delivered(StrEnum):
    """How a parcel was delivered."""

    TO_RECIPIENT = "to_recipient"
    AT_DOOR = "at_door"
    NEIGHBOUR = "neighbour"
    LOCKER = "locker"


class AttemptReason(StrEnum):
    """Why a delivery attempt failed."""

    NO_ACCESS = "no_access"
    RECIPIENT_UNAVAILABLE = "recipient_unavailable"
    REFUSED = "refused"
    UNSAFE_LOCATION = "unsafe_location"
    BUSINESS_CLOSED = "business_closed"
    ADDRESS_NOT_FOUND = "address_not_found"
    DAMAGED = "damaged"


@dataclass(frozen=True)
class OutcomeCode:
    code: str
    outcome: str  # "delivered" or "attempted"
    word: str  # a Delivered (how) or an AttemptReason (reason)
    caption: str
    #: The one letter the clerk presses on the Results screen and the driver ticks on the
    #: manifest: the same letter for the same outcome everywhere.
    letter: str

    @property
    def short(self) -> str:
        """The caption without its group: "at the door", "nobody home"."""
        return self.caption.removeprefix("Not delivered: ").removeprefix("Delivered ")


OUTCOME_CODES: tuple[OutcomeCode, ...] = (
    OutcomeCode("R.DEL", "delivered", Delivered.TO_RECIPIENT, "Delivered to the recipient", "D"),
    OutcomeCode("R.DOOR", "delivered", Delivered.AT_DOOR, "Delivered at the door", "F"),
    OutcomeCode("R.NEIGHBOUR", "delivered", Delivered.NEIGHBOUR, "Delivered to a neighbour", "N"),
    OutcomeCode("R.LOCKER", "delivered", Delivered.LOCKER, "Delivered to a locker", "L"),
    OutcomeCode(
        "R.NOACCESS", "attempted", AttemptReason.NO_ACCESS, "Not delivered: no access", "A"
    ),
    OutcomeCode(
        "R.NOTHOME",
        "attempted",
        AttemptReason.RECIPIENT_UNAVAILABLE,
        "Not delivered: nobody home",
        "H",
    ),
    OutcomeCode("R.REFUSED", "attempted", AttemptReason.REFUSED, "Not delivered: refused", "R"),
    OutcomeCode(
        "R.UNSAFE",
        "attempted",
        AttemptReason.UNSAFE_LOCATION,
        "Not delivered: unsafe location",
        "U",
    ),
    OutcomeCode(
        "R.CLOSED",
        "attempted",
        AttemptReason.BUSINESS_CLOSED,
        "Not delivered: business closed",
        "C",
    ),
    OutcomeCode(
        "R.NOADDRESS",
        "attempted",
        AttemptReason.ADDRESS_NOT_FOUND,
        "Not delivered: address not found",
        "X",
    ),
    OutcomeCode("R.DAMAGED", "attempted", AttemptReason.DAMAGED, "Not delivered: damaged", "B"),
)
_BY_CODE = {code.code: code for code in OUTCOME_CODES}
_STOP = re.compile(r"S\.(\d{1,9})\.(\d{1,4})")


class Kind(StrEnum):
    STOP = "stop"
    OUTCOME = "outcome"
    PARCEL = "parcel"
    UNKNOWN = "unknown"  # looks like a manifest code, but not one of ours
    UNREADABLE = "unreadable"


@dataclass(frozen=True)
class Parsed:
    """One scan off a manifest or a parcel, told apart."""

    kind: Kind
    text: str  # what was read, cleaned (for messages)
    run_id: int | None = None
    sequence: int | None = None
    outcome: OutcomeCode | None = None
    candidates: tuple[str, ...] = ()  # tracking-id candidates for a parcel scan
    problem: str | None = None


def stop_code(run_id: int, sequence: int) -> str:
    """The barcode text of a stop on the printed manifest."""
    return f"S.{run_id}.{sequence}"


def outcome_codes() -> list[tuple[str, str]]:
    """(barcode text, caption) of every outcome, in the order the manifest prints them."""
    return [(code.code, code.caption) for code in OUTCOME_CODES]


def outcome_code(outcome: str, word: str) -> str:
    """The barcode text for an outcome ('delivered', how) or ('attempted', reason)."""
    for code in OUTCOME_CODES:
        if (code.outcome, code.word) == (outcome, word):
            return code.code
    raise KeyError((outcome, word))


def parse(raw: str) -> Parsed:
    """Tell a stop code, an outcome code and a parcel's tracking number apart."""
    text = strip_noise(raw)
    if "." in text:
        if text in _BY_CODE:
            return Parsed(Kind.OUTCOME, text, outcome=_BY_CODE[text])
        stop = _STOP.fullmatch(text)
        if stop and int(stop[2]) >= 1:
            return Parsed(Kind.STOP, text, run_id=int(stop[1]), sequence=int(stop[2]))
        return Parsed(Kind.UNKNOWN, text[:40], problem=f"{text[:40]} is not a manifest code")
    code = normalise(raw)
    if not code.readable:
        return Parsed(Kind.UNREADABLE, text[:40], problem=code.problem)
    return Parsed(Kind.PARCEL, code.primary or "", candidates=code.candidates)
