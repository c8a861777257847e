"""ZPL labels: well-formed blocks, escaped field data, the barcode and fields in place."""

from __future__ import annotations

import dataclasses
import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from labels_hostile import HOSTILE

from labels import ParcelLabel, calibration_zpl, label_zpl, render_zpl
from labels.fonts import BOLD, text_width
from labels.samples import sample_labels
from labels.zpl import HEIGHT_DOTS, WIDTH_DOTS
from labels.zpl_font import font0_width

FIELD = re.compile(r"\^FD(.*?)\^FS", re.DOTALL)
TEXT_BLOCK = re.compile(r"\^A0N,(\d+),\1(?:\^FR)?\^FB(\d+),(\d+),\d+,[LCRJ],0\^FH\^FD(.*?)\^FS")
COMMAND = re.compile(r"\^([A-Z@][A-Z0-9@]?)([^\^]*)")


def _unescape(data: str) -> str:
    """Undo ^FH hex escapes (_5E) and ^FB line breaks."""
    text = re.sub(r"_([0-9A-F]{2})", lambda m: chr(int(m.group(1), 16)), data)
    # Read left to right as the printer does: an escaped backslash followed by "&" is a
    # backslash and then "&", not a line break.
    return re.sub(r"\\(\\|&)", lambda m: "\n" if m.group(1) == "&" else "\\", text)


def _blocks(zpl: str) -> list[str]:
    """The ^XA … ^XZ blocks, after checking they are balanced and nothing lies between."""
    assert zpl.count("^XA") == zpl.count("^XZ")
    blocks = re.findall(r"\^XA(.*?)\^XZ", zpl, re.DOTALL)
    assert re.sub(r"\^XA.*?\^XZ", "", zpl, flags=re.DOTALL).strip() == ""
    return blocks


def _commands(block: str) -> list[tuple[str, str]]:
    """(command, parameters) of a block, with field data taken out first."""
    without_data = FIELD.sub("^FS", block)
    return COMMAND.findall(without_data)


def _fields(block: str) -> list[str]:
    """Unescaped field data of every field in a block."""
    return [_unescape(data) for data in FIELD.findall(block)]


def _assert_well_formed(zpl: str) -> None:
    """Balanced blocks, UTF-8, escaped data, every origin and box on the label."""
    assert "~" not in zpl
    for block in _blocks(zpl):
        assert "^CI28" in block
        for data in FIELD.findall(block):
            assert "^" not in data and "~" not in data
        commands = _commands(block)
        assert {name for name, _ in commands} <= {
            "CI",
            "PW",
            "LL",
            "LH",
            "FO",
            "A0",
            "FB",
            "FH",
            "FS",
            "FR",
            "GB",
            "BY",
            "BC",
        }
        for name, params in commands:
            if name == "FO":
                x, y = (int(v) for v in params.split(","))
                assert 0 <= x < WIDTH_DOTS and 0 <= y < HEIGHT_DOTS
        for x, width in re.findall(r"\^FO(\d+),\d+\^A0N,\d+,\d+(?:\^FR)?\^FB(\d+)", block):
            assert int(x) + int(width) <= WIDTH_DOTS
        _assert_lines_fit_their_blocks(block)


def _assert_lines_fit_their_blocks(block: str) -> None:
    """Each ^FB line is no wider than the block in font 0, and ^FB counts exactly its lines,
    so the printer never wraps a line again (which would overprint the block's last line)."""
    for height, width, count, data in TEXT_BLOCK.findall(block):
        lines = _unescape(data).split("\n")
        assert len(lines) == int(count)
        for line in lines:
            assert font0_width(line, int(height)) <= int(width), line


def test_one_block_per_label_in_order() -> None:
    """A batch is one ^XA … ^XZ block per label, in the order given."""
    labels = sample_labels(6)
    zpl = render_zpl(labels).decode("utf-8")
    _assert_well_formed(zpl)
    barcodes = re.findall(r"\^BCN[^\^]*\^FH\^FD(.*?)\^FS", zpl)
    assert [_unescape(b).replace(">0", ">") for b in barcodes] == [x.tracking_id for x in labels]


def test_label_fields_are_present(label: ParcelLabel) -> None:
    """Name, address, run, stop, zone, parcel count and flags appear as field data."""
    fields = _fields(_blocks(label_zpl(label))[0])
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
    ]:
        assert expected in fields


