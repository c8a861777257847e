"""Load sheets, reports and the calibration label, read back from the rendered PDF."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter

import pytest
from labels_hostile import HOSTILE
from labels_readback import decoded_counts, decoded_pages, page_chars, page_sizes, page_texts

from labels import (
    CALIBRATION_CODE,
    DiscrepancyKind,
    DiscrepancyReport,
    DiscrepancyRow,
    LoadItem,
    LoadSheet,
    Paper,
    ReturnItem,
    ReturnManifest,
    render_calibration,
    render_day_summary,
    render_discrepancy_report,
    render_load_sheet,
    render_return_manifest,
)
from labels.samples import (
    sample_day_summary,
    sample_discrepancies,
    sample_load_sheet,
    sample_returns,
    sample_run,
)

DAY = dt.date(2024, 5, 14)


def test_load_sheet_lists_parcels_in_the_given_order() -> None:
    """Rows follow the caller's loading order, numbered, with zone and stop number."""
    sheet = sample_load_sheet(sample_run(30))
    text = "\n".join(page_texts(render_load_sheet(sheet)))
    positions = [text.index(item.tracking_id) for item in sheet.items]
    assert positions == sorted(positions)
    first = sheet.items[0]
    assert f"\n1 {first.zone} {first.stop_number} 1 of {first.parcel_count} " in text
    assert "the last stop goes in first" in text


def test_load_sheet_spans_pages_with_headings_and_numbers() -> None:
    """A long sheet repeats its column headings and numbers every page "x of y"."""
    sheet = sample_load_sheet(sample_run(60))
    texts = page_texts(render_load_sheet(sheet, paper=Paper.A4))
    assert len(texts) > 1
    for number, text in enumerate(texts, start=1):
        assert "TRACKING ID" in text
        assert f"page {number} of {len(texts)}" in text


def test_load_sheet_marks_a_stop_not_located_exactly() -> None:
    """A street-only stop's rows end "≈ street only", a ZIP-only one "≈ ZIP code only", one
    with disagreeing coordinates "≈ check location"; an exact one has no mark."""
    notes = (
        "approximate location: street only",
        "approximate location: ZIP code only",
        "coordinates disagree with the address",
        "",
    )
    people = (("Ann", "1 Elm St"), ("Bob", "2 Oak St"), ("Cy", "3 Fir St"), ("Di", "4 Ash St"))
    items = [
        LoadItem(f"PD{n}", n, "N-1", who, where, location_note=note)
        for n, ((who, where), note) in enumerate(zip(people, notes, strict=True), start=1)
    ]
    text = " ".join(
        page_texts(render_load_sheet(LoadSheet("Shop", DAY, "Run 1", "Dev", items)))[0].split()
    )
    assert "Ann · 1 Elm St · ≈ street only" in text
    assert "Bob · 2 Oak St · ≈ ZIP code only" in text
    assert "Cy · 3 Fir St · ≈ check location" in text
    assert text.count("≈") == 3


@pytest.mark.parametrize("key", sorted(HOSTILE))
def test_load_sheet_survives_hostile_text(key: str) -> None:
    """Hostile zone, recipient and address text stays on the page."""
    text = HOSTILE[key]
    items = [
        LoadItem("PD1", 3, text, text, text, location_note=text),
        LoadItem(text, None, None),
    ]
    pdf = render_load_sheet(LoadSheet(text, DAY, text, text, items))
    assert all(page.outside() == [] for page in page_chars(pdf))


def test_discrepancy_report_barcodes_and_counts() -> None:
    """Every listed parcel's barcode decodes; the counts per kind are printed."""
    report = sample_discrepancies()
    pdf = render_discrepancy_report(report)
    assert decoded_counts(pdf) == Counter(row.tracking_id for row in report.rows)
    text = "\n".join(page_texts(pdf))
    for kind in DiscrepancyKind:
        assert kind.caption.upper() in text
    assert "Carrier driver" in text
    assert "not scanned" in " ".join(text.split())


def test_discrepancy_kind_may_be_given_as_text() -> None:
    """Callers may pass the kind as its string value; unknown kinds are refused."""
    row = DiscrepancyRow("PD1", "out_of_zone")  # type: ignore[arg-type]
    assert row.kind is DiscrepancyKind.OUT_OF_ZONE
    with pytest.raises(ValueError):
        DiscrepancyRow("PD1", "lost_in_space")  # type: ignore[arg-type]


