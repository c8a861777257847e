"""The manifest's fields: which columns exist, and each value checked by the contract's rules.

Every problem is a `Problem` naming the line and the column; a file with any problem is
refused whole (`ManifestRefused`). The same rules check an address a clerk types.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from store.errors import BadInput
from store.scancodes import TRACKING_ID_PATTERN

REQUIRED = ("tracking_id", "recipient_name", "address_line1", "city", "state", "postal_code")
OPTIONAL = (
    "address_line2",
    "latitude",
    "longitude",
    "phone",
    "service",
    "due_date",
    "window_start",
    "window_end",
    "weight_lb",
    "notes",
    "signature_required",
)
KNOWN_COLUMNS = frozenset(REQUIRED + OPTIONAL)
SERVICES = ("same_day", "next_day", "standard")
MAX_FIELD = 500
_STATE_CODES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH "
    "NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI AS MP AA AE AP"
)
US_STATES = frozenset(_STATE_CODES.split())
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_TRUE = {"true", "yes", "y", "1", "t"}
_FALSE = {"false", "no", "n", "0", "f", ""}


@dataclass(frozen=True)
class Problem:
    line: int
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


class ManifestRefused(BadInput):
    """The file was refused; `problems` lists each (line, column, message)."""

    def __init__(self, problems: list[Problem], total: int | None = None) -> None:
        self.problems = problems
        total = total or len(problems)
        others = total - 1
        more = f" (and {others} more problem{'' if others == 1 else 's'})" if others else ""
        super().__init__(f"manifest refused: {problems[0]}{more}")


_COLUMNS = REQUIRED + OPTIONAL
_ZIP4 = re.compile(r"[0-9]{4}")
_ZIP = re.compile(r"[0-9]{5}(-?[0-9]{4})?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIME = re.compile(r"([0-9]{1,2}):([0-9]{2})")


def validate_row(
    line: int, raw: dict[str, str], problems: list[Problem], warnings: list[str]
) -> dict[str, Any] | None:
    before = len(problems)

    def bad(column: str, message: str) -> None:
        problems.append(Problem(line, column, message))

    text = {name: raw.get(name, "").strip() for name in _COLUMNS}
    # One look at the whole row first: clean rows (nearly all) skip the per-field checks.
    if _CONTROL.search("\n".join(text.values())) or max(map(len, text.values())) > MAX_FIELD:
        for name, value in text.items():
            if _CONTROL.search(value):
                bad(name, "contains control characters")
            elif len(value) > MAX_FIELD:
                bad(name, f"longer than {MAX_FIELD} characters")
    for name in REQUIRED:
        if not text[name] and len(problems) == before:
            bad(name, "is empty")
    if len(problems) > before:
        return None
    values: dict[str, Any] = {name: text[name] for name in REQUIRED}
    values["tracking_id"] = text["tracking_id"].upper()
    if not TRACKING_ID_PATTERN.fullmatch(values["tracking_id"]):
        bad("tracking_id", f"{text['tracking_id']!r} is not a tracking id (6-40 letters, digits)")
    values["state"] = text["state"].upper()
    if values["state"] not in US_STATES:
        bad("state", f"{text['state']!r} is not a US state code")
    values["postal_code"] = _postal_code(text["postal_code"], line, bad, warnings)
    for name in ("address_line2", "phone", "notes"):
        values[name] = text[name]
    values["latitude"], values["longitude"] = _coordinates(text, bad)
    service = text["service"].lower()
    if service and service not in SERVICES:
        bad("service", f"{text['service']!r} is not one of {', '.join(SERVICES)}")
    values["service"] = service or None
    values["due_date"] = _date(text["due_date"], "due_date", bad)
    values["window_start"], values["window_end"] = _window(text, bad)
    values["weight_lb"] = _weight(text["weight_lb"], bad)
    flag = text["signature_required"].lower()
    if flag not in _TRUE | _FALSE:
        bad("signature_required", f"{text['signature_required']!r} is not true or false")
    values["signature_required"] = int(flag in _TRUE)
    return values if len(problems) == before else None


ADDRESS_FIELDS = (
    "recipient_name",
    "address_line1",
    "address_line2",
    "city",
    "state",
    "postal_code",
    "latitude",
    "longitude",
)


def validate_address(fields: dict[str, Any]) -> dict[str, Any]:
    """Check an address a clerk typed with the manifest's own rules; BadInput names the field."""
    raw = {name: "" for name in REQUIRED + OPTIONAL}
    raw.update({name: "" if value is None else str(value) for name, value in fields.items()})
    raw["tracking_id"] = "PLACEHOLDER"
    problems: list[Problem] = []
    values = validate_row(1, raw, problems, [])
    if values is None or problems:
        problem = problems[0]
        raise BadInput(f"{problem.column}: {problem.message}")
    return {name: values[name] for name in ADDRESS_FIELDS}


