"""The 4x6 label PDF, read back: barcodes decode, text is there and stays on the label."""

from __future__ import annotations

import dataclasses
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from labels_hostile import HOSTILE
from labels_readback import decoded_pages, page_chars, page_count, page_sizes, page_texts

from labels import (
    A4_2UP,
    A4_4UP,
    LETTER_2UP,
    LETTER_4UP,
    PLACEHOLDER,
    THERMAL_4X6,
    Cancelled,
    ParcelLabel,
    SheetLayout,
    render_labels,
)
from labels.samples import sample_labels
from labels.sheets import LABEL_HEIGHT, LABEL_WIDTH


def test_every_label_barcode_decodes_to_its_tracking_id() -> None:
    """Forty realistic labels: page k's only barcode is label k's tracking id."""
    labels = sample_labels(40, seed=11)
    assert decoded_pages(render_labels(labels)) == [[label.tracking_id] for label in labels]


def test_label_shows_what_the_loader_and_driver_read(label: ParcelLabel) -> None:
    """Name, address, run, stop, zone, parcel k of n, flags and notes are on the label."""
    text = page_texts(render_labels([label]))[0]
    for expected in [
        "Maria Gonzalez",
        "1428 Elm Street",
        "Apt 3B",
        "Springfield, IL 62704",
        "R3 · Maria",
        "12",
        "NE-2",
        "PARCEL 2 of 3",
        "SIGNATURE REQUIRED",
        "WINDOW 09:00–12:00",
        "Leave with neighbour at 1430",
        "Corner Parcel Shop",
        "Tue 2024-05-14",
        "2.4 lb",
    ]:
        assert expected in text


def test_stop_number_is_printed_large(label: ParcelLabel) -> None:
    """The stop number's glyphs are at least 15 mm tall, readable from a metre away."""
    chars = page_chars(render_labels([label]))[0]
    heights = [top - bottom for char, (_, bottom, _, top) in chars.boxes if char in "12"]
    assert max(heights) >= 15 / 25.4 * 72


def test_unplanned_label_says_so(label: ParcelLabel) -> None:
    """A label printed before planning has no stop number and says "not planned"."""
    unplanned = dataclasses.replace(label, run_label=None, stop_number=None, zone=None)
    pdf = render_labels([unplanned])
    assert "not planned" in page_texts(pdf)[0]
    assert decoded_pages(pdf) == [[label.tracking_id]]


def test_an_approximate_label_carries_the_manifests_mark(label: ParcelLabel) -> None:
    """A street-only parcel's label says "≈ APPROXIMATE LOCATION street only", above the
    notes and clear of them; disagreeing coordinates say "≈ CHECK LOCATION"; an exact one has
    no mark; every barcode still decodes."""
    labels = [
        dataclasses.replace(label, location_note="approximate location: street only"),
        dataclasses.replace(label, location_note="approximate location: ZIP code only"),
        dataclasses.replace(
            label, location_note="coordinates disagree with the address (2.1 mi from Elm St)"
        ),
        label,
    ]
    pdf = render_labels(labels)
    texts = [" ".join(text.split()) for text in page_texts(pdf)]
    assert "≈ APPROXIMATE LOCATION street only" in texts[0]
    assert "≈ APPROXIMATE LOCATION ZIP code only" in texts[1]
    assert "≈ CHECK LOCATION coordinates disagree with the address" in texts[2]
    assert "≈" not in texts[3] and "LOCATION" not in texts[3]
    assert "Leave with neighbour at 1430" in texts[0]
    for chars in page_chars(pdf)[:3]:
        mark_bottom = min(box[1] for char, box in chars.boxes if char == "≈")
        drawn = "".join(char for char, _ in chars.boxes)
        notes = chars.boxes[drawn.index("Leave") :][:5]
        notes_top = max(box[3] for _, box in notes)
        assert chars.outside() == []
        assert notes_top < mark_bottom
    assert decoded_pages(pdf) == [[label.tracking_id]] * 4


