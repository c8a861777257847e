"""The command line contract: --db everywhere, exit 0 / 2 with a one-line reason."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

import commands
from store.db import connect

ROOT = Path(__file__).resolve().parent.parent
MANIFESTS = ROOT / "tests" / "store" / "manifests"


def run(*argv: str, stdin: str | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = commands.main(
        list(argv),
        out=out,
        err=err,
        stdin=io.StringIO(stdin, newline=None) if stdin is not None else None,
    )
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "shop.db")
    code, _, err = run(
        "--db",
        path,
        "--staff",
        "Ana",
        "setup",
        "--name",
        "Test Shop",
        "--lat",
        "38.9187",
        "--lon",
        "-77.2311",
        "--timezone",
        "America/New_York",
    )
    assert code == 0, err
    return path


def _import(db: str) -> None:
    code, _, err = run(
        "--db",
        db,
        "import-manifest",
        str(MANIFESTS / "good" / "utf8_bom.csv"),
        "--date",
        "2026-11-25",
    )
    assert code == 0, err


def test_setup_needs_a_location_for_a_new_shop(tmp_path) -> None:
    """A new shop without coordinates is bad input: exit 2, one line on stderr."""
    code, _, err = run("--db", str(tmp_path / "x.db"), "setup", "--name", "Shop")
    assert code == 2
    assert err.count("\n") == 1 and "--lat" in err


def test_setup_refuses_a_bad_radius_by_name(db) -> None:
    """Settings validation reaches the command line with the field's name."""
    code, _, err = run("--db", db, "setup", "--radius-mi", "-4")
    assert (code, err.strip()) == (
        2,
        "parcel-desk: setting radius_mi: expected between 0.1 and 100 miles",
    )


def test_import_then_check_in_from_stdin_like_a_scanner(db) -> None:
    """One scan per line, CR/LF and AIM prefixes included; one output line per scan."""
    _import(db)
    code, out, err = run(
        "--db",
        db,
        "--staff",
        "Ana",
        "check-in",
        stdin="]C1tba200000001\r\nTBA200000001\r\nTBA777777777\n",
    )
    assert code == 0, err
    lines = [line.split("\t") for line in out.splitlines()]
    assert [(line[0], line[1]) for line in lines] == [
        ("received", "TBA200000001"),
        ("duplicate", "TBA200000001"),
        ("unexpected", "TBA777777777"),
    ]
    assert all(len(line) == 3 and line[2] for line in lines)


def test_check_in_with_ids_as_arguments(db) -> None:
    """Ids may also come as arguments."""
    _import(db)
    code, out, _ = run("--db", db, "check-in", "TBA200000001", "TBA200000002")
    assert code == 0
    assert [line.split("\t")[0] for line in out.splitlines()] == ["received", "received"]


def test_a_tab_inside_a_line_ends_the_scan(db) -> None:
    """A scanner's TAB suffix ends a scan: two codes on one line are two parcels, not one."""
    _import(db)
    code, out, err = run("--db", db, "check-in", stdin="TBA200000001\tTBA200000002\t\n")
    assert code == 0, err
    lines = [line.split("\t")[:2] for line in out.splitlines()]
    assert lines == [["received", "TBA200000001"], ["received", "TBA200000002"]]
    assert connect(Path(db)).execute(
        "SELECT count(*) FROM parcels WHERE tracking_id LIKE 'TBA200000001%TBA%'"
    ).fetchone() == (0,)


def test_a_tab_inside_an_argument_ends_the_scan_too(db) -> None:
    """The same rule for ids given as arguments (a scanner typing into a shell)."""
    _import(db)
    code, out, _ = run("--db", db, "check-in", "TBA200000001\tTBA200000002")
    assert code == 0
    assert [line.split("\t")[1] for line in out.splitlines()] == ["TBA200000001", "TBA200000002"]


def test_an_ambiguous_scan_is_a_sentence_and_exit_2(db, tmp_path) -> None:
    """A code two parcels match only by tail rules: an "ambiguous" line, nothing checked in."""
    rows = [
        "tracking_id,recipient_name,address_line1,city,state,postal_code,latitude,longitude",
        "678901234567890,Ana,1500 Cornerside Blvd,Vienna,VA,22182,38.93,-77.24",
        "901234567890,Ben,1500 Cornerside Blvd,Vienna,VA,22182,38.93,-77.24",
    ]
    manifest = tmp_path / "fedex.csv"
    manifest.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert run("--db", db, "import-manifest", str(manifest))[0] == 0
    code, out, err = run("--db", db, "check-in", stdin="9612345678901234567890\n901234567890\n")
    assert code == 2
    lines = [line.split("\t") for line in out.splitlines()]
    assert [line[0] for line in lines] == ["ambiguous", "received"]
    assert "678901234567890 or 901234567890" in lines[0][2]
    assert err.count("\n") == 1 and "could be more than one parcel" in err


