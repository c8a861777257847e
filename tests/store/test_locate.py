"""Locating manifest rows on the shop's own streets, precision on every parcel, and the
clerk's fix that the address book keeps."""

from __future__ import annotations

import pytest

from store import locate, location_fix, parcels, settings
from store.checkin import Outcome, check_in
from store.errors import BadInput
from store.manifest import import_bytes
from tests import synthetic_area as area
from tests.store.conftest import DAY, MORNING, manifest_bytes

HEADER = "tracking_id,recipient_name,address_line1,city,state,postal_code,latitude,longitude"


@pytest.fixture
def area_shop(shop, tmp_path):
    """The test shop with the synthetic area's address index in its area folder."""
    area.install(shop, tmp_path)
    return shop


def row(tracking_id: str, line: str, zip_code: str, lat: str = "", lon: str = "") -> str:
    return f"{tracking_id},Grace,{line},Vienna,VA,{zip_code},{lat},{lon}"


def one(db, actor, tracking_id: str, line: str, name: str) -> None:
    """Import a one-row manifest (west ZIP, no coordinates)."""
    import_bytes(db, actor, manifest_bytes(row(tracking_id, line, area.WEST_ZIP)), name, DAY)


def located(db, tracking_id: str) -> tuple:
    return db.conn.execute(
        "SELECT location_precision, location_source, hold, latitude, longitude, "
        "location_detail, location_warning FROM parcels WHERE tracking_id = ?",
        (tracking_id,),
    ).fetchone()


def test_rows_without_coordinates_are_found_on_the_areas_streets(area_shop, actor) -> None:
    """Exact point, a number between neighbours, a misspelt street, and the ZIP fallback."""
    data = manifest_bytes(
        row("TBA100000001", "5 Main St", area.WEST_ZIP),
        row("TBA100000002", "8 Main Street Apt 2", area.WEST_ZIP),
        row("TBA100000003", "7 Mian Stret", area.WEST_ZIP),
        row("TBA100000004", "40 Nowhere Rd", area.WEST_ZIP),
        row("TBA100000005", "5 Main St", area.EAST_ZIP),
    )
    result = import_bytes(area_shop, actor, data, "m.csv", DAY)
    assert result.located == {"address": 3, "street": 1, "zip": 1}
    assert result.approximate == 2
    assert result.held == {"needs_location": 1}
    first = located(area_shop, "TBA100000001")
    assert first[:3] == ("address", "address_point", None)
    assert first[4] == pytest.approx(area.west_main_house(5).lon)
    assert located(area_shop, "TBA100000002")[:3] == ("street", "street", None)
    assert "between 6 and 10" in located(area_shop, "TBA100000002")[5]
    assert located(area_shop, "TBA100000003")[:2] == ("address", "address_point")
    assert located(area_shop, "TBA100000004")[:3] == ("zip", "zip_centroid", "needs_location")
    assert located(area_shop, "TBA100000005")[4] == pytest.approx(area.EAST_LON + 5 * area.SPACING)


def test_given_coordinates_far_from_the_address_are_kept_but_flagged(area_shop, actor) -> None:
    """Coordinates 2 mi off the address point: kept, flagged, not taught to the book."""
    house = area.west_main_house(5)
    data = manifest_bytes(
        row(
            "TBA100000001",
            "5 Main St",
            area.WEST_ZIP,
            f"{house.lat + 0.03:.5f}",
            f"{house.lon:.5f}",
        ),
        row("TBA100000002", "7 Main St", area.WEST_ZIP, f"{house.lat:.5f}", f"{house.lon:.5f}"),
    )
    result = import_bytes(area_shop, actor, data, "m.csv", DAY)
    assert result.disagreeing == 1
    far = located(area_shop, "TBA100000001")
    assert far[:2] == ("given", "manifest") and far[3] == pytest.approx(house.lat + 0.03)
    assert far[6].startswith("coordinates disagree with the address (2.1 mi from Main Street")
    assert located(area_shop, "TBA100000002")[6] == ""
    keys = {key for (key,) in area_shop.conn.execute("SELECT key FROM address_book")}
    assert keys == {locate.address_key("7 Main St", area.WEST_ZIP)}


