"""Searches ignore accents and case: "Nunez" finds "Núñez", and "NÚÑEZ" finds "Nunez"."""

from __future__ import annotations

import sqlite3

from store import text_search


def test_fold_takes_accents_and_case_off():
    """The words a US keyboard types for names in other scripts' Latin letters."""
    assert text_search.fold("José Núñez") == "jose nunez"
    assert text_search.fold("Björn Straße") == "bjorn strasse"
    assert text_search.fold("ÇAĞLAR") == "caglar"
    assert text_search.fold(None) is None


def test_contains_matches_either_way_and_keeps_wildcards_literal():
    """A folded pattern against plain and accented values; % and _ typed are plain text."""
    conn = sqlite3.connect(":memory:")
    text_search.register(conn)
    conn.execute("CREATE TABLE t (name TEXT)")
    conn.executemany("INSERT INTO t VALUES (?)",
                     [("José Núñez",), ("Jose Nunez",), ("Ann 50% off",), (None,)])  # fmt: skip

    def found(text: str) -> list[str]:
        like = text_search.pattern(text)
        sql = f"SELECT name FROM t WHERE {text_search.contains('name')} ORDER BY name"
        return [row[0] for row in conn.execute(sql, (like,))]

    assert found("nunez") == ["Jose Nunez", "José Núñez"]
    assert found("NÚÑEZ") == ["Jose Nunez", "José Núñez"]
    assert found("50%") == ["Ann 50% off"]
    assert found("5_%") == []
