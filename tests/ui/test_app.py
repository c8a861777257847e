"""Opening the console: the database, who is at the counter, the window; failures in words."""

from __future__ import annotations

import argparse
import shutil
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

import commands
from store import db as store_db
from store import logfile, settings, staff
from ui import app
from ui.help import open_folder
from ui.setup.setup_window import Outcome
from ui.shop.who_dialog import WhoDialog
from ui.window.main_window import MainWindow


class QuietSounds:
    def __init__(self, *_args: object) -> None:
        self.played: list[str] = []

    def play(self, name: str) -> None:
        self.played.append(name)

    def preload(self) -> None:
        pass


@pytest.fixture(autouse=True)
def quiet(monkeypatch):
    """No real audio in tests."""
    monkeypatch.setattr(app, "QtSounds", QuietSounds)


def console_args(*argv: str) -> argparse.Namespace:
    return commands.build_parser().parse_args(list(argv))


def run_until_ready(args: argparse.Namespace) -> tuple[int, dict]:
    """Open the console; once its window is up, note what it shows and close it."""
    seen: dict = {}

    def ready() -> None:
        [window] = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        seen["title"] = window.windowTitle()
        seen["page"] = window.stack.currentWidget()
        seen["checkin"] = window.checkin
        seen["visible"] = window.isVisible()
        # exit(), not quit(): quit() marks the whole application as closing, which would
        # keep the windows of later tests from being activated.
        QApplication.exit(0)

    args.on_ready = ready
    return app.open_console(args), seen


def test_console_opens_the_shop_and_backs_it_up(qapp, demo_file, tmp_path):
    """With --db and --staff the window opens on Check-in, and today's backup is made."""
    db_file = tmp_path / "shop.db"
    shutil.copyfile(demo_file, db_file)
    code, seen = run_until_ready(console_args("--db", str(db_file), "--staff", "Ana"))
    assert code == 0
    assert seen["visible"] and seen["page"] is seen["checkin"]
    assert "Ana at " in seen["title"] and "DEMO" in seen["title"]
    assert len(list((tmp_path / "backups").glob("shop.????-??-??.db"))) == 1


@pytest.fixture
def fresh_pc(tmp_path, monkeypatch):
    """A PC where Parcel Desk never ran: no shop file, no demo file, Chloé at the counter."""
    places = {"shop": tmp_path / "data" / "shop.db", "demo": tmp_path / "data" / "demo.db"}
    monkeypatch.setattr(app, "default_db_path", lambda: places["shop"])
    monkeypatch.setattr(app, "demo_db_path", lambda: places["demo"])
    monkeypatch.setattr(app, "ask_who", lambda db: "Chloé")
    return places


def test_first_start_opens_the_setup_window_not_the_demo(qapp, fresh_pc, monkeypatch):
    """No shop file: the setup window comes first; closing it makes no file at all."""
    asked: list = []
    monkeypatch.setattr(app, "run_setup", lambda path, **_: asked.append(path) or Outcome.QUIT)
    code, seen = run_until_ready(console_args("--counter", "Front"))
    assert code == 0 and seen == {}
    assert asked == [fresh_pc["shop"]]
    assert not fresh_pc["shop"].exists() and not fresh_pc["demo"].exists()


def test_a_file_with_no_shop_set_up_opens_the_setup_window(qapp, fresh_pc, monkeypatch):
    """A setup left before the shop's page was accepted: the next start asks again."""
    fresh_pc["shop"].parent.mkdir(parents=True)
    store_db.connect(fresh_pc["shop"]).conn.close()
    asked: list = []
    monkeypatch.setattr(app, "run_setup", lambda path, **_: asked.append(path) or Outcome.QUIT)
    code, _ = run_until_ready(console_args("--counter", "Front"))
    assert code == 0 and asked == [fresh_pc["shop"]]


