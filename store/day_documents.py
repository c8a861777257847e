"""The end of the day's papers from the shop file: the day summary, the return manifest, and
the files the owner saves at the end of the day (summary PDF and the carrier's status CSV).

The figures come from `store.end_of_day` and `store.returns`; this module only puts them into
the printing layer's dataclasses (`labels.DaySummary`, `labels.ReturnManifest`). Every file is
written beside its final name first, so a half-written file never carries the final name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import sqlite_utils

import labels
from store import end_of_day, exports, returns
from store.settings import ShopSettings
from store.settings import load as load_settings
from store.timeutil import parse_iso_z

#: The summary's headline figures first, then what the status bars show (zeros left out).
SUMMARY_FIGURES = (
    ("received", "received"),
    ("delivered", "delivered"),
    ("attempted", "attempted"),
    ("picked_up", "picked_up"),
    ("returned", "returned"),
    ("return_pending", "return_pending"),
    ("out_for_delivery", "still_out"),
    ("missing", "missing"),
)


def day_summary(db: sqlite_utils.Database, day: date) -> labels.DaySummary:
    """The end-of-day one-pager of `day`: figures replayed from the log, per driver, earnings."""
    settings = load_settings(db)
    figures = end_of_day.summary(db, day)
    counts = {status: getattr(figures, name) for status, name in SUMMARY_FIGURES}
    earned = end_of_day.earnings(db, day, day).amount
    return labels.DaySummary(
        shop_name=settings.name,
        date=day,
        status_counts={status: count for status, count in counts.items() if count},
        drivers=[
            labels.DriverDay(d.driver, d.runs, d.parcels, d.delivered, d.attempted, d.miles)
            for d in end_of_day.per_driver(figures)
        ],
        miles_planned=figures.miles_planned,
        first_attempt_success=figures.first_attempt_rate,
        parcels_still_out=figures.still_out,
        earnings=Decimal(str(earned)) if settings.rate_per_parcel else None,
    )


def _local_day(stamp: str | None, settings: ShopSettings) -> date | None:
    return parse_iso_z(stamp).astimezone(settings.tz).date() if stamp else None


def _recipients(db: sqlite_utils.Database, tracking_ids: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for offset in range(0, len(tracking_ids), 500):
        chunk = tracking_ids[offset : offset + 500]
        marks = ", ".join("?" for _ in chunk)
        found.update(
            db.conn.execute(
                f"SELECT tracking_id, recipient_name FROM parcels WHERE tracking_id IN ({marks})",
                chunk,
            )
        )
    return found


def return_manifest(
    db: sqlite_utils.Database, day: date, now: datetime | None = None
) -> labels.ReturnManifest:
    """The parcels going back to the carrier: those scanned onto the truck on `day`, then
    those still set aside (to tick by hand), each with its return-by day."""
    settings = load_settings(db)
    returned = returns.manifest_rows(db, day)
    pending = returns.pending(db, now)
    names = _recipients(db, [r.tracking_id for r in returned] + [p.tracking_id for p in pending])
    items = [
        labels.ReturnItem(
            row.tracking_id,
            row.reason or "",
            row.attempts,
            _local_day(returns.deadline(row.set_aside_at, settings), settings)
            if row.set_aside_at
            else None,
            names.get(row.tracking_id) or "",
        )
        for row in returned
    ]
    items += [
        labels.ReturnItem(
            row.tracking_id,
            row.reason or "",
            row.attempts,
            _local_day(row.deadline, settings),
            names.get(row.tracking_id) or "",
        )
        for row in pending
    ]
    return labels.ReturnManifest(settings.name, day, items)


def write_atomically(target: Path, write: Callable[[Path], object]) -> None:
    """`write(part)` a file beside `target`, then move it into place (never half a file)."""
    part = target.with_name(target.name + ".part")
    try:
        write(part)
        part.replace(target)
    finally:
        part.unlink(missing_ok=True)


def save_return_manifest(
    db: sqlite_utils.Database, day: date, target: Path, now: datetime | None = None
) -> int:
    """Write the return manifest PDF of `day` to `target`; returns how many parcels it lists."""
    manifest = return_manifest(db, day, now)
    labels.render_return_manifest(manifest, target)  # written beside, then moved into place
    return len(manifest.items)


@dataclass(frozen=True)
class DayFiles:
    summary_pdf: Path
    status_csv: Path
    status_rows: int


def day_file_names(day: date) -> tuple[str, str]:
    return f"summary-{day.isoformat()}.pdf", f"status-{day.isoformat()}.csv"


def save_day_files(db: sqlite_utils.Database, day: date, folder: Path) -> DayFiles:
    """The summary PDF and the carrier's status CSV of `day`, written into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    pdf_name, csv_name = day_file_names(day)
    labels.render_day_summary(day_summary(db, day), folder / pdf_name)
    rows = 0

    def write_csv(part: Path) -> None:
        nonlocal rows
        with part.open("w", encoding="utf-8", newline="") as out:
            rows = exports.export_status(db, out, day)

    write_atomically(folder / csv_name, write_csv)
    return DayFiles(folder / pdf_name, folder / csv_name, rows)
