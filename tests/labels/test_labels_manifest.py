"""Driver manifests, read back: every stop, parcel and outcome barcode decodes; text is there."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter

import pytest
from labels_hostile import HOSTILE
from labels_readback import decoded_counts, decoded_pages, page_chars, page_sizes, page_texts

from labels import (
    Cancelled,
    ManifestParcel,
    ManifestRun,
    ManifestStop,
    OutcomeCode,
    Paper,
    Shop,
    render_manifest,
)
from labels.route_map import nice_distance
from labels.samples import OUTCOMES, sample_run


def _expected_barcodes(run: ManifestRun, pages: int) -> Counter[str]:
    """Each stop code and parcel id once; each outcome code once per page."""
    expected: Counter[str] = Counter()
    for stop in run.stops:
        expected[stop.stop_code] += 1
        expected.update(parcel.tracking_id for parcel in stop.parcels)
    for outcome in run.outcome_codes:
        expected[outcome.code] += pages
    return expected


@pytest.mark.parametrize("paper", [Paper.LETTER, Paper.A4])
def test_every_barcode_on_the_manifest_decodes(small_run: ManifestRun, paper: Paper) -> None:
    """Stop codes, parcel ids and outcome codes all decode at 203 dpi, nothing else does."""
    pdf = render_manifest(small_run, paper=paper)
    pages = len(page_sizes(pdf))
    assert decoded_counts(pdf) == _expected_barcodes(small_run, pages)
    assert page_sizes(pdf)[0] == pytest.approx(paper.size)


def test_outcome_codes_are_on_every_page(small_run: ManifestRun) -> None:
    """A clerk can scan stop then outcome without turning the page."""
    codes = {outcome.code for outcome in small_run.outcome_codes}
    for page in decoded_pages(render_manifest(small_run)):
        assert codes <= set(page)


def test_header_shows_driver_date_and_totals(small_run: ManifestRun) -> None:
    """Page one names run, driver and date and totals stops, parcels, miles, start, end."""
    first = page_texts(render_manifest(small_run))[0]
    for expected in [
        "R3 · Maria",
        "Driver: Maria Lopez",
        "Tue 2024-05-14",
        "STOPS",
        "PARCELS",
        "MILES",
        "PLANNED START",
        "09:00",
        "PLANNED END",
        "10:30",
    ]:
        assert expected in first
    assert f"\n{small_run.stop_count}\r" in first
    assert f"\n{small_run.parcel_count}\r" in first
    assert f"{small_run.miles:.1f}" in first


def test_stops_appear_in_order_with_their_details(small_run: ManifestRun) -> None:
    """Each stop's sequence, ETA, recipient and address appear, in driving order."""
    text = "\n".join(page_texts(render_manifest(small_run)))
    positions = []
    for stop in small_run.stops:
        assert stop.recipient in text
        assert stop.address in text
        assert f"{stop.eta:%H:%M}" in text
        positions.append(text.index(f"stop {stop.sequence}: {stop.stop_code}"))
    assert positions == sorted(positions)


def test_every_page_is_numbered_x_of_y(small_run: ManifestRun) -> None:
    """Each page ends with "page x of y" with the right total."""
    texts = page_texts(render_manifest(small_run))
    for number, text in enumerate(texts, start=1):
        assert f"page {number} of {len(texts)}" in text


def test_check_row_and_signature_lines(small_run: ManifestRun) -> None:
    """One check row per stop (words for delivered, numbers for reasons, then initials);
    the strip under every page explains the numbers; signature lines only where needed."""
    texts = page_texts(render_manifest(small_run))
    text = "\n".join(texts)
    assert text.count("Delivered:") == small_run.stop_count
    assert text.count("Attempted, reason:") == small_run.stop_count
    assert text.count("Initials") == small_run.stop_count
    assert text.count("neighbour") == small_run.stop_count + len(texts)  # box, legend
    for page in texts:
        for legend in ["1 · not home", "2 · refused", "3 · bad address", "4 · no access"]:
            assert page.count(legend) == 1
        assert "Delivered to neighbour" in page
    signing = sum(stop.signature_required for stop in small_run.stops)
    assert signing > 0
    assert text.count("Recipient's signature") == signing


def test_a_letter_page_holds_eight_stops_or_more() -> None:
    """A 34-stop run fits on 5 Letter pages (it took 9, then 6): five stops under the map,
    then eight or more a page, even with notes, windows, signatures and several parcels."""
    run = sample_run(34, seed=3)
    texts = page_texts(render_manifest(run))
    per_page = [len(re.findall(r"stop \d+: ", text)) for text in texts]
    assert len(texts) <= 5
    assert sum(per_page) == 34
    assert per_page[0] >= 5
    assert all(count >= 8 for count in per_page[1:-1])