def test_without_an_area_rows_fall_back_to_the_zip_centre(shop, actor) -> None:
    """No street map imported: the ZIP centre, held for a location."""
    import_bytes(
        shop, actor, manifest_bytes(row("TBA100000001", "5 Main St", "22182")), "m.csv", DAY
    )
    assert located(shop, "TBA100000001")[:3] == ("zip", "zip_centroid", "needs_location")


def test_a_pin_fixes_the_address_for_good(area_shop, actor) -> None:
    """A held ZIP-precision parcel: the pin releases it at check-in, logs the fix, and the
    next manifest's parcel to that address is located exactly from the address book."""
    import_bytes(
        area_shop,
        actor,
        manifest_bytes(row("TBA100000001", "40 Nowhere Rd", area.WEST_ZIP)),
        "a.csv",
        DAY,
    )
    answer = check_in(area_shop, actor, "TBA100000001", at=MORNING)
    assert answer.outcome is Outcome.NEEDS_LOCATION
    assert "pin" in answer.message
    result = location_fix.fix_location(area_shop, actor, "TBA100000001", "38.9300", "-77.2500")
    assert (result.released, result.precision, result.hold) == (("TBA100000001",), "address", None)
    parcel = parcels.get(area_shop, "TBA100000001")
    assert (parcel["status"], parcel["status_reason"]) == ("received", "location fixed")
    assert (parcel["location_precision"], parcel["location_source"]) == ("address", "manual")
    assert (parcel["latitude"], parcel["longitude"]) == (38.93, -77.25)
    [fix] = location_fix.history(area_shop, "TBA100000001")
    assert (fix["staff"], fix["how"], fix["precision_before"]) == ("Ana", "pin", "zip")
    import_bytes(
        area_shop,
        actor,
        manifest_bytes(row("TBA100000002", "40 Nowhere Rd", area.WEST_ZIP)),
        "b.csv",
        DAY,
    )
    assert located(area_shop, "TBA100000002")[:5] == (
        "address",
        "address_book",
        None,
        38.93,
        -77.25,
    )


def test_a_fix_moves_every_open_parcel_of_that_address(area_shop, actor) -> None:
    """Two parcels to one address: fixing one moves both; a delivered one cannot change."""
    import_bytes(
        area_shop,
        actor,
        manifest_bytes(
            row("TBA100000001", "8 Main St", area.WEST_ZIP),
            row("TBA100000002", "8 MAIN ST.", area.WEST_ZIP),
        ),
        "a.csv",
        DAY,
    )
    result = location_fix.fix_location(
        area_shop, actor, "TBA100000001", 38.9199, -77.2570, how="typed"
    )
    assert result.tracking_ids == ("TBA100000001", "TBA100000002")
    assert located(area_shop, "TBA100000002")[:2] == ("address", "manual")


@pytest.mark.parametrize(
    ("lat", "lon", "message"),
    [
        ("95", "-77.2", "latitude 95 is not between -90 and 90"),
        ("38.9", "east", "longitude 'east' is not a number"),
        ("nan", "-77.2", "latitude nan is not between -90 and 90"),
        ("0", "0", "latitude 0, longitude 0 is not a place a parcel goes"),
    ],
)
def test_bad_coordinates_are_refused_in_one_sentence(area_shop, actor, lat, lon, message):
    """Typed coordinates are checked before anything changes."""
    import_bytes(
        area_shop,
        actor,
        manifest_bytes(row("TBA100000001", "5 Main St", area.WEST_ZIP)),
        "a.csv",
        DAY,
    )
    before = located(area_shop, "TBA100000001")
    with pytest.raises(BadInput, match=message):
        location_fix.fix_location(area_shop, actor, "TBA100000001", lat, lon)
    assert located(area_shop, "TBA100000001") == before


def test_the_owner_may_plan_zip_located_parcels(area_shop, actor) -> None:
    """With plan_zip_located on, a ZIP-centre parcel is received (approximate, not held)."""
    settings.update(area_shop, plan_zip_located=True)
    import_bytes(
        area_shop,
        actor,
        manifest_bytes(row("TBA100000001", "40 Nowhere Rd", area.WEST_ZIP)),
        "a.csv",
        DAY,
    )
    assert check_in(area_shop, actor, "TBA100000001", at=MORNING).outcome is Outcome.RECEIVED
    assert located(area_shop, "TBA100000001")[:3] == ("zip", "zip_centroid", None)


