"""Sentences, not tracebacks, from the real command line: a damaged page, a read-only file, a
blank staff name, a date out of range. Environment failures exit 1, bad values exit 2, each
with one line on stderr; nothing is written before a refusal."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.file_permissions import drop_override_in_child

ROOT = Path(__file__).resolve().parent.parent


def parcel_desk(db: Path, *argv: str, stdin: str = "", bound: bool = False):
    """Run `python main.py --db DB ARGV` as a real process; `bound` by file permissions."""
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--db", str(db), *argv],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=drop_override_in_child if bound else None,
    )


def one_sentence(done: subprocess.CompletedProcess[str], code: int, *words: str) -> None:
    assert done.returncode == code, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    for word in words:
        assert word in done.stderr, done.stderr


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "shop.db"
    assert parcel_desk(path, "demo").returncode == 0
    return path


@pytest.fixture
def demo(demo_template, tmp_path) -> Path:
    path = tmp_path / "shop.db"
    path.write_bytes(demo_template.read_bytes())
    return path


def an_expected_parcel(db: Path) -> str:
    raw = sqlite3.connect(db)
    [tracking_id] = raw.execute(
        "SELECT tracking_id FROM parcels WHERE status = 'expected'"
    ).fetchone()
    raw.close()
    return tracking_id


def damage_a_page(db: Path) -> None:
    """Overwrite one page in the middle of the file (an index page of the events, say) with
    garbage, the way a failing disk does."""
    raw = sqlite3.connect(db)
    page_size = raw.execute("PRAGMA page_size").fetchone()[0]
    (root,) = raw.execute("SELECT rootpage FROM sqlite_master WHERE name = 'events_at'").fetchone()
    raw.close()
    with db.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(os.urandom(page_size))


@pytest.mark.parametrize(
    "argv", [["missing"], ["check-in", "TBA1"], ["export-status"], ["runs"]], ids=lambda a: a[0]
)
def test_a_damaged_page_is_noticed_by_the_first_command(demo, argv) -> None:
    """Whatever command opens the file first says it is damaged and what to do; exit 1."""
    damage_a_page(demo)
    done = parcel_desk(demo, *argv, stdin="TBA100000001\n")
    one_sentence(done, 1, "damaged", "restore")
    assert done.stdout == ""


def test_verify_reports_a_damaged_page_in_words(demo) -> None:
    """verify still opens the file and says what SQLite's check found; exit 1."""
    damage_a_page(demo)
    done = parcel_desk(demo, "verify")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "problem: SQLite integrity check" in done.stdout
    assert done.stderr.count("\n") == 1


def test_a_read_only_file_refuses_a_check_in_in_one_sentence(demo) -> None:
    """A scan on a file the user may not write: one sentence saying so, exit 1; the file is
    as it was. Reading commands still answer."""
    parcel = an_expected_parcel(demo)
    before = demo.read_bytes()
    demo.chmod(0o444)
    try:
        done = parcel_desk(demo, "check-in", parcel, bound=True)
        one_sentence(done, 1, "read-only", "writable")
        missing = parcel_desk(demo, "missing", bound=True)
        assert missing.returncode == 0 and parcel in missing.stdout
    finally:
        demo.chmod(0o644)
    assert demo.read_bytes() == before


@pytest.mark.parametrize("flag", ["--staff", "--counter"])
def test_a_blank_name_is_bad_input(demo, flag) -> None:
    """--staff " " names nobody: exit 2 with a sentence, nothing recorded."""
    done = parcel_desk(demo, flag, " ", "check-in", an_expected_parcel(demo))
    one_sentence(done, 2, flag)
    assert done.stdout == ""


@pytest.mark.parametrize("to_file", [False, True], ids=["stdout", "file"])
def test_a_date_out_of_range_writes_nothing(demo, tmp_path, to_file) -> None:
    """export-status --date 9999-12-31: exit 2 before any header is written."""
    target = tmp_path / "status.csv"
    argv = ["export-status", "--date", "9999-12-31", *(["-o", str(target)] if to_file else [])]
    done = parcel_desk(demo, *argv)
    one_sentence(done, 2, "9999-12-31")
    assert done.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shop.db"]


