"""Reading address lines: US lines through usaddress, others as street and number, and no
line at all can make it raise."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.address_parse import parse_line, street_key


@pytest.mark.parametrize(
    ("line", "number", "street", "unit"),
    [
        ("123 N Main St Apt 4", "123", "N MAIN ST", "APT 4"),
        ("123 north main street, suite 200", "123", "N MAIN ST", "STE 200"),
        ("100 W 5th St #3", "100", "W 5TH ST", "# 3"),
        ("45-47 Elm Ave Unit B", "45-47", "ELM AVE", "UNIT B"),
        ("1500 Cornerside Blvd.", "1500", "CORNERSIDE BLVD", ""),
        ("Landstrasse 12", "12", "LAND STR", ""),
        ("Landstr. 3-7", "3-7", "LAND STR", ""),
        ("Äulestrasse 5a", "5A", "AULE STR", ""),
        ("Im Gapetsch 12", "12", "IM GAPETSCH", ""),
        ("Main Street North", None, "MAIN ST N", ""),
    ],
)
def test_lines_come_apart(line: str, number: str | None, street: str, unit: str) -> None:
    """Number, street key and unit of US and European lines."""
    parsed = parse_line(line)
    assert (parsed.number, parsed.street.full, parsed.unit) == (number, street, unit)


def test_spellings_share_a_key() -> None:
    """Directionals and types abbreviated the USPS way; case and accents do not matter."""
    a, b = street_key("North Main Street"), street_key("n main st.")
    assert (a.full, a.core) == (b.full, b.core) == ("N MAIN ST", "MAIN")
    assert street_key("Fürst-Franz-Josef-Straße").full == street_key("Furst Franz Josef Str").full


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_no_line_makes_the_reader_raise(line: str) -> None:
    """Whatever a manifest holds, reading it gives a result (maybe no street)."""
    parsed = parse_line(line)
    assert parsed.number is None or parsed.number
    street_key(line)