def test_a_fix_leaves_the_carriers_status_csv_as_it_was(area_shop, actor) -> None:
    """A received parcel's pin changes no status: the status CSV of the day is the same
    (the fix is in the location log, not the status log)."""
    from store import exports

    one(area_shop, actor, "TBA100000001", "8 Main St", "a.csv")
    check_in(area_shop, actor, "TBA100000001", at=MORNING)
    before = list(exports.status_rows(area_shop, DAY))
    events = area_shop.conn.execute("SELECT count(*) FROM events").fetchone()
    location_fix.fix_location(area_shop, actor, "TBA100000001", 38.9199, -77.2570, at=MORNING)
    assert list(exports.status_rows(area_shop, DAY)) == before
    assert area_shop.conn.execute("SELECT count(*) FROM events").fetchone() == events
    assert len(location_fix.history(area_shop, "TBA100000001")) == 1


def test_the_drivers_manifest_carries_the_stops_location_note(area_shop, actor) -> None:
    """A planned street-only stop reaches the manifest's stop data with its words."""
    from store import drivers, planning
    from store.print_papers import manifest_for_run

    drivers.add(area_shop, "Dev", capacity=10, shift_start="09:00", shift_end="17:00")
    data = (
        "tracking_id,recipient_name,address_line1,city,state,postal_code,service\n"
        f"TBA100000001,Grace,8 Main St,Vienna,VA,{area.WEST_ZIP},same_day\n"
        f"TBA100000002,Liam,5 Main St,Vienna,VA,{area.EAST_ZIP},same_day\n"
    ).encode()
    import_bytes(area_shop, actor, data, "a.csv", DAY)
    for tracking_id in ("TBA100000001", "TBA100000002"):
        check_in(area_shop, actor, tracking_id, at=MORNING)
    prepared = planning.prepare(area_shop, DAY)
    [run_id] = planning.commit(
        area_shop, actor, prepared, planning.solve(prepared, seconds=1, iterations=50)
    )
    notes = {
        stop.parcels[0].tracking_id: stop.location_note
        for stop in manifest_for_run(area_shop, run_id).stops
    }
    assert notes == {
        "TBA100000001": "approximate location: street only",
        "TBA100000002": "",
    }


def test_the_4x6_label_carries_the_stops_location_note(area_shop, actor) -> None:
    """The printed label of a street-only parcel says "≈ APPROXIMATE LOCATION street only",
    planned (its stop's words) and at check-in (its own), and the run's load sheet says
    "≈ street only" on its row; an exact parcel's label has no mark; the pin removes them."""
    from labels import render_labels, render_load_sheet
    from store import drivers, planning, print_jobs, print_papers
    from tests.labels.labels_readback import page_texts

    drivers.add(area_shop, "Dev", capacity=10, shift_start="09:00", shift_end="17:00")
    data = (
        "tracking_id,recipient_name,address_line1,city,state,postal_code,service\n"
        f"TBA100000001,Grace,8 Main St,Vienna,VA,{area.WEST_ZIP},same_day\n"
        f"TBA100000002,Liam,5 Main St,Vienna,VA,{area.EAST_ZIP},same_day\n"
    ).encode()
    import_bytes(area_shop, actor, data, "a.csv", DAY)
    for tracking_id in ("TBA100000001", "TBA100000002"):
        check_in(area_shop, actor, tracking_id, at=MORNING)

    def printed(batch: print_jobs.LabelBatch) -> dict[str, str]:
        texts = page_texts(render_labels(batch.labels))
        return {
            t: " ".join(text.split()) for t, text in zip(batch.tracking_ids, texts, strict=True)
        }

    unplanned = printed(print_jobs.label_for_parcel(area_shop, "TBA100000001"))
    assert "≈ APPROXIMATE LOCATION street only" in unplanned["TBA100000001"]
    prepared = planning.prepare(area_shop, DAY)
    [run_id] = planning.commit(
        area_shop, actor, prepared, planning.solve(prepared, seconds=1, iterations=50)
    )
    on_run = printed(print_jobs.labels_for_run(area_shop, run_id))
    assert "≈ APPROXIMATE LOCATION street only" in on_run["TBA100000001"]
    assert "≈" not in on_run["TBA100000002"]
    sheet = render_load_sheet(print_papers.load_sheet_for_run(area_shop, run_id))
    rows = " ".join(" ".join(page_texts(sheet)).split())
    assert rows.count("≈ street only") == 1
    assert f"8 Main St, Vienna, VA {area.WEST_ZIP} · ≈ street only" in rows
    location_fix.fix_location(area_shop, actor, "TBA100000001", 38.9199, -77.2570, at=MORNING)
    fixed = printed(print_jobs.labels_for_run(area_shop, run_id))
    assert "≈" not in fixed["TBA100000001"]
    sheet = render_load_sheet(print_papers.load_sheet_for_run(area_shop, run_id))
    assert "≈" not in " ".join(page_texts(sheet))


