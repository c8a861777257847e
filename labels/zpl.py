"""The parcel label as ZPL II, for Zebra-compatible thermal printers at 203 dpi.

A 4x6 in label is 812 x 1218 dots. Each label is one ``^XA … ^XZ`` block; ``^CI28``
switches field data to UTF-8. Every piece of caller text goes through :func:`field_data`:
it is cleaned like the PDF text, then ``^``, ``~`` and ``_`` are written as ``^FH`` hex
escapes (``_5E``, ``_7E``, ``_5F``), so a name such as ``^XZ~JR`` prints as typed instead
of ending the label or resetting the printer. Text boxes are wrapped and truncated here,
measured with the printer font's own widths (:mod:`labels.zpl_font`, erring wide), and
``^FB`` holds them in place with a fixed line count, so long text cannot spill.

Characters outside Latin-1 need a Unicode font on the printer (assign it with ``^CW``
and pass its name as ``font``): printer font 0 prints Latin only, so with it every other
character becomes ``?`` (one per run) instead of garbage, and :func:`thermal_warning` says
which labels are affected, so the command line and the Print screen can tell the clerk to
print those as PDF (which prints every script) or give the printer a Unicode font.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from labels.barcode import QUIET_MODULES, encodable, module_dots
from labels.data import ParcelLabel
from labels.document import CancelCheck, OutputPath, Progress, ProgressCallback
from labels.files import write_atomically
from labels.fonts import BOLD
from labels.text import PLACEHOLDER, clean, ellipsize_measured, wrap_measured
from labels.words import counted
from labels.zpl_font import FONT_0, WIDTHS, printer_measure

DPI = 203
WIDTH_DOTS = 812
HEIGHT_DOTS = 1218
MARGIN = 28
INNER = WIDTH_DOTS - 2 * MARGIN

_ESCAPES = {"_": "_5F", "^": "_5E", "~": "_7E"}


def _font0_prints(char: str) -> bool:
    """Printer font 0 draws Latin-1 and the few typographic marks the labels use."""
    return " " <= char <= "\xff" or char in WIDTHS


def printer_text(text: str | None, font: str = FONT_0) -> str:
    """``text`` as the printer can set it: cleaned; with font 0, each run of characters it
    cannot print (any script but Latin) is one ``?``."""
    cleaned = clean(text, BOLD).replace(PLACEHOLDER, "?")
    if font != FONT_0 or all(_font0_prints(char) for char in cleaned):
        return cleaned
    out: list[str] = []
    for char in cleaned:
        if _font0_prints(char):
            out.append(char)
        elif not out or out[-1] != "?":
            out.append("?")
    return "".join(out)


def _label_texts(label: ParcelLabel) -> tuple[str | None, ...]:
    return (
        label.recipient_name,
        label.address_line1,
        label.address_line2,
        label.city,
        label.notes,
        label.shop_name,
        label.run_label,
    )


def unprintable_labels(labels: Iterable[ParcelLabel], font: str = FONT_0) -> list[str]:
    """Tracking ids of the labels whose text printer ``font`` cannot print (some '?')."""
    return [
        label.tracking_id
        for label in labels
        if any(printer_text(text, font) != clean(text, BOLD) for text in _label_texts(label))
    ]


def thermal_warning(labels: Iterable[ParcelLabel], font: str = FONT_0) -> str | None:
    """One sentence for the clerk when some labels hold text the thermal printer's font
    cannot print, else None."""
    ids = unprintable_labels(labels, font)
    if not ids:
        return None
    shown = ", ".join(ids[:3]) + (f" and {len(ids) - 3} more" if len(ids) > 3 else "")
    verb = "has" if len(ids) == 1 else "have"
    return (
        f"{counted(len(ids), 'label')} ({shown}) {verb} names or addresses in a script the "
        "thermal printer's built-in font cannot print: they show '?' there. Print those "
        "labels as PDF, or install a Unicode font in the printer."
    )


def field_data(text: str | None, font: str = FONT_0) -> str:
    """``text`` cleaned and escaped for a ``^FH^FD … ^FS`` field (no ``^FB`` wrapping)."""
    return "".join(_ESCAPES.get(char, char) for char in printer_text(text, font))


def _wrap_lines(text: str, font: str, height: int, width: int, max_lines: int) -> list[str]:
    """Lines of at most ``width`` dots in printer ``font`` at ``height``; the last may end '…'."""
    cleaned = printer_text(text, font)
    measure = printer_measure(font, height)
    lines = wrap_measured(cleaned, measure, width)
    if len(lines) > max_lines:
        rest = " ".join(lines[max_lines - 1 :])[: 4 * len(lines[max_lines - 1]) + 8]
        lines = [*lines[: max_lines - 1], ellipsize_measured(rest, measure, width)]
    return lines


def text_box(
    x: int,
    y: int,
    text: str | None,
    *,
    height: int,
    width: int,
    max_lines: int = 1,
    justify: str = "L",
    reverse: bool = False,
    font: str = FONT_0,
) -> str:
    """A ``^FB`` text block at (x, y) dots: wrapped, truncated, escaped. '' if empty."""
    lines = _wrap_lines(text or "", font, height, width, max_lines)
    if not lines:
        return ""
    body = "\\&".join(
        "".join(_ESCAPES.get(c, c) for c in line.replace("\\", "\\\\")) for line in lines
    )
    spacing = max(2, height // 8)
    reverse_cmd = "^FR" if reverse else ""
    return (
        f"^FO{x},{y}^A{font}N,{height},{height}{reverse_cmd}"
        f"^FB{width},{len(lines)},{spacing},{justify},0^FH^FD{body}^FS"
    )


@dataclass(frozen=True, slots=True)
class _Font:
    """The printer font the label's text is set in."""

    name: str

    def box(self, x: int, y: int, text: str | None, **layout: Any) -> str:
        """:func:`text_box` in this font."""
        return text_box(x, y, text, font=self.name, **layout)

    def width(self, text: str, height: int) -> float:
        """Dots ``text`` takes at ``height`` in this font (errs wide)."""
        return printer_measure(self.name, height)(text)


