"""The address index over a tiny synthetic area: build, exact points, streets, misspellings."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
    """Every house, the four streets (two Main Streets kept apart), both ZIPs and towns, and
    the four odd numbers of Elm Street's interpolation line."""
    source = area.write(tmp_path / "a.osm.pbf")
    summary = address_index.build(source, tmp_path / "a.sqlite", zip_centres=lambda box: ())
    assert summary == address_index.IndexSummary(
        points=len(area.houses()), streets=4, postcodes=2, places=2, interpolated=4
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


def test_a_number_between_far_neighbours_on_a_bend_lands_on_the_street(tmp_path) -> None:
    """Houses 2 and 40 stand at the two ends of an L-shaped street: 20 goes onto the street
    near the corner, not across the field inside the L."""
    import osmium
    from osmium.osm.mutable import Node, Way

    path = tmp_path / "bend.osm.pbf"
    writer = osmium.SimpleWriter(str(path))
    corner = (38.92, -77.25)
    line = [(38.92, -77.26), corner, (38.93, -77.25)]
    for n, (lat, lon) in enumerate(line, 1):
        writer.add_node(Node(id=n, location=(lon, lat)))
    for n, (number, lat, lon) in enumerate(((2, 38.9202, -77.2598), (40, 38.9298, -77.2502)), 10):
        tags = {
            "addr:housenumber": str(number),
            "addr:street": "Bend Road",
            "addr:postcode": "22182",
        }
        writer.add_node(Node(id=n, location=(lon, lat), tags=tags))
    writer.add_way(Way(id=1, nodes=[1, 2, 3], tags={"highway": "residential", "name": "Bend Road"}))
    writer.close()
    address_index.build(path, tmp_path / "a.sqlite", zip_centres=lambda box: ())
    index = AddressIndex(tmp_path / "a.sqlite")
    found = index.match(parse_line("20 Bend Rd"), "22182", "")
    index.close()
    assert (found.precision, found.kind) == ("street", "between")
    on_street = min(
        metres(found.latitude, found.longitude, corner[0], lat) if False else 0.0 for lat in (0,)
    )
    assert on_street == 0.0
    assert abs(found.latitude - 38.92) < 1e-6 or abs(found.longitude + 77.25) < 1e-6


def test_the_area_import_step_builds_the_index_in_the_new_folder(tmp_path) -> None:
    """As a step of the area import: the cut extract in, the index and its counts out."""
    from types import SimpleNamespace

    folder = tmp_path / "new-area"
    folder.mkdir()
    job = SimpleNamespace(
        extract=area.write(folder / "area.osm.pbf"), folder=folder, facts={},
        cancelled=lambda: False,
    )  # fmt: skip
    seen: list[float] = []
    address_index.import_step(job, seen.append)
    assert (folder / address_index.FILE_NAME).is_file()
    assert job.facts == {"address_points": len(area.houses()), "named_streets": 4}
    assert seen == [0.0, 1.0]


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=60), st.text(max_size=12), st.text(max_size=20))
def test_no_row_makes_matching_raise(index: AddressIndex, line: str, zip_code: str, city: str):
    """Any line, ZIP and town: a match or None, never an error."""
    found = index.match(parse_line(line), zip_code, city)
    assert found is None or found.precision in ("address", "street")


