"""What the Results screen's answer band says after a result, a counter scan or a manifest scan.

Each function turns the store's answer into (look, tracking, big line, message): the band
shows them as they are. An attempted parcel's big line is the shelf it goes back to; a parcel
at its last attempt says it is now set aside for return.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from store.result_scan import SessionAnswer
from store.results import ParcelOnRun, Recorded
from store.statuses import Status
from ui.common.day_looks import MANIFEST_LOOKS, OPENED, RESULT_LOOKS, look_of
from ui.common.outcomes import Look
from ui.results.results_rows import parcel_result

RUN_BACK = " The run is back: every parcel has its result."


@dataclass(frozen=True)
class Said:
    look: Look
    outcome: str
    tracking: str = ""
    big: str = ""
    message: str = ""


def _shelves(recorded: Sequence[Recorded]) -> str:
    zones = sorted({r.zone or "?" for r in recorded if r.status is Status.ATTEMPTED})
    return "Shelf " + " · ".join(zones) if zones else ""


def _several(done: Sequence[Recorded], back: str) -> Said:
    """Several parcels at once (a stop, all delivered except…): what became of them, counted:
    "43 delivered, 1 back on shelf E-3"; the parcels not delivered are named below."""
    by_status = {status: [r for r in done if r.status is status] for status in RESULT_LOOKS}
    delivered = by_status[Status.DELIVERED]
    shelved = by_status[Status.ATTEMPTED]
    returning = by_status[Status.RETURN_PENDING]
    parts = [f"{len(delivered)} delivered"] if delivered else []
    if shelved:
        zones = " · ".join(sorted({r.zone or "?" for r in shelved}))
        parts.append(f"{len(shelved)} back on shelf {zones}")
    if returning:
        parts.append(f"{len(returning)} set aside for return")
    worst = Status.RETURN_PENDING if returning else Status.ATTEMPTED if shelved else None
    look = RESULT_LOOKS[worst or Status.DELIVERED]
    look = replace(look, title=", ".join(parts))
    others = [*shelved, *returning]
    lines = [f"{r.tracking_id}: {r.message}" for r in others[:3]]
    if len(others) > 3:
        lines.append(f"… and {len(others) - 3} more")
    stops = sorted({r.stop_sequence for r in done if r.stop_sequence})
    message = "\n".join(lines) or done[0].message
    if back:
        message = message.rstrip(".") + "." + back
    big = _shelves(done) or (f"Stop {stops[0]}" if len(stops) == 1 else "")
    return Said(look, str(worst or Status.DELIVERED), "", big, message)


def recorded(done: Sequence[Recorded], *, name: str = "") -> Said:
    """After results were recorded (a key, a stop, all-delivered-except, a manifest scan)."""
    statuses = {r.status for r in done}
    tracking = done[0].tracking_id if len(done) == 1 else f"{len(done)} parcels"
    back = RUN_BACK if any(r.run_back for r in done) else ""
    if len(statuses) > 1 or (len(done) > 1 and Status.DELIVERED not in statuses):
        return _several(done, back)
    if Status.RETURN_PENDING in statuses:
        first = next(r for r in done if r.status is Status.RETURN_PENDING)
        return Said(
            RESULT_LOOKS[Status.RETURN_PENDING],
            str(first.status),
            first.tracking_id,
            "Set it aside for return",
            first.message + back,
        )
    if Status.ATTEMPTED in statuses:
        first = next(r for r in done if r.status is Status.ATTEMPTED)
        return Said(
            RESULT_LOOKS[Status.ATTEMPTED],
            str(first.status),
            tracking,
            _shelves(done),
            first.message + back,
        )
    stop = done[0].stop_sequence
    taken = f" · taken by {name}" if name else ""
    count = f" ({len(done)} parcels)" if len(done) > 1 else ""
    return Said(
        RESULT_LOOKS[Status.DELIVERED],
        str(Status.DELIVERED),
        tracking,
        f"Stop {stop}" if stop else "",
        done[0].message + count + taken + back,
    )


def opened(found: ParcelOnRun, reason: str | None) -> Said:
    """A parcel scanned at the counter: where it rode, and what the clerk can do now."""
    where = f"{found.run_label}, stop {found.stop_sequence}"
    if found.recordable:
        what = "out for delivery: press its result key, or scan the outcome code."
    elif found.correctable:
        result = parcel_result({"status": found.status, "status_reason": reason})
        what = f"recorded: {result}. A result key corrects it."
    else:
        what = f"{found.status.replace('_', ' ')}: no result to record here."
    shelf = f" Back on shelf {found.zone}." if found.status is Status.ATTEMPTED else ""
    return Said(
        OPENED,
        "opened",
        found.tracking_id,
        f"Stop {found.stop_sequence}",
        f"{where} · {what}{shelf}",
    )


def manifest(answer: SessionAnswer) -> Said:
    """An answer of the manifest scan session (stop or parcel selected, recorded, refused)."""
    look = look_of(MANIFEST_LOOKS, answer.answer)
    if answer.recorded:
        shelves = _shelves(answer.recorded)
        returning = any(r.status is Status.RETURN_PENDING for r in answer.recorded)
        big = "Set aside for return" if returning else shelves
        return Said(look, str(answer.answer), "", big, answer.message)
    return Said(look, str(answer.answer), "", "", answer.message)
