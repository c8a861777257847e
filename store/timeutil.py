"""Timestamps as the status log and the carrier's CSV want them: UTC, ISO 8601, with `Z`."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from store.errors import BadInput


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso_z(moment: datetime) -> str:
    """Format an aware datetime as `2026-11-25T14:03:07.123Z` (millisecond precision)."""
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def parse_iso_z(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def local_day_bounds(day: date, tz: ZoneInfo) -> tuple[str, str]:
    """The UTC range [start, end) of a shop's local calendar day, as comparable ISO strings."""
    if day >= date.max:
        raise BadInput(f"{day.isoformat()} is not a day a shop can have records of")
    start = datetime.combine(day, time(0), tzinfo=tz)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
    return iso_z(start), iso_z(end)


def local_date(moment: datetime, tz: ZoneInfo) -> date:
    return moment.astimezone(tz).date()
