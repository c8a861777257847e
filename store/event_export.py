"""The event log as CSV, fast enough for five years of a busy shop (millions of events).

A plain `csv.writer` over `SELECT *` spends most of its time making and inspecting Python
objects: 12 cells per event. Here SQLite joins the cells that can never need quoting (ids,
tracking ids, status words, timestamps, numbers, hex digests) into a few strings per row,
Python quotes only the text cells (with the same formula rule as the status CSV), and the
whole log is split between processes, one per core, since formatting is Python work that
threads would not share. The file is the same as the csv module would write.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import lru_cache
from pathlib import Path
from typing import TextIO

from store.cells import safe_cell

COLUMNS = (
    "id",
    "tracking_id",
    "status",
    "at",
    "staff",
    "counter",
    "run_id",
    "stop_sequence",
    "reason",
    "details",
    "prev_hash",
    "hash",
)
HEADER = ",".join(COLUMNS) + "\r\n"
#: Below this many events one process is quicker than starting a second one.
PARALLEL_FROM = 200_000
_SELECT = (
    "SELECT id || ',' || tracking_id || ',' || status || ',' || at, staff, counter, "
    "coalesce(run_id, '') || ',' || coalesce(stop_sequence, ''), reason, details, "
    "prev_hash || ',' || hash FROM events"
)


@lru_cache(maxsize=4096)
def _text(value: str | None) -> str:
    """A cell people typed (staff, counter, reason): formula-safe, quoted when needed."""
    text = safe_cell(value)
    if '"' in text or "," in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def _json(value: str | None) -> str:
    """Event details are JSON objects: they start with '{' and always need quoting."""
    return "" if value is None else '"' + value.replace('"', '""') + '"'


def _lines(cursor: sqlite3.Cursor) -> Iterator[str]:
    """CSV text for the cursor's events, a few thousand rows at a time."""
    while rows := cursor.fetchmany(5000):
        yield "".join(
            f"{head},{_text(staff)},{_text(counter)},{numbers},{_text(reason)},"
            f"{_json(details)},{hashes}\r\n"
            for head, staff, counter, numbers, reason, details, hashes in rows
        )


def write_range(conn: sqlite3.Connection, out: TextIO, where: str, params: tuple) -> int:
    """Write the events matching `where` (in id order); returns how many."""
    count = 0
    for chunk in _lines(conn.execute(f"{_SELECT} WHERE {where} ORDER BY id", params)):
        out.write(chunk)
        count += chunk.count("\r\n")
    return count


def _write_range_to_file(db_file: str, low: int, high: int, target: str) -> int:
    """In a worker process: events low..high of the shop file into `target`."""
    conn = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
    try:
        with open(target, "w", encoding="utf-8", newline="") as out:
            return write_range(conn, out, "id BETWEEN ? AND ?", (low, high))
    finally:
        conn.close()


def export_all(
    conn: sqlite3.Connection, db_file: str, out: TextIO, *, workers: int | None = None
) -> int:
    """The whole log; the first part is written here while other processes write the rest."""
    out.write(HEADER)
    low, high, count = conn.execute("SELECT min(id), max(id), count(*) FROM events").fetchone()
    workers = workers or min(2, os.cpu_count() or 1)
    if count < PARALLEL_FROM or workers < 2 or not db_file:
        return write_range(conn, out, "1", ())
    bounds = [low + (high - low + 1) * part // workers for part in range(workers + 1)]
    ranges = [(bounds[i], bounds[i + 1] - 1) for i in range(workers)]
    written = 0
    with (
        tempfile.TemporaryDirectory(prefix="parcel-desk-events-") as folder,
        ProcessPoolExecutor(
            max_workers=workers - 1, mp_context=multiprocessing.get_context("spawn")
        ) as pool,
    ):
        parts = [
            pool.submit(_write_range_to_file, db_file, lo, hi, str(Path(folder) / f"{i}.csv"))
            for i, (lo, hi) in enumerate(ranges[1:], start=1)
        ]
        written += write_range(conn, out, "id BETWEEN ? AND ?", ranges[0])
        for index, part in enumerate(parts, start=1):
            try:
                written += part.result()
            except (BrokenProcessPool, OSError):
                # No helper process here (a frozen or embedded interpreter, say): this part
                # is written in this process instead, a little slower, the same file.
                written += write_range(conn, out, "id BETWEEN ? AND ?", ranges[index])
                continue
            _append_file(Path(folder) / f"{index}.csv", out)
    return written


def _append_file(part: Path, out: TextIO) -> None:
    """Copy a worker's part onto `out`: as bytes when `out` is a file (no decoding)."""
    raw = getattr(out, "buffer", None)
    if raw is not None and getattr(out, "encoding", "").lower().replace("-", "") == "utf8":
        out.flush()
        with part.open("rb") as piece:
            shutil.copyfileobj(piece, raw, 1 << 20)
        return
    with part.open(encoding="utf-8", newline="") as piece:
        shutil.copyfileobj(piece, out, 1 << 20)
