"""Figures for the overview: parcels by status and the day's status changes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from store import db, demo, reports

NOW = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)


@pytest.fixture
def shop(tmp_path):
    database = db.connect(tmp_path / "shop.db")
    demo.create(database, today=date(2026, 3, 2), now=NOW)
    yield database
    database.conn.close()


def test_status_counts_of_a_day_and_of_all(shop):
    """Counts by status add up to the parcels of the day and to all parcels."""
    today = reports.status_counts(shop, date(2026, 3, 2))
    everything = reports.status_counts(shop)
    assert sum(today.values()) == sum(everything.values()) == 162
    assert set(today) <= {"expected", "received", "exception"}
    assert reports.status_counts(shop, date(2026, 3, 3)) == {}


def test_day_activity_uses_the_local_day(shop):
    """Events at 14:00 UTC fall on March 2 local time, in New York and in Tokyo (23:00)."""
    new_york = reports.day_activity(shop, date(2026, 3, 2), ZoneInfo("America/New_York"))
    assert new_york["expected"] == 162
    assert reports.day_activity(shop, date(2026, 3, 1), ZoneInfo("America/New_York")) == {}
    assert reports.day_activity(shop, date(2026, 3, 3), ZoneInfo("Asia/Tokyo")) == {}
