"""What the Results screen lists: the run's stops and a stop's parcels, in the clerk's words.

Rows are built from `store.runs.get_run` (each stop with its parcels and their statuses now);
a stop is recorded when none of its parcels is still out for delivery.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from store.codes import OUTCOME_CODES
from store.runs import RunView, StopView
from store.statuses import Status
from ui.common import location_mark
from ui.common.rows_model import Column
from ui.results.result_keys import CAPTIONS

GREEN, AMBER, PURPLE = "#1b6e34", "#8a5a00", "#5b2a86"
#: A stop's result in the narrow stops list: ✔ delivered (how), ↩ not delivered (why), in
#: the words of the result keys.
SHORT = {
    code.word: f"{'✔' if code.outcome == 'delivered' else '↩'} {code.short}"
    for code in OUTCOME_CODES
}


def parcel_result(parcel: dict[str, Any]) -> str:
    """A parcel's result as words: 'out', 'Delivered at the door', 'Not delivered: refused'."""
    status, reason = parcel["status"], parcel["status_reason"]
    if status == Status.OUT_FOR_DELIVERY:
        return "out"
    if status == Status.ATTEMPTED and reason == "held_for_pickup":
        return "Held for pickup at the counter"
    if status in (Status.DELIVERED, Status.ATTEMPTED) and reason in CAPTIONS:
        return CAPTIONS[reason]
    if status == Status.RETURN_PENDING:
        return "Set aside for return"
    return status.replace("_", " ").capitalize()


def _short(parcel: dict[str, Any]) -> str:
    if parcel["status"] in (Status.DELIVERED, Status.ATTEMPTED):
        return SHORT.get(parcel["status_reason"], parcel_result(parcel))
    return parcel_result(parcel)


def parcel_tint(parcel: dict[str, Any]) -> str | None:
    return {
        Status.DELIVERED: GREEN,
        Status.PICKED_UP: GREEN,
        Status.ATTEMPTED: AMBER,
        Status.RETURN_PENDING: PURPLE,
    }.get(parcel["status"])


@dataclass(frozen=True)
class StopRow:
    sequence: int
    place: str
    parcels: tuple[dict[str, Any], ...]
    #: What the driver was told about where the stop is when it is not exact (as on the
    #: manifest and the label), and the stop's precision (`store.locate.PRECISIONS`).
    location_note: str = ""
    precision: str = "given"

    @property
    def listed(self) -> str:
        """The place as the stops list shows it, then "≈ street only" when not exact (the
        amber badge before it shows even when the column is too narrow for the words)."""
        mark = location_mark.short_words(self.precision, self.location_note)
        return f"{self.place} · {mark}" if mark else self.place

    @property
    def heading(self) -> str:
        """The chosen stop's heading: its place and, when not exact, "≈ street only"."""
        mark = location_mark.short_words(self.precision, self.location_note)
        return " · ".join(p for p in (f"Stop {self.sequence}", self.place, mark) if p)

    @property
    def out(self) -> list[str]:
        return [p["tracking_id"] for p in self.parcels if p["status"] == Status.OUT_FOR_DELIVERY]

    @property
    def result(self) -> str:
        if self.out:
            return f"{len(self.out)} of {len(self.parcels)} out"
        words = sorted({_short(p) for p in self.parcels})
        return words[0] if len(words) == 1 else " · ".join(words)

    @property
    def signature(self) -> bool:
        """A parcel of the stop needs the recipient's signature."""
        return any(p["signature_required"] for p in self.parcels)

    @property
    def tint(self) -> str | None:
        if self.out:
            return None
        tints = {parcel_tint(p) for p in self.parcels}
        return GREEN if tints == {GREEN} else AMBER


def stop_row(stop: StopView) -> StopRow:
    first = stop.parcels[0] if stop.parcels else {}
    names = sorted({p["recipient_name"] for p in stop.parcels if p["recipient_name"]})
    who = names[0] + (f" (+{len(names) - 1})" if len(names) > 1 else "") if names else ""
    where = ", ".join(p for p in (first.get("address_line1"), first.get("city")) if p)
    place = " · ".join(part for part in (who, where) if part) or stop.label
    return StopRow(stop.sequence, place, tuple(stop.parcels), stop.location_note, stop.precision)


def stop_rows(run: RunView) -> list[StopRow]:
    return [stop_row(stop) for stop in run.stops]


def progress_text(rows: list[StopRow]) -> str:
    recorded = sum(1 for row in rows if not row.out)
    out = sum(len(row.out) for row in rows)
    parcels = "1 parcel" if out == 1 else f"{out} parcels"
    return f"Stops recorded: {recorded} of {len(rows)}  ·  {parcels} still out"


SIGN = "✍"


STOP_COLUMNS = (
    Column(
        "Stop",
        lambda row: f"{SIGN} {row.sequence}" if row.signature else row.sequence,
        right=True,
        tip=lambda row: "Needs the recipient's signature" if row.signature else "",
    ),
    Column(
        "Recipient · address",
        lambda row: row.listed,
        tip=lambda row: "\n".join(
            t for t in (row.place, location_mark.tooltip(row.location_note)) if t
        ),
        icon=lambda row: location_mark.approximate_icon() if row.location_note else None,
    ),
    Column("Parcels", lambda row: len(row.parcels), right=True),
    Column("Result", lambda row: row.result),
)
PARCEL_COLUMNS = (
    Column(
        "Tracking number",
        lambda p: f"{p['tracking_id']} {SIGN}" if p["signature_required"] else p["tracking_id"],
        tip=lambda p: "Needs the recipient's signature" if p["signature_required"] else "",
    ),
    Column("Recipient", lambda p: p["recipient_name"]),
    Column("Result", parcel_result),
    Column("Shelf", lambda p: p["zone"] or "–"),
    Column("Tries", lambda p: p["attempts"], right=True),
)
