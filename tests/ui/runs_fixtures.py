"""Fixtures of the Runs screen tests: a small shop day, the screen on it, and a thread guard.

The day: 15 parcels at 14 doors within six miles of the shop (two share a door), all due
today; three drivers whose cars hold 6 parcels each, so every driver gets a run. One stop
(Early Bird) must be served 09:00–10:00 and Sam starts at 12:00: moving it onto Sam's run
makes it late. Import them with `from tests.ui.runs_fixtures import *` (pytest fixtures).
"""

from __future__ import annotations

import math
import shutil
import threading
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlite_utils
from PySide6.QtCore import QThread

from store import drivers, settings
from store.checkin import check_in
from store.db import connect
from store.events import Actor
from store.manifest import import_bytes
from ui.runs.runs_view import RunsView

DAY = date(2026, 11, 25)
MORNING = datetime(2026, 11, 25, 13, 0, tzinfo=UTC)  # 08:00 in Virginia
SHOP = (38.9187, -77.2311)
ACTOR = Actor(staff="Ana", counter="Counter 1")
EARLY = "Early Bird"
#: The offscreen platform says this on every window shown; it is not about our code.
OFFSCREEN_NOISE = r"This plugin does not support propagateSizeHints\(\)"
HEADER = (
    "tracking_id,recipient_name,address_line1,city,state,postal_code,latitude,longitude,"
    "window_start,window_end,service"
)


def _row(n: int, name: str, miles: float, bearing: float, window: str = ",", door: int = 0) -> str:
    lat = SHOP[0] + miles / 69.0 * math.cos(math.radians(bearing))
    lon = SHOP[1] + miles / (69.0 * math.cos(math.radians(SHOP[0]))) * math.sin(
        math.radians(bearing)
    )
    return (
        f"TBA2000000{n:02d},{name},{door or n} Test St,Vienna,VA,22182,{lat:.5f},{lon:.5f},"
        f"{window},same_day"
    )


def small_day_rows() -> list[str]:
    rows = [_row(1, EARLY, 1.0, 10, "09:00,10:00")]
    rows += [_row(n, f"Person {n}", 1.0 + (n * 7) % 5, n * 26) for n in range(2, 15)]
    rows.append(_row(15, "Person 14", 1.0 + (14 * 7) % 5, 14 * 26, door=14))  # same door
    return rows


def build_small_day(path: Path) -> None:
    db = connect(path)
    settings.update(
        db, name="Test Shop", latitude=SHOP[0], longitude=SHOP[1], timezone="America/New_York"
    )
    for name, start, end in (("Dev", "09:00", "17:00"), ("Maria", "09:00", "15:00"),
                             ("Sam", "12:00", "19:00")):  # fmt: skip
        drivers.add(db, name, capacity=6, shift_start=start, shift_end=end)
    data = ("\r\n".join([HEADER, *small_day_rows()]) + "\r\n").encode()
    import_bytes(db, ACTOR, data, "m.csv", DAY, at=MORNING)
    for line in small_day_rows():
        check_in(db, ACTOR, line.split(",")[0], at=MORNING)
    db.conn.close()


@pytest.fixture(scope="session")
def small_day_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("runs") / "small.db"
    build_small_day(path)
    return path


@pytest.fixture
def shop_db(small_day_file: Path, tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    """A fresh copy of the small day, closed after the test."""
    path = tmp_path / "shop.db"
    shutil.copyfile(small_day_file, path)
    db = connect(path)
    yield db
    db.conn.close()


@pytest.fixture
def no_thread_left() -> Iterator[None]:
    """Fails the test if it leaves a Python thread or a QThread running."""
    before = set(threading.enumerate())
    yield
    # A thread that is ending (a QThread past its last signal, the helper process's reaper)
    # gets a moment to finish; one still running after it is left behind.
    deadline = time.monotonic() + 2.0
    while left := [t for t in threading.enumerate() if t not in before and t.is_alive()]:
        if time.monotonic() > deadline:
            break
        time.sleep(0.02)
    assert left == [], f"threads left running: {left}"


@pytest.fixture
def runs_view(
    qtbot: object, shop_db: sqlite_utils.Database, no_thread_left: None
) -> Iterator[RunsView]:
    """The Runs screen on the small day, shown; plans are capped at 150 iterations."""
    view = RunsView(shop_db, lambda: ACTOR, lambda: DAY, iterations=150)
    qtbot.addWidget(view)  # type: ignore[attr-defined]
    view.resize(1200, 800)
    view.show()
    qtbot.waitExposed(view)  # type: ignore[attr-defined]
    yield view
    view.shutdown()
    assert not view.planner.running
    assert [t for t in view.findChildren(QThread) if t.isRunning()] == []