def _box(x: int, y: int, w: int, h: int, thickness: int) -> str:
    return f"^FO{x},{y}^GB{w},{h},{thickness}^FS"


def barcode_field(data: str) -> str:
    """``data`` for a ``^BC`` field in mode N: '>' is written '>0' (a bare '>' starts an
    invocation code), '^', '~' and '_' as ``^FH`` hex escapes."""
    return "".join(_ESCAPES.get(c, ">0" if c == ">" else c) for c in data)


def subset_b_modules(data: str) -> int:
    """Modules of a Code 128 symbol in subset B (what ``^BC`` mode N prints), no quiet zones."""
    return 11 * (len(data) + 3) + 2


def _barcode(tracking_id: str, y: int, bar_height: int, font: _Font) -> str:
    if not encodable(tracking_id):
        return _no_barcode(tracking_id, y, font)
    modules = subset_b_modules(tracking_id)
    dots = module_dots(modules + 2 * QUIET_MODULES, INNER, dot=1, max_dots=3)
    if dots == 0:
        return _no_barcode(tracking_id, y, font)
    x = (WIDTH_DOTS - modules * dots) // 2
    data = barcode_field(tracking_id)
    return f"^FO{x},{y}^BY{dots},3,{bar_height}^BCN,{bar_height},Y,N,N^FH^FD{data}^FS"


def _no_barcode(tracking_id: str, y: int, font: _Font) -> str:
    return font.box(
        MARGIN,
        y + 40,
        f"NO BARCODE: {tracking_id}",
        height=30,
        width=INNER,
        max_lines=2,
        justify="C",
    )


def _header(label: ParcelLabel, font: _Font) -> list[str]:
    return [
        font.box(MARGIN, 30, label.shop_name, height=30, width=INNER - 300),
        font.box(
            WIDTH_DOTS - MARGIN - 290,
            30,
            f"{label.date:%a %Y-%m-%d}",
            height=30,
            width=290,
            justify="R",
        ),
        _box(MARGIN, 80, INNER, 3, 3),
    ]


def _stop_and_run(label: ParcelLabel, font: _Font) -> list[str]:
    top, box_w, box_h = 96, 372, 293
    right_x, right_w = MARGIN + box_w + 22, INNER - box_w - 22
    parts = [_box(MARGIN, top, box_w, box_h, box_h if label.stop_number is not None else 4)]
    if label.stop_number is None:
        parts.append(font.box(MARGIN + 10, top + 16, "STOP", height=22, width=200))
        parts.append(
            font.box(MARGIN, top + 130, "not planned", height=40, width=box_w, justify="C")
        )
    else:
        parts.append(font.box(MARGIN + 16, top + 16, "STOP", height=22, width=200, reverse=True))
        number = str(label.stop_number)
        size = min(230, int(0.92 * box_w / font.width(number, 1)))
        parts.append(
            font.box(MARGIN, top + 60, number, height=size, width=box_w, justify="C", reverse=True)
        )
    parts.append(font.box(right_x, top, "RUN", height=22, width=right_w))
    run = label.run_label or "not planned"
    parts.append(font.box(right_x, top + 28, run, height=56, width=right_w, max_lines=2))
    parts.append(_box(right_x, top + 168, right_w, 2, 2))
    parts.append(font.box(right_x, top + 180, "ZONE", height=22, width=right_w))
    parts.append(font.box(right_x, top + 208, label.zone or "-", height=80, width=right_w))
    return parts