def test_after_setup_the_console_opens_the_shop(qapp, fresh_pc, monkeypatch):
    """Once the setup window has set the shop up, the console opens on it (not the demo)."""

    def set_up(path, **_):
        db = store_db.connect(path)
        settings.save(db, settings.ShopSettings(name="Corner Shop", latitude=40.27,
                                                longitude=-76.8))  # fmt: skip
        db.conn.close()
        return Outcome.SHOP

    monkeypatch.setattr(app, "run_setup", set_up)
    code, seen = run_until_ready(console_args("--counter", "Front"))
    assert code == 0
    assert "Corner Shop" in seen["title"] and "DEMO" not in seen["title"]
    assert not fresh_pc["demo"].exists()


def test_try_the_demo_first_opens_the_demos_own_file(qapp, fresh_pc, monkeypatch):
    """ "Try the demo shop first": the demo day opens from demo.db; no shop file is made."""
    monkeypatch.setattr(app, "run_setup", lambda path, **_: Outcome.DEMO)
    code, seen = run_until_ready(console_args("--counter", "Front"))
    assert code == 0
    assert "Chloé at Front" in seen["title"] and "DEMO" in seen["title"]
    assert fresh_pc["demo"].exists() and not fresh_pc["shop"].exists()
    db = store_db.connect(fresh_pc["demo"])
    try:
        assert db.conn.execute("SELECT count(*) FROM parcels").fetchone()[0] > 100
    finally:
        db.conn.close()


def test_demo_option_goes_straight_to_the_demo(qapp, fresh_pc, monkeypatch):
    """`parcel-desk --demo` opens the demo day at once, with no setup window."""
    monkeypatch.setattr(app, "run_setup", lambda path, **_: pytest.fail("no setup for --demo"))
    code, seen = run_until_ready(console_args("--demo", "--staff", "Ana"))
    assert code == 0 and "DEMO" in seen["title"]
    code, seen = run_until_ready(console_args("--demo", "--staff", "Ana"))  # opened again
    assert code == 0 and "DEMO" in seen["title"] and not fresh_pc["shop"].exists()


def test_an_older_shop_file_is_updated_with_a_notice(qapp, tmp_path, monkeypatch):
    """A file of an older schema: a small window says it is being updated (and is gone once
    the update is done); the file opens at the current version, its backup beside it."""
    from store import migrations

    db_file = tmp_path / "shop.db"
    with monkeypatch.context() as patch:
        patch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:4])
        patch.setattr(migrations, "CURRENT_VERSION", 4)
        store_db.connect(db_file).conn.close()
    shown: list[str] = []
    real_show = app.QLabel.show
    monkeypatch.setattr(
        app.QLabel, "show", lambda label: (shown.append(label.text()), real_show(label))
    )
    db = app.open_shop(db_file, make_demo=False)
    try:
        assert migrations.schema_version(db) == migrations.CURRENT_VERSION
        [text] = shown
        assert text.startswith(
            f"Updating the shop file shop.db from version 4 to {migrations.CURRENT_VERSION}"
        )
        assert not [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        assert list((tmp_path / "backups").glob("shop.schema-v4.db"))
    finally:
        db.conn.close()
    again = app.open_shop(db_file, make_demo=False)  # current already: no notice
    again.conn.close()
    assert len(shown) == 1


def test_unusable_database_is_explained(qapp, tmp_path, monkeypatch):
    """A folder given as the database gets a message box in words and exit code 1."""
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    code = app.open_console(console_args("--db", str(tmp_path), "--staff", "Ana"))
    assert code == 1
    assert "is a folder, not a database file" in shown[0]


def test_nobody_chosen_quits_quietly(qapp, demo_file, tmp_path, monkeypatch):
    """Cancelling the who-is-at-the-counter question closes the console (exit 0)."""
    db_file = tmp_path / "shop.db"
    shutil.copyfile(demo_file, db_file)
    monkeypatch.setattr(app, "ask_who", lambda db: None)
    assert app.open_console(console_args("--db", str(db_file))) == 0


def test_who_dialog_enter_takes_the_highlighted_name(qtbot, shop):
    """The staff list is offered; arrow down and Enter choose a name."""
    dialog = WhoDialog(staff.names(shop), lambda name: staff.add(shop, name))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog.people, Qt.Key.Key_Down)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.people, Qt.Key.Key_Return)
    assert dialog.chosen == "Ben"


