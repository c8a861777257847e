"""Hostile manifest files: non-ASCII digits, absurd headers and cells, NUL bytes, UTF-16
without a byte-order mark. Each gets its own sentence naming the line (and column), nothing is
written, and nothing hangs or panics."""

from __future__ import annotations

import pytest

from store import manifest
from store.manifest import ManifestRefused, import_bytes
from tests.store.conftest import DAY, HEADER, dump, inside, manifest_bytes

PLAIN = "tracking_id,recipient_name,address_line1,city,state,postal_code"
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def refusal(data: bytes) -> ManifestRefused:
    with pytest.raises(ManifestRefused) as caught:
        manifest.parse(data)
    return caught.value


def first_problem(data: bytes) -> tuple[int, str | None, str]:
    problem = refusal(data).problems[0]
    return problem.line, problem.column, problem.message


def test_a_zip_in_arabic_indic_digits_is_refused_not_a_panic(shop, actor) -> None:
    """A ZIP code in Arabic-Indic digits names the cell; the ZIP library never sees it."""
    before = dump(shop)
    data = manifest_bytes(
        "TBA100000001,Ann Lee,1 Main St,Vienna,VA," + "22180".translate(ARABIC_INDIC),
        header=PLAIN,
    )
    with pytest.raises(ManifestRefused) as caught:
        import_bytes(shop, actor, data, "m.csv", DAY)
    problem = caught.value.problems[0]
    assert (problem.line, problem.column) == (2, "postal_code")
    assert "digits 0-9" in problem.message
    assert dump(shop) == before


@pytest.mark.parametrize(
    ("column", "row"),
    [
        ("latitude", "TBA100000001,Ann,1 Main St,Vienna,VA,22180,٣٨.٩٣,-77.24"),
        ("longitude", "TBA100000001,Ann,1 Main St,Vienna,VA,22180,38.93,-٧٧.٢٤"),
        ("postal_code", "TBA100000001,Ann,1 Main St,Vienna,VA,2218٠,38.93,-77.24"),
        ("latitude", "TBA100000001,Ann,1 Main St,Vienna,VA,22180,３８.９３,-77.24"),
    ],
)
def test_every_numeric_field_wants_ascii_digits(column, row) -> None:
    """Latitude, longitude and ZIP in other scripts' digits are refused, never stored as is."""
    assert first_problem(manifest_bytes(row))[:2] == (2, column)


@pytest.mark.parametrize(
    ("column", "extra_header", "extra_cells"),
    [
        ("weight_lb", "weight_lb", "٢.٥"),
        ("window_start", "window_start,window_end", "٠٩:٠٠,12:00"),
        ("due_date", "due_date", "٢٠٢٦-١١-٢٦"),
    ],
)
def test_weights_windows_and_dates_want_ascii_digits(column, extra_header, extra_cells) -> None:
    """The optional numeric columns too."""
    data = manifest_bytes(
        f"{inside('TBA100000001')},{extra_cells}", header=f"{HEADER},{extra_header}"
    )
    assert first_problem(data)[:2] == (2, column)


def test_zip_centroid_never_lets_a_panic_through() -> None:
    """The ZIP look-up itself refuses non-ASCII digits (the library panics on them)."""
    from store.locate import zip_centroid

    assert zip_centroid("22180".translate(ARABIC_INDIC)) is None


def test_a_header_of_100000_columns_is_refused_at_once() -> None:
    """A huge header is refused by its size, in linear time (it hung the console before)."""
    header = ",".join(f"c{n}" for n in range(100_000))
    line, column, message = first_problem(f"{header}\r\n".encode())
    assert (line, column) == (1, None)
    assert f"{manifest.MAX_COLUMNS} columns" in message


def test_many_duplicate_columns_are_found_in_linear_time() -> None:
    """Duplicate names under the column limit are each reported once, quickly."""
    names = [*PLAIN.split(","), *(f"x{n % 50}" for n in range(manifest.MAX_COLUMNS - 6))]
    problems = refusal((",".join(names) + "\r\n").encode()).problems
    assert [p.column for p in problems] == [f"x{n}" for n in sorted(range(50), key=str)]
    assert all(p.message == "appears twice in the header" for p in problems)


def test_a_one_megabyte_cell_names_its_line_and_size() -> None:
    """A giant cell is too big, not 'broken quoting'."""
    data = manifest_bytes(
        inside("TBA100000001"),
        "TBA100000002," + "A" * 1_000_000 + ",1 Main St,Vienna,VA,22180,38.93,-77.24",
    )
    line, _, message = first_problem(data)
    assert line == 3
    assert "longer than" in message and "quoting" not in message


@pytest.mark.parametrize("rows_before", [1, 400])
def test_a_nul_byte_is_reported_on_its_own_line(rows_before) -> None:
    """A NUL byte names the line it is on, early in the file or late."""
    rows = [inside(f"TBA1{n:08d}") for n in range(rows_before)]
    rows.append(inside("TBA200000000", name="Ann\x00Lee"))
    line, _, message = first_problem(manifest_bytes(*rows))
    assert line == rows_before + 2
    assert "NUL" in message


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read(codec) -> None:
    """Excel-style UTF-16 without its BOM is recognised by its zero bytes and read, with a
    warning, names intact."""
    text = f"{HEADER}\r\n{inside('TBA100000001', name='Zoë Ünal')}\r\n"
    parsed = manifest.parse(text.encode(codec))
    assert [row.values["recipient_name"] for row in parsed.rows] == ["Zoë Ünal"]
    assert parsed.encoding == "utf-16"
    assert any("UTF-16" in warning for warning in parsed.warnings)


def test_a_binary_file_is_still_not_text() -> None:
    """Random bytes with zeros are not mistaken for UTF-16."""
    data = bytes(range(256)) * 40
    assert "not a text file" in first_problem(data)[2]


def test_a_data_line_of_100000_cells_is_refused_quickly() -> None:
    """A row with absurdly many cells is named, not parsed cell by cell against the header."""
    data = manifest_bytes(inside("TBA100000001") + "," * 100_000)
    line, _, message = first_problem(data)
    assert line == 2 and "cells" in message
