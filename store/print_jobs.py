"""Parcel labels from the shop file, in load order, and the record of labels printed.

A run's labels come out in the order its parcels go into the car: the last stop first, so
the first stop ends up on top. Each label says where its parcel goes (run and stop); when a
re-plan moves a parcel, its printed label is wrong. `label_prints` keeps where every label
said the parcel goes, so `changed_since_print` can hand back only the labels to redo.

The store builds the printing layer's frozen dataclasses (`labels.data`) and never draws.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

import sqlite_utils

from labels.data import ParcelLabel
from store import locate, parcels, runs
from store.db import write_transaction
from store.errors import BadInput, NotFound
from store.events import Actor
from store.scancodes import normalise
from store.settings import ShopSettings
from store.settings import load as load_settings
from store.timeutil import iso_z, utc_now

#: Label layout settings (store.settings.LABEL_LAYOUTS) -> the printing layer's layout names.
LAYOUT_KEYS = {
    "4x6": "thermal-4x6",
    "letter-2up": "letter-2up",
    "a4-2up": "a4-2up",
    "letter-4up": "letter-4up",
    "a4-4up": "a4-4up",
}

log = logging.getLogger(__name__)


def layout_key(setting: str) -> str:
    """The `labels.LAYOUTS` key of a label layout setting such as "4x6"."""
    return LAYOUT_KEYS[setting]


class Placement(NamedTuple):
    """Where a label says its parcel goes (run and stop are None before planning)."""

    tracking_id: str
    run_id: int | None
    stop_sequence: int | None


@dataclass(frozen=True)
class LabelBatch:
    """Labels in print order, and the placement each one shows (same order)."""

    labels: tuple[ParcelLabel, ...] = ()
    placements: tuple[Placement, ...] = ()

    def __len__(self) -> int:
        return len(self.labels)

    @property
    def tracking_ids(self) -> list[str]:
        return [label.tracking_id for label in self.labels]

    def only(self, tracking_ids: set[str]) -> LabelBatch:
        """The labels of these parcels, in this batch's order."""
        keep = [i for i, p in enumerate(self.placements) if p.tracking_id in tracking_ids]
        return LabelBatch(
            tuple(self.labels[i] for i in keep), tuple(self.placements[i] for i in keep)
        )


def _window(parcel: dict[str, Any]) -> str | None:
    start, end = parcel.get("window_start"), parcel.get("window_end")
    if start and end:
        return f"{start}–{end}"
    if start:
        return f"from {start}"
    return f"until {end}" if end else None


def _label(
    parcel: dict[str, Any],
    day: date,
    shop: ShopSettings,
    *,
    run_label: str | None = None,
    stop_number: int | None = None,
    index: int = 1,
    count: int = 1,
    location_note: str | None = None,
) -> ParcelLabel:
    """The label of `parcel`; `location_note` is its stop's (the stop is as exact as its least
    exact parcel), else the parcel's own."""
    if location_note is None:
        location_note = locate.location_note([parcel])
    return ParcelLabel(
        tracking_id=parcel["tracking_id"],
        recipient_name=parcel["recipient_name"] or "",
        address_line1=parcel["address_line1"] or "",
        address_line2=parcel["address_line2"] or "",
        city=parcel["city"] or "",
        state=parcel["state"] or "",
        postal_code=parcel["postal_code"] or "",
        date=day,
        shop_name=shop.name,
        run_label=run_label,
        stop_number=stop_number,
        parcel_index=index,
        parcel_count=count,
        zone=parcel["zone"],
        signature_required=bool(parcel["signature_required"]),
        window=_window(parcel),
        notes=parcel["notes"] or "",
        service=parcel["service"],
        weight_lb=parcel["weight_lb"],
        location_note=location_note,
    )


def load_order(run: runs.RunView) -> Iterator[tuple[runs.StopView, int, dict[str, Any]]]:
    """(stop, parcel number at the stop, parcel) in loading order: last stop first."""
    for stop in reversed(run.stops):
        for index, parcel in enumerate(stop.parcels, start=1):
            yield stop, index, parcel


def _run_batch(run: runs.RunView, shop: ShopSettings) -> LabelBatch:
    day = date.fromisoformat(run.plan_date)
    labels, placements = [], []
    for stop, index, parcel in load_order(run):
        labels.append(
            _label(parcel, day, shop, run_label=run.label, stop_number=stop.sequence,
                   index=index, count=len(stop.parcels), location_note=stop.location_note)
        )  # fmt: skip
        placements.append(Placement(parcel["tracking_id"], run.id, stop.sequence))
    return LabelBatch(tuple(labels), tuple(placements))


def _joined(batches: Iterable[LabelBatch]) -> LabelBatch:
    labels: list[ParcelLabel] = []
    placements: list[Placement] = []
    for batch in batches:
        labels += batch.labels
        placements += batch.placements
    return LabelBatch(tuple(labels), tuple(placements))


def labels_for_run(db: sqlite_utils.Database, run_id: int) -> LabelBatch:
    """The labels of one run in load order (raises NotFound for an unknown run)."""
    return _run_batch(runs.get_run(db, run_id), load_settings(db))


