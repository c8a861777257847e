"""Manifest codes: stops and outcomes are told apart from parcels and from noise."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from store import codes
from store.codes import Kind
from store.scancodes import normalise


def test_stop_codes_round_trip() -> None:
    """A stop's printed code parses back to its run and sequence, scanner noise included."""
    assert codes.stop_code(12, 3) == "S.12.3"
    parsed = codes.parse("]C1s.12.3\r\n")
    assert (parsed.kind, parsed.run_id, parsed.sequence) == (Kind.STOP, 12, 3)


def test_every_outcome_code_parses_to_its_outcome() -> None:
    """Each printed outcome code gives back the outcome and the word it stands for."""
    for code, caption in codes.outcome_codes():
        parsed = codes.parse(code.lower() + "\t")
        assert parsed.kind is Kind.OUTCOME
        assert parsed.outcome is not None and parsed.outcome.caption == caption
        assert codes.outcome_code(parsed.outcome.outcome, parsed.outcome.word) == code


def test_outcome_codes_are_short_unique_and_cover_every_word() -> None:
    """Short enough for a manifest column; one code per how and per reason."""
    printed = [code for code, _ in codes.outcome_codes()]
    assert len(set(printed)) == len(printed)
    assert max(len(code) for code in printed) <= 12
    words = {c.word for c in codes.OUTCOME_CODES}
    assert words == set(codes.Delivered) | set(codes.AttemptReason)


def test_parcels_unknown_codes_and_noise_are_told_apart() -> None:
    """A tracking number is a parcel; a dotted code that is not ours is unknown; junk is
    unreadable."""
    assert codes.parse("tba123456789\r").kind is Kind.PARCEL
    assert codes.parse("TBA123456789").candidates == ("TBA123456789",)
    unknown = codes.parse("R.TELEPORTED")
    assert (unknown.kind, unknown.problem) == (Kind.UNKNOWN, "R.TELEPORTED is not a manifest code")
    assert codes.parse("S.1.0").kind is Kind.UNKNOWN
    assert codes.parse("   ").kind is Kind.UNREADABLE


@given(st.integers(1, 10**9 - 1), st.integers(1, 9999))
def test_no_manifest_code_can_pass_for_a_tracking_number(run_id: int, sequence: int) -> None:
    """The dot keeps every stop code out of the check-in's tracking numbers."""
    code = codes.stop_code(run_id, sequence)
    assert not normalise(code).readable
    assert codes.parse(code).kind is Kind.STOP