@pytest.mark.parametrize("key", sorted(HOSTILE))
def test_hostile_text_in_every_field_stays_on_the_label(label: ParcelLabel, key: str) -> None:
    """Hostile text in every text field renders, keeps the barcode readable, stays on the page."""
    text = HOSTILE[key]
    hostile = dataclasses.replace(
        label,
        recipient_name=text,
        address_line1=text,
        address_line2=text,
        city=text,
        state=text,
        postal_code=text,
        shop_name=text,
        run_label=text,
        zone=text,
        window=text,
        notes=text,
        service=text,
        location_note=text,
    )
    pdf = render_labels([hostile])
    assert decoded_pages(pdf) == [[label.tracking_id]]
    chars = page_chars(pdf)[0]
    assert chars.outside() == []


def test_markup_prints_as_typed(label: ParcelLabel) -> None:
    """ "<b>" and "&amp;" in a name are printed literally, not interpreted."""
    pdf = render_labels([dataclasses.replace(label, recipient_name="<b>Al</b> & Co &amp;")])
    assert "<b>Al</b> & Co &amp;" in page_texts(pdf)[0]


def test_a_script_no_font_has_prints_a_visible_placeholder(label: ParcelLabel) -> None:
    """A name in a script no bundled font has shows U+FFFD where it would be, with the rest."""
    pdf = render_labels([dataclasses.replace(label, recipient_name="Li ሰላም")])
    assert f"Li {PLACEHOLDER}" in page_texts(pdf)[0]


NAMES = {
    "chinese": ("王小明", "北京市朝阳区建国路 12 号"),
    "japanese_korean": ("さくら 김민준", "서울 강남구 1"),
    "arabic": ("محمد علي الحسن", "12 شارع الملك فهد"),
    "devanagari": ("राहुल शर्मा", "४२ गांधी मार्ग"),
    "thai": ("สมชาย ใจดี", "99 ถนนสุขุมวิท"),
    "emoji": ("Ana 🌸 Ortiz ❤️", "1500 Cornerside Blvd 📦"),
}


@pytest.mark.parametrize("key", list(NAMES))
def test_names_in_any_script_print_readably(label: ParcelLabel, key: str) -> None:
    """No placeholder: every character has a glyph in an embedded font, the text stays on
    the label, and the barcode still decodes at thermal resolution (issue #10.9)."""
    name, street = NAMES[key]
    pdf = render_labels([dataclasses.replace(label, recipient_name=name, address_line1=street)])
    text = page_texts(pdf)[0]
    assert PLACEHOLDER not in text and "?" not in text
    assert page_chars(pdf)[0].outside() == []
    assert decoded_pages(pdf) == [[label.tracking_id]]


def test_cjk_text_is_extractable(label: ParcelLabel) -> None:
    """Chinese reads back from the PDF as Chinese (searchable, copyable)."""
    pdf = render_labels([dataclasses.replace(label, recipient_name="王小明")])
    assert "王小明" in page_texts(pdf)[0]


def test_500_character_name_is_truncated_with_an_ellipsis(label: ParcelLabel) -> None:
    """A 500-character name is shrunk, wrapped, and cut with "…" inside the label."""
    pdf = render_labels([dataclasses.replace(label, recipient_name="Alexandrina " * 42)])
    assert "…" in page_texts(pdf)[0]
    assert page_chars(pdf)[0].outside() == []


def test_empty_fields_are_fine(label: ParcelLabel) -> None:
    """Blank optional fields render a valid label whose barcode still decodes."""
    bare = ParcelLabel("PD1", "", "", "", "", "", label.date, "")
    assert decoded_pages(render_labels([bare])) == [["PD1"]]


def test_untrackable_id_prints_a_notice_not_a_crash(label: ParcelLabel) -> None:
    """A tracking id outside Code 128 (non-ASCII) gives a labelled notice and no barcode."""
    pdf = render_labels([dataclasses.replace(label, tracking_id="ÅÄÖ-1")])
    assert decoded_pages(pdf) == [[]]
    assert "no barcode" in page_texts(pdf)[0]


