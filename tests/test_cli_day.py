"""The command line for the end of the day: dispatch, results, pickup, returns, end of day."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from store import exports, pickup, settings
from store.db import connect
from store.events import Actor
from store.timeutil import utc_now
from tests.store.conftest import SHOP_LAT, SHOP_LON, inside, manifest_bytes
from tests.store.daybook import IDS, plan, shelf
from tests.test_cli import run

ANA = Actor("Ana", "Counter 1")


def _local_today() -> date:
    return utc_now().astimezone(ZoneInfo("America/New_York")).date()


@pytest.fixture
def shop_file(tmp_path: Path) -> tuple[str, int, int]:
    """Today: 8 parcels, 7 checked in; run 1 · Dev (IDS 0, 1 | 2), run 2 · Maria (3 | 4)."""
    path = tmp_path / "shop.db"
    db = connect(path)
    settings.update(db, name="Shop", latitude=SHOP_LAT, longitude=SHOP_LON,
                    timezone="America/New_York", rate_per_parcel=1.5)  # fmt: skip
    now, today = utc_now(), _local_today()
    shelf(db, ANA, day=today, at=now, checked_in=IDS[:7])
    dev, maria = plan(
        db, ANA, {"Dev": [IDS[0:2], IDS[2:3]], "Maria": [IDS[3:4], IDS[4:5]]}, day=today, at=now
    )
    db.conn.close()
    return str(path), dev, maria


def cli(path: str, *argv: str, stdin: str | None = None) -> tuple[int, str, str]:
    return run("--db", path, "--staff", "Ana", "--counter", "C1", *argv, stdin=stdin)


def _status(path: str, tracking_id: str) -> str:
    db = connect(path)
    try:
        return db.conn.execute(
            "SELECT status FROM parcels WHERE tracking_id = ?", (tracking_id,)
        ).fetchone()[0]
    finally:
        db.conn.close()


def _dispatch_all(path: str, run_id: int, ids: list[str]) -> None:
    code, _, err = cli(path, "dispatch", "--run", str(run_id), stdin="\n".join(ids) + "\n")
    assert code == 0, err


def test_dispatch_prints_one_line_per_scan_then_sends_the_run_out(shop_file) -> None:
    """Scans in, answers out; the last line says the run left."""
    path, dev, _ = shop_file
    code, out, err = cli(path, "dispatch", "--run", str(dev), stdin=f"{IDS[0]}\r\n{IDS[3]}\n"
                         f"{IDS[1].lower()}\n{IDS[2]}\n")  # fmt: skip
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"loaded\t{IDS[0]}\tLoaded: stop 1 (1 of 3)",
        f"other_run\t{IDS[3]}\tNOT THIS CAR: belongs to run 2 · Maria, stop 1",
        f"loaded\t{IDS[1]}\tLoaded: stop 1 (2 of 3)",
        f"loaded\t{IDS[2]}\tLoaded: stop 2 (3 of 3)",
        f"dispatched\t{dev}\tRun 1 · Dev is out with 3 parcels",
    ]
    assert _status(path, IDS[2]) == "out_for_delivery"


def test_dispatch_with_parcels_missing_needs_confirmation(shop_file) -> None:
    """Exit 2 with one line; with --confirm-missing the rest goes back on the shelf."""
    path, _, maria = shop_file
    code, _, err = cli(path, "dispatch", "--run", str(maria), IDS[3])
    assert code == 2 and err.count("\n") == 1
    assert f"1 parcel of run 2 · Maria is not loaded ({IDS[4]})" in err
    code, out, _ = cli(path, "dispatch", "--run", str(maria), "--confirm-missing", stdin="")
    assert code == 0
    assert out.splitlines()[-1] == f"dispatched\t{maria}\tRun 2 · Maria is out with 1 parcels; " \
        "1 back on the shelf"  # fmt: skip
    assert (_status(path, IDS[3]), _status(path, IDS[4])) == ("out_for_delivery", "received")


def test_record_result_delivered_attempted_and_the_run_back(shop_file) -> None:
    """Each result prints its status; the last one says the run is back."""
    path, dev, _ = shop_file
    _dispatch_all(path, dev, IDS[0:3])
    assert cli(path, "record-result", IDS[0], "delivered", "--how", "neighbour", "--name",
               "Kim")[1] == f"delivered\t{IDS[0]}\tDelivered to a neighbour\n"  # fmt: skip
    assert cli(path, "record-result", IDS[1].lower(), "attempted", "--reason", "refused")[1] == (
        f"attempted\t{IDS[1]}\tNot delivered: refused. Back on shelf NW-1 (attempt 1 of 3)\n"
    )
    code, out, _ = cli(path, "record-result", IDS[2], "delivered")
    assert (code, out.splitlines()[-1]) == (
        0,
        f"run_back\t{dev}\tthe run has no parcel out any more",
    )
    code, out, _ = cli(path, "record-result", IDS[1], "delivered", "--correct")
    assert (code, _status(path, IDS[1])) == (0, "delivered")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("lost",), "parcel-desk: the result is delivered or attempted, not 'lost'"),
        (("attempted", "--reason", "aliens"), "parcel-desk: an attempt needs a reason: one of "
         "no_access, recipient_unavailable, refused, unsafe_location, business_closed, "
         "address_not_found, damaged, not 'aliens'"),
        (("delivered", "--how", "drone"), "parcel-desk: delivered how: one of to_recipient, "
         "at_door, neighbour, locker, not 'drone'"),
    ],
)  # fmt: skip
def test_bad_result_words_exit_2_naming_the_allowed_words(shop_file, argv, message) -> None:
    """One line on stderr, nothing recorded."""
    path, dev, _ = shop_file
    _dispatch_all(path, dev, IDS[0:3])
    code, out, err = cli(path, "record-result", IDS[0], *argv)
    assert (code, out, err.strip()) == (2, "", message)
    assert _status(path, IDS[0]) == "out_for_delivery"


def test_result_scan_reads_the_manifest_codes(shop_file) -> None:
    """Stop code then outcome code, from stdin; a dangling stop is bad input."""
    path, dev, _ = shop_file
    _dispatch_all(path, dev, IDS[0:3])
    code, out, err = cli(path, "result-scan", stdin=f"S.{dev}.1\nR.DOOR\nS.{dev}.2\n")
    assert out.splitlines() == [
        "stop_selected\tRun 1 · Dev, stop 1: 2 parcels out. Scan the outcome",
        "recorded\tRun 1 · Dev, stop 1: Delivered at the door (2 parcels).",
        "stop_selected\tRun 1 · Dev, stop 2: 1 parcel out. Scan the outcome",
    ]
    assert (code, err) == (2, "parcel-desk: no outcome scanned for Run 1 · Dev, stop 2\n")


def test_hold_for_pickup_then_collect_by_code(shop_file) -> None:
    """The code printed is the one the counter takes back."""
    path, dev, _ = shop_file
    _dispatch_all(path, dev, IDS[0:3])
    cli(path, "record-result", IDS[0], "attempted", "--reason", "recipient_unavailable")
    code, out, _ = cli(path, "hold-for-pickup", IDS[0])
    pickup_code = out.split("\t")[0]
    assert code == 0 and out.endswith(f"Held for pickup for 5 days: tell the recipient "
                                      f"{pickup_code}\n")  # fmt: skip
    code, out, _ = cli(path, "pickup", "--code", pickup_code.lower(), "--name", "R. Smith")
    assert (code, out) == (0, f"picked_up\t{IDS[0]}\tHanded over at the counter\n")
    cli(path, "record-result", IDS[1], "attempted", "--reason", "no_access")
    cli(path, "hold-for-pickup", IDS[1])
    code, out, _ = cli(path, "release-hold", IDS[1].lower())
    assert (code, out) == (0, f"released\t{IDS[1]}\tHold ended: it goes into the next plan\n")
    code, _, err = cli(path, "release-hold", IDS[1])
    assert (code, err) == (2, f"parcel-desk: {IDS[1]} is not held for pickup: there is no hold "
                              "to release\n")  # fmt: skip
    code, _, err = cli(path, "pickup", IDS[7], "--name", "Someone")
    assert (code, err) == (2, f"parcel-desk: {IDS[7]} is expected: it has not arrived at the "
                              "shop\n")  # fmt: skip


def test_the_pickup_code_goes_where_the_id_goes(shop_file) -> None:
    """`pickup XHP36G` as a scanner or clerk types it works like --code; with the shop's
    setting the ID check is required, and the log says it was done."""
    path, dev, _ = shop_file
    _dispatch_all(path, dev, IDS[0:3])
    cli(path, "record-result", IDS[0], "attempted", "--reason", "recipient_unavailable")
    pickup_code = cli(path, "hold-for-pickup", IDS[0])[1].split("\t")[0]
    db = connect(path)
    settings.update(db, pickup_id_required=True)
    db.conn.close()
    code, _, err = cli(path, "pickup", pickup_code, "--name", "R. Smith")
    assert (code, err) == (2, "parcel-desk: check the collector's ID first (the shop requires "
                              "it), then say it was checked\n")  # fmt: skip
    code, out, err = cli(path, "pickup", f" {pickup_code.lower()}\r", "--name", "R. Smith",
                         "--id-checked")  # fmt: skip
    assert (code, out) == (0, f"picked_up\t{IDS[0]}\tHanded over at the counter\n"), err
    db = connect(path)
    details = db.conn.execute(
        "SELECT details FROM events WHERE tracking_id = ? ORDER BY id DESC LIMIT 1", (IDS[0],)
    ).fetchone()[0]
    db.conn.close()
    assert json.loads(details) == {"id_checked": True}
    code, _, err = cli(path, "pickup", "QQQQQQ", "--name", "X", "--id-checked")
    assert (code, err) == (2, "parcel-desk: no parcel is held with the code QQQQQQ\n")


def test_three_attempts_then_returned_through_the_command_line(shop_file) -> None:
    """attempted x3 -> return_pending (listed with its deadline) -> returned by scan."""
    path, _, maria = shop_file
    db = connect(path)
    runs_ids = [maria]
    db.conn.close()
    for attempt in range(3):
        if attempt:
            db = connect(path)
            [run_id] = plan(db, ANA, {"Maria": [IDS[3:4]]}, day=_local_today(), at=utc_now())
            db.conn.close()
            runs_ids.append(run_id)
        _dispatch_all(path, runs_ids[-1], [IDS[3]] + ([IDS[4]] if attempt == 0 else []))
        cli(path, "record-result", IDS[3], "attempted", "--reason", "no_access")
        if attempt == 0:
            cli(path, "record-result", IDS[4], "delivered")
    assert _status(path, IDS[3]) == "return_pending"
    code, out, _ = cli(path, "returns", "--list")
    assert code == 0 and out.startswith(f"{IDS[3]}\t3 attempts\t")
    code, out, err = cli(path, "return-scan", stdin=f"{IDS[3]}\n{IDS[5]}\n")
    assert out.splitlines() == [
        f"returned\t{IDS[3]}\tReturned to the carrier",
        f"not_pending\t{IDS[5]}\tNOT FOR RETURN: it is on the shelf; keep it in the shop",
    ]
    assert (code, err) == (2, "parcel-desk: 1 of 2 scans were not returned\n")
    code, out, _ = cli(path, "returns", "--manifest")
    assert out.startswith(f"{IDS[3]}\t3 attempts\t3\t")


def test_end_of_day_marks_missing_writes_the_csv_and_prints_the_summary(
    shop_file, tmp_path
) -> None:
    """The CSV in the folder is the status export of the day; missing parcels are marked."""
    path, dev, _ = shop_file
    _dispatch_all(path, dev, IDS[0:3])
    cli(path, "record-result", IDS[0], "delivered")
    folder = tmp_path / "out"
    code, out, err = cli(path, "end-of-day", "--mark-missing", "-o", str(folder))
    assert code == 0, err
    today = _local_today()
    written = (folder / f"status-{today}.csv").read_bytes().decode("utf-8")
    expected = io.StringIO()
    db = connect(path)
    exports.export_status(db, expected, today)
    db.conn.close()
    assert written == expected.getvalue()
    rows = {row["tracking_id"]: row for row in csv.DictReader(io.StringIO(written))}
    assert (rows[IDS[7]]["status"], rows[IDS[0]]["status"]) == ("missing", "delivered")
    lines = dict(line.split("\t", 1) for line in out.splitlines() if not line.startswith("run"))
    assert (lines["received"], lines["delivered"], lines["missing"], lines["still_out"]) == (
        "7", "1", "1", "2"
    )  # fmt: skip
    assert "1 parcel marked missing" in err


def test_a_day_never_closes_with_parcels_in_the_air(shop_file) -> None:
    """Dev out with 2 parcels, Maria never sent: --close (even --runs-out-ok) is refused in a
    sentence and nothing closes; once results are in and Maria is carried over, it closes
    and lists what was carried over."""
    path, dev, _ = shop_file
    _dispatch_all(path, dev, IDS[0:3])
    cli(path, "record-result", IDS[0], "delivered")
    for extra in ((), ("--runs-out-ok",)):
        code, _, err = cli(path, "end-of-day", "--close", *extra)
        assert code == 2
        assert err.endswith(
            "parcel-desk: " + _local_today().strftime("%a %Y-%m-%d") + " cannot close with "
            "parcels in the air: Run 1 · Dev: 2 parcels still out for delivery: record their "
            "results (Results); Run 2 · Maria never left the shop: carry it over (2 parcels "
            "back on the shelf for tomorrow); 1 parcel of the manifest never arrived: mark "
            "them missing\n"
        )
    db = connect(path)
    assert db.conn.execute("SELECT count(*) FROM day_closes").fetchone() == (0,)
    db.conn.close()
    cli(path, "record-result", IDS[1], "attempted", "--reason", "no_access")
    cli(path, "record-result", IDS[2], "delivered", "--how", "at_door")
    code, out, err = cli(path, "end-of-day", "--close", "--carry-over", "--mark-missing")
    assert code == 0, err
    assert "2 parcels carried over to tomorrow" in err
    left = [line.split("\t") for line in out.splitlines() if line.startswith("TBA")]
    assert sorted((row[0], row[1]) for row in left) == [
        (IDS[1], "carried over"),
        (IDS[3], "carried over"),
        (IDS[4], "carried over"),
        (IDS[5], "carried over"),
        (IDS[6], "carried over"),
        (IDS[7], "missing"),
    ]


def test_earnings_and_purge(shop_file) -> None:
    """Earnings total the day's finished parcels; purge reports its count."""
    path, dev, _ = shop_file
    _dispatch_all(path, dev, IDS[0:3])
    cli(path, "record-result", IDS[0], "delivered")
    cli(path, "pickup", IDS[5], "--name", "Neighbour")
    today = _local_today().isoformat()
    code, out, _ = cli(path, "earnings", "--from", today, "--to", today)
    assert (code, out.splitlines()[-1]) == (0, "total\t2\t3.00")
    code, _, err = cli(path, "earnings", "--from", today, "--to", "2000-01-01")
    assert (code, err) == (2, "parcel-desk: the period ends before it starts\n")
    assert cli(path, "purge") == (
        0, "purged\t0\tparcels finished more than 90 days ago\n", ""
    )  # fmt: skip


