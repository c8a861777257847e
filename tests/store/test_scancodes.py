"""Scanner normalisation: what real scanners and labels produce, matched to the manifest."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.scancodes import normalise


@pytest.mark.parametrize(
    ("raw", "primary"),
    [
        ("TBA534439589204", "TBA534439589204"),
        ("TBA534439589204\r", "TBA534439589204"),
        ("TBA534439589204\r\n", "TBA534439589204"),
        ("TBA534439589204\n", "TBA534439589204"),
        ("TBA534439589204\t", "TBA534439589204"),
        ("  TBA534439589204  ", "TBA534439589204"),
        ("tba534439589204", "TBA534439589204"),
        ("]C1TBA534439589204\r", "TBA534439589204"),  # AIM: Code 128
        ("]E0TBA534439589204", "TBA534439589204"),  # AIM: EAN/UPC identifier
        ("]Q3tba534439589204", "TBA534439589204"),  # AIM: QR code
        ("\x02TBA534439589204\x03", "TBA534439589204"),  # STX/ETX framing
        ("TBA5344\x1d39589204", "TBA534439589204"),  # a GS separator in the middle
        ("1z 999 aa1 01 2345 6784", "1Z999AA10123456784"),  # UPS, typed with spaces
    ],
)
def test_scanner_noise_is_removed(raw: str, primary: str) -> None:
    """Whitespace, CR/LF/TAB, AIM prefixes, control characters and case never reach data."""
    assert normalise(raw).primary == primary


def test_usps_impb_with_zip5_yields_the_tracking_number() -> None:
    """IMpb: 420 + ZIP5 + the 22-digit USPS tracking number."""
    code = normalise("]C1420221029400111202555842761234")
    assert code.primary == "9400111202555842761234"
    assert code.candidates == ("420221029400111202555842761234", "9400111202555842761234")


def test_usps_impb_with_zip9_and_gs_separator() -> None:
    """IMpb: 420 + ZIP+4, the FNC1 arrives as GS; ZIP9 is tried before ZIP5."""
    code = normalise("420221021234\x1d9400111202555842761234\r")
    assert code.derived[0] == "9400111202555842761234"


def test_fedex_34_digit_barcode_embeds_the_12_digit_tracking_number() -> None:
    """FedEx 1D barcodes: the tracking number is the last 12 digits (15 tried too)."""
    code = normalise("1001901781080015000200794856401234")
    assert code.derived[:2] == ("794856401234", "000200794856401234"[-15:])
    assert code.exact == "1001901781080015000200794856401234"


def test_fedex_ground_96_barcode() -> None:
    """FedEx Ground 96 barcodes carry a 15-digit number at the end."""
    assert normalise("9611020987654321012345").derived[0] == "987654321012345"


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("", "nothing readable"),
        ("\r\n", "nothing readable"),
        ("\x00\x00", "nothing readable"),
        ("ab12", "too short"),
        ("TBA%%$#", "a tracking number has only letters and digits, not # $ %"),
        ("TBA1234567ÿ", "a tracking number has only letters and digits, not ÿ"),
        ("X" * 300, "too long"),
    ],
)
def test_unreadable_scans_say_why(raw: str, problem: str) -> None:
    """Garbage gets a reason, never a guess."""
    code = normalise(raw)
    assert not code.readable
    assert problem in (code.problem or "")


def test_visible_shows_control_characters() -> None:
    """The scan log keeps what the scanner really sent, made readable."""
    assert normalise("]C1TBA534439589204\r\n").visible == "]C1TBA534439589204\\x0d\\x0a"


@given(st.text(max_size=60))
def test_any_input_gives_a_clean_id_or_a_reason(raw: str) -> None:
    """Whatever a scanner (or a cat on the keyboard) types, the id is clean or refused."""
    code = normalise(raw)
    if code.readable:
        assert code.primary is not None and code.primary.isascii()
        assert code.primary == code.primary.upper()
        assert all(char.isalnum() or char == "-" for char in code.primary)
    else:
        assert code.problem


@pytest.mark.parametrize(
    ("raw", "odd"),
    [
        ("TBA53443958920\u017f", "\u017f"),  # long s: str.upper() makes it S
        ("TBA\u0131534439589204", "\u0131"),  # dotless i: str.upper() makes it I
        ("TBA534439589204\u00a0", "\u00a0"),  # a no-break space is not what scanners add
        ("\uff34BA534439589204", "\uff34"),  # a full-width T
        ("TBA5344\u200b39589204", "\u200b"),  # a zero-width space
    ],
)
def test_no_unicode_folding_changes_an_id(raw: str, odd: str) -> None:
    """A character no label carries is refused, never folded into another parcel's id."""
    code = normalise(raw)
    assert not code.readable
    assert odd in (code.problem or "")


@pytest.mark.parametrize("raw", ["CP100003\tCP100004", "CP100003\r\nCP100004", "CP1\nCP100004"])
def test_two_codes_run_together_are_refused(raw: str) -> None:
    """A TAB or line break inside a read ends a scan: never one id made of two."""
    code = normalise(raw)
    assert not code.readable
    assert "two codes" in (code.problem or "")


def test_the_code_itself_is_the_first_candidate() -> None:
    """A FedEx Ground 96 code: the whole code first, the tails after it."""
    code = normalise("9612345678901234567890")
    assert code.candidates == ("9612345678901234567890", "678901234567890", "901234567890")
