"""The carrier's CSV files, read back with the csv module; no cell can start a formula."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from store.checkin import check_in
from store.db import write_transaction
from store.events import Actor, Change, append
from store.exports import (
    EVENT_CSV_COLUMNS,
    STATUS_COLUMNS,
    export_events,
    export_status,
    safe_cell,
)
from store.manifest import import_bytes
from store.statuses import Status
from tests.store.conftest import DAY, MORNING, inside, manifest_bytes


def _read(write, db, day=None) -> list[dict[str, str]]:
    out = io.StringIO(newline="")
    write(db, out, day)
    return list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))


@pytest.fixture
def delivered_day(shop, actor):
    """One parcel through a whole day and a second attempt the next day, one held."""
    import_bytes(
        shop,
        actor,
        manifest_bytes(
            inside("TBA100000001"),
            inside("TBA100000002"),
            'TBA100000003,=HYPERLINK("http://x"),1 Main St,Vienna,VA,22182,38.93,-77.24',
        ),
        "m.csv",
        DAY,
        at=MORNING,
    )
    check_in(shop, actor, "TBA100000001", at=MORNING + timedelta(minutes=1))
    check_in(shop, actor, "TBA100000002", at=MORNING + timedelta(minutes=2))
    run = {"run_id": 7, "details": {"driver": "Dev"}}
    with write_transaction(shop):
        for minutes, change in (
            (60, Change("TBA100000001", Status.PLANNED, stop_sequence=3, **run)),
            (70, Change("TBA100000001", Status.OUT_FOR_DELIVERY, stop_sequence=3, **run)),
            (
                200,
                Change(
                    "TBA100000001",
                    Status.ATTEMPTED,
                    reason="recipient_unavailable",
                    stop_sequence=3,
                    **run,
                ),
            ),
            (
                1500,
                Change(
                    "TBA100000001",
                    Status.PLANNED,
                    run_id=9,
                    stop_sequence=1,
                    details={"driver": "Maria"},
                ),
            ),
            (
                1510,
                Change(
                    "TBA100000001",
                    Status.OUT_FOR_DELIVERY,
                    run_id=9,
                    stop_sequence=1,
                    details={"driver": "Maria"},
                ),
            ),
            (
                1600,
                Change(
                    "TBA100000001",
                    Status.DELIVERED,
                    reason="to_recipient",
                    run_id=9,
                    stop_sequence=1,
                    details={"driver": "Maria"},
                ),
            ),
        ):
            append(shop, actor, [change], at=MORNING + timedelta(minutes=minutes))
    return shop


def test_status_export_of_a_day_shows_the_state_at_its_end(delivered_day) -> None:
    """Day one: attempted once, on run 7 with Dev; parcel 2 received; parcel 3 expected."""
    rows = _read(export_status, delivered_day, DAY)
    assert list(rows[0]) == list(STATUS_COLUMNS)
    assert rows[0] == {
        "tracking_id": "TBA100000001",
        "status": "attempted",
        "status_at": "2026-11-25T16:20:00.000Z",
        "attempts": "1",
        "reason": "recipient_unavailable",
        "run_id": "7",
        "driver": "Dev",
        "stop_sequence": "3",
        "received_at": "2026-11-25T13:01:00.000Z",
        "delivered_at": "",
    }
    assert [(row["tracking_id"], row["status"]) for row in rows] == [
        ("TBA100000001", "attempted"),
        ("TBA100000002", "received"),
        ("TBA100000003", "expected"),
    ]


def test_status_export_of_the_next_day(delivered_day) -> None:
    """Day two holds only the parcel that changed: delivered by Maria on run 9."""
    [row] = _read(export_status, delivered_day, DAY + timedelta(days=1))
    assert (row["status"], row["attempts"], row["run_id"], row["driver"], row["delivered_at"]) == (
        "delivered",
        "1",
        "9",
        "Maria",
        "2026-11-26T15:40:00.000Z",
    )


def test_status_export_without_a_day_matches_the_cache(delivered_day) -> None:
    """All parcels, current status, and the replay agrees with the cached columns."""
    rows = {row["tracking_id"]: row for row in _read(export_status, delivered_day)}
    assert rows["TBA100000001"]["status"] == "delivered"
    assert rows["TBA100000001"]["driver"] == "Maria"
    assert rows["TBA100000001"]["attempts"] == "1"
    assert len(rows) == 3


def test_event_export_has_one_row_per_event_and_the_chain(delivered_day) -> None:
    """Every event, in order, with its hashes, so the carrier can check the chain too."""
    rows = _read(export_events, delivered_day)
    assert list(rows[0]) == list(EVENT_CSV_COLUMNS)
    assert len(rows) == delivered_day.conn.execute("SELECT count(*) FROM events").fetchone()[0]
    assert all(rows[i]["prev_hash"] == rows[i - 1]["hash"] for i in range(1, len(rows)))
    assert rows[-1]["details"] == '{"driver": "Maria"}'


def test_no_cell_can_start_a_formula(shop, actor) -> None:
    """A hostile name in the manifest reaches the CSV as text, not a formula."""
    import_bytes(
        shop,
        actor,
        manifest_bytes("TBA100000001,=cmd|' /C calc'!A0,1 Main St,Vienna,VA,22182,38.93,-77.24"),
        "m.csv",
        DAY,
    )
    check_in(shop, actor, "TBA999999999")
    with write_transaction(shop):
        append(
            shop,
            actor,
            [Change("TBA100000001", Status.EXCEPTION, reason="damaged", details={"note": "=1+1"})],
        )
    for write in (export_status, export_events):
        out = io.StringIO(newline="")
        write(shop, out, None)
        for row in csv.reader(io.StringIO(out.getvalue(), newline="")):
            assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row), row


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("plain", "plain"),
        (None, ""),
        (3, "3"),
    ],
)
def test_safe_cell(value, cell) -> None:
    """The OWASP rule: a leading apostrophe keeps a spreadsheet from evaluating."""
    assert safe_cell(value) == cell


def _csv_module_rows(db) -> list[list[str]]:
    """What the csv module writes for every event (the reference for the fast writer)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(EVENT_CSV_COLUMNS)
    for row in db.conn.execute(f"SELECT {', '.join(EVENT_CSV_COLUMNS)} FROM events ORDER BY id"):
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()