def test_exception_set_aside_and_returned(shop_file) -> None:
    """exception (damaged) -> return_pending -> returned, all from the command line."""
    path, _, _ = shop_file
    assert cli(path, "damaged", IDS[6])[0] == 0
    code, out, _ = cli(path, "set-aside", IDS[6].lower(), "--reason", "damaged in transit")
    assert code == 0 and out.startswith(f"return_pending\t{IDS[6]}\tSet aside: on the truck by ")
    assert cli(path, "return-scan", IDS[6])[1] == f"returned\t{IDS[6]}\tReturned to the carrier\n"
    code, _, err = cli(path, "set-aside", IDS[7], "--reason", "x")
    assert code == 2
    assert err == (
        "parcel-desk: a parcel that is expected cannot become return_pending "
        "(allowed: exception, missing, received)\n"
    )


def test_overdue_pickup_holds_go_to_returns(shop_file) -> None:
    """returns --holds sets aside what was held longer than the hold days, then lists it."""
    path, dev, _ = shop_file
    _dispatch_all(path, dev, IDS[0:3])
    cli(path, "record-result", IDS[0], "attempted", "--reason", "recipient_unavailable")
    db = connect(path)
    pickup.hold_for_pickup(db, ANA, IDS[0], at=utc_now() - timedelta(days=6))
    db.conn.close()
    code, out, err = cli(path, "returns", "--holds")
    assert (code, err) == (0, "1 pickup hold ran out and was set aside\n")
    assert out.startswith(f"{IDS[0]}\tnot collected in 5 days\t")
    assert _status(path, IDS[0]) == "return_pending"


