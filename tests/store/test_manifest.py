"""Manifest import: the contract of PRODUCT.md, and every bad file refused with line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from store import locate, manifest, settings
from store.db import write_transaction
from store.errors import BadInput
from store.events import verify
from store.manifest import ManifestRefused, import_bytes, import_file
from tests.store.conftest import DAY, MORNING, dump, inside, manifest_bytes

CORPUS = Path(__file__).parent / "manifests"

#: Each bad file of the corpus and the (line, column) its refusal must name first.
BAD_FILES = {
    "missing_column.csv": (1, "postal_code"),
    "empty_recipient.csv": (3, "recipient_name"),
    "latitude_out_of_range.csv": (2, "latitude"),
    "latitude_not_a_number.csv": (4, "latitude"),
    "longitude_missing.csv": (2, "longitude"),
    "latitude_nan.csv": (2, "latitude"),
    "longitude_infinite.csv": (2, "longitude"),
    "zero_zero.csv": (2, "latitude"),
    "bad_service.csv": (3, "service"),
    "impossible_due_date.csv": (2, "due_date"),
    "us_style_due_date.csv": (2, "due_date"),
    "window_reversed.csv": (2, "window_end"),
    "window_half.csv": (2, "window_end"),
    "window_not_a_time.csv": (2, "window_start"),
    "negative_weight.csv": (2, "weight_lb"),
    "weight_text.csv": (2, "weight_lb"),
    "duplicate_in_file.csv": (4, "tracking_id"),
    "bad_zip.csv": (2, "postal_code"),
    "state_spelled_out.csv": (2, "state"),
    "signature_maybe.csv": (2, "signature_required"),
    "control_character.csv": (2, "recipient_name"),
    "tracking_id_too_short.csv": (2, "tracking_id"),
    "tracking_id_with_symbols.csv": (2, "tracking_id"),
    "too_many_cells.csv": (3, None),
    "field_too_long.csv": (2, "recipient_name"),
    "duplicate_header.csv": (1, "city"),
    "header_only.csv": (2, None),
    "empty.csv": (1, None),
    "binary.csv": (1, None),
    "not_utf8_nor_cp1252.csv": (3, None),
    "broken_quotes.csv": (3, None),
}


def test_corpus_is_fully_covered() -> None:
    """Every file in the bad corpus has an expectation (and vice versa)."""
    assert sorted(p.name for p in (CORPUS / "bad").iterdir()) == sorted(BAD_FILES)


@pytest.mark.parametrize(("name", "where"), sorted(BAD_FILES.items()))
def test_bad_manifest_is_refused_with_line_and_column(shop, actor, name, where) -> None:
    """The first problem names the line and column; the database is exactly as before."""
    before = dump(shop)
    with pytest.raises(ManifestRefused) as refused:
        import_file(shop, actor, CORPUS / "bad" / name, DAY)
    first = refused.value.problems[0]
    assert (first.line, first.column) == where, str(first)
    assert f"line {where[0]}" in str(refused.value)
    if where[1]:
        assert f"column {where[1]}" in str(refused.value)
    assert dump(shop) == before


def test_all_problems_are_listed_not_only_the_first(shop, actor) -> None:
    """A clerk fixing a file sees every bad line at once."""
    data = manifest_bytes(
        "TBA100000001,Olivia,1 Main St,Vienna,VA,22182,95,-77.2",
        "TBA100000002,Liam,1 Main St,Vienna,Virginia,22182,38.9,-77.2",
    )
    with pytest.raises(ManifestRefused) as refused:
        import_bytes(shop, actor, data, "two.csv", DAY)
    assert [(p.line, p.column) for p in refused.value.problems] == [(2, "latitude"), (3, "state")]


@pytest.mark.parametrize("name", sorted(p.name for p in (CORPUS / "good").iterdir()))
def test_good_encodings_and_layouts_import_names_intact(shop, actor, name) -> None:
    """BOM, cp1252, UTF-16 and semicolons are read; accented names survive."""
    result = import_file(shop, actor, CORPUS / "good" / name, DAY)
    assert result.parcels == 2
    names = {row[0] for row in shop.conn.execute("SELECT recipient_name FROM parcels")}
    assert names == {"José Núñez", "Zoë O'Brien"}


def test_cp1252_is_reported_as_a_warning(shop, actor) -> None:
    """Reading a non-UTF-8 file is said, not hidden."""
    result = import_file(shop, actor, CORPUS / "good" / "cp1252.csv", DAY)
    assert any("Windows-1252" in warning for warning in result.warnings)


def test_unknown_columns_warn_and_leading_zero_is_restored(shop, actor) -> None:
    """Columns in any order, unknown ones named in a warning, ZIP 2182 read as 02182."""
    result = import_file(shop, actor, CORPUS / "good" / "unknown_column_and_order.csv", DAY)
    assert any("gift_message" in warning for warning in result.warnings)
    assert any("02182" in warning for warning in result.warnings)
    row = shop.conn.execute(
        "SELECT postal_code, state FROM parcels WHERE tracking_id = 'TBA200000002'"
    ).fetchone()
    assert row == ("02182", "VA")


def test_import_creates_expected_parcels_with_events(shop, actor) -> None:
    """Every row becomes an expected parcel with one event; the log verifies."""
    result = import_bytes(
        shop,
        actor,
        manifest_bytes(inside("TBA100000001"), inside("TBA100000002")),
        "m.csv",
        DAY,
        at=MORNING,
    )
    assert result.parcels == 2
    rows = shop.conn.execute(
        "SELECT tracking_id, status, expected_date, location_source, zone, hold FROM parcels "
        "ORDER BY tracking_id"
    ).fetchall()
    assert rows == [
        ("TBA100000001", "expected", "2026-11-25", "manifest", "NW-1", None),
        ("TBA100000002", "expected", "2026-11-25", "manifest", "NW-1", None),
    ]
    assert verify(shop).ok


def test_the_same_file_twice_is_refused(shop, actor) -> None:
    """Importing a manifest again (same bytes) says when it was imported."""
    data = manifest_bytes(inside("TBA100000001"))
    import_bytes(shop, actor, data, "m.csv", DAY)
    with pytest.raises(ManifestRefused, match="already imported"):
        import_bytes(shop, actor, data, "m-copy.csv", DAY)


def test_parcels_already_in_the_database_are_refused(shop, actor) -> None:
    """A tracking id known from an earlier manifest refuses the new file by line."""
    import_bytes(shop, actor, manifest_bytes(inside("TBA100000001")), "a.csv", DAY)
    before = dump(shop)
    with pytest.raises(ManifestRefused) as refused:
        import_bytes(
            shop,
            actor,
            manifest_bytes(inside("TBA100000002"), inside("TBA100000001")),
            "b.csv",
            DAY,
        )
    assert (refused.value.problems[0].line, refused.value.problems[0].column) == (3, "tracking_id")
    assert dump(shop) == before


def test_location_fallbacks_and_holds(shop, actor) -> None:
    """Coordinates, then the address book, then the ZIP centroid (held for a location), else
    needs_location; far addresses are held out_of_zone. Each parcel keeps its precision."""
    with write_transaction(shop):
        locate.remember(
            shop,
            [(locate.address_key("8300 Greensboro Drive", "22102"), 38.925, -77.236, "manual")],
            "2026-11-01T00:00:00.000Z",
        )
    result = import_bytes(shop, actor, _fallback_rows(), "m.csv", DAY)
    assert result.held == {"needs_location": 2, "out_of_zone": 1}
    assert result.approximate == 1
    assert result.located == {"given": 2, "address": 1, "zip": 1, "none": 1}
    rows = shop.conn.execute(
        "SELECT tracking_id, location_source, location_precision, hold FROM parcels "
        "ORDER BY tracking_id"
    ).fetchall()
    assert rows == [
        ("TBA100000001", "manifest", "given", None),
        ("TBA100000002", "address_book", "address", None),
        ("TBA100000003", "zip_centroid", "zip", "needs_location"),
        ("TBA100000004", None, "none", "needs_location"),
        ("TBA100000005", "manifest", "given", "out_of_zone"),
    ]


def test_zip_located_parcels_are_planned_only_when_the_owner_says_so(shop, actor) -> None:
    """With the setting on, the ZIP-centre parcel is not held (it is still approximate)."""
    settings.update(shop, plan_zip_located=True)
    result = import_bytes(shop, actor, _fallback_rows(), "m.csv", DAY)
    assert result.held == {"needs_location": 1, "out_of_zone": 1}
    assert shop.conn.execute(
        "SELECT location_precision, hold FROM parcels WHERE tracking_id = 'TBA100000003'"
    ).fetchone() == ("zip", None)


def _fallback_rows() -> bytes:
    return manifest_bytes(
        inside("TBA100000001"),
        "TBA100000002,Liam,8300 Greensboro Dr.,McLean,VA,22102,,",
        "TBA100000003,Emma,2200 Gallows Rd,Vienna,VA,22180,,",
        "TBA100000004,Noah,77 Nowhere Sq,Vienna,VA,99999,,",
        "TBA100000005,Ava,9 Far Away Ln,Sterling,VA,20164,39.03,-77.41",
    )


def test_manifest_coordinates_teach_the_address_book(shop, actor) -> None:
    """A later manifest without coordinates finds an address located before."""
    import_bytes(shop, actor, manifest_bytes(inside("TBA100000001")), "a.csv", DAY)
    import_bytes(
        shop,
        actor,
        manifest_bytes("TBA100000002,Liam,1500 Cornerside Boulevard,Vienna,VA,22182,,"),
        "b.csv",
        DAY,
    )
    assert shop.conn.execute(
        "SELECT location_source, latitude FROM parcels WHERE tracking_id = 'TBA100000002'"
    ).fetchone() == ("address_book", 38.93)


def test_import_needs_a_configured_shop(db, actor) -> None:
    """Without the shop's location there is no radius to check against."""
    with pytest.raises(BadInput, match="set up the shop"):
        import_bytes(db, actor, manifest_bytes(inside("TBA100000001")), "m.csv", DAY)


def test_unreadable_path_is_bad_input(shop, actor, tmp_path) -> None:
    """A missing file is named, not a traceback."""
    with pytest.raises(BadInput, match="cannot read"):
        import_file(shop, actor, tmp_path / "nope.csv", DAY)


def test_ten_thousand_rows_parse() -> None:
    """A large manifest parses in one piece (the timing lives in bench/)."""
    rows = [inside(f"TBA{n:09d}") for n in range(10_000)]
    assert len(manifest.parse(manifest_bytes(*rows)).rows) == 10_000
