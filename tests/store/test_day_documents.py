"""The end of the day's files: the summary PDF with the status CSV, the return manifest."""

from __future__ import annotations

import csv
import re

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
    """One call writes both files (and the CSV's receipt); the PDF's text carries the figures
    and the log's head, the CSV every row."""
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
        "status-2026-11-25.csv.receipt.txt",
        "summary-2026-11-25.pdf",
    ]
    head = "{}:{}".format(*day.conn.execute("SELECT max(id), hash FROM events").fetchone())
    assert head in text


def test_save_return_manifest_writes_a_barcode_per_parcel(day, tmp_path):
    """The saved manifest decodes to both parcels' tracking ids."""
    target = tmp_path / "returns.pdf"
    assert day_documents.save_return_manifest(day, DAY, target) == 2
    assert decoded_counts(target.read_bytes()) == {IDS[3]: 1, IDS[2]: 1}


def test_the_summary_pdf_says_whether_the_day_closed_and_what_was_carried_over(
    day, actor, tmp_path
):
    """Before closing it names what keeps the day open; after, when and by whom it closed,
    every parcel that did not finish, and the miles each run was driven."""
    before = " ".join(page_texts(day_documents.save_day_files(day, DAY, tmp_path / "a")
                                 .summary_pdf.read_bytes()))  # fmt: skip
    assert "NOT CLOSED: 1 parcel of the manifest never arrived: mark them missing." in before
    end_of_day.mark_missing(day, actor, DAY, at=NOON)
    [dev] = [line.run_id for line in end_of_day.summary(day, DAY).drivers]
    end_of_day.record_miles(day, dev, 17.5)
    end_of_day.close_day(day, actor, DAY, at=NOON)
    after = " ".join(page_texts(day_documents.save_day_files(day, DAY, tmp_path / "b")
                                .summary_pdf.read_bytes()))  # fmt: skip
    assert "Closed at 12:00 on Wed 25 Nov by Ana" in after
    assert "NOT FINISHED TODAY: 3 carried over · 1 set aside for return · 1 missing" in after
    assert f"{IDS[7]} missing – never arrived" in after
    assert f"{IDS[2]} set aside for return NW-1 not collected in 5 days" in after
    assert re.search(r"MILES DRIVEN\s+17\.5", after)
    assert re.search(r"Dev\s+1\s+3\s+2\s+1\s+12\.5\s+17\.5", after)  # planned, driven
