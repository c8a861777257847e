"""The end of the day's files: the summary PDF with the status CSV, the return manifest."""

from __future__ import annotations

import csv

import pytest

from store import day_documents, end_of_day, pickup, results, returns, settings
from store.checkin import mark_damaged
from tests.labels.labels_readback import decoded_counts, page_texts
from tests.store.conftest import DAY, MORNING
from tests.store.daybook import IDS, NOON, plan, send_out, shelf


@pytest.fixture
def day(shop, actor):
    """7 of 8 parcels in; Dev back (2 delivered, 1 attempted); one damaged parcel returned,
    one held pickup set aside; the rate is $2.00 a parcel."""
    settings.update(shop, rate_per_parcel=2.0)
    shelf(shop, actor, checked_in=IDS[:7])
    [dev] = plan(shop, actor, {"Dev": [IDS[0:2], IDS[2:3]]})
    send_out(shop, actor, dev)
    results.all_delivered_except(shop, actor, dev, {IDS[2]: "no_access"}, at=NOON)
    mark_damaged(shop, actor, IDS[3], at=MORNING)
    returns.set_aside(shop, actor, IDS[3], "damaged", at=NOON)
    returns.return_scan(shop, actor, IDS[3], at=NOON)
    pickup.hold_for_pickup(shop, actor, IDS[2], at=NOON)
    pickup.to_return(shop, actor, [IDS[2]], at=NOON)
    return shop


def test_not_arrived_lists_what_mark_missing_marks(day, actor):
    """The parcels still expected are exactly those mark_missing marks, and then none."""
    assert end_of_day.not_arrived(day, DAY) == [IDS[7]]
    assert end_of_day.mark_missing(day, actor, DAY) == [IDS[7]]
    assert end_of_day.not_arrived(day, DAY) == []


def test_save_day_files_writes_a_readable_summary_and_the_status_csv(day, tmp_path):
    """One call writes both files; the PDF's text carries the figures, the CSV every row."""
    files = day_documents.save_day_files(day, DAY, tmp_path / "eod")
    assert (files.summary_pdf.name, files.status_csv.name) == (
        "summary-2026-11-25.pdf",
        "status-2026-11-25.csv",
    )
    text = " ".join(page_texts(files.summary_pdf.read_bytes()))
    assert "Test Shop" in text and "66.7 %" in text and "$4.00" in text and "Dev" in text
    with files.status_csv.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == files.status_rows == 8
    assert sorted(p.name for p in files.summary_pdf.parent.iterdir()) == [
        "status-2026-11-25.csv",
        "summary-2026-11-25.pdf",
    ]


def test_save_return_manifest_writes_a_barcode_per_parcel(day, tmp_path):
    """The saved manifest decodes to both parcels' tracking ids."""
    target = tmp_path / "returns.pdf"
    assert day_documents.save_return_manifest(day, DAY, target) == 2
    assert decoded_counts(target.read_bytes()) == {IDS[3]: 1, IDS[2]: 1}
