"""A writer kept out by a long job raises its hand; the job lets it in before going on."""

from __future__ import annotations

import sys
import threading

import pytest

from store import waiting_writers
from store.db import connect, db_path, write_transaction, yield_to_writers

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="flock: POSIX only")


def test_nobody_waiting_means_no_hand_up(db) -> None:
    """Before any writer ever waited there is no flag at all, and no hand."""
    assert waiting_writers.hands_up(db_path(db)) is False


def test_the_job_lets_a_waiting_writer_in_before_its_next_transaction(db, db_file) -> None:
    """The job holds the lock; the other writer waits with its hand up; after the job's
    commit and pause the other writer's row comes before the job's next one."""
    other = connect(db_file)
    order: list[str] = []
    db.conn.execute("BEGIN IMMEDIATE")
    db.conn.execute("INSERT INTO staff (name, created_at) VALUES ('job 1', 'now')")

    def counter() -> None:
        with write_transaction(other):
            other.conn.execute("INSERT INTO staff (name, created_at) VALUES ('counter', 'now')")
        order.append("counter")

    waiter = threading.Thread(target=counter)
    waiter.start()
    for _ in range(5000):  # until its hand is up (a few milliseconds)
        if waiting_writers.hands_up(db_path(db)):
            break
        threading.Event().wait(0.001)
    assert waiting_writers.hands_up(db_path(db)) is True
    db.conn.execute("COMMIT")
    yield_to_writers(db, 0.05)
    with write_transaction(db):
        db.conn.execute("INSERT INTO staff (name, created_at) VALUES ('job 2', 'now')")
    waiter.join()
    names = [row[0] for row in db.conn.execute("SELECT name FROM staff ORDER BY id")]
    assert names == ["job 1", "counter", "job 2"]
    assert waiting_writers.hands_up(db_path(db)) is False
    other.conn.close()
