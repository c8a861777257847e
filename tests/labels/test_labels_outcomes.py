"""The outcome check row and scan strip of a manifest, laid out before anything is drawn."""

from __future__ import annotations

import pytest

from labels import OutcomeCode
from labels.barcode import barcode_width
from labels.manifest_outcomes import STRIP_SPEC, CheckRows, check_rows, outcome_strip

DELIVERED = [
    OutcomeCode("R.DEL", "Delivered to the recipient", "Delivered", "recipient"),
    OutcomeCode("R.DOOR", "Delivered at the door", "Delivered", "door"),
    OutcomeCode("R.NEIGHBOUR", "Delivered to a neighbour", "Delivered", "neighbour"),
    OutcomeCode("R.LOCKER", "Delivered to a locker", "Delivered", "locker"),
]
REASONS = [
    OutcomeCode(f"R.REASON{n}", f"Not delivered: reason {n}", "Not delivered, reason", word)
    for n, word in enumerate(
        ["no access", "recipient unavailable", "refused", "unsafe location", "closed"], 1
    )
]
OUTCOMES = DELIVERED + REASONS


def _texts(rows: CheckRows) -> list[list[str]]:
    return [[piece.text for piece in line] for line in rows.lines]


def test_words_when_they_fit_on_one_line() -> None:
    """On a wide row every outcome shows its short word under its group's heading."""
    rows = check_rows(OUTCOMES, 2000)
    delivered = ["Delivered:", "recipient", "door", "neighbour", "locker"]
    reasons = ["no access", "recipient unavailable", "refused", "unsafe location", "closed"]
    assert _texts(rows) == [[*delivered, "Not delivered, reason:", *reasons, "Initials"]]
    assert all(choice.number is None for choice in rows.choices)


def test_last_group_is_numbered_first() -> None:
    """On a Letter-wide row the reasons become numbers 1..5; the delivered words stay."""
    rows = check_rows(OUTCOMES, 540)
    delivered = ["Delivered:", "recipient", "door", "neighbour", "locker"]
    numbers = ["1", "2", "3", "4", "5"]
    assert _texts(rows) == [[*delivered, "Not delivered, reason:", *numbers, "Initials"]]
    assert [choice.legend for choice in rows.choices[4:6]] == [
        "1 · no access",
        "2 · recipient unavailable",
    ]
    assert rows.choices[0].legend == "Delivered to the recipient"


def test_a_narrow_row_numbers_everything_and_wraps() -> None:
    """When even numbers do not fit, every outcome is numbered and the row wraps."""
    rows = check_rows(OUTCOMES, 150)
    assert len(rows.lines) > 1
    assert [choice.number for choice in rows.choices] == list(range(1, 10))
    marks = [piece.text for line in rows.lines for piece in line if piece.kind == "box"]
    assert marks == [str(n) for n in range(1, 10)]
    for line in rows.lines:
        assert line[-1].x + line[-1].width <= 150


def test_hostile_captions_are_cut_to_the_row() -> None:
    """A 500-character group or word is cut with an ellipsis instead of leaving the page."""
    huge = "W" * 500
    rows = check_rows([OutcomeCode("A", huge, huge, huge)], 540)
    for line in rows.lines:
        for piece in line:
            assert piece.x + piece.width <= 540
    assert any(piece.text.endswith("…") for line in rows.lines for piece in line)


@pytest.mark.parametrize("width", [540, 523])
def test_strip_rows_fit_and_start_groups_when_free(width: float) -> None:
    """Every outcome once; no row wider than the page; delivered and reasons apart when
    that costs no extra row; each code's cell holds its bars and quiet zones."""
    choices = check_rows(OUTCOMES, width).choices
    strip = outcome_strip(choices, width)
    cells = [cell for row in strip.rows for cell in row]
    assert [cell.choice.outcome.code for cell in cells] == [o.code for o in OUTCOMES]
    for row in strip.rows:
        assert row[-1].x + row[-1].width <= width + 1e-6
        for cell in row:
            assert cell.width >= barcode_width(cell.choice.outcome.code, STRIP_SPEC)
    assert len(strip.rows) == 2  # a row of its own for the delivered codes would cost a third


def test_strip_starts_a_group_on_a_new_row_when_that_is_free() -> None:
    """Four delivered and three reason codes: two rows either way, so split by group."""
    outcomes = DELIVERED + REASONS[:3]
    strip = outcome_strip(check_rows(outcomes, 540).choices, 540)
    assert [[c.choice.outcome.code for c in row] for row in strip.rows] == [
        [o.code for o in DELIVERED],
        [o.code for o in REASONS[:3]],
    ]


def test_no_outcome_codes_no_strip() -> None:
    """Without outcome codes the strip takes no room."""
    strip = outcome_strip((), 540)
    assert strip.rows == () and strip.height == 0