def test_no_command_writes_once_the_logs_guard_is_gone(demo, tmp_path) -> None:
    """Someone dropped an append-only trigger: a scan and an import are refused in a
    sentence that says to verify and restore; verify names the missing guard."""
    parcel = an_expected_parcel(demo)
    raw = sqlite3.connect(demo)
    raw.execute("DROP TRIGGER events_no_delete")
    raw.close()
    one_sentence(parcel_desk(demo, "check-in", parcel), 1, "append-only guard", "verify")
    manifest = tmp_path / "m.csv"
    manifest.write_text(
        "tracking_id,recipient_name,address_line1,city,state,postal_code,latitude,longitude\n"
        "TBA900000001,Ann Lee,1 Main St,Vienna,VA,22180,38.93,-77.24\n"
    )
    one_sentence(parcel_desk(demo, "import-manifest", str(manifest)), 1, "append-only guard")
    checked = parcel_desk(demo, "verify")
    assert checked.returncode == 1
    assert "the append-only guard events_no_delete has been removed" in checked.stdout
    raw = sqlite3.connect(demo)
    assert raw.execute(
        "SELECT status FROM parcels WHERE tracking_id = ?", (parcel,)
    ).fetchone() == ("expected",)
    raw.close()


def test_ctrl_c_stops_a_command_in_one_sentence(demo) -> None:
    """Ctrl+C at the counter (check-in waiting for the next scan): one line saying it stopped,
    exit 130 as for any interrupted program, no traceback; the scan answered before it stays."""
    import signal

    parcel = an_expected_parcel(demo)
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "--db", str(demo), "check-in"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # a terminal's Ctrl+C reaches a program whose SIGINT is not ignored
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(parcel + "\n")
    process.stdin.flush()
    answer = process.stdout.readline()
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=60)
    assert answer.startswith("received\t" + parcel)
    assert process.returncode == 130, (process.returncode, err)
    assert "Traceback" not in err and err.count("\n") == 1 and "Ctrl+C" in err, err
    raw = sqlite3.connect(demo)
    [status] = raw.execute("SELECT status FROM parcels WHERE tracking_id = ?", (parcel,)).fetchone()
    raw.close()
    assert status == "received"


def test_a_file_on_read_only_media_still_answers_reading_commands(demo) -> None:
    """A shop file in a folder nobody may write (a locked USB stick, a read-only mount):
    SQLite cannot make the -shm file a WAL file's reader needs, yet verify, missing and
    backup answer; a check-in is refused in one sentence; the file is as it was."""
    parcel = an_expected_parcel(demo)
    before = demo.read_bytes()
    copy = demo.parent.parent / f"{demo.parent.name}-copy.db"
    demo.chmod(0o444)
    demo.parent.chmod(0o555)
    try:
        verify = parcel_desk(demo, "verify", bound=True)
        assert verify.returncode == 0 and verify.stdout.startswith("ok:"), verify.stderr
        missing = parcel_desk(demo, "missing", bound=True)
        assert missing.returncode == 0 and parcel in missing.stdout, missing.stderr
        backup = parcel_desk(demo, "backup", "-o", str(copy), bound=True)
        assert backup.returncode == 0, backup.stderr
        one_sentence(parcel_desk(demo, "backup", bound=True), 1, "backups", "-o FILE")
        one_sentence(parcel_desk(demo, "check-in", parcel, bound=True), 1, "read-only")
    finally:
        demo.parent.chmod(0o755)
        demo.chmod(0o644)
    assert demo.read_bytes() == before
    assert sorted(p.name for p in demo.parent.iterdir()) == ["shop.db"]
    assert parcel_desk(copy, "verify").returncode == 0


def test_a_backup_into_a_folder_leaves_other_programs_part_files_alone(demo, tmp_path) -> None:
    """`backup -o ~/Downloads/shop.db`: a browser's paused download (`film.mkv.part`, an hour
    old) and an old `*.1234.part` that is not a database stay; only a killed backup's own
    scratch copy goes."""
    folder = tmp_path / "Downloads"
    folder.mkdir()
    theirs = [folder / "film.mkv.part", folder / "report.2026.pdf.1234.part"]
    for other in theirs:
        other.write_bytes(b"%PDF-1.7 not a database" * 100)
    ours = folder / "shop-old.db.4242.part"
    ours.write_bytes(b"\0" * 65536)  # a killed copy: its first page is written last
    hour_ago = time.time() - 3600
    for path in (*theirs, ours):
        os.utime(path, (hour_ago, hour_ago))
    done = parcel_desk(demo, "backup", "-o", str(folder / "shop.db"))
    assert done.returncode == 0, done.stderr
    assert all(other.exists() for other in theirs)
    assert not ours.exists()