def test_a_cancelled_build_leaves_nothing(tmp_path) -> None:
    """Cancel (as the area import's Cancel does): stopped, no index and no partial file."""
    source = area.write(tmp_path / "a.osm.pbf")
    with pytest.raises(InterruptedError):
        address_index.build(source, tmp_path / "a.sqlite", cancel=lambda: True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.osm.pbf"]


def test_an_interpolation_line_places_the_numbers_between_its_ends(index: AddressIndex):
    """27 Elm St has no house of its own but stands on the odd line from 21 to 31: 60 % of
    the way along it, at street precision (a line, not a house)."""
    found = locate(index, "27 Elm St", area.EAST_ZIP)
    (_, west), (_, east) = area.ELM_LINE
    assert (found.precision, found.kind) == ("street", "between")
    assert "along its numbered line" in found.detail
    assert found.longitude == pytest.approx(west + 0.6 * (east - west), abs=1e-6)
    assert locate(index, "21 Elm St", area.EAST_ZIP).precision == "address"


def test_an_exact_street_name_is_found_anywhere_in_the_rows_postal_town(tmp_path) -> None:
    """A ZIP code is an area, its centre only a point of it: "3 Elm St" written with the west
    ZIP is still Elm Street when both ZIPs deliver to the row's postal town; a misspelling is
    not looked for so far, nor a row without the town."""
    source = area.write(tmp_path / "a.osm.pbf")

    def zip_table(box):
        return [
            address_index.ZipCentre(area.WEST_ZIP, area.WEST_LAT, area.WEST_LON, ("Springfield",)),
            address_index.ZipCentre(area.EAST_ZIP, area.EAST_LAT, area.EAST_LON, ("Springfield",)),
        ]

    address_index.build(source, tmp_path / "a.sqlite", zip_centres=zip_table)
    index = AddressIndex(tmp_path / "a.sqlite")
    try:
        found = locate(index, "3 Elm St", area.WEST_ZIP, "Springfield")
        assert (found.precision, found.street) == ("address", "Elm Street")
        assert locate(index, "3 Elme St", area.WEST_ZIP, "Springfield") is None
        assert locate(index, "3 Elm St", area.WEST_ZIP) is None
        assert locate(index, "3 Elm St", area.WEST_ZIP, "Shelbyville") is None
    finally:
        index.close()


HARRISBURG = Path(__file__).resolve().parents[2] / "store" / "streetmaps" / "harrisburg.osm.pbf"


@pytest.fixture(scope="module")
def harrisburg(tmp_path_factory: pytest.TempPathFactory) -> AddressIndex:
    """The demo's street map indexed with the real US ZIP table (its ZIP centres and towns)."""
    folder = tmp_path_factory.mktemp("harrisburg")
    address_index.build(HARRISBURG, folder / address_index.FILE_NAME)
    opened = AddressIndex(folder / address_index.FILE_NAME)
    yield opened
    opened.close()


def test_po_box_zips_do_not_claim_streets() -> None:
    """Harrisburg's PO-box and single-firm ZIPs (centres at the post offices downtown) are not
    street areas: only the ZIPs that deliver to streets come from the table, with their
    postal towns."""
    found = {
        entry.code: entry for entry in address_index.us_zip_centres((40.22, -76.89, 40.34, -76.72))
    }
    assert {"17109", "17111", "17112", "17113"} <= set(found)
    assert not {"17105", "17106", "17108", "17140", "17177"} & set(found)
    assert "Harrisburg" in found["17111"].cities and "Paxtang" in found["17111"].cities


@pytest.mark.parametrize(
    ("line", "zip_code", "street"),
    [
        ("5700 Westminster Rd", "17109", "Westminster Road"),  # was the PO boxes' street
        ("4209 Swan Street", "17111", "Swan Street"),  # 3.3 km from 17111's centre
        ("2303 South Progress Avenue", "17111", "South Progress Avenue"),
        ("866 North Houcks", "17109", "North Houcks Road"),  # not South Houcks Road
    ],
)
def test_the_demo_days_streets_are_found_in_their_zip_or_town(
    harrisburg: AddressIndex, line: str, zip_code: str, street: str
) -> None:
    """Lines of the demo day that were held at their ZIP's centre are found on their street."""
    found = locate(harrisburg, line, zip_code, "Harrisburg")
    assert found is not None and (found.precision, found.street) == ("street", street)


def test_a_line_that_fits_two_streets_is_not_guessed(harrisburg: AddressIndex) -> None:
    """ "3857 Harvest" could be Harvest Drive or Harvest Lane: it stays unfound (held for a
    pin), and the clerk is offered both first (the closest names, not the nearest streets)."""
    assert locate(harrisburg, "3857 Harvest", "17111", "Harrisburg") is None
    offered = harrisburg.candidates(parse_line("3857 Harvest"), "17111", "Harrisburg")
    assert {match.street for match in offered[:2]} == {"Harvest Drive", "Harvest Lane"}
