"""The day's discrepancy report: missing and held parcels, formula-safe CSV."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest

from store import checkin, db, demo, discrepancies
from store.events import Actor

NOW = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
DAY = date(2026, 3, 2)


@pytest.fixture
def shop(tmp_path):
    database = db.connect(tmp_path / "shop.db")
    demo.create(database, today=DAY, now=NOW)
    yield database
    database.conn.close()


def test_rows_are_missing_then_held_by_reason(shop):
    """Missing parcels come first, then held ones grouped by reason, each in id order."""
    actor = Actor("Ben", "Counter 2")
    checkin.check_in(shop, actor, "TBA000000000777", at=NOW)
    rows = discrepancies.rows(shop, DAY)
    missing = [row["tracking_id"] for row in rows if row["category"] == "missing"]
    assert missing == [p["tracking_id"] for p in checkin.still_missing(shop, DAY)]
    categories = [row["category"] for row in rows]
    assert categories == sorted(categories, key=discrepancies.CATEGORIES.index)
    assert {"unexpected", "out_of_zone", "needs_location"} <= set(categories)
    unexpected = next(row for row in rows if row["category"] == "unexpected")
    assert unexpected == {
        "category": "unexpected",
        "tracking_id": "TBA000000000777",
        "status": "exception",
        "recipient_name": "",
        "address_line1": "",
        "city": "",
        "postal_code": "",
        "expected_date": "2026-03-02",
        "status_at": "2026-03-02T14:00:00.000Z",
    }


def test_other_days_are_not_in_the_report(shop):
    """A day without a manifest has nothing to report."""
    assert discrepancies.rows(shop, date(2026, 3, 3)) == []


def test_csv_is_formula_safe(shop):
    """A name that looks like a formula is written as text."""
    shop.conn.execute(
        "UPDATE parcels SET recipient_name = '=HYPERLINK(\"x\")' WHERE status = 'expected'"
    )
    out = io.StringIO()
    count = discrepancies.write_csv(shop, out, DAY)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == count > 0
    assert rows[0]["recipient_name"] == '\'=HYPERLINK("x")'
    assert list(rows[0]) == list(discrepancies.COLUMNS)
