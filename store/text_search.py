"""Searching names and addresses as a clerk types them: accents and case do not matter.

A recipient at the counter says "Núñez"; the clerk types "Nunez" on a US keyboard. SQLite's
LIKE ignores the case of ASCII letters only, so each connection gets a `fold()` SQL function
(accents off, case folded) and a search compares folded text. Folding is a Python call per
row (about 7 µs): use it where an index has already narrowed the rows to the shelf's few
hundred (Pickup), not over years of parcels (there a folded, indexed copy of the text is
needed: FTS5's unicode61 tokenizer removes diacritics).
"""

from __future__ import annotations

import sqlite3
import unicodedata


def fold(text: str | None) -> str | None:
    """ "José Núñez" → "jose nunez"; "Straße" → "strasse"."""
    if text is None:
        return None
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def register(conn: sqlite3.Connection) -> None:
    """Make `fold()` available to this connection's SQL."""
    conn.create_function("fold", 1, fold, deterministic=True)


def contains(column: str) -> str:
    """SQL true when `column` contains the text (one `pattern(text)` parameter)."""
    return f"fold({column}) LIKE ? ESCAPE '\\'"


def pattern(text: str) -> str:
    """The LIKE pattern of a search text (folded, wildcards escaped), for `contains`."""
    folded = fold(text) or ""
    return "%" + folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
