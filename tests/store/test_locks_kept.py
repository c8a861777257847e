"""Opening the shop file a second time in the same process keeps SQLite's locks.

The console opens the shop file more than once (the Parcels screen reads on its own
connection). Each `connect` tested the file with `os.open` + `os.close`, and closing any
descriptor of a file drops every POSIX lock the process holds on it, SQLite's included. The
next program to close the file (the other counter, a command) then found itself alone,
checkpointed and deleted the WAL under the console: from then on the console wrote into a
deleted file, and nothing it recorded reached the other counter.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from store import db as store_db


def _count_elsewhere(path: Path) -> int:
    """Open the file in another process (the other counter), count the rows, close it."""
    code = (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
        "print(c.execute('SELECT count(*) FROM t').fetchone()[0]); c.close()"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    )
    return int(out.stdout)


def test_a_second_connection_does_not_cut_the_other_counter_off(tmp_path):
    """Counter 1 opens its file twice; counter 2 reads and closes; counter 1's next write
    still reaches counter 2, and the WAL counter 1 writes into is still on disk."""
    path = tmp_path / "shop.db"
    first = store_db.connect(path)
    first.conn.execute("CREATE TABLE t (x)")
    first.conn.execute("INSERT INTO t VALUES (1)")
    second = store_db.connect(path, migrate=False)  # what the Parcels screen's reader does
    try:
        assert _count_elsewhere(path) == 1
        assert os.path.exists(f"{path}-wal"), "the other counter deleted the WAL in use"
        first.conn.execute("INSERT INTO t VALUES (2)")
        assert _count_elsewhere(path) == 2
    finally:
        second.conn.close()
        first.conn.close()
