"""The Today screen: its figures are the database's."""

from __future__ import annotations

import pytest

from store import checkin, demo, end_of_day
from ui.today.today_view import TodayView


@pytest.fixture
def today(qtbot, session):
    view = TodayView(session)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_figures_match_the_database(today, peek, session):
    """Each status figure equals a count in the database, for today and overall."""
    day = session.today().isoformat()
    for status in ("expected", "received", "exception", "delivered"):
        assert today.figure(status, 0) == peek.scalar(
            "SELECT count(*) FROM parcels WHERE status = ? AND expected_date = ?", status, day
        )
        assert today.figure(status, 2) == peek.scalar(
            "SELECT count(*) FROM parcels WHERE status = ?", status
        )
    assert today.figure("received", 1) == peek.scalar(
        "SELECT count(*) FROM events WHERE status = 'received'"
    )
    assert demo.SHOP["name"] in today.heading.text()


def test_refresh_after_a_scan(today, peek, session):
    """After a check-in, showing the screen again counts it."""
    before = today.figure("received", 0)
    received_before = int(today.progress.received.text())
    checkin.check_in(peek.db, session.actor, peek.ids("status = 'expected' AND hold IS NULL")[0])
    today.hide()
    today.show()
    assert today.figure("received", 0) == before + 1
    assert int(today.progress.received.text()) == received_before + 1
    assert "not arrived yet" in today.progress.summary()


def test_the_progress_agrees_with_the_table_under_it(today, peek, session):
    """Held, not arrived yet and checked in above are the table's rows of today's parcels,
    in the same words, also after a damaged mark and a parcel marked missing."""
    parcel = peek.ids("status = 'received'")[0]
    checkin.mark_damaged(peek.db, session.actor, parcel)
    end_of_day.mark_missing(peek.db, session.actor, session.today())
    checkin.check_in(peek.db, session.actor, "TBA777777777777")  # not on any manifest
    today.refresh()
    progress = today.progress
    assert int(progress.exceptions.text()) == today.figure("exception", 0)
    assert int(progress.missing.text()) == today.figure("expected", 0)
    checked_in = sum(
        today.figure(str(status), 0)
        for status in ("received", "planned", "out_for_delivery", "delivered", "attempted",
                       "picked_up", "return_pending", "returned", "exception")
    ) - int(progress.unexpected.text())  # fmt: skip
    assert int(progress.received.text()) == checked_in
    assert today.checked_in.text() == f"<b>{checked_in}</b>"
    assert progress.expected.text().startswith("checked in of ")


def test_approximate_locations_are_counted(today, peek, session):
    """The demo's parcels located by ZIP only are counted in amber, with where to fix them."""
    day = session.today().isoformat()
    zip_only = peek.scalar(
        "SELECT count(*) FROM parcels WHERE expected_date = ? AND location_precision = 'zip'", day
    )
    assert zip_only == 2
    assert today.approximate_count == zip_only + peek.scalar(
        "SELECT count(*) FROM parcels WHERE expected_date = ? AND location_precision IN "
        "('street', 'none')",
        day,
    )
    text = today.locations.text()
    assert "≈ 2 by ZIP code only: held until a pin is put on the map" in text
    assert "Fix one from its detail on Parcels" in text


@pytest.mark.parametrize(("width", "height"), [(1366, 698), (1280, 650)])
def test_the_status_table_shows_its_words_whole_on_a_laptop(qtbot, window, width, height):
    """At 1366×768 the table's first column read "back on the shelf aft", "picked up at the
    cour", "voided: not a parcel (" and "checked in (manifes": every word is shown whole."""
    from PySide6.QtWidgets import QApplication, QLabel

    window.resize(width, height)
    window.show_page(window.today)
    for _ in range(3):
        QApplication.processEvents()
    cut = [
        label.text()
        for label in window.today.findChildren(QLabel)
        if label.isVisible() and not label.wordWrap() and label.text()
        and label.width() < label.sizeHint().width()
    ]  # fmt: skip
    assert cut == []
