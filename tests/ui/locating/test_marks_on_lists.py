"""The "≈" mark of a stop not located exactly, on the lists of the Dispatch and Results
screens, as the Runs list, the label and the manifest show it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt

from store import location_fix, settings
from tests import synthetic_area as area
from tests.ui.dayplan import send_out
from ui.common.session import Session
from ui.dispatch.dispatch_view import DispatchView
from ui.dispatch.missing_load_dialog import MissingLoadDialog
from ui.results.results_view import ResultsView

STREET_ONLY, EXACT = "TBA200000001", "TBA200000003"
ADDRESS = 4  # the Dispatch list's column


@pytest.fixture
def session(planned_area_shop, actor, tmp_path) -> Session:
    """The small area shop at noon of its planned day (Dev's run: 8 Main St on the street
    only, 5 Main St at its address point)."""
    db, day = planned_area_shop
    noon = datetime(day.year, day.month, day.day, 17, 0, tzinfo=UTC)
    return Session(db, tmp_path / "small.db", actor, settings.load(db), lambda: noon)


def _cell(model, row: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    return model.data(model.index(row, column), role)


def test_the_dispatch_list_marks_the_street_only_stop(qtbot, qtmodeltester, session, sounds):
    """Still to load: the street-only parcel's address reads "8 Main St, … · ≈ street only"
    with the amber badge and the whole note in its tooltip; the exact one has neither; the
    missing-parcels dialog shows the same, and so does the answer when it goes into the car; a
    pin on the house takes the mark away."""
    view = DispatchView(session, sounds)
    qtbot.addWidget(view)
    view.refresh()
    model = view.to_load
    qtmodeltester.check(model)
    street, exact = model.find(STREET_ONLY), model.find(EXACT)
    assert model.text(street, ADDRESS) == "8 Main St, Vienna · ≈ street only"
    assert _cell(model, street, ADDRESS, Qt.ItemDataRole.DecorationRole) is not None
    tip = _cell(model, street, ADDRESS, Qt.ItemDataRole.ToolTipRole)
    assert "approximate location: street only" in tip
    assert model.text(exact, ADDRESS) == "5 Main St, Vienna"
    assert _cell(model, exact, ADDRESS, Qt.ItemDataRole.DecorationRole) is None
    dialog = MissingLoadDialog("Run 1 · Dev", model.records)
    qtbot.addWidget(dialog)
    row = dialog.model.find(STREET_ONLY)
    assert dialog.model.text(row, ADDRESS).endswith(" · ≈ street only")
    view.take_scan(STREET_ONLY)  # into the car: the answer tells the clerk too
    assert view.band.message.text().endswith(
        " · ≈ street only: the driver may have to look for the house"
    )
    view.unload_last()
    view.take_scan(EXACT)
    assert "≈" not in view.band.message.text()
    house = area.west_main_house(8)
    location_fix.fix_location(session.db, session.actor, STREET_ONLY, house.lat, house.lon)
    view.refresh()
    assert model.text(model.find(STREET_ONLY), ADDRESS) == "8 Main St, Vienna"


def test_the_results_list_marks_the_street_only_stop(qtbot, qtmodeltester, session, sounds):
    """Results: the street-only stop reads "Grace · 8 Main St, … · ≈ street only" with the
    amber badge; choosing it puts the mark in the stop's heading (wrapped, so a long one
    never widens the window past the screen); the exact stop has no mark."""
    [run_id] = [r for (r,) in session.db.conn.execute("SELECT id FROM runs")]
    send_out(session.db, run_id)
    view = ResultsView(session, sounds)
    qtbot.addWidget(view)
    view.refresh()
    model = view.stops
    qtmodeltester.check(model)
    texts = [model.text(row, 1) for row in range(model.rowCount())]
    street = next(row for row, text in enumerate(texts) if "8 Main St" in text)
    exact = next(row for row, text in enumerate(texts) if "5 Main St" in text)
    assert texts[street] == "Grace · 8 Main St, Vienna · ≈ street only"
    assert _cell(model, street, 1, Qt.ItemDataRole.DecorationRole) is not None
    assert "approximate location: street only" in _cell(
        model, street, 1, Qt.ItemDataRole.ToolTipRole
    )
    assert texts[exact] == "Emma · 5 Main St, Vienna"
    assert _cell(model, exact, 1, Qt.ItemDataRole.DecorationRole) is None
    view.lists.select_row(street)
    assert view.lists.stop_heading.text().endswith("≈ street only")
    long_place = "Anne-Marie Dupont & Co. · 4455 North 38th Street, Harrisburg"
    view.lists.stop_heading.setText(f"Stop 12 · {long_place} · ≈ ZIP code only")
    assert view.minimumSizeHint().width() < 1366 - 200  # the window still fits the screen
    view.lists.select_row(exact)
    assert "≈" not in view.lists.stop_heading.text()


def test_the_parcels_list_marks_parcels_not_located_exactly(qtbot, area_shop, db_file, actor):
    """Parcels: the street-only parcel's address reads "8 Main St · ≈ street only", the
    ZIP-only one (held) "40 Nowhere Rd · ≈ ZIP code only", both with the amber badge and the
    whole note as tooltip; the one at its address point has no mark."""
    from PySide6.QtCore import QModelIndex

    from ui.common.background_reader import BackgroundReader
    from ui.parcels.parcel_table_model import ADDRESS
    from ui.parcels.parcels_view import ParcelsView

    session = Session.open(area_shop, db_file, actor)
    reader = BackgroundReader(db_file)
    try:
        view = ParcelsView(session, reader, search_delay_ms=0)
        qtbot.addWidget(view)
        view.apply_filters()  # as on opening the screen
        model = view.model
        qtbot.waitUntil(lambda: not model.loading)
        while model.canFetchMore(QModelIndex()):
            model.fetchMore(QModelIndex())
            qtbot.waitUntil(lambda: not model.loading)
        rows = {model.tracking_id(row): row for row in range(model.rowCount())}

        def cell(tracking_id: str, role=Qt.ItemDataRole.DisplayRole):
            return model.data(model.index(rows[tracking_id], ADDRESS), role)

        assert cell(STREET_ONLY) == "8 Main St · ≈ street only"
        assert cell("TBA200000002") == "40 Nowhere Rd · ≈ ZIP code only"
        assert cell(EXACT) == "5 Main St"
        for approximate in (STREET_ONLY, "TBA200000002"):
            assert cell(approximate, Qt.ItemDataRole.DecorationRole) is not None
        assert "approximate location: street only" in cell(STREET_ONLY, Qt.ItemDataRole.ToolTipRole)
        assert cell(EXACT, Qt.ItemDataRole.DecorationRole) is None
        assert cell(EXACT, Qt.ItemDataRole.ToolTipRole) is None
    finally:
        reader.close()


def test_the_runs_list_draws_the_shared_mark(qtbot, planned_area_shop, actor):
    """The Runs list's street-only stop carries the very badge and words of
    `ui.common.location_mark` (no copy of its own that could drift from the other lists)."""
    from ui.common import location_mark
    from ui.runs.runs_view import RunsView

    db, day = planned_area_shop
    view = RunsView(db, lambda: actor, lambda: day, iterations=50)
    qtbot.addWidget(view)
    [run] = view.editor.rows.runs
    stop = next(s for s in run.stops if "TBA200000001" in s.tracking_ids)
    who = view.runs_model.index_of_stop(stop.key).siblingAtColumn(3)
    assert who.data().endswith("\n" + location_mark.short_words("street", stop.location_note))
    icon = who.data(Qt.ItemDataRole.DecorationRole)
    assert icon.cacheKey() == location_mark.approximate_icon().cacheKey()
