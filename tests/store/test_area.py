"""The shop's street map: import (cut, build, swap), refusals, status, and plans on it."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import osmium
import pytest
import sqlite_utils

from store import area, area_build, area_import, planning, settings
from store.area_cut import Cancelled
from store.db import connect
from store.errors import BadInput
from store.events import Actor
from tests.osm_world import ISLAND, MORNING, SHOP, add_world_day, world_shop


@pytest.fixture
def fresh(tmp_path: Path) -> sqlite_utils.Database:
    """A shop at the world's SHOP with no street map yet."""
    db = connect(tmp_path / "shop.db")
    world_shop(db)
    return db


def _folders(db: sqlite_utils.Database) -> list[str]:
    file = area.shop_file(db)
    assert file is not None
    root = area.area_root(file)
    return sorted(p.name for p in root.iterdir()) if root.is_dir() else []


def test_an_import_keeps_the_map_beside_the_shop_file(
    fresh: sqlite_utils.Database, world_file: Path
) -> None:
    """The files go to shop.area/<one folder>; the shop file records source, date, sha256."""
    made = area_import.import_area(fresh, world_file)
    assert made.folder.parent == Path(str(area.shop_file(fresh))).with_name("shop.area")
    assert made.osrm_base.with_name("area.osrm.mldgr").is_file()
    assert made.extract.is_file() and made.streets.is_file()
    row = fresh.conn.execute("SELECT value FROM settings WHERE key = 'street_map'").fetchone()
    stored = json.loads(row[0])
    assert stored["source_name"] == "world.osm.pbf"
    assert stored["source_sha256"] == hashlib.sha256(world_file.read_bytes()).hexdigest()
    assert stored["folder"] == made.folder.name  # by name: the shop file may move
    assert stored["source_date"] == ""  # the file's header has no replication time
    assert stored["source_modified"][:4] >= "2026"
    state = area.status(fresh)
    assert state.usable and state.source == "world.osm.pbf" and state.note == ""
    assert state.lines()[-1] == "Plans use drive times and distances on these roads."


def test_the_cut_keeps_roads_addresses_and_places(world_db: sqlite_utils.Database) -> None:
    """What the address lookup needs is in the cut: address points, named streets, places."""
    loaded = area.current(world_db)
    assert loaded is not None
    names, addresses, places, water = set(), [], [], 0
    for obj in osmium.FileProcessor(str(loaded.extract)).with_locations():
        tags = obj.tags
        if obj.is_way() and "highway" in tags:
            names.add(tags.get("name"))
            assert all(node.location.valid() for node in obj.nodes)
        if "addr:housenumber" in tags:
            addresses.append((tags["addr:housenumber"], tags["addr:street"]))
        if "place" in tags:
            places.append(tags["name"])
        water += "natural" in tags
    assert {"Row 1 Street", "Bridge Road", "Avenue 0"} <= names
    assert addresses == [("7", "Row 2 Street")]
    assert places == ["Southside"]
    assert water == 0  # what neither routing nor the lookup needs stays out


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"tracking_id,recipient_name\nTBA1,Ann\n",
        bytes(range(256)) * 40,
        b"\x00\x00\x00\x0d\x0a\x09OSMHeader\x18\x10",  # a header that ends mid-block
    ],
    ids=["empty", "csv", "noise", "truncated"],
)
def test_garbage_is_refused_and_the_old_map_kept(
    world_db: sqlite_utils.Database, tmp_path: Path, content: bytes
) -> None:
    """Not OSM data: one sentence naming the file; the loaded map and its files stay."""
    before = area.status(world_db)
    bad = tmp_path / "state.osm.pbf"
    bad.write_bytes(content)
    with pytest.raises(
        BadInput,
        match=r"^state\.osm\.pbf is not an OpenStreetMap \.osm\.pbf file \(it does not start "
        r"with an OSM header\)$",
    ):
        area_import.import_area(world_db, bad)
    assert area.status(world_db) == before and before.usable
    assert _folders(world_db) == [before.area.folder.name]  # type: ignore[union-attr]


