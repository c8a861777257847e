"""Two counters from the command line: a check-in batch never abandons its scans, and an
import in one process never makes the other's check-ins fail."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

import commands
from store import db as store_db
from store.db import connect
from tests.test_cli import ROOT, run

SETUP = ("setup", "--name", "Test Shop", "--lat", "38.9187", "--lon", "-77.2311")
HEADER = "tracking_id,recipient_name,address_line1,city,state,postal_code,latitude,longitude"


def manifest(path: Path, prefix: str, count: int) -> Path:
    lines = [HEADER] + [
        f"{prefix}{n:08d},Olivia Smith,{100 + n % 900} Cornerside Blvd,Vienna,VA,22182,"
        f"{38.92 + n % 50 / 5000:.4f},-77.24"
        for n in range(count)
    ]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


@pytest.fixture
def shop(tmp_path: Path) -> str:
    """A shop whose morning manifest of 40 parcels is imported."""
    path = str(tmp_path / "shop.db")
    assert run("--db", path, *SETUP)[0] == 0
    code, _, err = run(
        "--db", path, "import-manifest", str(manifest(tmp_path / "m.csv", "TBA1", 40))
    )
    assert code == 0, err
    return path


def test_a_check_in_batch_waits_out_a_busy_file_and_records_every_scan(shop, monkeypatch):
    """Another program holds the write lock longer than the busy timeout: the batch says so
    on stderr and tries again; every scan is recorded in the end, in order, exit 0. (The
    lock goes when the batch has said it is busy: a fixed second was over before a loaded
    machine's first scan, and the test failed with nothing on stderr.)"""
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 150)
    holder = connect(shop).conn
    holder.execute("BEGIN IMMEDIATE")

    class Stderr(io.StringIO):
        def write(self, text: str) -> int:
            if "busy" in text and holder.in_transaction:
                holder.execute("ROLLBACK")  # the other program finishes once it was seen
            return super().write(text)

    out, err_stream = io.StringIO(), Stderr()
    ids = [f"TBA1{n:08d}" for n in range(10)]
    try:
        code = commands.main(
            ["--db", shop, "check-in"],
            out=out,
            err=err_stream,
            stdin=io.StringIO("\n".join(ids) + "\n", newline=None),
        )
    finally:
        holder.close()
    out, err = out.getvalue(), err_stream.getvalue()
    assert code == 0, err
    assert [line.split("\t")[:2] for line in out.splitlines()] == [["received", i] for i in ids]
    assert "busy" in err and "trying TBA100000000 again" in err
    assert "Traceback" not in err


def test_two_processes_import_and_check_in_side_by_side(shop, tmp_path) -> None:
    """A 3,000-row import in one process and a check-in batch in another: both finish, every
    scan is received, the log verifies."""
    big = manifest(tmp_path / "big.csv", "TBA2", 3000)
    main = [sys.executable, str(ROOT / "main.py"), "--db", shop]
    importer = subprocess.Popen(
        [*main, "--staff", "Ana", "import-manifest", str(big)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    scans = "".join(f"TBA1{n:08d}\r\n" for n in range(40))
    counter = subprocess.run(
        [*main, "--staff", "Bo", "--counter", "Counter 2", "check-in"],
        input=scans,
        capture_output=True,
        text=True,
        check=False,
    )
    imported, import_err = importer.communicate(timeout=120)
    assert importer.returncode == 0, import_err
    assert "imported 3000 parcels" in imported
    assert counter.returncode == 0, counter.stderr
    assert [line.split("\t")[0] for line in counter.stdout.splitlines()] == ["received"] * 40
    code, out, _ = run("--db", shop, "verify")
    assert code == 0, out
