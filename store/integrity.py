"""A damaged shop file is noticed by the first command that opens it.

SQLite notices a damaged page only when a query reads it, so a file can answer `missing` and
`check-in` for days with a page gone bad. Opening a file up to QUICK_CHECK_BYTES runs SQLite's
quick check (a few tens of milliseconds on a year of parcels); a bigger file (a quick check of
a five-year file takes 10 s) is checked in the background by the daily backup, on its fresh
copy, and a finding is written beside the file (`<file>.damaged`), which every later opening
reads first (a small file is checked again, so a good copy put in its place by hand opens).
`verify` and `restore` still open a damaged file: one to say what is wrong, the other to
replace it; a clean verify or a restore removes the mark.
"""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import datetime
from pathlib import Path

from store.errors import DatabaseUnavailable
from store.failures import damaged

#: Files up to this size get SQLite's quick check each time they are opened.
QUICK_CHECK_BYTES = 48 * 1024 * 1024
MAX_FINDINGS = 3


def quick_check(conn: sqlite3.Connection) -> list[str]:
    """SQLite's quick check: [] when the file is sound, else its first findings."""
    try:
        rows = [row[0] for row in conn.execute(f"PRAGMA quick_check({MAX_FINDINGS})")]
    except sqlite3.DatabaseError as error:
        return [str(error)]
    if rows == ["ok"]:
        return []
    lines = [line.strip() for row in rows for line in str(row).splitlines() if line.strip()]
    findings = [line for line in lines if not line.startswith("*** in database")]
    return findings[:MAX_FINDINGS] or lines[:1]


def check_on_open(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse a file that is marked damaged, or that is small and fails the quick check."""
    if str(path) == ":memory:":
        return
    finding = marked_damaged(path)
    if _size(path) <= QUICK_CHECK_BYTES:
        # Checked again even when marked: a good copy put in its place by hand opens.
        problems = quick_check(conn)
        if problems:
            finding = "; ".join(problems)
            mark_damaged(path, finding)
        elif finding is not None:
            clear_mark(path)
            finding = None
    if finding is not None:
        raise DatabaseUnavailable(damaged(path, finding))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def marker(path: Path) -> Path:
    return path.with_name(path.name + ".damaged")


def marked_damaged(path: Path) -> str | None:
    """The finding written when the file was found damaged, or None."""
    try:
        return marker(path).read_text(encoding="utf-8").strip() or "found damaged"
    except FileNotFoundError:
        return None
    except OSError as error:
        return f"its damage mark cannot be read: {error}"


def mark_damaged(path: Path, finding: str) -> None:
    """Write the finding beside the file, so every command says so until it is restored."""
    when = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    with contextlib.suppress(OSError):  # a read-only folder: this opening says it anyway
        marker(path).write_text(f"found {when}: {finding}\n", encoding="utf-8")


def clear_mark(path: Path) -> None:
    mark = marker(path)
    if mark.exists():
        with contextlib.suppress(OSError):  # read-only media: the mark stays, as the file does
            mark.unlink()


#: The triggers that make SQLite refuse to change or delete an event.
APPEND_ONLY_GUARDS = ("events_no_update", "events_no_delete")


def missing_guards(conn: sqlite3.Connection) -> list[str]:
    """The append-only triggers of the events table that are gone (someone dropped them)."""
    present = {
        name
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events'"
        )
    }
    return [name for name in APPEND_ONLY_GUARDS if name not in present]


def refuse_without_guards(conn: sqlite3.Connection, path: Path) -> None:
    """Inside a write transaction: no writing to a log that no longer protects itself."""
    gone = missing_guards(conn)
    if gone:
        raise DatabaseUnavailable(
            f"{path}: the event log's append-only guard ({', '.join(gone)}) has been removed, "
            "so the file was changed outside Parcel Desk; nothing is written to it. Run "
            "verify to see what changed, then restore a backup"
        )