def test_undo_scan_voids_a_misread_unexpected_parcel(db) -> None:
    """`undo-scan` on an unexpected parcel: voided by a new event, out of the day's counts."""
    _import(db)
    run("--db", db, "check-in", "TBA777777777")
    code, out, _ = run("--db", db, "undo-scan", "TBA777777777")
    assert code == 0 and out.startswith("undone\tTBA777777777\t")
    assert connect(Path(db)).execute(
        "SELECT status FROM parcels WHERE tracking_id = 'TBA777777777'"
    ).fetchone() == ("voided",)


def test_garbage_reads_create_no_parcel(db) -> None:
    """Random and truncated reads answer "unreadable", exit 2, and leave no parcel behind."""
    _import(db)
    code, out, _ = run("--db", db, "check-in", stdin="FUZZ00\nTBA2000000\nQ1W2E3R4T5\n")
    assert code == 2
    assert [line.split("\t")[0] for line in out.splitlines()] == ["unreadable"] * 3
    assert connect(Path(db)).execute(
        "SELECT count(*) FROM parcels WHERE manifest_id IS NULL"
    ).fetchone() == (0,)


def test_unreadable_scans_exit_2_after_processing_the_rest(db) -> None:
    """Good scans still land; the exit code says something was unreadable."""
    _import(db)
    code, out, err = run("--db", db, "check-in", stdin="%%%\nTBA200000001\n")
    assert code == 2
    assert [line.split("\t")[0] for line in out.splitlines()] == ["unreadable", "received"]
    assert err.strip() == "parcel-desk: 1 of 2 scans were unreadable"


def test_bad_manifest_exits_2_naming_line_and_column(db) -> None:
    """A refused manifest: exit 2, one line with line and column."""
    code, _, err = run(
        "--db", db, "import-manifest", str(MANIFESTS / "bad" / "latitude_out_of_range.csv")
    )
    assert code == 2
    assert err.count("\n") == 1
    assert "line 2, column latitude" in err


def test_export_status_to_stdout_and_file(db, tmp_path) -> None:
    """The status CSV goes to stdout, or to -o atomically."""
    _import(db)
    run("--db", db, "check-in", "TBA200000001")
    code, out, _ = run("--db", db, "export-status")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {row["tracking_id"]: row["status"] for row in rows} == {
        "TBA200000001": "received",
        "TBA200000002": "expected",
    }
    target = tmp_path / "status.csv"
    assert run("--db", db, "export-status", "-o", str(target))[0] == 0
    assert list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8")))) == rows
    assert not list(tmp_path.glob("*.part"))


def test_export_events_counts_every_event(db) -> None:
    """export-events writes one row per event to stdout."""
    _import(db)
    code, out, _ = run("--db", db, "export-events")
    assert code == 0
    assert len(list(csv.DictReader(io.StringIO(out)))) == 2


def test_verify_reports_ok_and_fails_on_tampering(db) -> None:
    """verify exits 0 on an honest file and 1 when the log was edited outside the app."""
    _import(db)
    code, out, _ = run("--db", db, "verify")
    assert code == 0 and out.startswith("ok: 2 events")
    raw = connect(db).conn
    raw.executescript("DROP TRIGGER events_no_update; UPDATE events SET status = 'delivered';")
    raw.close()
    code, out, err = run("--db", db, "verify")
    assert code == 1 and "does not match the chain" in out and "problem" in err


def test_bad_arguments_are_one_line_exit_2(db) -> None:
    """Unknown commands and malformed dates: exit 2 and a single line, no usage dump."""
    for argv in (("frobnicate",), ("export-status", "--date", "yesterday")):
        code, _, err = run("--db", db, *argv)
        assert code == 2 and err.count("\n") == 1, err


def test_not_a_database_is_exit_1_in_words(tmp_path) -> None:
    """A --db that is not a database is an environment failure, said in one line."""
    bogus = tmp_path / "notes.txt"
    bogus.write_text("hello\n" * 1000)
    code, _, err = run("--db", str(bogus), "verify")
    assert code == 1 and "not a Parcel Desk database" in err and err.count("\n") == 1