def test_size_and_encoding_commands(label: ParcelLabel) -> None:
    """The label declares 812 x 1218 dots and UTF-8 field data."""
    block = _blocks(label_zpl(label))[0]
    assert "^PW812" in block and "^LL1218" in block and "^CI28" in block


def test_carets_and_tildes_in_names_are_escaped(label: ParcelLabel) -> None:
    """A name full of ZPL commands is printed as text: ^ and ~ become ^FH hex escapes."""
    name = "^XZ~JR^FS _5E"
    zpl = label_zpl(dataclasses.replace(label, recipient_name=name))
    _assert_well_formed(zpl)
    assert name in _fields(_blocks(zpl)[0])


def test_greater_than_in_tracking_id_is_not_an_invocation_code(label: ParcelLabel) -> None:
    """'>' in barcode data is written '>0', so ^BC does not read it as a subset switch."""
    zpl = label_zpl(dataclasses.replace(label, tracking_id="AB>5C"))
    assert "^FDAB>05C^FS" in zpl


def test_long_text_is_wrapped_and_cut_to_its_lines(label: ParcelLabel) -> None:
    """A 500-character name becomes at most two ^FB lines ending in an ellipsis."""
    zpl = label_zpl(dataclasses.replace(label, recipient_name="Alexandrina " * 42))
    block = _blocks(zpl)[0]
    match = re.search(r"\^A0N,48,48\^FB756,(\d),\d+,L,0\^FH\^FD(Alex.*?)\^FS", block)
    assert match is not None
    lines = _unescape(match.group(2)).split("\n")
    assert int(match.group(1)) == len(lines) == 2
    assert lines[-1].endswith("…")


def test_undrawable_tracking_id_prints_a_notice(label: ParcelLabel) -> None:
    """A tracking id that is not printable ASCII gets a text notice instead of ^BC."""
    zpl = label_zpl(dataclasses.replace(label, tracking_id="ÅÄÖ"))
    assert "^BC" not in zpl
    assert any(f.startswith("NO BARCODE") for f in _fields(_blocks(zpl)[0]))


def _field_y(block: str, text: str) -> int:
    """The y of the field whose data is ``text``."""
    for y, data in re.findall(r"\^FO\d+,(\d+)[^\n]*?\^FD(.*?)\^FS", block):
        if _unescape(data) == text:
            return int(y)
    raise AssertionError(f"no field {text!r}")


def test_an_approximate_label_carries_the_flag_on_the_thermal_printer_too(
    label: ParcelLabel,
) -> None:
    """A street-only parcel's ZPL label has the white-on-black "APPROXIMATE LOCATION" flag
    (font 0 has no "≈") and "street only", with the notes below it; with a Unicode printer
    font the flag keeps its "≈"; an exact label has no flag."""
    approximate = dataclasses.replace(label, location_note="approximate location: street only")
    zpl = label_zpl(approximate)
    _assert_well_formed(zpl)
    block = _blocks(zpl)[0]
    fields = _fields(block)
    assert "APPROXIMATE LOCATION" in fields and "street only" in fields
    assert re.search(r"\^FR\^FB\d+,1,\d+,L,0\^FH\^FDAPPROXIMATE LOCATION\^FS", block)
    assert _field_y(block, "NOTES") > _field_y(block, "APPROXIMATE LOCATION") + 30
    assert "Leave with neighbour at 1430" in fields
    assert "≈ APPROXIMATE LOCATION" in _fields(_blocks(label_zpl(approximate, font="E"))[0])
    assert not any("LOCATION" in field for field in _fields(_blocks(label_zpl(label))[0]))


@pytest.mark.parametrize("key", sorted(HOSTILE))
def test_hostile_text_keeps_zpl_well_formed(label: ParcelLabel, key: str) -> None:
    """Hostile text in every field still yields one well-formed, escaped block."""
    text = HOSTILE[key]
    hostile = dataclasses.replace(
        label,
        recipient_name=text,
        address_line1=text,
        address_line2=text,
        city=text,
        shop_name=text,
        run_label=text,
        zone=text,
        window=text,
        notes=text,
        service=text,
        location_note=text,
    )
    zpl = label_zpl(hostile)
    _assert_well_formed(zpl)
    assert len(_blocks(zpl)) == 1


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=200))
@example(text="\\&")  # a backslash before "&" in a name: one line, not two
def test_any_text_keeps_zpl_well_formed(label: ParcelLabel, text: str) -> None:
    """Property: whatever the name and notes, the ZPL stays well formed and escaped."""
    zpl = label_zpl(dataclasses.replace(label, recipient_name=text, notes=text, zone=text))
    _assert_well_formed(zpl)


