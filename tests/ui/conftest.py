"""Fixtures of the console tests: a fresh demo shop per test, a recording sound player, a
scanner capture with a test-controlled key clock, and the screens shown like the clerk sees them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from store import db as store_db
from store import demo
from store.events import Actor
from tests.osm_world import copy_shop
from ui.checkin.checkin_view import CheckinView
from ui.common.scanner import ScanCapture
from ui.common.session import Session
from ui.window.main_window import MainWindow

#: The offscreen platform says this on every window shown; it is not about our code.
OFFSCREEN_NOISE = r"This plugin does not support propagateSizeHints\(\)"
UI_TESTS = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if UI_TESTS in Path(item.path).parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


class RecordingSounds:
    """A sound player that only writes down what it was asked to play."""

    def __init__(self) -> None:
        self.played: list[str] = []

    def play(self, name: str) -> None:
        self.played.append(name)


class KeyClock:
    """Key press times for the scanner capture: `step` seconds apart (scanner speed default)."""

    def __init__(self, step: float = 0.004) -> None:
        self.step = step
        self.now = 1000.0

    def __call__(self, _event: object) -> float:
        self.now += self.step
        return self.now


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    return tmp_path / "shop.db"


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo shop, made once per test run (each test gets its own copy)."""
    path = tmp_path_factory.mktemp("template") / "demo.db"
    db = store_db.connect(path)
    demo.create(db)
    db.conn.close()  # the last connection's close folds the WAL into the file
    return path


@pytest.fixture
def shop(demo_file: Path, db_file: Path) -> Iterator[sqlite_utils.Database]:
    """The demo shop: today's manifest of 162 parcels, about half checked in, and its
    street map (the shipped Harrisburg extract)."""
    copy_shop(demo_file, db_file)
    db = store_db.connect(db_file)
    yield db
    db.conn.close()


@pytest.fixture
def session(shop: sqlite_utils.Database, db_file: Path) -> Session:
    return Session.open(shop, db_file, Actor("Ben", "Counter 2"))


@pytest.fixture
def sounds() -> RecordingSounds:
    return RecordingSounds()


@pytest.fixture
def key_clock() -> KeyClock:
    return KeyClock()


@pytest.fixture
def scanner(qapp: QApplication, key_clock: KeyClock) -> Iterator[ScanCapture]:
    capture = ScanCapture(key_time=key_clock)
    qapp.installEventFilter(capture)
    yield capture
    qapp.removeEventFilter(capture)
    capture.deleteLater()


def show_focused(qtbot: object, window: QWidget, focus: QWidget) -> None:
    """Show a window for real (offscreen) and put the keyboard focus where the clerk would."""
    window.show()
    qtbot.waitExposed(window)  # type: ignore[attr-defined]
    window.activateWindow()
    focus.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(focus.hasFocus)  # type: ignore[attr-defined]


@pytest.fixture
def focus(qtbot: object) -> object:
    """`focus(window, widget)`: show the window and give `widget` the keyboard focus."""
    return lambda window, widget: show_focused(qtbot, window, widget)


@pytest.fixture
def checkin_view(qtbot: object, session: Session, sounds: RecordingSounds) -> CheckinView:
    view = CheckinView(session, sounds)
    qtbot.addWidget(view)  # type: ignore[attr-defined]
    view.resize(1100, 750)
    show_focused(qtbot, view, view.scan_box)
    return view


@pytest.fixture
def window(
    qtbot: object, session: Session, sounds: RecordingSounds, scanner: ScanCapture
) -> MainWindow:
    main = MainWindow(session, sounds, scanner)
    qtbot.addWidget(main)  # type: ignore[attr-defined]
    show_focused(qtbot, main, main.checkin.scan_box)
    return main


class Peek:
    """Reads the shop database the way a test checks it (setup and asserts only)."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def ids(self, where: str) -> list[str]:
        """Tracking ids of parcels matching an SQL condition, in order."""
        return [
            row[0]
            for row in self.db.conn.execute(
                f"SELECT tracking_id FROM parcels WHERE {where} ORDER BY tracking_id"
            )
        ]

    def status(self, tracking_id: str) -> tuple[str, str | None]:
        row = self.db.conn.execute(
            "SELECT status, status_reason FROM parcels WHERE tracking_id = ?", (tracking_id,)
        ).fetchone()
        return row[0], row[1]

    def scalar(self, sql: str, *params: object) -> object:
        return self.db.conn.execute(sql, params).fetchone()[0]


@pytest.fixture
def peek(shop: sqlite_utils.Database) -> Peek:
    return Peek(shop)
