"""Global options before or after the command, the demo's own file, and --verbose."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import commands
from store import settings
from store.db import connect, default_db_path
from store.places import demo_db_path
from tests.test_cli import run

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def own_data_folder(tmp_path, monkeypatch):
    """Each test has its own user data folder (where shop.db and demo.db live)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


def _setup_args(path: Path) -> list[str]:
    return ["--name", "Corner Shop", "--lat", "40.27", "--lon", "-76.8"]


@pytest.mark.parametrize("where", ["before", "after"])
def test_global_options_work_before_or_after_the_command(tmp_path, where) -> None:
    """`parcel-desk setup --db X` works like `parcel-desk --db X setup`."""
    path = tmp_path / "shop.db"
    options = ["--db", str(path), "--staff", "Ana"]
    argv = (
        [*options, "setup", *_setup_args(path)]
        if where == "before"
        else ["setup", *_setup_args(path), *options]
    )
    code, _out, err = run(*argv)
    assert (code, err) == (0, "")
    db = connect(path)
    try:
        assert settings.load(db).name == "Corner Shop"
    finally:
        db.conn.close()


def test_an_option_before_the_command_is_not_reset_after_it(tmp_path) -> None:
    """An option given only before the command keeps its value through the command's parser."""
    args = commands.build_parser().parse_args(["--db", str(tmp_path / "x.db"), "verify"])
    assert args.db == tmp_path / "x.db" and args.demo is False and args.verbose is False


def test_db_and_demo_together_are_refused_in_one_line(tmp_path) -> None:
    """--db and --demo name two different files: exit 2, one line."""
    x = str(tmp_path / "x.db")
    for argv in (("verify", "--db", x, "--demo"), ("--db", x, "verify", "--demo")):
        code, _, err = run(*argv)
        assert code == 2 and err.count("\n") == 1 and "--db" in err and "--demo" in err
    assert not (tmp_path / "x.db").exists()


def test_demo_goes_to_its_own_file_and_never_touches_the_shop(tmp_path) -> None:
    """`demo` with no --db makes the demo in demo.db; the shop's file is not created."""
    code, out, err = run("demo")
    assert (code, err) == (0, "")
    assert str(demo_db_path()) in out and "--demo" in out
    assert demo_db_path().exists() and not default_db_path().exists()
    code, out, _ = run("--demo", "runs", "--json")
    assert code == 0
    code, out, _ = run("--demo", "verify")
    assert code == 0 and not default_db_path().exists()


def test_demo_again_makes_a_fresh_demo_day(tmp_path) -> None:
    """A second `demo` replaces the demo file's day instead of refusing it."""
    assert run("demo")[0] == 0
    assert run("--demo", "--staff", "Ana", "check-in", "NOT-A-PARCEL")[0] in (0, 2)
    code, out, err = run("demo")
    assert (code, err) == (0, "") and "parcels expected today" in out


def test_verbose_prints_the_log_on_stderr(tmp_path) -> None:
    """--verbose (before or after the command) prints the log lines on the command line."""
    db = tmp_path / "shop.db"
    done = subprocess.run(
        [sys.executable, "main.py", "setup", "--db", str(db), *_setup_args(db), "--verbose"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Parcel Desk" in done.stderr and "starting" in done.stderr
    assert "command setup" in done.stderr
    quiet = subprocess.run(
        [sys.executable, "main.py", "--db", str(db), "verify"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert quiet.returncode == 0 and quiet.stderr == ""


def test_plan_with_two_workers_runs_the_helper_search(tmp_path, caplog) -> None:
    """`plan --workers 2` runs the second search in a helper process, loaded PC or not."""
    db = str(tmp_path / "shop.db")
    assert run("--db", db, "demo")[0] == 0
    with caplog.at_level("INFO", logger="routing.parallel"):
        code, _out, err = run("--db", db, "plan", "--seconds", "2", "--workers", "2", "--json")
    assert (code, err) == (0, "")
    assert "helper search answered: ok" in caplog.text


@pytest.mark.parametrize(
    "argv",
    [("check-in", "TBA534439589194"), ("missing",), ("import-manifest", "m.csv"), ("verify",)],
)
def test_a_mistyped_db_path_is_not_made_into_a_new_shop(tmp_path, argv) -> None:
    """`--db` naming no file (a typo, the USB stick not plugged in) made a new empty shop there,
    folders and all, and the scans went into it ('unreadable', or held as unexpected): every
    command but setup, demo and restore says there is no shop file and creates nothing."""
    typo = tmp_path / "stick" / "shp.db"
    code, out, err = run("--db", str(typo), *argv)
    assert code == 1 and err.count("\n") == 1, (code, out, err)
    assert "no shop file" in err and str(typo) in err and "setup" in err
    assert not typo.parent.exists()


def test_a_new_shop_file_is_made_by_setup_and_by_restore(tmp_path) -> None:
    """What does make a shop file: setup on a new path, and restoring a backup onto a new PC."""
    shop = tmp_path / "new" / "shop.db"
    assert run("--db", str(shop), "setup", *_setup_args(shop))[0] == 0
    backup = tmp_path / "copy.db"
    assert run("--db", str(shop), "backup", "-o", str(backup))[0] == 0
    moved = tmp_path / "other-pc" / "shop.db"
    moved.parent.mkdir()
    code, _, err = run("--db", str(moved), "restore", str(backup))
    assert code == 0, err
    assert settings.load(connect(moved)).name == "Corner Shop"


def test_demo_option_makes_the_demo_on_first_use(tmp_path) -> None:
    """`--demo COMMAND` on a PC without the demo's file makes the demo day, as its help says
    ("made on first use"); it made an empty file with no shop and no parcels instead."""
    code, out, _ = run("--demo", "missing")
    assert code == 0
    assert out.count("\n") > 10  # the demo's morning: half its parcels not yet checked in
    assert settings.load(connect(demo_db_path())).configured