def test_discrepancy_report_with_many_rows_paginates() -> None:
    """Sixty rows flow over pages; all sixty barcodes still decode."""
    rows = [
        DiscrepancyRow(f"PD{n:05d}", DiscrepancyKind.MISSING, "Name", "Addr") for n in range(60)
    ]
    pdf = render_discrepancy_report(DiscrepancyReport("Shop", DAY, 100, 40, rows))
    assert len(page_sizes(pdf)) > 1
    assert decoded_counts(pdf) == Counter(row.tracking_id for row in rows)


def test_day_summary_is_one_page_with_the_figures() -> None:
    """The end-of-day summary fits one page and shows counts, rates, miles and earnings."""
    summary = sample_day_summary()
    texts = page_texts(render_day_summary(summary))
    assert len(texts) == 1
    for expected in [
        "END OF DAY",
        "207",
        "181",
        "92.8 %",
        "104.2",
        "108.8",
        "$412.50",
        "Maria Lopez",
        "James Okafor",
        "return pending",
    ]:
        assert expected in texts[0]


def test_day_summary_without_optional_figures() -> None:
    """Missing rates, miles and earnings print as dashes, not "None"."""
    summary = dataclasses.replace(
        sample_day_summary(),
        first_attempt_success=None,
        miles_planned=None,
        miles_driven=None,
        earnings=None,
        drivers=[],
        status_counts={},
    )
    text = page_texts(render_day_summary(summary))[0]
    assert "None" not in text
    assert "–" in text


def test_return_manifest_barcodes_and_signatures() -> None:
    """Each returned parcel's barcode decodes; handover signature lines are printed."""
    manifest = sample_returns()
    pdf = render_return_manifest(manifest)
    assert decoded_counts(pdf) == Counter(item.tracking_id for item in manifest.items)
    text = page_texts(pdf)[0]
    assert "Received by (carrier)" in text
    assert f"{len(manifest.items)} parcels back to the carrier" in text  # 9 of them


@pytest.mark.parametrize("key", sorted(HOSTILE))
def test_reports_survive_hostile_text(key: str) -> None:
    """Hostile text in every report field renders and stays on the page."""
    text = HOSTILE[key]
    discrepancy = DiscrepancyReport(
        text, DAY, 1, 0, [DiscrepancyRow("PD1", DiscrepancyKind.DAMAGED, text, text, None, text)]
    )
    returns = ReturnManifest(text, DAY, [ReturnItem("PD2", text, 3, None, text)], carrier=text)
    summary = dataclasses.replace(
        sample_day_summary(), shop_name=text, notes=text, status_counts={text: 3}
    )
    for pdf in (
        render_discrepancy_report(discrepancy),
        render_return_manifest(returns),
        render_day_summary(summary),
    ):
        assert all(page.outside() == [] for page in page_chars(pdf))


def test_calibration_label_is_4x6_with_a_readable_barcode() -> None:
    """The calibration PDF is one 4x6 in page whose barcode decodes and that names its dpi."""
    pdf = render_calibration()
    assert page_sizes(pdf) == [(288.0, 432.0)]
    assert decoded_pages(pdf) == [[CALIBRATION_CODE]]
    text = page_texts(pdf)[0]
    assert "203 dpi" in text and "812 × 1218 dots" in text and "25 mm square" in text


def test_counts_of_one_are_singular() -> None:
    """One parcel, one stop, one driver, one run: never "1 parcels" on any paper."""
    returns = ReturnManifest("Shop", DAY, [ReturnItem("PD2", "refused", 3)])
    assert "1 parcel back to the carrier" in page_texts(render_return_manifest(returns))[0]
    sheet = LoadSheet("Shop", DAY, "R1", "Ann", [LoadItem("PD1", 1, "NE-1")])
    assert "1 parcel for 1 stop ·" in page_texts(render_load_sheet(sheet))[0]
    report = DiscrepancyReport("Shop", DAY, 1, 0, [DiscrepancyRow("PD1", "missing")])
    assert "1 parcel to settle" in page_texts(render_discrepancy_report(report))[0]
    summary = sample_day_summary()
    one = dataclasses.replace(summary, drivers=summary.drivers[:1])
    runs = one.drivers[0].runs
    expected = f"1 driver · {runs} run{'' if runs == 1 else 's'}"
    assert expected in page_texts(render_day_summary(one))[0]
    for text in page_texts(render_return_manifest(returns)) + page_texts(render_load_sheet(sheet)):
        assert "1 parcels" not in text and "1 stops" not in text