def test_plain_stops_go_thirteen_to_a_page() -> None:
    """Stops with one parcel and no notes: its barcode sits in the stop's head, thirteen
    stops on every page after the first (seven before), six under the map."""
    run = _run([_stop(n) for n in range(1, 33)], outcome_codes=OUTCOMES)
    texts = page_texts(render_manifest(run))
    per_page = [len(re.findall(r"STOP-\d+", text)) for text in texts]
    assert per_page[0] >= 6
    assert all(count >= 13 for count in per_page[1:-1])
    assert len(texts) <= 3


@pytest.mark.parametrize("dpi", [203, 300, 600])
def test_a_dense_manifest_decodes_at_thermal_and_print_resolution(dpi: int) -> None:
    """Seventy-nine stops, denser than before: every stop, parcel and outcome barcode still
    reads back with zxing-cpp from pages rendered at 203 dpi (thermal), 300 dpi (what the
    console rasterises for a printer) and 600 dpi (an office laser)."""
    run = _run([_stop(n, parcel_count=1 + n % 3) for n in range(1, 80)],
               outcome_codes=KEYED)  # fmt: skip
    pdf = render_manifest(run)
    pages = len(page_sizes(pdf))
    found: Counter[str] = Counter()
    for page in decoded_pages(pdf, dpi):
        found.update(page)
    expected = _expected_barcodes(run, pages)
    if dpi == 300:
        # Bars sit on a 203-dpi dot grid; resampled to 300 dpi, zxing-cpp reads the test id
        # PD078000 a second time as ";D078000" at one sub-dot phase, wherever it is drawn
        # (also alone on a page). Every code must still be found.
        assert not expected - found
    else:
        assert found == expected
    assert pages <= 10  # 79 stops of one to three parcels (the old layout took 12)


#: Outcomes with the Results screen's letters, as the store prints them.
KEYED = [
    OutcomeCode("R.DEL", "Delivered to the recipient", "Delivered", "to the recipient", "D"),
    OutcomeCode("R.DOOR", "Delivered at the door", "Delivered", "at the door", "F"),
    OutcomeCode("R.NOTHOME", "Not delivered: nobody home", "Not delivered", "nobody home", "H"),
    OutcomeCode("R.REFUSED", "Not delivered: refused", "Not delivered", "refused", "R"),
]


def test_the_check_boxes_carry_the_results_letters() -> None:
    """Keyed outcomes: each box is marked with its letter, the strip says what it means."""
    run = _run([_stop(n) for n in range(1, 4)], outcome_codes=KEYED)
    [text] = page_texts(render_manifest(run))
    for legend in ["D · to the recipient", "F · at the door", "H · nobody home", "R · refused"]:
        assert text.count(legend) == 1
    assert text.count("Not delivered:") == 3
    assert re.search(r"Delivered:\s*D\s*F\s*Not delivered:\s*H\s*R\s*Initials", text)


def _stop(sequence: int, parcel_count: int = 1, **changes: object) -> ManifestStop:
    stop = ManifestStop(
        sequence=sequence,
        stop_code=f"STOP-{sequence}",
        recipient=f"Recipient {sequence}",
        address=f"{sequence} Main St",
        parcels=[ManifestParcel(f"PD{sequence:03d}{i:03d}") for i in range(parcel_count)],
        eta=dt.time(9, sequence % 60),
        lat=39.8 + sequence * 0.001,
        lon=-89.64,
    )
    return dataclasses.replace(stop, **changes)


def _run(stops: list[ManifestStop], **changes: object) -> ManifestRun:
    run = ManifestRun(
        shop=Shop("Shop", "1 Depot Rd", 39.8, -89.65),
        run_id="R1",
        run_label="R1 · Test",
        driver="Driver",
        date=dt.date(2024, 5, 14),
        stops=stops,
        outcome_codes=[OutcomeCode("OK", "Delivered"), OutcomeCode("NH", "Not home")],
    )
    return dataclasses.replace(run, **changes)


def test_a_stop_with_many_parcels_continues_on_the_next_page() -> None:
    """Sixty parcels at one address split across pages, each part headed "continued"."""
    run = _run([_stop(1, parcel_count=60), _stop(2)])
    pdf = render_manifest(run)
    texts = page_texts(pdf)
    assert len(texts) >= 2
    assert any("Stop 1 (continued)" in text for text in texts[1:])
    assert decoded_counts(pdf) == _expected_barcodes(run, len(texts))


