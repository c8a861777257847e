"""The address index over a tiny synthetic area: build, exact points, streets, misspellings."""

from __future__ import annotations

from pathlib import Path

import pytest

from store import address_index
from store.address_match import AddressIndex, metres
from store.address_parse import parse_line, street_key
from store.errors import BadInput
from tests import synthetic_area as area


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> AddressIndex:
    folder = tmp_path_factory.mktemp("area")
    source = area.write(folder / "area.osm.pbf")
    address_index.build(source, folder / address_index.FILE_NAME, zip_centres=lambda box: ())
    opened = AddressIndex(folder / address_index.FILE_NAME)
    yield opened
    opened.close()


def locate(index: AddressIndex, line: str, postcode: str, city: str = ""):
    return index.match(parse_line(line), postcode, city)


def test_build_counts_what_it_found(tmp_path: Path) -> None:
    """Every house, the four streets (two Main Streets kept apart), both ZIPs and towns."""
    source = area.write(tmp_path / "a.osm.pbf")
    summary = address_index.build(source, tmp_path / "a.sqlite", zip_centres=lambda box: ())
    assert summary == address_index.IndexSummary(
        points=len(area.houses()), streets=4, postcodes=2, places=2
    )


def test_build_refuses_a_file_that_is_not_osm(tmp_path: Path) -> None:
    """A text file is refused with a sentence, and no index is left behind."""
    source = tmp_path / "notes.osm.pbf"
    source.write_text("not a map at all\n")
    with pytest.raises(BadInput, match=r"notes\.osm\.pbf is not OpenStreetMap data"):
        address_index.build(source, tmp_path / "a.sqlite", zip_centres=lambda box: ())
    assert not (tmp_path / "a.sqlite").exists()


def test_same_street_name_in_two_zips_goes_to_the_rows_zip(index: AddressIndex) -> None:
    """ "5 Main St" is the west house in 22182 and the east house in 22102."""
    west = locate(index, "5 Main St", area.WEST_ZIP)
    east = locate(index, "5 Main St", area.EAST_ZIP)
    assert west.precision == east.precision == "address"
    assert west.longitude == pytest.approx(area.west_main_house(5).lon)
    assert east.longitude == pytest.approx(area.EAST_LON + 5 * area.SPACING)


def test_a_missing_number_goes_between_its_neighbours_on_its_own_side(
    index: AddressIndex,
) -> None:
    """8 (even, south side) lies between 6 and 10; 9 (odd, north side) between 7 and 11."""
    for number, low, high in ((8, 6, 10), (9, 7, 11)):
        found = locate(index, f"{number} Main Street", area.WEST_ZIP)
        truth = area.west_main_house(number)
        assert found.precision == "street"
        assert found.detail.startswith(f"Main Street, between {low} and {high}")
        assert metres(found.latitude, found.longitude, truth.lat, truth.lon) < 5


def test_a_number_past_the_last_house_goes_next_to_it(index: AddressIndex) -> None:
    """24 Main Street has no neighbour above: it goes next to 20, on the same side."""
    found = locate(index, "24 Main Street", area.WEST_ZIP)
    assert (found.precision, found.detail, found.kind) == (
        "street",
        "Main Street, next to 20",
        "next",
    )


def test_a_street_without_numbers_gives_its_point_nearest_the_zip_centre(
    index: AddressIndex,
) -> None:
    """North Oak Avenue has no numbered houses: the point of it nearest 22182's centre."""
    found = locate(index, "12 N Oak Ave", area.WEST_ZIP)
    assert found.precision == "street"
    assert found.longitude == pytest.approx(area.OAK_LON)
    assert "nearest the ZIP code's centre" in found.detail


def test_spellings_of_one_street_meet(index: AddressIndex) -> None:
    """ "N Oak Ave" = "North Oak Avenue"; "apt 4" is apart; lower case and no type work."""
    assert street_key("N Oak Ave").full == street_key("north oak avenue").full == "N OAK AVE"
    line = parse_line("3 north main street apt 4")
    assert (line.number, line.street.full, line.unit) == ("3", "N MAIN ST", "APT 4")
    found = locate(index, "3 main", area.WEST_ZIP)
    assert found.precision == "address"
    assert found.longitude == pytest.approx(area.west_main_house(3).lon)


def test_a_misspelt_street_is_found_in_its_zip(index: AddressIndex) -> None:
    """ "7 Mian Stret" is 7 Main Street of the row's ZIP, and says it read the name."""
    found = locate(index, "7 Mian Stret", area.WEST_ZIP)
    assert found.precision == "address"
    assert found.longitude == pytest.approx(area.west_main_house(7).lon)
    assert found.street == "Main Street" and "was read as this street" in found.detail


def test_fuzzy_matching_never_leaves_the_zip_or_town(index: AddressIndex) -> None:
    """Elm Street exists only in 22102: "3 Elm St" in 22182 finds nothing there."""
    assert locate(index, "3 Elm St", area.EAST_ZIP).precision == "address"
    assert locate(index, "3 Elm St", area.WEST_ZIP) is None
    assert locate(index, "3 Elme Street", area.WEST_ZIP) is None


def test_an_unknown_zip_is_located_by_its_town_or_not_at_all(index: AddressIndex) -> None:
    """ZIP 99999 is not in the area: the town decides; with no known town, nothing."""
    assert locate(index, "5 Main St", "99999") is None
    by_town = locate(index, "5 Main St", "99999", "Eastville")
    assert by_town.longitude == pytest.approx(area.EAST_LON + 5 * area.SPACING)
    assert index.postcode_centre("99999") is None


def test_candidates_offer_other_streets_of_the_zip(index: AddressIndex) -> None:
    """For a clerk picking: the matched street first, then the ZIP's other streets."""
    found = index.candidates(parse_line("5 Main St"), area.WEST_ZIP, "", limit=5)
    assert found[0].street == "Main Street"
    assert "North Oak Avenue" in [match.street for match in found]