def test_a_truncated_extract_is_refused(world_file: Path, tmp_path: Path) -> None:
    """A download cut short fails in the middle of a block: refused, nothing recorded."""
    db = connect(tmp_path / "shop.db")
    world_shop(db)
    short = tmp_path / "short.osm.pbf"
    short.write_bytes(world_file.read_bytes()[: world_file.stat().st_size - 50])
    with pytest.raises(BadInput, match="ends in the middle of a block"):
        area_import.import_area(db, short)
    assert area.recorded(db) is None and _folders(db) == []


def test_an_extract_damaged_inside_a_block_is_refused_and_the_old_map_kept(
    world_db: sqlite_utils.Database, world_file: Path, tmp_path: Path
) -> None:
    """Bytes gone bad inside a compressed block (a bad disk, a broken copy): one sentence
    naming the file, not osmium's RuntimeError; the loaded map stays."""
    before = area.status(world_db)
    data = bytearray(world_file.read_bytes())
    for at in range(len(data) // 2, len(data) - 16, 97):
        data[at] ^= 0xFF
    damaged = tmp_path / "damaged.osm.pbf"
    damaged.write_bytes(bytes(data))
    with pytest.raises(
        BadInput, match=r"^damaged\.osm\.pbf is damaged: a block of it cannot be read"
    ):
        area_import.import_area(world_db, damaged)
    assert area.status(world_db) == before and before.usable
    assert _folders(world_db) == [before.area.folder.name]  # type: ignore[union-attr]


def test_a_map_of_another_place_is_refused(fresh: sqlite_utils.Database, world_file: Path) -> None:
    """The shop is not inside the file's roads: refused with where both are."""
    settings.update(fresh, latitude=46.5, longitude=11.2)
    with pytest.raises(
        BadInput, match=r"world\.osm\.pbf does not contain the shop: its roads span 45\.000 N"
    ):
        area_import.import_area(fresh, world_file)
    assert area.recorded(fresh) is None and _folders(fresh) == []


def test_a_map_with_no_road_near_the_shop_is_refused(
    fresh: sqlite_utils.Database, world_file: Path
) -> None:
    """A shop on the island: the nearest road is ~350 m away, so nothing could be planned."""
    settings.update(fresh, latitude=ISLAND[0], longitude=ISLAND[1])
    with pytest.raises(BadInput, match=r"has no road a car can use near the shop: the nearest"):
        area_import.import_area(fresh, world_file)
    assert area.recorded(fresh) is None and _folders(fresh) == []


def test_a_cancelled_import_leaves_the_old_map(
    world_db: sqlite_utils.Database, world_file: Path
) -> None:
    """Cancel during the road build: the build's folder goes, the old map stays in use."""
    before = area.status(world_db)
    seen: list[str] = []

    def cancel() -> bool:
        return "Building the road network" in seen

    with pytest.raises(Cancelled):
        area_import.import_area(
            world_db, world_file, on_progress=lambda label, _f: seen.append(label), cancel=cancel
        )
    assert area.status(world_db) == before
    assert _folders(world_db) == [before.area.folder.name]  # type: ignore[union-attr]


def test_a_new_import_replaces_the_old_one(
    world_db: sqlite_utils.Database, world_file: Path
) -> None:
    """The record switches to the new folder in one transaction; the old folder goes."""
    old = area.current(world_db)
    assert old is not None
    progress: list[float] = []
    new = area_import.import_area(
        world_db, world_file, on_progress=lambda _label, f: progress.append(f)
    )
    assert new.folder != old.folder and not old.folder.exists()
    assert area.current(world_db) == new
    assert _folders(world_db) == [new.folder.name]
    assert progress == sorted(progress) and progress[-1] == 1.0


def test_missing_files_fall_back_to_estimates(world_db: sqlite_utils.Database) -> None:
    """A shop file copied without its folder plans on straight lines, and says why."""
    loaded = area.current(world_db)
    assert loaded is not None
    loaded.streets.unlink()
    state = area.status(world_db)
    assert not state.usable and area.current(world_db) is None
    assert state.note.startswith("distances estimated: its files are missing from ")
    assert state.lines()[-1].startswith("Not used: its files are missing")


def test_no_map_says_so(fresh: sqlite_utils.Database) -> None:
    """Without a map: the estimate note plans, screens and manifests print."""
    state = area.status(fresh)
    assert state.note == "distances estimated: no street map loaded"
    assert state.lines() == [
        "No street map: no street map loaded. Plans use straight-line estimates."
    ]


def test_an_in_memory_shop_cannot_keep_a_map(world_file: Path) -> None:
    """No file, no folder beside it: refused in words."""
    db = connect(":memory:")
    world_shop(db)
    with pytest.raises(BadInput, match="in-memory shop file has no folder"):
        area_import.import_area(db, world_file)


def test_the_tools_are_found_in_a_frozen_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under PyInstaller the tools and profile are looked for in the documented layout."""
    exe = ".exe" if sys.platform == "win32" else ""
    for name in area_build.TOOLS:
        (tmp_path / "osrm" / "bin").mkdir(parents=True, exist_ok=True)
        (tmp_path / "osrm" / "bin" / f"{name}{exe}").write_text("")
    (tmp_path / "osrm" / "share" / "profiles" / "lib").mkdir(parents=True)
    (tmp_path / "osrm" / "share" / "profiles" / "car.lua").write_text("")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    area_build.osrm_tools.cache_clear()
    try:
        tools = area_build.osrm_tools()
    finally:
        monkeypatch.delattr(sys, "_MEIPASS")
        area_build.osrm_tools.cache_clear()
    assert tools.extract == tmp_path / "osrm" / "bin" / f"osrm-extract{exe}"
    assert tools.car_profile == tmp_path / "osrm" / "share" / "profiles" / "car.lua"
    assert area_build.osrm_tools().extract.name.startswith("osrm-extract")  # installed again


def test_a_plan_on_the_map_drives_the_roads_and_sets_the_island_aside(
    world_db: sqlite_utils.Database,
) -> None:
    """The day is planned on OSRM; the island's parcel is left out with its reason; the
    saved run records the map it was timed on."""
    add_world_day(world_db)
    day = MORNING.date()
    planned = planning.prepare(world_db, day)
    assert planned.street_map == "world.osm.pbf" and planned.note == ""
    result = planning.solve(planned, seconds=5, iterations=200)
    assert [u.stop.tracking_ids for u in result.unassigned] == [("TBA100000006",)]
    assert result.unassigned[0].reason.startswith("not on the street map's roads: 3")
    planning.commit(world_db, Actor("Ana", "Counter 1"), planned, result)
    (run,) = planning.runs.runs_of_day(world_db, day)
    assert run.street_map == "world.osm.pbf" and not run.estimated
    # both banks on one run: the road distance is at least the bridge's detour
    assert run.distance_mi * 1609.344 > 2 * 1115 + 2 * 1300


def test_a_plan_without_a_map_is_estimated(fresh: sqlite_utils.Database) -> None:
    """No map: straight lines, the note, and the run is marked estimated."""
    add_world_day(fresh)
    planned = planning.prepare(fresh, MORNING.date())
    assert planned.street_map is None
    assert planned.note == "distances estimated: no street map loaded"
    result = planning.solve(planned, seconds=5, iterations=100)
    assert result.unassigned == ()  # the island is planned on a straight line
    planning.commit(fresh, Actor("Ana", "Counter 1"), planned, result)
    assert [run.estimated for run in planning.runs.runs_of_day(fresh, MORNING.date())] == [True]


def test_the_shop_moved_off_the_map(world_db: sqlite_utils.Database) -> None:
    """A shop moved outside the area it was cut to plans on estimates until a new import."""
    settings.update(world_db, latitude=SHOP[0] + 0.5)
    state = area.status(world_db)
    assert state.note == (
        "distances estimated: the shop is outside the area it was cut to; import it again"
    )