def labels_for_day(db: sqlite_utils.Database, day: date) -> LabelBatch:
    """The labels of every run of the day, run after run, each in load order."""
    return labels_for_runs(runs.runs_of_day(db, day), load_settings(db))


def labels_for_runs(day_runs: Iterable[runs.RunView], shop: ShopSettings) -> LabelBatch:
    """The labels of these runs (already read), run after run, each in load order."""
    return _joined(_run_batch(run, shop) for run in day_runs)


def label_for_parcel(
    db: sqlite_utils.Database, tracking_id: str, *, day: date | None = None
) -> LabelBatch:
    """One parcel's label (a reprint): with its run and stop when it is on one, else without.

    An unplanned label carries `day`, else the day the parcel was expected, else today.
    """
    shop = load_settings(db)
    where = runs.current_stop(db, tracking_id)
    if where is not None:
        run, stop = where
        position = [p["tracking_id"] for p in stop.parcels].index(tracking_id)
        label = _label(
            stop.parcels[position], date.fromisoformat(run.plan_date), shop,
            run_label=run.label, stop_number=stop.sequence, index=position + 1,
            count=len(stop.parcels), location_note=stop.location_note,
        )  # fmt: skip
        return LabelBatch((label,), (Placement(tracking_id, run.id, stop.sequence),))
    parcel = parcels.get(db, tracking_id)
    when = day or _expected_day(parcel) or utc_now().astimezone(shop.tz).date()
    return LabelBatch((_label(parcel, when, shop),), (Placement(tracking_id, None, None),))


def find_parcel(db: sqlite_utils.Database, typed: str) -> str:
    """The shop's tracking id for what was typed or scanned (scanner noise allowed)."""
    if not typed.strip():
        raise BadInput("scan or type a tracking id first")
    code = normalise(typed)
    found = parcels.match_scan(db, code.candidates) if code.readable else None
    if found is None:
        shown = (code.primary or typed.strip())[:40]
        raise NotFound(f"no parcel {shown} in this shop")
    return found


def _expected_day(parcel: dict[str, Any]) -> date | None:
    text = parcel.get("expected_date")
    return date.fromisoformat(text) if text else None


def _last_printed(db: sqlite_utils.Database, tracking_ids: list[str]) -> dict[str, Placement]:
    last: dict[str, Placement] = {}
    for tracking_id, run_id, sequence in db.conn.execute(
        "SELECT tracking_id, run_id, stop_sequence FROM label_prints "
        "WHERE tracking_id IN (SELECT value FROM json_each(?)) ORDER BY id",
        (json.dumps(tracking_ids),),
    ):
        last[tracking_id] = Placement(tracking_id, run_id, sequence)
    return last


def any_printed(db: sqlite_utils.Database, day: date) -> bool:
    """Whether a label of the day's runs was printed at all (else nothing can be reprinted)."""
    ids = labels_for_day(db, day).tracking_ids
    return bool(_last_printed(db, ids))


def changed_since_print(
    db: sqlite_utils.Database, day: date, *, run_id: int | None = None
) -> LabelBatch:
    """The labels that no longer say where their parcel goes, for the day (or one run):
    parcels on a run whose last printed label shows another run or stop (moved by a re-plan,
    or never labelled for a run), in load order; then parcels a re-plan took off the run
    their label names, back on the shelf, with a label that says "not planned"."""
    batch = labels_for_day(db, day) if run_id is None else labels_for_run(db, run_id)
    last = _last_printed(db, batch.tracking_ids)
    if not last:  # nothing printed yet: there is nothing to reprint, only labels to print
        return LabelBatch((), ())
    moved = batch.only({p.tracking_id for p in batch.placements if last.get(p.tracking_id) != p})
    day_runs = {run.id for run in runs.runs_of_day(db, day, include_cancelled=True)}
    named = {run_id} if run_id is not None else day_runs
    shelved = [
        placement.tracking_id
        for placement in _last_printed(db, runs.plannable_ids(db)).values()
        if placement.run_id in named
    ]
    return _joined([moved, *(label_for_parcel(db, t, day=day) for t in shelved)])


def record_printed(
    db: sqlite_utils.Database,
    batch: LabelBatch,
    actor: Actor | None = None,
    *,
    at: datetime | None = None,
) -> int:
    """Write down where each label of `batch` said its parcel goes, and who printed it (one
    transaction)."""
    if not batch.placements:
        return 0
    stamp = iso_z(at or utc_now())
    staff, counter = (actor.staff, actor.counter) if actor else ("", "")
    with write_transaction(db):
        db.conn.executemany(
            "INSERT INTO label_prints (tracking_id, run_id, stop_sequence, printed_at, staff, "
            "counter) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (p.tracking_id, p.run_id, p.stop_sequence, stamp, staff, counter)
                for p in batch.placements
            ],
        )
    log.info("labels printed: %d", len(batch.placements))
    return len(batch.placements)


def require_run(db: sqlite_utils.Database, run_id: int) -> runs.RunView:
    """The run, or NotFound in words the command line prints."""
    try:
        return runs.get_run(db, run_id)
    except NotFound:
        raise NotFound(f"there is no run {run_id} (see `runs` for the day's run ids)") from None