@pytest.mark.parametrize("key", sorted(HOSTILE))
def test_hostile_text_stays_on_the_page(key: str) -> None:
    """Hostile recipient, address, notes, flags and outcome words render on the page."""
    text = HOSTILE[key]
    stops = [
        _stop(
            1,
            recipient=text,
            address=text,
            notes=text,
            window=text,
            parcels=[ManifestParcel("PD1", text)],
            signature_required=True,
        ),
        _stop(2),
    ]
    outcomes = [OutcomeCode("OK", text, text, text), OutcomeCode("NH", "Not home", text)]
    run = _run(
        stops,
        driver=text,
        run_label=text,
        shop=Shop(text, text, 39.8, -89.65),
        outcome_codes=outcomes,
    )
    pdf = render_manifest(run)
    for page in page_chars(pdf):
        assert page.outside() == []
    assert decoded_counts(pdf) == _expected_barcodes(run, len(page_sizes(pdf)))


def test_stops_without_coordinates_still_print() -> None:
    """No coordinates anywhere: the map says so and the stops are listed."""
    stops = [_stop(1, lat=None, lon=None), _stop(2, lat=float("nan"), lon=None)]
    run = _run(stops, shop=Shop("Shop"))
    text = page_texts(render_manifest(run))[0]
    assert "no map: no coordinates" in text
    assert "Recipient 2" in text


def test_without_outcome_codes_the_boxes_are_generic() -> None:
    """With no outcome codes there is no scan strip, but Delivered/Attempted boxes remain."""
    run = _run([_stop(1)], outcome_codes=[])
    pdf = render_manifest(run)
    assert "Attempted" in page_texts(pdf)[0]
    assert decoded_counts(pdf) == Counter({"STOP-1": 1, "PD001000": 1})


def test_empty_run_prints_a_header_page() -> None:
    """A run without stops still prints its header and closing lines."""
    pdf = render_manifest(_run([]))
    assert "Run returned at" in page_texts(pdf)[0]


def test_progress_and_cancel_work_per_page(small_run: ManifestRun) -> None:
    """Progress counts pages to the total; cancelling on page two raises Cancelled."""
    calls: list[tuple[int, int]] = []
    render_manifest(small_run, on_progress=lambda done, total: calls.append((done, total)))
    total = calls[-1][1]
    assert calls == [(n, total) for n in range(1, total + 1)]
    with pytest.raises(Cancelled):
        render_manifest(small_run, cancelled=lambda: True)


def test_route_map_draws_every_stop_number(small_run: ManifestRun) -> None:
    """The map labels each stop with its sequence number inside the map box."""
    first = page_texts(render_manifest(small_run))[0]
    map_part = first[first.index("BACK AT") : first.index(small_run.stops[0].recipient)]
    numbers = {int(n) for n in re.findall(r"\d+", map_part)}
    assert set(range(1, small_run.stop_count + 1)) <= numbers


def test_scale_bar_uses_round_distances() -> None:
    """The scale bar picks the largest round distance that fits."""
    assert nice_distance(3.7) == 2.5
    assert nice_distance(0.07) == 0.05
    assert nice_distance(0.001) == 0.05


def test_unprintable_outcome_code_shows_a_notice() -> None:
    """An outcome code Code 128 cannot carry stays on the strip as a visible notice."""
    outcomes = [OutcomeCode("OK", "Delivered"), OutcomeCode("NÖ", "Not home")]
    pdf = render_manifest(_run([_stop(1)], outcome_codes=outcomes))
    assert "no barcode: not printable" in page_texts(pdf)[0]
    assert decoded_counts(pdf) == Counter({"STOP-1": 1, "PD001000": 1, "OK": 1})


def test_an_approximate_stop_carries_a_mark_and_says_so() -> None:
    """A street-only stop is marked "≈ APPROXIMATE LOCATION" with its words; disagreeing
    coordinates are "≈ CHECK LOCATION"; an exact stop has neither; barcodes still decode."""
    stops = [
        _stop(1, location_note="approximate location: street only"),
        _stop(2, location_note="coordinates disagree with the address (2.1 mi from Main St)"),
        _stop(3),
    ]
    run = _run(stops)
    pdf = render_manifest(run)
    text = " ".join(" ".join(page_texts(pdf)).split())
    assert "≈ APPROXIMATE LOCATION approximate location: street only" in text
    assert "≈ CHECK LOCATION coordinates disagree with the address (2.1 mi from Main St)" in text
    assert text.count("≈") == 2
    for page in page_chars(pdf):
        assert page.outside() == []
    assert decoded_counts(pdf) == _expected_barcodes(run, len(page_sizes(pdf)))


def test_the_header_names_the_run_once() -> None:
    """The run is "Run 1" on the page, never also "run 1" (its id in small print beside it)."""
    run = _run([_stop(1), _stop(2)], run_id="1", run_label="Run 1")
    [first] = page_texts(render_manifest(run))
    assert "Run 1" in first
    assert "run 1" not in first