def test_who_dialog_adds_a_typed_name(qtbot, shop):
    """A name typed in the field is added to the staff and chosen with Enter."""
    dialog = WhoDialog(staff.names(shop), lambda name: staff.add(shop, name))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.new_name, "  Dana   Lee ")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.new_name, Qt.Key.Key_Return)
    assert dialog.chosen == "Dana Lee"
    assert "Dana Lee" in staff.names(shop)


def test_who_dialog_refuses_a_bad_name(qtbot, shop):
    """A name the store refuses is explained and the dialog stays open."""
    dialog = WhoDialog([], lambda name: staff.add(shop, name))
    qtbot.addWidget(dialog)
    dialog.new_name.setText("x" * 61)
    dialog.new_name.setMaxLength(100)
    dialog.new_name.setText("x" * 61)
    dialog.accept()
    assert dialog.chosen is None
    assert "at most 60" in dialog.error.text()


def test_a_bug_is_shown_in_words_with_the_log_file(window, monkeypatch, capsys, tmp_path):
    """An unexpected error: a message box naming the log file (which holds the traceback),
    with a button that opens the log's folder."""
    monkeypatch.setenv(logfile.FOLDER_ENV, str(tmp_path / "logs"))
    logfile.configure()
    opened: list[str] = []
    monkeypatch.setattr(
        open_folder.QDesktopServices,
        "openUrl",
        lambda url: opened.append(url.toLocalFile()) or True,
    )
    previous = app.report_bugs_to(window)
    try:
        try:
            raise ZeroDivisionError("division by zero")
        except ZeroDivisionError as error:
            sys.excepthook(type(error), error, error.__traceback__)
    finally:
        sys.excepthook = previous
        logfile.close()
    [box] = [w for w in window.findChildren(QMessageBox) if w.isVisible()]
    assert box.text().startswith("ZeroDivisionError: division by zero")
    assert str(tmp_path / "logs" / "parcel-desk.log") in box.text()
    [button] = [b for b in box.buttons() if b.text() == "Open the log's folder"]
    button.click()
    assert opened == [str(tmp_path / "logs")]
    logged = (tmp_path / "logs" / "parcel-desk.log").read_text(encoding="utf-8")
    assert "Traceback" in logged and "ZeroDivisionError: division by zero" in logged
    assert "Traceback" in capsys.readouterr().err
    box.close()


def test_daily_upkeep_purges_recipients_of_old_parcels(demo_file, tmp_path):
    """The day's first start backs up, then clears names of parcels finished long ago."""
    from datetime import date, timedelta

    from store.db import write_transaction
    from store.events import Actor, Change, append
    from store.statuses import Status
    from store.timeutil import utc_now

    db_file = tmp_path / "shop.db"
    shutil.copyfile(demo_file, db_file)
    db = store_db.connect(db_file)
    [tracking_id] = db.conn.execute(
        "SELECT tracking_id FROM parcels WHERE status = 'received' LIMIT 1"
    ).fetchone()
    with write_transaction(db):
        append(
            db,
            Actor("Ana", "C1"),
            [Change(tracking_id, Status.PICKED_UP)],
            at=utc_now() - timedelta(days=200),
        )
    db.conn.close()
    notes: list[str] = []
    app.start_daily_backup(db_file, date.today(), notes.append).join()
    db = store_db.connect(db_file)
    assert db.conn.execute(
        "SELECT recipient_name, purged_at IS NOT NULL FROM parcels WHERE tracking_id = ?",
        (tracking_id,),
    ).fetchone() == ("", 1)
    db.conn.close()
    assert any("cleared from 1 parcels" in note for note in notes)
