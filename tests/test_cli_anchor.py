"""The log's head leaves the file: a receipt beside every status export, a line on the
end-of-day summary; `verify --anchor` checks the log against either."""

from __future__ import annotations

import hashlib
import re
import sqlite3

import pypdfium2
import pytest

from tests.store.test_anchor import rehash_from
from tests.test_cli import run

ANCHOR = re.compile(r"verify --anchor ([0-9]+:[0-9a-f]{64})")


@pytest.fixture
def demo(tmp_path) -> str:
    path = str(tmp_path / "shop.db")
    assert run("--db", path, "demo")[0] == 0
    return path


def test_a_status_export_gets_a_receipt_whose_anchor_verify_holds(demo, tmp_path) -> None:
    """The receipt names the file (its sha256) and the log head; verify --anchor with it
    passes on the honest file and fails once the log was rewritten and re-hashed."""
    target = tmp_path / "status.csv"
    code, _, err = run("--db", demo, "export-status", "-o", str(target))
    assert code == 0 and "receipt beside it" in err
    receipt = (tmp_path / "status.csv.receipt.txt").read_text(encoding="utf-8")
    assert f"sha256 {hashlib.sha256(target.read_bytes()).hexdigest()}" in receipt
    [kept] = ANCHOR.findall(receipt)
    assert f"log head: {kept}" in receipt
    code, out, _ = run("--db", demo, "verify", "--anchor", kept)
    assert code == 0 and out.strip().endswith("1 anchor(s) held")

    from store.db import connect

    db = connect(demo)
    db.conn.execute("DROP TRIGGER events_no_update")
    db.conn.execute("UPDATE events SET staff = 'Someone else' WHERE id = 5")
    rehash_from(db, 5)
    db.conn.close()
    assert run("--db", demo, "verify")[0] == 0  # the chain alone sees nothing
    code, out, err = run("--db", demo, "verify", "--anchor", kept)
    assert code == 1
    assert "the log was rewritten at or before it" in out
    assert err.count("\n") == 1


def test_the_status_export_to_stdout_says_the_log_head_on_stderr(demo) -> None:
    code, out, err = run("--db", demo, "export-status")
    assert code == 0 and out.startswith("tracking_id,")
    assert re.search(r"log head [0-9]+:[0-9a-f]{64}: keep it", err)


def test_end_of_day_files_come_with_a_receipt(demo, tmp_path) -> None:
    code, _, err = run("--db", demo, "end-of-day", "-o", str(tmp_path / "day"))
    assert code == 0, err
    [csv_file] = (tmp_path / "day").glob("status-*.csv")
    assert (tmp_path / "day" / f"{csv_file.name}.receipt.txt").exists()


def test_the_summary_pdf_carries_the_log_head(demo, tmp_path) -> None:
    """The printed page holds the head as `verify --anchor` takes it."""
    target = tmp_path / "summary.pdf"
    assert run("--db", demo, "day-summary", "-o", str(target))[0] == 0
    pdf = pypdfium2.PdfDocument(str(target))
    text = "".join(page.get_textpage().get_text_range() for page in pdf)
    pdf.close()
    raw = sqlite3.connect(demo)
    head = "{}:{}".format(*raw.execute("SELECT id, hash FROM events ORDER BY id DESC").fetchone())
    raw.close()
    assert "EVENT LOG HEAD WHEN PRINTED" in text
    assert head in text
    assert run("--db", demo, "verify", "--anchor", head)[0] == 0


def test_a_malformed_anchor_is_exit_2(demo) -> None:
    code, _, err = run("--db", demo, "verify", "--anchor", "12:xyz")
    assert code == 2 and "is not a log anchor" in err and err.count("\n") == 1
