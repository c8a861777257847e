"""Turn what a USB scanner typed into the tracking id printed on the carrier's manifest.

Scanners and labels add things a manifest never has: whitespace and CR/LF/TAB suffixes, AIM
symbology identifiers (`]C1`), GS1 separators, lower case from a keyboard layout, USPS IMpb
barcodes that carry `420` + ZIP before the tracking number, and FedEx's long 1D barcodes that
embed the tracking number at the end. `normalise` strips what is certainly noise and returns
the code itself and the ids carrier rules read inside it, for `store.scan_match` to match
against the shop's parcels (the code itself always first: an exact match wins).

Nothing else is changed: no Unicode folding (`ſ` is not `S`), no non-ASCII whitespace taken
for a space; a character no tracking number has makes the scan unreadable instead.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

TRACKING_ID_PATTERN = re.compile(r"[A-Z0-9][A-Z0-9-]{4,38}[A-Z0-9]")
_AIM_PREFIX = re.compile(r"^\][A-Za-z][0-9A-Za-z]")
_USPS_TRACKING = re.compile(r"9\d{19,25}|\d{20,22}|[A-Z]{2}\d{9}[A-Z]{2}")
MAX_SCAN_LENGTH = 200
#: What a scanner puts around a code: ASCII whitespace, control characters (CR, LF, TAB, STX,
#: ETX, EOT…) and a byte-order mark from a piped file. Nothing else is ever stripped.
_EDGE_NOISE = "".join(chr(code) for code in range(0x21)) + "\x7f\ufeff"
#: A scan ends at CR, LF or TAB: one of them inside the read means two codes ran together.
_SCAN_END = re.compile(r"[\t\r\n]")
#: Only ASCII letters are upper-cased: `str.upper` would turn `ſ` into `S` and `ı` into `I`,
#: making another parcel's id out of a character no label carries.
_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


@dataclass(frozen=True)
class ScanCode:
    """A normalised scan.

    `exact` is the code itself (noise removed); `derived` are the tracking numbers that
    carrier rules read inside it (the USPS number after an IMpb `420`+ZIP, the tail of a long
    FedEx barcode). A parcel whose id is `exact` always wins; a derived one is only a guess.
    `primary` is the id to record when nothing in the shop matches.
    """

    visible: str  # the raw scan with control characters made visible, for the scan log
    primary: str | None
    candidates: tuple[str, ...]  # `exact` first, then `derived`
    problem: str | None  # why the scan is unreadable, or None

    @property
    def readable(self) -> bool:
        return self.primary is not None

    @property
    def exact(self) -> str | None:
        return self.candidates[0] if self.candidates else None

    @property
    def derived(self) -> tuple[str, ...]:
        return self.candidates[1:]


def visible(raw: str, limit: int = MAX_SCAN_LENGTH) -> str:
    """The scan as text a person can read: control characters become `\\xNN` escapes."""
    shown = "".join(
        f"\\x{ord(char):02x}" if unicodedata.category(char) in ("Cc", "Cf") else char
        for char in raw[:limit]
    )
    return shown + ("…" if len(raw) > limit else "")


def strip_noise(raw: str) -> str:
    """Drop what scanners add and nothing else: surrounding whitespace and control
    characters, control characters inside (a GS separator), the AIM prefix, ASCII spaces
    (a clerk typing a UPS number in groups); upper-case ASCII letters only."""
    text = raw.strip(_EDGE_NOISE)
    text = "".join(char for char in text if unicodedata.category(char) != "Cc")
    text = _AIM_PREFIX.sub("", text, count=1)
    return text.replace(" ", "").translate(_ASCII_UPPER)


def normalise(raw: str) -> ScanCode:
    shown = visible(raw)
    if len(raw) > MAX_SCAN_LENGTH:
        return ScanCode(shown, None, (), f"the scan is too long ({len(raw)} characters)")
    if _SCAN_END.search(raw.strip(_EDGE_NOISE)):
        return ScanCode(
            shown, None, (), "two codes ran together (a TAB or line break inside): scan each"
        )
    code = strip_noise(raw)
    if not code:
        return ScanCode(shown, None, (), "nothing readable in the scan")
    odd = sorted(
        {char for char in code if not (char.isascii() and (char.isalnum() or char in "-"))}
    )
    if odd:
        marks = " ".join(odd[:5])
        return ScanCode(
            shown, None, (), f"a tracking number has only letters and digits, not {marks}"
        )
    derived = _derived(code)
    primary = derived[0] if derived else code
    if not TRACKING_ID_PATTERN.fullmatch(primary):
        problem = f"{primary} is too short or too long for a tracking number"
        return ScanCode(shown, None, (), problem)
    return ScanCode(shown, primary, (code, *derived), None)


def _derived(code: str) -> tuple[str, ...]:
    """The tracking numbers carrier rules read inside `code`, most likely first."""
    found: list[str] = []
    impb = re.fullmatch(r"420(\d{5})(\d{4})?(.+)", code)
    if impb:
        after_zip9 = code[12:] if impb[2] else None
        after_zip5 = code[8:]
        for rest in (after_zip9, after_zip5):
            if rest and _USPS_TRACKING.fullmatch(rest):
                found.append(rest)
    if code.isdigit() and len(code) == 34:  # FedEx 1D barcode: tracking number at the end
        found += [code[-12:], code[-15:], code[-14:]]
    elif code.isdigit() and len(code) == 22 and code.startswith("96"):  # FedEx Ground 96
        found += [code[-15:], code[-12:]]
    return tuple(candidate for candidate in dict.fromkeys(found) if candidate != code)
