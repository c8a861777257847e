"""Recording results by scanning the driver's printed manifest: a stop, then its outcome.

The clerk scans a stop's code (or one parcel's label), then the outcome code the driver
ticked; the result is recorded for the whole stop (or the one parcel). Scans in the wrong
order and codes that are not ours get an answer that says what to scan next. The session
holds only what is selected; every recorded result is committed before the answer returns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

import sqlite_utils

from labels.words import counted
from store import results
from store.codes import Kind, Parsed, parse
from store.errors import BadInput
from store.events import Actor
from store.parcels import match_scan
from store.statuses import Status


class Answer(StrEnum):
    STOP_SELECTED = "stop_selected"
    PARCEL_SELECTED = "parcel_selected"
    RECORDED = "recorded"
    REFUSED = "refused"


@dataclass(frozen=True)
class SessionAnswer:
    answer: Answer
    message: str
    recorded: list[results.Recorded] = field(default_factory=list)


@dataclass(frozen=True)
class _Selection:
    run_id: int
    sequence: int
    parcel: str | None  # one parcel selected by its label, or None for the whole stop
    label: str


class ManifestScanSession:
    """Scan a stop (or a parcel), then an outcome: the result is recorded."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        actor: Actor,
        *,
        clock: Callable[[], datetime | None] = lambda: None,
    ) -> None:
        self._db = db
        self._actor = actor
        self._clock = clock
        self._selection: _Selection | None = None

    @property
    def selected(self) -> str | None:
        """What the next outcome applies to, in words (None when nothing is selected)."""
        return self._selection.label if self._selection else None

    def reset(self) -> None:
        self._selection = None

    def scan(self, raw: str) -> SessionAnswer:
        parsed = parse(raw)
        try:
            if parsed.kind is Kind.STOP:
                return self._select_stop(parsed)
            if parsed.kind is Kind.PARCEL:
                return self._select_parcel(parsed)
            if parsed.kind is Kind.OUTCOME:
                return self._record(parsed)
        except BadInput as error:
            return SessionAnswer(Answer.REFUSED, str(error))
        return SessionAnswer(Answer.REFUSED, f"Not a manifest code: {parsed.problem}")

    def _select_stop(self, parsed: Parsed) -> SessionAnswer:
        assert parsed.run_id is not None and parsed.sequence is not None
        ids = results.stop_parcels_out(self._db, parsed.run_id, parsed.sequence)
        row = self._db.conn.execute(
            "SELECT number, driver_name FROM runs WHERE id = ?", (parsed.run_id,)
        ).fetchone()
        label = f"Run {row[0]} · {row[1]}, stop {parsed.sequence}"
        self._selection = _Selection(parsed.run_id, parsed.sequence, None, label)
        return SessionAnswer(
            Answer.STOP_SELECTED, f"{label}: {counted(len(ids), 'parcel')} out. Scan the outcome"
        )

    def _select_parcel(self, parsed: Parsed) -> SessionAnswer:
        tracking_id = match_scan(self._db, parsed.candidates)
        if tracking_id is None:
            raise BadInput(f"No parcel {parsed.text} in this shop")
        found = results.lookup_for_result(self._db, tracking_id)
        if found.status is not Status.OUT_FOR_DELIVERY:
            raise BadInput(
                f"{tracking_id} is {found.status.replace('_', ' ')}, not out for delivery: "
                "nothing to record"
            )
        assert found.run_id is not None and found.stop_sequence is not None
        label = f"{tracking_id} ({found.run_label}, stop {found.stop_sequence})"
        self._selection = _Selection(found.run_id, found.stop_sequence, tracking_id, label)
        return SessionAnswer(Answer.PARCEL_SELECTED, f"{label}. Scan the outcome")

    def _record(self, parsed: Parsed) -> SessionAnswer:
        assert parsed.outcome is not None
        if self._selection is None:
            raise BadInput(f"{parsed.outcome.caption}: scan a stop or a parcel first")
        selection, code = self._selection, parsed.outcome
        word = {"how": code.word} if code.outcome == "delivered" else {"reason": code.word}
        at = self._clock()
        if selection.parcel is not None:
            recorded = [
                results.record_result(
                    self._db, self._actor, selection.parcel, code.outcome, **word, at=at
                )
            ]
        else:
            recorded = results.record_stop(
                self._db, self._actor, selection.run_id, selection.sequence, code.outcome,
                **word, at=at,
            )  # fmt: skip
        self._selection = None
        back = " The run is back." if any(r.run_back for r in recorded) else ""
        return SessionAnswer(
            Answer.RECORDED,
            f"{selection.label}: {code.caption} ({counted(len(recorded), 'parcel')}).{back}",
            recorded,
        )
