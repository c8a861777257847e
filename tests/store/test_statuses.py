"""The status machine: one table, every writer goes through it."""

from __future__ import annotations

import pytest

from store.errors import TransitionError
from store.statuses import CORRECTIONS, TRANSITIONS, Status, check_transition


@pytest.mark.parametrize(
    ("old", "new"),
    [(old, new) for old, targets in TRANSITIONS.items() for new in targets],
)
def test_every_listed_transition_is_allowed(old: Status | None, new: Status) -> None:
    """Each step in the table passes (exceptions with a reason)."""
    check_transition(old, new, "damaged" if new is Status.EXCEPTION else None)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (Status.EXPECTED, Status.DELIVERED),
        (Status.RECEIVED, Status.OUT_FOR_DELIVERY),
        (Status.DELIVERED, Status.PLANNED),
        (Status.RETURNED, Status.RECEIVED),
        (Status.PICKED_UP, Status.DELIVERED),
        (None, Status.DELIVERED),
    ],
)
def test_nonsense_transitions_are_refused_in_words(old: Status | None, new: Status) -> None:
    """A refused step names both statuses (or says the parcel is new)."""
    with pytest.raises(TransitionError) as refused:
        check_transition(old, new)
    assert str(new) in str(refused.value)


def test_refusal_lists_what_is_allowed() -> None:
    """The message tells the clerk what the parcel can become instead."""
    with pytest.raises(TransitionError, match=r"allowed: .*planned"):
        check_transition(Status.RECEIVED, Status.DELIVERED)


def test_exception_needs_a_known_reason() -> None:
    """Held parcels say why; an unknown reason is refused."""
    check_transition(Status.EXPECTED, Status.EXCEPTION, "out_of_zone")
    with pytest.raises(TransitionError, match="needs a reason"):
        check_transition(Status.EXPECTED, Status.EXCEPTION, None)
    with pytest.raises(TransitionError, match="needs a reason"):
        check_transition(Status.EXPECTED, Status.EXCEPTION, "sunburnt")


@pytest.mark.parametrize(("old", "new"), sorted(CORRECTIONS))
def test_steps_back_need_undo_or_correction(old: Status, new: Status) -> None:
    """Going back is only a correction, never an accident."""
    with pytest.raises(TransitionError, match="correction"):
        check_transition(old, new, None)
    check_transition(old, new, "undo")
    check_transition(old, new, "correction")


def test_finished_parcels_go_nowhere_without_a_correction() -> None:
    """delivered, picked_up and returned are the end of a parcel's day."""
    for done in (Status.DELIVERED, Status.PICKED_UP, Status.RETURNED):
        assert TRANSITIONS[done] == frozenset()