def test_drivers_add_list_remove(db) -> None:
    """drivers add NAME --capacity --start --end, then list and remove."""
    assert (
        run(
            "--db",
            db,
            "drivers",
            "add",
            "Dev",
            "--capacity",
            "60",
            "--start",
            "9:00",
            "--end",
            "17:00",
        )[0]
        == 0
    )
    assert run("--db", db, "drivers", "list")[1] == "Dev\t60 parcels\t09:00-17:00\n"
    code, _, err = run(
        "--db",
        db,
        "drivers",
        "add",
        "Sam",
        "--capacity",
        "10",
        "--start",
        "18:00",
        "--end",
        "09:00",
    )
    assert code == 2 and "not after" in err
    assert run("--db", db, "drivers", "remove", "Dev")[0] == 0
    assert run("--db", db, "drivers", "list")[1] == ""


def test_backup_and_restore_round_trip(db, tmp_path) -> None:
    """A backup restores the parcels it held; the replaced file is kept aside."""
    _import(db)
    copy = tmp_path / "copy.db"
    assert run("--db", db, "backup", "-o", str(copy))[0] == 0
    run("--db", db, "check-in", "TBA200000001")
    code, out, _ = run("--db", db, "restore", str(copy))
    assert code == 0 and "verified" in out
    restored = connect(db)
    received = restored.conn.execute("SELECT count(*) FROM parcels WHERE status = 'received'")
    assert received.fetchone()[0] == 0
    restored.conn.close()
    assert len(list(tmp_path.glob("shop.before-restore-*.db"))) == 1


def test_restore_refuses_a_file_that_is_not_a_backup(db, tmp_path) -> None:
    """Restoring from a wrong file changes nothing."""
    wrong = tmp_path / "wrong.db"
    wrong.write_bytes(b"not sqlite at all" * 100)
    code, _, err = run("--db", db, "restore", str(wrong))
    assert code == 2 and "not a Parcel Desk backup" in err


def test_demo_then_real_process(tmp_path) -> None:
    """`python main.py --db X demo` works as a real process and `verify` agrees."""
    path = str(tmp_path / "demo.db")
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--db", path, "demo"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "parcels expected today" in done.stdout
    again = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--db", path, "demo"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert again.returncode == 2 and "already has a shop" in again.stderr
    code, out, _ = run("--db", path, "verify")
    assert code == 0, out


@pytest.mark.parametrize(
    ("argv", "console"),
    [
        ([], True),
        (["--db", "x.db", "--staff", "Ana"], True),
        (["--db", "x.db", "demo"], False),
        (["check-in", "TBA1"], False),
        (["--help"], False),
    ],
)
def test_no_command_means_the_console(argv, console) -> None:
    """Only global options open the console; anything else is a command (or help)."""
    args = commands.console_args(argv)
    assert (args is not None) == console
    if args is not None:
        assert args.command is None and args.db == (Path("x.db") if argv else None)


def test_console_startup_does_not_load_the_command_modules() -> None:
    """The console's start parses global options only: planner and PDF renderer stay out."""
    code = (
        "import sys, main, commands; commands.console_args(['--db', 'x.db']); "
        "print(sorted(m for m in ('routing', 'labels', 'reportlab', 'pyvrp', 'commands.day') "
        "if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize(
    "argv",
    [
        ("labels", "-o", "x.pdf"),
        ("manifest", "-o", "x.pdf"),
        ("load-sheet", "-o", "x.pdf"),
        ("dispatch",),
        ("miles", "5"),
        ("resequence",),
    ],
)
def test_a_run_id_past_sqlite_integers_is_bad_input(db, tmp_path, argv) -> None:
    """`--run 99999999999999999999` (a scanner's long code pasted into the wrong place) died
    with 'OverflowError: Python int too large to convert to SQLite INTEGER'."""
    command, *rest = argv
    rest = [str(tmp_path / arg) if arg.endswith(".pdf") else arg for arg in rest]
    code, _, err = run("--db", db, command, "--run", "99999999999999999999", *rest)
    assert code == 2 and "--run" in err and err.count("\n") == 1, (code, err)
    assert not list(tmp_path.glob("*.pdf"))


@pytest.mark.parametrize("name", ["", "   ", "Corner\nShop"])
def test_a_blank_shop_name_is_refused_and_the_shop_stays_set_up(db, name) -> None:
    """`setup --name ""` on a working shop said exit 0 and emptied the name, and with it the
    shop was no longer set up: `plan` answered "set up the shop first", and `setup --lat` alone
    "a new shop needs --name, --lat and --lon"."""
    code, _, err = run("--db", db, "setup", "--name", name)
    assert code == 2 and "name" in err and err.count("\n") == 1, (code, err)
    from store import settings

    kept = settings.load(connect(db))
    assert kept.name == "Test Shop" and kept.configured