def test_spellings_of_one_door_make_one_stop_and_one_pin_fixes_them_all(area_shop, actor):
    """ "9 Main", "9 Mian Stret" and "9 main street" (house 9 has no point: placed between 7
    and 11) are one door of Main Street: one stop; "11 Main St" is another. A pin on one
    moves all three, and every spelling is exact at the next import (address book)."""
    from store import drivers, planning

    drivers.add(area_shop, "Dev", capacity=10, shift_start="09:00", shift_end="17:00")
    lines = {
        "TBA100000001": "9 Main",
        "TBA100000002": "9 Mian Stret",
        "TBA100000003": "9 main street",
        "TBA100000004": "11 Main St",
    }
    data = manifest_bytes(*(row(t, line, area.WEST_ZIP) for t, line in lines.items()))
    import_bytes(area_shop, actor, data, "a.csv", DAY)
    for tracking_id in lines:
        check_in(area_shop, actor, tracking_id, at=MORNING)
        assert located(area_shop, tracking_id)[0] in ("street", "address")
    prepared = planning.prepare(area_shop, DAY)
    stops = {s.tracking_ids for s in prepared.problem.stops if s.tracking_ids[0] in lines}
    assert stops == {("TBA100000001", "TBA100000002", "TBA100000003"), ("TBA100000004",)}
    house = area.west_main_house(9)
    result = location_fix.fix_location(area_shop, actor, "TBA100000002", house.lat, house.lon)
    assert set(result.tracking_ids) == {"TBA100000001", "TBA100000002", "TBA100000003"}
    assert located(area_shop, "TBA100000004")[0] == "address"  # house 11's own point
    again = {"TBA200000001": "9 Main", "TBA200000002": "9 Mian Stret", "TBA200000003": "9 Main St"}
    data = manifest_bytes(*(row(t, line, area.WEST_ZIP) for t, line in again.items()))
    import_bytes(area_shop, actor, data, "b.csv", DAY)
    for tracking_id in again:
        assert located(area_shop, tracking_id)[:5] == (
            "address", "address_book", None, house.lat, house.lon
        )  # fmt: skip


def test_a_street_only_place_out_of_the_radius_waits_for_a_pin(area_shop, actor) -> None:
    """With a 1-mile radius the west Main Street lies outside: "9 Main St" (known to its
    street only: the house could still be inside) is held for a pin, with words saying so;
    "5 Main St" (its own address point) is out of zone; a pin inside the radius releases the
    held one."""
    settings.update(area_shop, radius_mi=1.0)
    data = manifest_bytes(
        row("TBA100000001", "9 Main St", area.WEST_ZIP),
        row("TBA100000002", "5 Main St", area.WEST_ZIP),
    )
    import_bytes(area_shop, actor, data, "a.csv", DAY)
    assert located(area_shop, "TBA100000001")[:3] == ("street", "street", "needs_location")
    assert located(area_shop, "TBA100000002")[:3] == ("address", "address_point", "out_of_zone")
    held = check_in(area_shop, actor, "TBA100000001", at=MORNING)
    assert held.outcome is Outcome.NEEDS_LOCATION
    assert held.message.startswith("Only its street is known, and that runs out of the delivery")
    assert check_in(area_shop, actor, "TBA100000002", at=MORNING).outcome is Outcome.OUT_OF_ZONE
    result = location_fix.fix_location(area_shop, actor, "TBA100000001", 38.9190, -77.2330)
    assert result.released == ("TBA100000001",) and result.hold is None
