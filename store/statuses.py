"""The parcel status machine of PRODUCT.md, in one table that every writer goes through.

Keeping the allowed transitions as data (not as `if`s spread over the screens) means the
check-in, the planner, dispatch and the command line all refuse the same things with the same
words, and a test can walk the whole table.
"""

from __future__ import annotations

from enum import StrEnum

from store.errors import TransitionError


class Status(StrEnum):
    EXPECTED = "expected"
    RECEIVED = "received"
    PLANNED = "planned"
    OUT_FOR_DELIVERY = "out_for_delivery"
    DELIVERED = "delivered"
    EXCEPTION = "exception"
    ATTEMPTED = "attempted"
    PICKED_UP = "picked_up"
    RETURN_PENDING = "return_pending"
    RETURNED = "returned"
    MISSING = "missing"
    # Not a parcel after all: an unexpected "parcel" a misread scan created, voided by a new
    # event (the log keeps both). Scanned again, it is held again.
    VOIDED = "voided"


class ExceptionReason(StrEnum):
    """Why a parcel is held (`exception`)."""

    DAMAGED = "damaged"
    OUT_OF_ZONE = "out_of_zone"
    NEEDS_LOCATION = "needs_location"
    UNEXPECTED = "unexpected"
    BAD_ADDRESS = "bad_address"


#: Reasons that make an otherwise refused step back legal: undoing a scan, correcting a result.
CORRECTION_REASONS = frozenset({"undo", "correction"})

S = Status
#: Ordinary forward steps of a parcel's day. `None` is "not in the database yet".
TRANSITIONS: dict[Status | None, frozenset[Status]] = {
    None: frozenset({S.EXPECTED, S.RECEIVED, S.EXCEPTION}),
    S.EXPECTED: frozenset({S.RECEIVED, S.EXCEPTION, S.MISSING}),
    S.RECEIVED: frozenset({S.PLANNED, S.EXCEPTION, S.PICKED_UP, S.RETURN_PENDING, S.VOIDED}),
    # planned -> planned: moved to another run or stop by a re-plan.
    S.PLANNED: frozenset(
        {S.PLANNED, S.RECEIVED, S.OUT_FOR_DELIVERY, S.EXCEPTION, S.PICKED_UP, S.RETURN_PENDING}
    ),
    # out_for_delivery -> received: the car left without it after all.
    S.OUT_FOR_DELIVERY: frozenset({S.DELIVERED, S.ATTEMPTED, S.RECEIVED, S.EXCEPTION}),
    # attempted -> attempted: held for pickup at the counter (a new event, same status).
    S.ATTEMPTED: frozenset(
        {S.ATTEMPTED, S.PLANNED, S.RECEIVED, S.PICKED_UP, S.RETURN_PENDING, S.EXCEPTION}
    ),
    # exception -> exception: the reason changed (for example out_of_zone became damaged).
    S.EXCEPTION: frozenset({S.EXCEPTION, S.RECEIVED, S.PICKED_UP, S.RETURN_PENDING, S.VOIDED}),
    S.RETURN_PENDING: frozenset({S.RETURNED, S.RECEIVED, S.PICKED_UP}),
    S.MISSING: frozenset({S.RECEIVED, S.EXCEPTION}),
    S.DELIVERED: frozenset(),
    S.PICKED_UP: frozenset(),
    S.RETURNED: frozenset(),
    S.VOIDED: frozenset({S.EXCEPTION}),
}

#: Steps back, allowed only with a reason from CORRECTION_REASONS (and always a new event).
CORRECTIONS: frozenset[tuple[Status, Status]] = frozenset(
    {
        (S.RECEIVED, S.EXPECTED),  # undo of a check-in scan
        (S.EXCEPTION, S.EXPECTED),  # undo of a scan that held the parcel
        (S.DELIVERED, S.OUT_FOR_DELIVERY),  # a result recorded on the wrong parcel
        (S.ATTEMPTED, S.OUT_FOR_DELIVERY),
        (S.RETURN_PENDING, S.OUT_FOR_DELIVERY),  # the attempt that set it aside was wrong
        (S.PICKED_UP, S.RECEIVED),  # handed to the wrong person at the counter? back on shelf
        (S.RETURNED, S.RETURN_PENDING),  # scanned onto the wrong truck
        (S.MISSING, S.EXPECTED),  # marked missing too early
        (S.OUT_FOR_DELIVERY, S.PLANNED),  # dispatch undone before the car left
    }
)

#: Why a parcel is held, in the words every screen and paper uses.
HELD_WORDS: dict[str, str] = {
    ExceptionReason.DAMAGED: "damaged",
    ExceptionReason.OUT_OF_ZONE: "outside the delivery area",
    ExceptionReason.NEEDS_LOCATION: "no location for its address",
    ExceptionReason.UNEXPECTED: "not on any manifest",
    ExceptionReason.BAD_ADDRESS: "bad address",
}
#: A status as a clerk says it ("it is …").
STATUS_WORDS: dict[str, str] = {
    "expected": "expected, not arrived yet",
    "received": "on the shelf",
    "planned": "planned on a run",
    "out_for_delivery": "out for delivery",
    "delivered": "delivered",
    "exception": "held",
    "attempted": "back on the shelf after an attempt",
    "picked_up": "picked up at the counter",
    "return_pending": "set aside for return",
    "returned": "returned to the carrier",
    "missing": "missing",
    "voided": "voided: not a parcel (a misread scan)",
}


def in_words(status: str, reason: str | None = None) -> str:
    """A parcel's status in plain words: "held: outside the delivery area", "on the shelf"."""
    words = STATUS_WORDS.get(status, status.replace("_", " "))
    if status == S.EXCEPTION and reason:
        return f"{words}: {HELD_WORDS.get(reason, reason.replace('_', ' '))}"
    return words


#: States in which a parcel's day is over (nothing more to do for the shop).
FINISHED = frozenset({S.DELIVERED, S.PICKED_UP, S.RETURNED})
#: States in which the parcel is physically on the shop's shelf.
ON_SHELF = frozenset({S.RECEIVED, S.PLANNED, S.ATTEMPTED, S.EXCEPTION, S.RETURN_PENDING})


def check_transition(old: Status | None, new: Status, reason: str | None = None) -> None:
    """Raise TransitionError, in words a clerk understands, unless old -> new is allowed."""
    new = Status(new)
    old = Status(old) if old is not None else None
    if new in TRANSITIONS[old]:
        if new is S.EXCEPTION and reason not in set(ExceptionReason):
            raise TransitionError(
                f"an exception needs a reason ({', '.join(ExceptionReason)}), got {reason!r}"
            )
        return
    if old is not None and (old, new) in CORRECTIONS:
        if reason in CORRECTION_REASONS:
            return
        raise TransitionError(
            f"going back from {old} to {new} is a correction: give the reason 'undo' or "
            "'correction'"
        )
    if old is None:
        raise TransitionError(f"a new parcel cannot start as {new}")
    allowed = ", ".join(sorted(TRANSITIONS[old])) or "nothing (its day is over)"
    raise TransitionError(f"a parcel that is {old} cannot become {new} (allowed: {allowed})")
