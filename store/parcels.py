"""Reading parcels for the screens, and the few direct edits a clerk makes to one.

The parcel table of the console pages itself through `page`: keyset paging on an indexed
column, so opening and scrolling 500,000 parcels reads a window of rows at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlite_utils

from store import locate, scan_match
from store.db import write_transaction
from store.errors import BadInput, NotFound
from store.events import Actor, Change, append
from store.manifest import validate_address
from store.settings import load as load_settings
from store.statuses import Status
from store.timeutil import iso_z, utc_now

#: Columns the parcel table may sort on (each has an index, so paging never sorts the table).
SORTABLE = {
    "tracking_id": "tracking_id",
    "status": "status",
    "status_at": "status_at",
    "expected_date": "expected_date",
    "recipient_name": "recipient_name COLLATE NOCASE",
}
LIST_COLUMNS = (
    "id",
    "tracking_id",
    "status",
    "status_reason",
    "recipient_name",
    "address_line1",
    "city",
    "zone",
    "expected_date",
    "status_at",
    "attempts",
    "location_precision",
    "location_warning",
)


def get(db: sqlite_utils.Database, tracking_id: str) -> dict[str, Any]:
    cursor = db.conn.execute("SELECT * FROM parcels WHERE tracking_id = ?", (tracking_id,))
    row = cursor.fetchone()
    if row is None:
        raise NotFound(f"no parcel {tracking_id} in this shop")
    return dict(zip([c[0] for c in cursor.description], row, strict=True))


def manifest_of(db: sqlite_utils.Database, manifest_id: int | None) -> dict[str, Any] | None:
    """The carrier's manifest file a parcel came on: its name, its day, when it was imported."""
    if manifest_id is None:
        return None
    row = db.conn.execute(
        "SELECT filename, for_date, imported_at FROM manifests WHERE id = ?", (manifest_id,)
    ).fetchone()
    return dict(zip(("filename", "for_date", "imported_at"), row, strict=True)) if row else None


@dataclass(frozen=True)
class PageQuery:
    """What the parcel table shows: a search text, a status filter and a sort."""

    search: str = ""
    status: str | None = None
    sort: str = "tracking_id"
    descending: bool = False

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if self.status:
            clauses.append("status = ?")
            params.append(self.status)
        text = self.search.strip()
        if text:
            like = f"%{_escape_like(text)}%"
            clauses.append(
                "(tracking_id LIKE ? ESCAPE '\\' OR recipient_name LIKE ? ESCAPE '\\' "
                "OR address_line1 LIKE ? ESCAPE '\\' OR city LIKE ? ESCAPE '\\')"
            )
            params += [f"{_escape_like(text.upper())}%", like, like, like]
        return (" AND ".join(clauses) or "1"), params


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def count(db: sqlite_utils.Database, query: PageQuery) -> int:
    where, params = query.where()
    return db.conn.execute(f"SELECT count(*) FROM parcels WHERE {where}", params).fetchone()[0]


def page_sql(query: PageQuery, after: tuple[Any, int] | None, limit: int) -> tuple[str, list]:
    """The SQL of one page: keyset on (sort column, id), which an index serves in order."""
    if query.sort not in SORTABLE:
        raise BadInput(f"cannot sort parcels by {query.sort}")
    column = SORTABLE[query.sort]
    where, params = query.where()
    direction = "DESC" if query.descending else "ASC"
    compare = "<" if query.descending else ">"
    if after is not None:
        # Compare with the sort's own collation (NOCASE for names) so the keyset follows ORDER
        # BY; the leading range term lets SQLite seek in the index instead of rescanning it.
        where += f" AND {column} {compare}= ? AND ({column} {compare} ? OR id {compare} ?)"
        params += [after[0], after[0], after[1]]
    sql = (
        f"SELECT {', '.join(LIST_COLUMNS)} FROM parcels WHERE {where} "
        f"ORDER BY {column} {direction}, id {direction} LIMIT ?"
    )
    return sql, [*params, limit]


def page(
    db: sqlite_utils.Database,
    query: PageQuery,
    after: tuple[Any, int] | None,
    limit: int = 200,
) -> list[dict[str, Any]]:
    """The next `limit` parcels after the keyset `after` = (sort value, id) of the last row."""
    sql, params = page_sql(query, after, limit)
    cursor = db.conn.execute(sql, params)
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def set_address(
    db: sqlite_utils.Database,
    actor: Actor,
    tracking_id: str,
    fields: dict[str, str],
    *,
    at: datetime | None = None,
) -> dict[str, Any]:
    """Give a held parcel (unexpected, needs location) its address, locate it, and release it
    to the shelf when it can be delivered. Returns the updated parcel."""
    values = validate_address(fields)
    settings = load_settings(db)
    shop = settings.location
    stamp = iso_z(at or utc_now())
    with write_transaction(db):
        parcel = get(db, tracking_id)
        found = locate.Locator(db).locate(
            values["address_line1"],
            values["postal_code"],
            values["city"],
            values.pop("latitude", None),
            values.pop("longitude", None),
        )
        # typed by the clerk: a fix for the address book
        if found.source == "manifest" and (point := found.point):
            found = locate.Found(*point, "manual", "typed by the clerk")
            key = locate.address_key(values["address_line1"], values["postal_code"])
            locate.remember(db, [(key, *point, "manual")], stamp)
        where = locate.place(found, shop, settings.radius_mi, plan_zip=settings.plan_zip_located)
        db.conn.execute(
            "UPDATE parcels SET recipient_name = ?, address_line1 = ?, address_line2 = ?, "
            "city = ?, state = ?, postal_code = ?, latitude = ?, longitude = ?, "
            "location_source = ?, location_precision = ?, location_detail = ?, "
            "location_warning = ?, distance_mi = ?, zone = ?, hold = ? WHERE tracking_id = ?",
            (
                values["recipient_name"],
                values["address_line1"],
                values.get("address_line2", ""),
                values["city"],
                values["state"],
                values["postal_code"],
                where.latitude,
                where.longitude,
                where.source,
                where.precision,
                where.detail,
                where.warning,
                where.distance_mi,
                where.zone,
                where.hold,
                tracking_id,
            ),
        )
        status = Status(parcel["status"])
        if status is Status.EXCEPTION and parcel["status_reason"] in (
            "unexpected",
            "needs_location",
            "out_of_zone",
        ):
            if where.hold is None:
                append(
                    db, actor, [Change(tracking_id, Status.RECEIVED, reason="address added")], at=at
                )
            elif where.hold != parcel["status_reason"]:
                append(db, actor, [Change(tracking_id, Status.EXCEPTION, reason=where.hold)], at=at)
    return get(db, tracking_id)


def match_scan(db: sqlite_utils.Database, candidates: tuple[str, ...]) -> str | None:
    """The tracking id in the shop that a normalised scan's candidates name, if any: the exact
    code first; raises `scan_match.AmbiguousScan` (a sentence) rather than guess between two."""
    return scan_match.only_match(db, candidates)


def log_scan(
    db: sqlite_utils.Database,
    actor: Actor,
    shown: str,
    tracking_id: str | None,
    outcome: str,
    at: str,
) -> None:
    """Keep a scan in the scan log (`shown` is the raw scan made visible), whatever it did."""
    db.conn.execute(
        "INSERT INTO scans (at, raw, tracking_id, outcome, staff, counter) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (at, shown, tracking_id, outcome, actor.staff, actor.counter),
    )
