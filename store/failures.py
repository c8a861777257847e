"""SQLite's failures of the environment, told apart from bugs and said in words.

A read-only file, a full disk, a damaged page, a file locked by another counter: none is the
clerk's typo and none is a bug; each gets one sentence that says what to do. Any other SQLite
error (a missing table, a broken constraint) is a bug and stays one.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from store.errors import DatabaseBusy, DatabaseUnavailable

#: SQLite's primary result codes that mean the environment failed (sqlite.org/rescode.html).
_PERM, _BUSY, _LOCKED, _NOMEM, _READONLY, _IOERR, _CORRUPT = 3, 5, 6, 7, 8, 10, 11
_FULL, _CANTOPEN, _PROTOCOL, _NOLFS, _AUTH, _NOTADB = 13, 14, 15, 22, 23, 26
ENVIRONMENT = frozenset(
    {_PERM, _BUSY, _LOCKED, _NOMEM, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN}
    | {_PROTOCOL, _NOLFS, _AUTH, _NOTADB}
)


def primary_code(error: BaseException) -> int | None:
    """SQLite's primary result code of an sqlite3 error (None when it carries none)."""
    code = getattr(error, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def environment_failure(path: Path | str, error: BaseException) -> DatabaseUnavailable | None:
    """Our error for an sqlite3 error that the environment caused, else None (a bug)."""
    if not isinstance(error, sqlite3.Error):
        return None
    code = primary_code(error)
    if code is None:
        text = str(error)
        known = ("malformed", "not a database", "readonly", "disk", "locked", "unable to open")
        if not any(words in text for words in known):
            return None
    elif code not in ENVIRONMENT:
        return None
    kind = DatabaseBusy if code in (_BUSY, _LOCKED) else DatabaseUnavailable
    return kind(describe_failure(Path(path), error))


def damaged(path: Path, finding: str) -> str:
    """What to say about a damaged shop file, and what to do."""
    return (
        f"{path} is damaged ({finding}); nothing was changed. Restore the last good backup: "
        f"parcel-desk --db {path} restore BACKUP (the daily backups are in "
        f"{path.parent / 'backups'})"
    )


def describe_failure(path: Path, error: sqlite3.Error) -> str:
    """Turn an sqlite3 error into words a shop owner can act on."""
    text = str(error)
    code = primary_code(error)
    if code == _NOTADB or "file is not a database" in text:
        return f"{path} is not a Parcel Desk database (or it is damaged): {text}"
    if code == _CORRUPT or "malformed" in text:
        return damaged(path, text)
    if code in (_BUSY, _LOCKED) or "locked" in text or "busy" in text:
        from store.db import BUSY_TIMEOUT_MS

        return (
            f"{path} is busy: another counter (or program) is writing to it and did not "
            f"finish in {BUSY_TIMEOUT_MS // 1000} s ({text})"
        )
    if code == _READONLY or "readonly" in text:
        return read_only(path)
    if code == _FULL or ("disk" in text and "full" in text):
        return f"cannot write {path}: the disk is full; free some space and try again ({text})"
    if code == _IOERR or ("disk" in text and "I/O" in text):
        return f"cannot write {path}: the disk is failing or was removed ({text})"
    if code in (_CANTOPEN, _PERM) or "unable to open" in text:
        return f"cannot open {path} for writing: {text} (is the file or its folder read-only?)"
    return f"cannot use the database {path}: {text}"


def read_only(path: Path) -> str:
    return (
        f"{path} is read-only: Parcel Desk cannot record anything in it. Make the file (and "
        "its folder) writable, or copy it somewhere writable and open the copy with --db"
    )