@pytest.mark.parametrize("flag", ["--staff", "--counter"])
def test_a_name_with_a_line_break_is_bad_input(demo, flag) -> None:
    """--staff $'Ana\\nBen' would be recorded on every event and break each log line and
    report it reaches: exit 2 with a sentence, nothing recorded; a Persian name's ZWNJ is
    not a control character and is kept."""
    parcel = an_expected_parcel(demo)
    one_sentence(parcel_desk(demo, flag, "Ana\nBen", "check-in", parcel), 2, flag, "line")
    done = parcel_desk(demo, flag, "مهر\u200cناز", "check-in", parcel)
    assert done.returncode == 0 and done.stdout.startswith("received"), done.stderr


def test_the_counter_flag_is_asked_for_a_counter(demo) -> None:
    """--counter " " asks which counter this is, not who is at it."""
    done = parcel_desk(demo, "--counter", " ", "check-in", an_expected_parcel(demo))
    one_sentence(done, 2, "which counter")


def test_a_manifest_with_two_problems_says_one_more_problem(demo, tmp_path) -> None:
    """The refusal counts the others in words: '(and 1 more problem)'."""
    manifest = tmp_path / "m.csv"
    manifest.write_text(
        "tracking_id,recipient_name,address_line1,city,state,postal_code,latitude,longitude\n"
        "TBA900000000001,Ann Lee,1 Derry St,Harrisburg,PA,17111,٤٠.28,-76.82\n"
        "TBA900000000002,Bo Lee,2 Derry St,Harrisburg,PA,17111,40.28,-٧٦.82\n",
        encoding="utf-8",
    )
    one_sentence(parcel_desk(demo, "import-manifest", str(manifest)), 2, "(and 1 more problem)")


def test_a_damaged_file_replaced_by_hand_with_a_good_copy_opens_again(demo, tmp_path) -> None:
    """The owner copies last night's backup over a damaged file by hand (not `restore`): the
    damage mark the first command left does not refuse the good copy."""
    good = tmp_path / "good.db"
    good.write_bytes(demo.read_bytes())
    damage_a_page(demo)
    one_sentence(parcel_desk(demo, "missing"), 1, "damaged")
    demo.write_bytes(good.read_bytes())
    done = parcel_desk(demo, "missing")
    assert done.returncode == 0, done.stderr
    assert not demo.with_name("shop.db.damaged").exists()


def test_a_manifest_bigger_than_memory_is_refused_by_its_size(demo) -> None:
    """The wrong file picked (a film, a disk image, /dev/zero): refused at 50 MB without being
    read whole; it was read into memory first and died with a MemoryError traceback."""

    def with_little_memory() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--db", str(demo), "import-manifest", "/dev/zero"],
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=with_little_memory,
        timeout=120,
    )
    one_sentence(done, 2, "larger than 50 MB")


def test_a_backup_onto_a_full_disk_names_the_backup_not_the_shop_file(demo, tmp_path) -> None:
    """`backup -o` onto a USB stick that fills up (a file size limit stands in for it): the
    sentence named the shop file ("cannot write shop.db: the disk is failing or was removed"),
    sending the owner after a healthy disk; it names the backup, and the shop file is as it
    was."""

    def small_files() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_FSIZE, (96 * 1024, 96 * 1024))

    before = demo.read_bytes()
    copy = tmp_path / "stick" / "copy.db"
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--db", str(demo), "backup", "-o", str(copy)],
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=small_files,
        env={**os.environ, "PARCEL_DESK_LOG_DIR": str(tmp_path / "logs")},
    )
    one_sentence(done, 1, "cannot write the backup", str(copy))
    assert "shop.db:" not in done.stderr
    assert demo.read_bytes() == before
    assert not list(copy.parent.iterdir())  # no half copy left behind
