"""Turn what a USB scanner typed into the tracking id printed on the carrier's manifest.

Scanners and labels add things a manifest never has: whitespace and CR/LF/TAB suffixes, AIM
symbology identifiers (`]C1`), GS1 separators, lower case from a keyboard layout, USPS IMpb
barcodes that carry `420` + ZIP before the tracking number, and FedEx's long 1D barcodes that
embed the tracking number at the end. `normalise` strips what is certainly noise and returns
the candidate ids, most likely first, for the check-in to match against the manifest.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

TRACKING_ID_PATTERN = re.compile(r"[A-Z0-9][A-Z0-9-]{4,38}[A-Z0-9]")
_AIM_PREFIX = re.compile(r"^\][A-Za-z][0-9A-Za-z]")
_USPS_TRACKING = re.compile(r"9\d{19,25}|\d{20,22}|[A-Z]{2}\d{9}[A-Z]{2}")
MAX_SCAN_LENGTH = 200


@dataclass(frozen=True)
class ScanCode:
    """A normalised scan: `primary` is the id to use when nothing in the shop matches."""

    visible: str  # the raw scan with control characters made visible, for the scan log
    primary: str | None
    candidates: tuple[str, ...]
    problem: str | None  # why the scan is unreadable, or None

    @property
    def readable(self) -> bool:
        return self.primary is not None


def visible(raw: str, limit: int = MAX_SCAN_LENGTH) -> str:
    """The scan as text a person can read: control characters become `\\xNN` escapes."""
    shown = "".join(
        f"\\x{ord(char):02x}" if unicodedata.category(char) in ("Cc", "Cf") else char
        for char in raw[:limit]
    )
    return shown + ("…" if len(raw) > limit else "")


def strip_noise(raw: str) -> str:
    """Drop the AIM prefix, every control/format character and all whitespace; upper-case."""
    text = raw.strip()
    text = "".join(char for char in text if unicodedata.category(char) not in ("Cc", "Cf"))
    text = text.strip()
    text = _AIM_PREFIX.sub("", text, count=1)
    return "".join(text.split()).upper()


def normalise(raw: str) -> ScanCode:
    shown = visible(raw)
    if len(raw) > MAX_SCAN_LENGTH:
        return ScanCode(shown, None, (), f"the scan is too long ({len(raw)} characters)")
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
    candidates = _candidates(code)
    primary = candidates[0]
    if not TRACKING_ID_PATTERN.fullmatch(primary):
        problem = f"{primary} is too short or too long for a tracking number"
        return ScanCode(shown, None, (), problem)
    return ScanCode(shown, primary, candidates, None)


def _candidates(code: str) -> tuple[str, ...]:
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
    found.append(code)
    return tuple(dict.fromkeys(found))
