"""The papers the shop prints besides labels, built from the shop file: the driver manifest
and load sheet of a run, the check-in discrepancy report, the end-of-day summary and the
return manifest.

Everything is handed over as the printing layer's frozen dataclasses, with times already in
the shop's local time (runs keep seconds since local midnight; the log keeps UTC).
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import sqlite_utils

from labels.data import (
    DaySummary,
    DiscrepancyReport,
    DiscrepancyRow,
    DriverDay,
    LeftOverParcel,
    LoadItem,
    LoadSheet,
    ManifestParcel,
    ManifestRun,
    ManifestStop,
    OutcomeCode,
    ReturnItem,
    ReturnManifest,
    Shop,
)
from store import (
    anchor,
    checkin,
    codes,
    day_close,
    discrepancies,
    end_of_day,
    returns,
    run_maps,
    runs,
)
from store.area import estimate_note
from store.print_jobs import load_order, require_run
from store.settings import ShopSettings
from store.settings import load as load_settings
from store.timeutil import parse_iso_z

DAY_S = 24 * 3600


def shop_of(settings: ShopSettings) -> Shop:
    """The shop as printed: name, address, and where runs start on the map."""
    return Shop(settings.name, settings.address, settings.latitude, settings.longitude)


def _clock(seconds: int | None) -> time | None:
    """Seconds since local midnight as a time of day (a plan never runs past midnight)."""
    if seconds is None:
        return None
    minutes = min(round(seconds / 60), DAY_S // 60 - 1)
    return time(minutes // 60, minutes % 60)


def _hhmm(seconds: int) -> str:
    clock = _clock(seconds)
    return f"{clock:%H:%M}" if clock else ""


def address_text(parcel: dict[str, Any]) -> str:
    """'1428 Elm St, Apt 3B, Springfield, IL 62704' from a parcel's address fields."""
    place = " ".join(p for p in (parcel.get("state"), parcel.get("postal_code")) if p)
    parts = (parcel.get("address_line1"), parcel.get("address_line2"), parcel.get("city"), place)
    return ", ".join(p for p in parts if p)


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v.strip() for v in values if v and v.strip()))


def _parcel_flags(parcel: dict[str, Any], several_recipients: bool) -> str:
    flags = [parcel["recipient_name"]] if several_recipients else []
    if parcel["signature_required"]:
        flags.append("signature")
    if parcel["weight_lb"] is not None:
        flags.append(f"{parcel['weight_lb']:.1f} lb")
    return " · ".join(flags)


def _manifest_stop(run_id: int, stop: runs.StopView) -> ManifestStop:
    names = _unique([p["recipient_name"] for p in stop.parcels])
    window = f"{_hhmm(stop.window[0])}–{_hhmm(stop.window[1])}" if stop.window else None
    if window and stop.wait_s >= 60:  # the ETA is the time at the door; say the wait too
        window += f" · wait {round(stop.wait_s / 60)} min"
    return ManifestStop(
        sequence=stop.sequence,
        stop_code=codes.stop_code(run_id, stop.sequence),
        recipient=", ".join(names) or stop.label,
        address=address_text(stop.parcels[0]) if stop.parcels else stop.label,
        parcels=[
            ManifestParcel(p["tracking_id"], _parcel_flags(p, len(names) > 1)) for p in stop.parcels
        ],
        eta=_clock(stop.door_s),
        window=window,
        notes=" · ".join(_unique([p["notes"] for p in stop.parcels])),
        signature_required=any(p["signature_required"] for p in stop.parcels),
        lat=stop.latitude,
        lon=stop.longitude,
        location_note=stop.location_note,
    )


def manifest_for_run(db: sqlite_utils.Database, run_id: int) -> ManifestRun:
    """The driver manifest of a run: stops in driving order with their scannable stop codes,
    the outcome codes to scan results with, and the route shop -> stops -> shop (on the
    street map's roads when one is loaded)."""
    return manifest_of(require_run(db, run_id), load_settings(db), run_maps.road_map(db))


def manifest_of(
    run: runs.RunView, settings: ShopSettings, roads: run_maps.RoadMap | None = None
) -> ManifestRun:
    """The driver manifest of a run already read (see `manifest_for_run`); `roads` is the
    street map to draw the route on (`run_maps.road_map`)."""
    shop = shop_of(settings)
    points = [(stop.latitude, stop.longitude) for stop in run.stops]
    if shop.lat is not None and shop.lon is not None:
        points = [(shop.lat, shop.lon), *points, (shop.lat, shop.lon)]
    route = roads.line(points) if roads is not None and len(points) > 1 else points
    return ManifestRun(
        shop=shop,
        run_id=str(run.id),
        run_label=f"Run {run.number}",
        driver=run.driver,
        date=date.fromisoformat(run.plan_date),
        stops=[_manifest_stop(run.id, stop) for stop in run.stops],
        miles=round(run.distance_mi, 1),
        planned_start=_clock(run.start_s),
        planned_end=_clock(run.end_s),
        route=route,
        outcome_codes=[_outcome(code) for code in codes.OUTCOME_CODES],
        roads=roads.roads_around(route) if roads is not None else (),
        distances_note=estimate_note() if run.estimated else "",
    )


_GROUPS = {"delivered": "Delivered", "attempted": "Not delivered"}


def _outcome(code: codes.OutcomeCode) -> OutcomeCode:
    """An outcome as the manifest prints it: grouped, its check box marked with the letter
    the Results screen uses, and the same words under its barcode."""
    return OutcomeCode(code.code, code.caption, _GROUPS[code.outcome], code.short, code.letter)


