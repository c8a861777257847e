"""What the printed manifests draw from the street map: the run's road and the streets."""

from __future__ import annotations

import pytest
import sqlite_utils

from labels import render_manifest
from store import area, documents, planning, print_papers, runs, settings
from store.events import Actor
from tests.labels.labels_readback import page_texts
from tests.osm_world import MORNING, add_world_day, at

DAY = MORNING.date()


def _plan(db: sqlite_utils.Database) -> runs.RunView:
    add_world_day(db)
    planned = planning.prepare(db, DAY)
    result = planning.solve(planned, seconds=5, iterations=200)
    planning.commit(db, Actor("Ana", "C1"), planned, result)
    (run,) = runs.runs_of_day(db, DAY)
    return run


def test_the_manifest_route_follows_the_roads(world_db: sqlite_utils.Database) -> None:
    """Shop -> both banks -> shop: the printed line goes round by the bridge (x = 0); the
    streets around it come along; no estimate note; the PDF credits OpenStreetMap."""
    run = _plan(world_db)
    manifest = print_papers.manifest_for_run(world_db, run.id)
    assert len(manifest.route) > len(run.stops) + 2
    assert min(lon for _, lon in manifest.route) == pytest.approx(at(0, 0)[1], abs=1e-5)
    names = {road.name for road in manifest.roads}
    assert {"Bridge Road", "Row 1 Street", "Row 6 Street"} <= names
    assert manifest.distances_note == ""
    text = page_texts(render_manifest(manifest))[0]
    assert "© OpenStreetMap contributors" in text and "estimated" not in text


def test_the_day_documents_draw_the_streets_too(world_db: sqlite_utils.Database) -> None:
    """print-day's manifests are made the same way."""
    _plan(world_db)
    (manifest,) = documents.day_papers(world_db, DAY, settings.load(world_db)).manifests
    assert manifest.roads and len(manifest.route) > 8


def test_without_a_street_map_the_manifest_says_so(world_db: sqlite_utils.Database) -> None:
    """The map's files gone before planning: straight legs, no streets, and the note."""
    loaded = area.current(world_db)
    assert loaded is not None
    loaded.streets.unlink()
    run = _plan(world_db)
    manifest = print_papers.manifest_for_run(world_db, run.id)
    assert manifest.roads == () and len(manifest.route) == len(run.stops) + 2
    assert manifest.distances_note == "distances estimated: no street map loaded"
    text = page_texts(render_manifest(manifest))[0]
    assert "Distances estimated: no street map loaded" in text
