"""The log: a rotating file in the user log folder with the day's work in it (start, shop
file, import, plan, print, backup, errors with tracebacks) and no recipient's personal data."""

from __future__ import annotations

import csv
import io
import logging
from datetime import date

import pytest

import main
from store import demo, logfile


@pytest.fixture
def log_folder(tmp_path, monkeypatch):
    folder = tmp_path / "logs"
    monkeypatch.setenv(logfile.FOLDER_ENV, str(folder))
    yield folder
    logfile.close()


def _personal_values(manifest: bytes) -> set[str]:
    """Every recipient name, address line, phone and note in the manifest."""
    rows = csv.DictReader(io.StringIO(manifest.decode("utf-8-sig")))
    found = set()
    for row in rows:
        for column in ("recipient_name", "address_line1", "address_line2", "phone", "notes"):
            value = (row.get(column) or "").strip()
            if len(value) >= 5:
                found.add(value)
    return found


def test_a_whole_day_is_logged_without_personal_data(tmp_path, log_folder):
    """Set up, import, check in, plan, print, export, back up: each is in the log; no
    recipient's name, address, phone or note is."""
    db = str(tmp_path / "shop.db")
    today = date.today()
    manifest = demo.manifest_csv(today)
    (tmp_path / "manifest.csv").write_bytes(manifest)
    ids = [row["tracking_id"] for row in csv.DictReader(io.StringIO(manifest.decode()))][:5]
    shop = demo.SHOP
    steps = [
        ["setup", "--name", "Log Test", "--lat", str(shop["latitude"]), "--lon",
         str(shop["longitude"]), "--timezone", shop["timezone"]],
        ["drivers", "add", "Dee", "--capacity", "80", "--start", "08:00", "--end", "18:00"],
        ["import-manifest", str(tmp_path / "manifest.csv"), "--date", today.isoformat()],
        ["check-in", *ids],
        ["plan", "--seconds", "1", "--date", today.isoformat()],
        ["labels", "--date", today.isoformat(), "-o", str(tmp_path / "labels.pdf")],
        ["export-status", "-o", str(tmp_path / "status.csv")],
        ["backup"],
    ]  # fmt: skip
    for step in steps:
        assert main.run([*step, "--db", db, "--staff", "Sam"]) in (0, 2), step
    logfile.close()
    text = (log_folder / logfile.FILE_NAME).read_text(encoding="utf-8")
    for expected in ("starting", "command setup", "manifest manifest.csv imported",
                     "plan saved for", "labels written", "backup written"):  # fmt: skip
        assert expected in text, expected
    personal = _personal_values(manifest)
    assert len(personal) > 100  # names, streets, phones and notes of ~150 parcels
    leaked = sorted(value for value in personal if value in text)
    assert leaked == []


def test_a_refused_manifest_is_logged_without_its_rows(tmp_path, log_folder):
    """A refused import says so in the log, without the refused cell's value."""
    db = str(tmp_path / "shop.db")
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "tracking_id,recipient_name,address_line1,city,state,postal_code\n"
        "TBA1,Zebulon Quixote-Marsh,12 Secret Lane,Vienna,VA,not-a-zip\n",
        encoding="utf-8",
    )
    assert main.run(["setup", "--db", db, "--name", "S", "--lat", "38.9", "--lon", "-77.2"]) == 0
    assert main.run(["import-manifest", str(bad), "--db", db]) == 2
    logfile.close()
    text = (log_folder / logfile.FILE_NAME).read_text(encoding="utf-8")
    assert "command import-manifest refused: bad input" in text
    assert "Zebulon" not in text and "Secret Lane" not in text


def test_the_log_rotates_and_keeps_a_bounded_history(tmp_path, log_folder):
    """Past MAX_BYTES the file rolls over; at most BACKUP_COUNT old files are kept."""
    logfile.configure()
    record = "x" * 1000
    for _ in range(logfile.MAX_BYTES * (logfile.BACKUP_COUNT + 2) // 1000):
        logging.getLogger("test").info(record)
    logfile.close()
    files = sorted(path.name for path in log_folder.iterdir())
    assert files[0] == logfile.FILE_NAME and len(files) == logfile.BACKUP_COUNT + 1


def test_an_unwritable_log_folder_is_no_reason_to_stop(tmp_path, monkeypatch, capsys):
    """A log folder that cannot be made: one line on stderr, the program carries on."""
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(logfile.FOLDER_ENV, str(blocker / "logs"))
    assert logfile.configure() is None
    logfile.close()
    assert "no log file" in capsys.readouterr().err


def test_a_log_on_a_full_disk_is_one_line_not_tracebacks(tmp_path, monkeypatch, capsys):
    """The disk holding the log fills up (the log file is /dev/full here: every write fails
    with 'No space left on device'): the command still answers, and stderr says once that the
    log cannot be written. Every record printed a '--- Logging error ---' traceback."""
    folder = tmp_path / "logs"
    folder.mkdir()
    (folder / logfile.FILE_NAME).symlink_to("/dev/full")
    monkeypatch.setenv(logfile.FOLDER_ENV, str(folder))
    db = str(tmp_path / "shop.db")
    code = main.run(["--db", db, "setup", "--name", "S", "--lat", "40.28", "--lon", "-76.8"])
    logfile.close()
    err = capsys.readouterr().err
    assert code == 0
    assert "Traceback" not in err and "Logging error" not in err, err
    assert "log file" in err and err.count("\n") == 1, err
    assert "No space left" in err or "full" in err