def load_sheet_for_run(db: sqlite_utils.Database, run_id: int) -> LoadSheet:
    """A run's parcels in loading order (last stop first), with shelf zone and stop."""
    return load_sheet_of(require_run(db, run_id), load_settings(db))


def load_sheet_of(run: runs.RunView, settings: ShopSettings) -> LoadSheet:
    """The load sheet of a run already read (see `load_sheet_for_run`)."""
    items = [
        LoadItem(
            tracking_id=parcel["tracking_id"],
            stop_number=stop.sequence,
            zone=parcel["zone"],
            recipient=parcel["recipient_name"] or "",
            address=address_text(parcel),
            parcel_index=index,
            parcel_count=len(stop.parcels),
            location_note=stop.location_note,
        )
        for stop, index, parcel in load_order(run)
    ]
    day = date.fromisoformat(run.plan_date)
    return LoadSheet(settings.name, day, f"Run {run.number}", run.driver, items)


def _local(stamp: str | None, settings: ShopSettings) -> datetime | None:
    return parse_iso_z(stamp).astimezone(settings.tz) if stamp else None


def discrepancy_report(db: sqlite_utils.Database, day: date) -> DiscrepancyReport:
    """The day's check-in differences (missing, unexpected, damaged, out of zone, needs
    location, bad address) with the day's expected and received counts."""
    settings = load_settings(db)
    counts = checkin.day_counts(db, day)
    rows = [
        DiscrepancyRow(
            tracking_id=row["tracking_id"],
            kind=row["category"],
            recipient=row["recipient_name"] or "",
            address=", ".join(p for p in (row["address_line1"], row["city"]) if p),
            scanned_at=None if row["category"] == "missing" else _local(row["status_at"], settings),
            note="marked missing" if row["status"] == "missing" else "",
        )
        for row in discrepancies.rows(db, day)
    ]
    return DiscrepancyReport(settings.name, day, counts.expected, counts.received, rows)


def day_summary_pdf_data(db: sqlite_utils.Database, day: date) -> DaySummary:
    """The end-of-day one-pager's figures, from `store.end_of_day.summary` and the earnings."""
    settings = load_settings(db)
    figures = end_of_day.summary(db, day)
    earned = end_of_day.earnings(db, day, day).amount
    counts = {  # the headline figures first, then what the bars show; zero bars left out
        "received": figures.received,
        "delivered": figures.delivered,
        "attempted": figures.attempted,
        "picked_up": figures.picked_up,
        "returned": figures.returned,
        "return_pending": figures.return_pending,
        "out_for_delivery": figures.still_out,
        "missing": figures.missing,
    }
    return DaySummary(
        shop_name=settings.name,
        date=day,
        status_counts={status: count for status, count in counts.items() if count},
        drivers=[
            DriverDay(
                d.driver, d.runs, d.parcels, d.delivered, d.attempted, d.miles, d.miles_driven
            )
            for d in end_of_day.per_driver(figures)
        ],
        miles_planned=figures.miles_planned,
        miles_driven=figures.miles_driven,
        first_attempt_success=figures.first_attempt_rate,
        parcels_still_out=figures.still_out,
        earnings=Decimal(str(earned)) if settings.rate_per_parcel else None,
        closing=closing_text(db, day, settings),
        left_over=[
            LeftOverParcel(p.tracking_id, p.what, p.shelf, p.why)
            for p in day_close.left_over(db, day)
        ],
        log_anchor=str(anchor.head(db) or ""),
    )


def closing_text(db: sqlite_utils.Database, day: date, settings: ShopSettings) -> str:
    """Whether the day is closed (when, by whom) or what still keeps it open."""
    closed = end_of_day.closed_by(db, day)
    if closed is not None:
        at, staff = closed
        return (
            f"Closed at {parse_iso_z(at).astimezone(settings.tz):%H:%M on %a %d %b} by {staff}: "
            "every parcel of the day is delivered, picked up, returned, or carried over as "
            "listed below."
        )
    left = day_close.left_to_do(db, day)
    if left.clear:
        return "Not closed yet: nothing is in the air, the day can be closed."
    return "NOT CLOSED: " + "; ".join(left.steps()) + "."


def _recipients(db: sqlite_utils.Database, tracking_ids: list[str]) -> dict[str, str]:
    return dict(
        db.conn.execute(
            "SELECT tracking_id, recipient_name FROM parcels "
            "WHERE tracking_id IN (SELECT value FROM json_each(?))",
            (json.dumps(tracking_ids),),
        )
    )


def return_manifest_data(db: sqlite_utils.Database, day: date) -> ReturnManifest:
    """Parcels going back to the carrier: those returned on `day`, then those still set
    aside, each with its return-by date."""
    settings = load_settings(db)
    returned = returns.manifest_rows(db, day)
    pending = returns.pending(db)
    names = _recipients(db, [r.tracking_id for r in returned] + [p.tracking_id for p in pending])

    def by(deadline: str | None) -> date | None:
        moment = _local(deadline, settings)
        return moment.date() if moment else None

    items = [
        ReturnItem(r.tracking_id, r.reason or "", r.attempts,
                   by(returns.deadline(r.set_aside_at, settings) if r.set_aside_at else None),
                   names.get(r.tracking_id, ""))
        for r in returned
    ] + [
        ReturnItem(p.tracking_id, p.reason or "", p.attempts, by(p.deadline),
                   names.get(p.tracking_id, ""))
        for p in pending
    ]  # fmt: skip
    return ReturnManifest(settings.name, day, items)
