"""`locate ID`: how a parcel is located, its street matches, and the fix from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from store.db import connect
from tests import synthetic_area as area
from tests.test_cli import run


@pytest.fixture
def shop(tmp_path: Path) -> str:
    """A shop with the synthetic area and a manifest of three rows without coordinates."""
    path = str(tmp_path / "shop.db")
    code, _, err = run("--db", path, "setup", "--name", "Test Shop", "--lat", "38.9187",
                       "--lon", "-77.2311", "--timezone", "America/New_York")  # fmt: skip
    assert code == 0, err
    db = connect(Path(path))
    area.install(db, tmp_path)
    db.conn.close()
    manifest = tmp_path / "m.csv"
    manifest.write_text(
        "tracking_id,recipient_name,address_line1,city,state,postal_code\n"
        f"TBA100000001,Grace,8 Main St,Vienna,VA,{area.WEST_ZIP}\n"
        f"TBA100000002,Liam,40 Nowhere Rd,Vienna,VA,{area.WEST_ZIP}\n"
        f"TBA100000003,Emma,5 Main St,Vienna,VA,{area.EAST_ZIP}\n"
    )
    code, out, err = run("--db", path, "import-manifest", str(manifest), "--date", "2026-11-25")
    assert code == 0, err
    assert "approximate: 1 on the street only, 1 by ZIP only" in out
    assert "held at check-in: 1 needs_location" in out
    return path


def test_locate_shows_the_precision_and_the_street_matches(shop: str) -> None:
    """The parcel's precision and how it was found, then numbered matches to choose from."""
    code, out, _ = run("--db", shop, "locate", "TBA100000001")
    assert code == 0
    first, *choices = out.splitlines()
    assert first.startswith("TBA100000001\tstreet\t")
    assert first.endswith("Main Street, between 6 and 10")
    assert choices[0].startswith("1\tstreet\t") and "Main Street" in choices[0]


def test_locate_with_coordinates_fixes_and_releases(shop: str) -> None:
    """--lat/--lon: the address book learns it and a held parcel goes to the shelf."""
    run("--db", shop, "check-in", "TBA100000002")
    code, out, err = run("--db", shop, "locate", "tba100000002", "--lat", "38.93", "--lon",
                         "-77.25")  # fmt: skip
    assert (code, err) == (0, "")
    assert out.startswith("located TBA100000002 (address); the address book remembers it")
    assert "released to the shelf: TBA100000002" in out
    code, out, _ = run("--db", shop, "locate", "TBA100000002")
    assert out.startswith("TBA100000002\taddress\t38.930000, -77.250000\tfixed by ")


def test_locate_by_street_choice(shop: str) -> None:
    """--street N takes the Nth listed match."""
    code, out, err = run("--db", shop, "locate", "TBA100000003", "--street", "1")
    assert (code, err) == (0, "")
    assert out.startswith("located TBA100000003 (address)")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--lat", "38.9"), "give both --lat and --lon"),
        (("--lat", "91", "--lon", "-77"), "latitude 91 is not between -90 and 90"),
        (("--lat", "x", "--lon", "-77"), "latitude 'x' is not a number"),
        (("--street", "9"), "--street 9: choose a match from 1 to"),
    ],
)
def test_bad_locate_input_is_one_sentence_and_exit_2(shop: str, args, message) -> None:
    """Bad values: exit 2, one line naming what is wrong, nothing changed."""
    before = run("--db", shop, "locate", "TBA100000001")[1]
    code, out, err = run("--db", shop, "locate", "TBA100000001", *args)
    assert (code, out) == (2, "")
    assert err.startswith(f"parcel-desk: {message}") and err.count("\n") == 1
    assert run("--db", shop, "locate", "TBA100000001")[1] == before


def test_an_unknown_parcel_is_named(shop: str) -> None:
    code, _, err = run("--db", shop, "locate", "TBA999999999", "--lat", "38.9", "--lon", "-77.2")
    assert (code, err) == (2, "parcel-desk: no parcel TBA999999999 in this shop\n")


def test_plan_json_marks_approximate_stops_and_counts_the_held(shop: str) -> None:
    """The street-precision stop says so; the ZIP-only parcel is held, not planned, and the
    plan counts it."""
    run(
        "--db",
        shop,
        "drivers",
        "add",
        "Dev",
        "--capacity",
        "40",
        "--start",
        "09:00",
        "--end",
        "17:00",
    )
    run("--db", shop, "check-in", "TBA100000001", "TBA100000002", "TBA100000003")
    code, out, err = run("--db", shop, "plan", "--date", "2026-11-25", "--seconds", "1", "--json")
    assert code == 0, err
    data = json.loads(out)
    stops = {s["tracking_ids"][0]: s for r in data["runs"] for s in r["stops"]}
    assert set(stops) == {"TBA100000001", "TBA100000003"}
    assert (stops["TBA100000001"]["precision"], stops["TBA100000001"]["approximate"]) == (
        "street",
        True,
    )
    assert stops["TBA100000001"]["location_note"] == "approximate location: street only"
    assert (stops["TBA100000003"]["precision"], stops["TBA100000003"]["approximate"]) == (
        "address",
        False,
    )
    assert data["held_for_location"] == ["TBA100000002"]
    code, out, _ = run("--db", shop, "runs", "--date", "2026-11-25")
    assert "approximate location: street only" in out
    assert "held for a location\t1\t" in out