def _hostile_log(shop, actor) -> None:
    """Events whose staff, counter and reasons hold commas, quotes, line breaks and formulas."""
    import_bytes(
        shop,
        actor,
        manifest_bytes(inside("TBA100000001"), inside("TBA100000002")),
        "m.csv",
        DAY,
        at=MORNING,
    )
    odd = Actor('=HYPERLINK("x"), "Ann"', "Counter, 2\nback")
    check_in(shop, odd, "TBA100000001")
    with write_transaction(shop):
        append(
            shop,
            odd,
            [
                Change(
                    "TBA100000001",
                    Status.EXCEPTION,
                    reason="damaged",
                    details={"note": 'crushed, "wet"\r\n=1+1'},
                )
            ],
        )


def test_fast_event_export_writes_what_the_csv_module_would(shop, actor) -> None:
    """Quoting, line breaks and the formula rule: byte for byte the csv module's output."""
    _hostile_log(shop, actor)
    out = io.StringIO(newline="")
    count = export_events(shop, out, None)
    assert out.getvalue() == _csv_module_rows(shop)
    assert count == shop.conn.execute("SELECT count(*) FROM events").fetchone()[0]


def test_the_log_split_between_processes_is_the_same_file(shop, actor, monkeypatch) -> None:
    """With the parallel path forced on a small log, the parts join into the same CSV."""
    from store import event_export

    _hostile_log(shop, actor)
    for n in range(3, 40):
        check_in(shop, actor, f"TBA2000000{n:02d}")
    monkeypatch.setattr(event_export, "PARALLEL_FROM", 1)
    out = io.StringIO(newline="")
    count = export_events(shop, out, None)
    assert out.getvalue() == _csv_module_rows(shop)
    assert count == shop.conn.execute("SELECT count(*) FROM events").fetchone()[0]


def test_the_split_log_written_to_a_file_is_the_same(shop, actor, monkeypatch, tmp_path) -> None:
    """Into a real file the parts are appended as bytes; the file reads back the same."""
    from store import event_export

    _hostile_log(shop, actor)
    monkeypatch.setattr(event_export, "PARALLEL_FROM", 1)
    target = tmp_path / "events.csv"
    with target.open("w", encoding="utf-8", newline="") as out:
        export_events(shop, out, None)
    assert target.read_bytes().decode("utf-8") == _csv_module_rows(shop)