def test_expected_to_delivered_through_the_command_line(tmp_path) -> None:
    """import-manifest, check-in, (plan), dispatch, record-result, end-of-day: one parcel's
    whole happy path, ending as a delivered row of the day's status CSV."""
    path = str(tmp_path / "shop.db")
    cli(path, "setup", "--name", "Shop", "--lat", str(SHOP_LAT), "--lon", str(SHOP_LON),
        "--timezone", "America/New_York")  # fmt: skip
    cli(path, "drivers", "add", "Dev", "--capacity", "40", "--start", "09:00", "--end", "17:00")
    (tmp_path / "m.csv").write_bytes(manifest_bytes(inside("TBA500000001")))
    assert cli(path, "import-manifest", str(tmp_path / "m.csv"))[0] == 0
    assert cli(path, "check-in", "tba500000001")[1].startswith("received\tTBA500000001\t")
    db = connect(path)
    [run_id] = plan(db, ANA, {"Dev": [["TBA500000001"]]}, day=_local_today(), at=utc_now())
    db.conn.close()
    _dispatch_all(path, run_id, ["TBA500000001"])
    assert cli(path, "record-result", "TBA500000001", "delivered", "--how", "at_door")[0] == 0
    assert cli(path, "end-of-day", "-o", str(tmp_path))[0] == 0
    with (tmp_path / f"status-{_local_today()}.csv").open(encoding="utf-8", newline="") as f:
        [row] = list(csv.DictReader(f))
    assert (row["tracking_id"], row["status"], row["reason"], row["driver"], row["run_id"]) == (
        "TBA500000001", "delivered", "at_door", "Dev", str(run_id)
    )  # fmt: skip
    assert row["received_at"] and row["delivered_at"] == row["status_at"]