def test_calibration_zpl_is_well_formed() -> None:
    """The calibration label is one block with rulers, squares and a barcode."""
    zpl = calibration_zpl()
    _assert_well_formed(zpl)
    assert "^BCN" in zpl and "^GB203,203,3" in zpl


def test_text_that_fits_in_font_0_is_not_cut(label: ParcelLabel) -> None:
    """The demo shop's name and "standard · 2.4 lb" print whole (they were cut a word early
    when measured with the much wider DejaVu Sans Bold)."""
    wide = dataclasses.replace(
        label,
        shop_name="Tysons Corner Parcel Point (demo)",
        service="standard",
        run_label="Run 1 · Dev",
    )
    zpl = label_zpl(wide)
    _assert_well_formed(zpl)
    fields = _fields(_blocks(zpl)[0])
    assert "Tysons Corner Parcel Point (demo)" in fields
    assert "standard · 2.4 lb" in fields
    assert "Run 1 · Dev" in fields
    assert not [field for field in fields if field.endswith("…")]


def test_font_0_estimate_errs_wide_but_not_by_much() -> None:
    """Font 0 measured: "Sample Text" at 30 dots is about 112 dots. The table may overstate
    that (so a line it accepts fits) but by far less than DejaVu Sans Bold does."""
    estimate = font0_width("Sample Text", 30)
    assert 112 <= estimate < 0.8 * text_width("Sample Text", BOLD, 30)
    assert font0_width("É", 30) == font0_width("E", 30)
    assert font0_width("Ж", 30) >= font0_width("W", 30)  # unknown glyphs: the widest


def test_another_printer_font_is_measured_conservatively(label: ParcelLabel) -> None:
    """A Unicode printer font's metrics are unknown: its text is measured with DejaVu Bold."""
    wide = dataclasses.replace(label, shop_name="Tysons Corner Parcel Point (demo)")
    zpl = label_zpl(wide, font="E")
    assert "^AEN,30,30" in zpl and "^A0N" not in zpl
    shop = re.search(r"\^FO28,30\^AEN,30,30\^FB456,1,\d+,L,0\^FH\^FD(.*?)\^FS", zpl)
    assert shop is not None and shop.group(1).endswith("…")


def test_font_0_gets_a_question_mark_per_foreign_run_and_a_warning() -> None:
    """Printer font 0 prints Latin only: Chinese and Arabic become '?', never garbage bytes,
    and the warning names the labels (issue #10.9)."""
    from labels.samples import sample_labels
    from labels.zpl import printer_text, render_zpl, thermal_warning

    first, second, third = sample_labels(3)
    chinese = dataclasses.replace(first, recipient_name="Li 王小明")
    arabic = dataclasses.replace(second, address_line1="12 شارع الملك فهد")
    zpl = render_zpl([chinese, arabic, third]).decode("utf-8")
    assert "王" not in zpl and "ش" not in zpl
    assert "^FDLi ?^FS" in zpl or "Li ?" in zpl
    assert printer_text("José Núñez – Zoë") == "José Núñez – Zoë"  # Latin-1 stays
    warning = thermal_warning([chinese, arabic, third])
    assert warning is not None
    assert warning.startswith(f"2 labels ({chinese.tracking_id}, {arabic.tracking_id}) have")
    assert thermal_warning([third]) is None


def test_a_unicode_printer_font_gets_the_text_as_is() -> None:
    """With a Unicode font assigned on the printer, names go out in UTF-8 unchanged."""
    from labels.samples import sample_labels
    from labels.zpl import render_zpl, thermal_warning

    label = dataclasses.replace(sample_labels(1)[0], recipient_name="Li 王小明")
    assert "Li 王小明" in render_zpl([label], font="E").decode("utf-8")
    assert thermal_warning([label], font="E") is None