#: A decimal number in ASCII digits only: Python's float() also takes "٣٨.٩", "1_000" and
#: "nan", none of which a carrier's file should carry.
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def _foreign_digits(value: str) -> bool:
    """Digits of another script (Arabic-Indic, full-width, ...): look right, are not 0-9."""
    if value.isascii():
        return False
    return any(char.isdigit() and not "0" <= char <= "9" for char in value)


def _ascii_digits_only(value: str, column: str, bad: Any) -> bool:
    if _foreign_digits(value):
        bad(column, f"{value!r} uses digits other than 0-9; write it with digits 0-9")
        return False
    return True


def _postal_code(value: str, line: int, bad: Any, warnings: list[str]) -> str:
    if not _ascii_digits_only(value, "postal_code", bad):
        return value
    if _ZIP4.fullmatch(value):
        warnings.append(
            f"line {line}: postal_code {value} read as 0{value} (a spreadsheet "
            "dropped the leading zero)"
        )
        return "0" + value
    if not _ZIP.fullmatch(value):
        bad("postal_code", f"{value!r} is not a US ZIP code (12345 or 12345-6789)")
    return value


def _coordinates(text: dict[str, str], bad: Any) -> tuple[float | None, float | None]:
    lat_text, lon_text = text["latitude"], text["longitude"]
    if not lat_text and not lon_text:
        return None, None
    if not lat_text or not lon_text:
        bad("latitude" if not lat_text else "longitude", "give both latitude and longitude")
        return None, None
    result = []
    for name, value, limit in (("latitude", lat_text, 90), ("longitude", lon_text, 180)):
        if not _ascii_digits_only(value, name, bad):
            return None, None
        if not _NUMBER.fullmatch(value):
            bad(name, f"{value!r} is not a number")
            return None, None
        number = float(value)
        if not math.isfinite(number) or abs(number) > limit:
            bad(name, f"{value} is out of range (-{limit} to {limit})")
            return None, None
        result.append(number)
    if result == [0.0, 0.0]:
        bad("latitude", "0, 0 is not an address (missing coordinates written as zeros?)")
    return result[0], result[1]


def _date(value: str, column: str, bad: Any) -> str | None:
    if not value or not _ascii_digits_only(value, column, bad):
        return None
    if _DATE.fullmatch(value):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    bad(column, f"{value!r} is not a date as YYYY-MM-DD")
    return None


def _window(text: dict[str, str], bad: Any) -> tuple[str | None, str | None]:
    start, end = text["window_start"], text["window_end"]
    if not start and not end:
        return None, None
    parsed = []
    for name, value in (("window_start", start), ("window_end", end)):
        if not value:
            bad(name, "give both window_start and window_end")
            return None, None
        if not _ascii_digits_only(value, name, bad):
            return None, None
        match = _TIME.fullmatch(value)
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            bad(name, f"{value!r} is not a time as HH:MM")
            return None, None
        parsed.append(f"{int(match[1]):02d}:{match[2]}")
    if parsed[0] >= parsed[1]:
        bad("window_end", f"the window ends ({parsed[1]}) before it starts ({parsed[0]})")
    return parsed[0], parsed[1]


def _weight(value: str, bad: Any) -> float | None:
    if not value or not _ascii_digits_only(value, "weight_lb", bad):
        return None
    if not _NUMBER.fullmatch(value):
        bad("weight_lb", f"{value!r} is not a number")
        return None
    weight = float(value)
    if not math.isfinite(weight) or not 0 <= weight <= 1000:
        bad("weight_lb", f"{value} is not a parcel weight (0 to 1000 lb)")
        return None
    return weight
