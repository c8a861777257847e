"""The whole day's printing as three documents: joined in run order, one progress report
across all of them, one cancel that stops everything."""

from __future__ import annotations

import datetime as dt

import pytest

from labels import LETTER_4UP, Cancelled, render_day
from labels.samples import sample_labels, sample_load_sheet, sample_run
from tests.labels.labels_readback import decoded_pages, page_count, page_texts

DAY = dt.date(2026, 3, 2)


@pytest.fixture(scope="module")
def day_parts():
    runs = [sample_run(9, seed=3), sample_run(4, seed=8)]
    return sample_labels(10, seed=2), runs, [sample_load_sheet(run) for run in runs]


def test_three_documents_hold_every_run_in_order(day_parts) -> None:
    parcels, runs, sheets = day_parts
    reports: list[tuple[int, int]] = []
    documents = render_day(
        parcels, runs, sheets, day=DAY, layout=LETTER_4UP, on_progress=lambda *r: reports.append(r)
    )
    assert (documents.label_count, documents.label_pages, documents.runs) == (10, 3, 2)
    assert [code for page in decoded_pages(documents.labels) for code in page] == [
        parcel.tracking_id for parcel in parcels
    ]
    manifest_codes = {code for page in decoded_pages(documents.manifests) for code in page}
    for run in runs:
        assert {stop.stop_code for stop in run.stops} <= manifest_codes
    assert documents.manifest_pages == page_count(documents.manifests)
    texts = page_texts(documents.load_sheets)
    assert documents.load_sheet_pages == len(texts) >= 2
    assert texts[0].find(sheets[0].items[0].tracking_id) >= 0
    assert texts[-1].find(sheets[1].items[-1].tracking_id) >= 0
    done = [d for d, _ in reports]
    assert done == sorted(done) and reports[-1][0] == reports[-1][1]
    assert {total for _, total in reports} == {reports[0][1]}
    assert documents.file_names() == {
        "labels": "labels-2026-03-02.pdf",
        "manifests": "manifests-2026-03-02.pdf",
        "load_sheets": "load-sheets-2026-03-02.pdf",
    }


def test_labels_as_zpl(day_parts) -> None:
    parcels, runs, sheets = day_parts
    documents = render_day(parcels, runs, sheets, day=DAY, zpl=True)
    assert documents.label_format == "zpl" and documents.label_pages == 10
    assert documents.labels.decode("utf-8").count("^XA") == 10
    assert documents.file_names()["labels"] == "labels-2026-03-02.zpl"


def test_cancel_stops_the_whole_day(day_parts) -> None:
    """A cancel asked for while the manifests are drawn stops there: nothing comes back."""
    parcels, runs, sheets = day_parts
    seen: list[int] = []

    def cancelled() -> bool:
        return bool(seen) and seen[-1] > len(parcels)

    with pytest.raises(Cancelled):
        render_day(parcels, runs, sheets, day=DAY, on_progress=lambda d, _t: seen.append(d),
                   cancelled=cancelled)  # fmt: skip
