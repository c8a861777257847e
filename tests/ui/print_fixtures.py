"""The planned demo day the printing screens are tested on (made once per test module)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlite_utils

from store import demo, planning
from store.db import connect
from store.events import Actor

DAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)  # 09:00 at the demo shop
ACTOR = Actor("Ana", "Counter 1")


@pytest.fixture(scope="module")
def planned_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo shop with its day planned (made once for the module)."""
    path = tmp_path_factory.mktemp("planned_day") / "demo.db"
    db = connect(path)
    demo.create(db, today=DAY, now=NOW)
    problem = planning.prepare(db, DAY, None)
    planning.commit(db, ACTOR, problem, planning.solve(problem, seconds=0.5, seed=1))
    db.conn.close()
    return path


@pytest.fixture
def shop(planned_file: Path, tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    """A copy of the planned demo shop for one test."""
    shutil.copyfile(planned_file, tmp_path / "shop.db")
    db = connect(tmp_path / "shop.db")
    yield db
    db.conn.close()