def _parcel_line(label: ParcelLabel, font: _Font) -> list[str]:
    return [
        font.box(
            MARGIN,
            404,
            f"PARCEL {label.parcel_index} of {label.parcel_count}",
            height=48,
            width=500,
        ),
        font.box(MARGIN + 510, 414, label.details, height=28, width=INNER - 510, justify="R"),
        _box(MARGIN, 464, INNER, 3, 3),
    ]


def _recipient(label: ParcelLabel, font: _Font) -> list[str]:
    parts = [
        font.box(MARGIN, 478, "DELIVER TO", height=22, width=INNER),
        font.box(MARGIN, 506, label.recipient_name, height=48, width=INNER, max_lines=2),
    ]
    y = 620
    for line in (label.address_line1, label.address_line2, label.city_line):
        if clean(line):
            parts.append(font.box(MARGIN, y, line, height=38, width=INNER))
            y += 46
    return parts


def _flags(label: ParcelLabel, font: _Font) -> list[str]:
    half = (INNER - 16) // 2
    parts: list[str] = []
    if label.signature_required:
        parts.append(_box(MARGIN, 780, half, 62, 62))
        parts.append(
            font.box(
                MARGIN, 798, "SIGNATURE REQUIRED", height=28, width=half, justify="C", reverse=True
            )
        )
    if label.window:
        x = MARGIN + half + 16
        parts.append(_box(x, 780, half, 62, 4))
        parts.append(font.box(x, 798, f"WINDOW {label.window}", height=28, width=half, justify="C"))
    return parts


def _location(label: ParcelLabel, font: _Font) -> list[str]:
    """The PDF label's "≈ APPROXIMATE LOCATION" flag, white on black, and its words (font 0
    has no "≈": the flag goes without it there)."""
    tag = label.location_tag
    if not tag:
        return []
    if font.name == FONT_0:
        tag = tag.removeprefix("≈ ")
    tag_w = int(font.width(tag, 24)) + 24
    return [
        _box(MARGIN, 852, tag_w, 38, 38),
        font.box(MARGIN + 12, 859, tag, height=24, width=tag_w - 12, reverse=True),
        font.box(
            MARGIN + tag_w + 14, 859, label.location_words, height=24, width=INNER - tag_w - 14
        ),
    ]


def _notes(label: ParcelLabel, font: _Font) -> list[str]:
    if not clean(label.notes):
        return []
    if label.location_tag:  # below the location flag: two lines
        return [
            font.box(MARGIN, 900, "NOTES", height=22, width=INNER),
            font.box(MARGIN, 926, label.notes, height=28, width=INNER, max_lines=2),
        ]
    return [
        font.box(MARGIN, 860, "NOTES", height=22, width=INNER),
        font.box(MARGIN, 888, label.notes, height=28, width=INNER, max_lines=3),
    ]


def label_zpl(label: ParcelLabel, *, font: str = FONT_0) -> str:
    """One label as a ``^XA … ^XZ`` block (812 x 1218 dots, UTF-8 field data).

    ``font`` names the printer font for text (default font 0; a Unicode font assigned
    with ``^CW`` for names outside Latin-1).
    """
    printer_font = _Font(font)
    parts = [
        "^XA",
        "^CI28",
        f"^PW{WIDTH_DOTS}",
        f"^LL{HEIGHT_DOTS}",
        "^LH0,0",
        *_header(label, printer_font),
        *_stop_and_run(label, printer_font),
        *_parcel_line(label, printer_font),
        *_recipient(label, printer_font),
        *_flags(label, printer_font),
        *_location(label, printer_font),
        *_notes(label, printer_font),
        _barcode(label.tracking_id, 1010, 150, printer_font),
        "^XZ",
    ]
    return "\n".join(p for p in parts if p) + "\n"


def render_zpl(
    labels: Iterable[ParcelLabel],
    out: OutputPath = None,
    *,
    font: str = FONT_0,
    on_progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> bytes:
    """All ``labels`` as one ZPL job (UTF-8 bytes), in the order given.

    Same contract as :func:`labels.render_labels`: optional atomic write to ``out``,
    progress after each label, :class:`labels.Cancelled` when ``cancelled()`` says so.
    """
    items = list(labels)
    progress = Progress(len(items), on_progress, cancelled)
    blocks: list[str] = []
    for done, label in enumerate(items, start=1):
        progress.check()
        blocks.append(label_zpl(label, font=font))
        progress.report(done)
    data = "".join(blocks).encode("utf-8")
    if out is not None:
        write_atomically(Path(out), data)
    return data