@pytest.mark.parametrize("layout", [LETTER_2UP, A4_2UP, LETTER_4UP, A4_4UP])
def test_sheet_layouts_put_labels_in_cells(layout: SheetLayout) -> None:
    """Several labels per office page: all barcodes decode and text stays in its cell."""
    labels = sample_labels(layout.per_page + 1, seed=4)
    pdf = render_labels(labels, layout=layout)
    pages = decoded_pages(pdf)
    assert len(pages) == 2
    assert sorted(code for page in pages for code in page) == sorted(x.tracking_id for x in labels)
    cells = [
        (x, y, x + LABEL_WIDTH * layout.scale, y + LABEL_HEIGHT * layout.scale)
        for x, y in layout.origins()
    ]
    first = page_chars(pdf)[0]
    for char, (left, bottom, right, top) in first.boxes:
        assert any(
            cx0 <= left and right <= cx1 and cy0 <= bottom and top <= cy1
            for cx0, cy0, cx1, cy1 in cells
        ), char
    assert page_sizes(pdf)[0] == pytest.approx(layout.page_size)


def test_thermal_layout_is_one_4x6_page_per_label() -> None:
    """The thermal layout makes 288 x 432 pt pages, one per label."""
    pdf = render_labels(sample_labels(3), layout=THERMAL_4X6)
    assert page_sizes(pdf) == [(288.0, 432.0)] * 3


def test_progress_is_reported_per_label() -> None:
    """on_progress hears (done, total) after every label, ending at (n, n)."""
    calls: list[tuple[int, int]] = []
    render_labels(sample_labels(5), on_progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]


def test_cancel_stops_and_writes_nothing(tmp_path: Path) -> None:
    """Cancelling part-way raises Cancelled and leaves no file behind."""
    target = tmp_path / "labels.pdf"
    seen: list[int] = []
    with pytest.raises(Cancelled):
        render_labels(
            sample_labels(10),
            target,
            on_progress=lambda done, _: seen.append(done),
            cancelled=lambda: len(seen) >= 3,
        )
    assert seen == [1, 2, 3]
    assert list(tmp_path.iterdir()) == []


def test_output_goes_to_a_path_and_to_bytes(tmp_path: Path) -> None:
    """Given a path the PDF is written there, and the same bytes are returned."""
    target = tmp_path / "out.pdf"
    data = render_labels(iter(sample_labels(2)), target)
    assert target.read_bytes() == data
    assert data.startswith(b"%PDF")


def test_no_labels_is_a_valid_empty_document() -> None:
    """An empty batch gives a readable PDF (one blank page), not an error."""
    assert page_count(render_labels([])) == 1


def test_output_is_reproducible() -> None:
    """The same labels give byte-identical PDFs (no timestamps), so outputs can be compared."""
    labels = sample_labels(3)
    assert render_labels(labels) == render_labels(labels)


def test_bad_parcel_numbering_is_refused_early(label: ParcelLabel) -> None:
    """parcel_index outside 1..parcel_count is a programming error caught at construction."""
    with pytest.raises(ValueError, match="parcel_index"):
        dataclasses.replace(label, parcel_index=4, parcel_count=3)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.text(max_size=600),
    notes=st.text(max_size=300),
    zone=st.text(max_size=40),
    tracking_id=st.text(alphabet=string.printable[:95], min_size=1, max_size=30),
)
def test_any_text_renders_on_the_label(
    label: ParcelLabel, name: str, notes: str, zone: str, tracking_id: str
) -> None:
    """Property: for any text the label renders, stays on the page and its barcode decodes."""
    pdf = render_labels(
        [
            dataclasses.replace(
                label,
                recipient_name=name,
                notes=notes,
                zone=zone,
                run_label=name,
                tracking_id=tracking_id,
            )
        ]
    )
    assert page_chars(pdf)[0].outside() == []
    assert decoded_pages(pdf) == [[tracking_id]]
