"""`plan` and `runs` on the command line: the saved plan and its --json shape."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from store import runs as run_store
from store.db import connect
from store.events import Actor
from store.runs import RunRecord, StopRecord
from tests.test_cli import run

STOP_KEYS = {
    "sequence",
    "tracking_ids",
    "latitude",
    "longitude",
    "arrival",
    "wait_min",
    "service_start",
    "eta",
    "time_window",
    "breaches",
    "precision",
    "approximate",
    "location_note",
}
RUN_KEYS = {
    "run_id",
    "number",
    "driver",
    "state",
    "street_map",
    "distance_mi",
    "duration_min",
    "start",
    "end",
    "parcels",
    "breaches",
    "stops",
}


@pytest.fixture
def demo_db(tmp_path: Path) -> str:
    path = str(tmp_path / "demo.db")
    assert run("--db", path, "demo")[0] == 0
    return path


def test_plan_json_is_the_saved_plan(demo_db) -> None:
    """--json prints runs with ordered stops, ETAs, windows, miles and minutes, and the
    parcels left out with reasons; every received parcel is accounted for once."""
    code, out, err = run("--db", demo_db, "plan", "--seconds", "1", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == {
        "date", "distances", "note", "runs", "left_out", "distance_mi", "held_for_location"
    }  # fmt: skip
    assert (data["distances"], data["note"]) == ("roads", None)  # the demo ships its streets
    assert {run_data["street_map"] for run_data in data["runs"]} == {"harrisburg.osm.pbf"}
    planned = []
    for number, run_data in enumerate(data["runs"], start=1):
        assert set(run_data) == RUN_KEYS
        assert run_data["number"] == number and run_data["state"] == "planned"
        assert run_data["distance_mi"] > 0 and run_data["duration_min"] > 0
        assert [stop["sequence"] for stop in run_data["stops"]] == list(
            range(1, len(run_data["stops"]) + 1)
        )
        etas = [stop["eta"] for stop in run_data["stops"]]
        assert etas == sorted(etas)
        assert run_data["start"] <= run_data["stops"][0]["arrival"]
        assert run_data["stops"][-1]["service_start"] <= run_data["end"]
        for stop in run_data["stops"]:
            assert set(stop) == STOP_KEYS
            assert stop["eta"] == stop["service_start"] >= stop["arrival"]
            assert stop["wait_min"] >= 0
            assert stop["time_window"] is None or set(stop["time_window"]) == {"start", "end"}
            if stop["time_window"]:
                window = stop["time_window"]
                assert window["start"] <= stop["service_start"] <= window["end"]
            planned += stop["tracking_ids"]
        assert run_data["parcels"] <= {"Dev": 60, "Maria": 50, "Sam": 45}[run_data["driver"]]
    left = [item["tracking_id"] for item in data["left_out"]]
    assert all(item["reason"] for item in data["left_out"])
    assert len(planned) == len(set(planned))
    assert not set(planned) & set(left)
    code, out, _ = run("--db", demo_db, "export-status")
    statuses = [line.split(",")[1] for line in out.splitlines()[1:]]
    assert statuses.count("planned") == len(planned)
    assert statuses.count("received") == len(left)
    assert (
        run("--db", demo_db, "runs", "--json")[1]
        == json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    )


def test_an_early_car_waits_and_the_json_says_so(tmp_path: Path) -> None:
    """A run whose hand-made order is early for a window: the arrival, the wait and the time
    at the door (the ETA) are all printed, the ETA never before the window opens."""
    path = str(tmp_path / "demo.db")
    assert run("--db", path, "demo")[0] == 0
    out = run("--db", path, "plan", "--seconds", "0.5", "--drivers", "Maria", "--json")[1]
    [maria] = json.loads(out)["runs"]
    db = connect(Path(path))
    saved = run_store.get_run(db, maria["run_id"])
    first, second = saved.stops[:2]
    records = [
        StopRecord(first.stop_key, first.latitude, first.longitude,
                   tuple(p["tracking_id"] for p in first.parcels), arrival_s=9 * 3600,
                   start_s=9 * 3600, depart_s=9 * 3600 + 120, window=(9 * 3600, 9 * 3600 + 900)),
        StopRecord(second.stop_key, second.latitude, second.longitude,
                   tuple(p["tracking_id"] for p in second.parcels), arrival_s=9 * 3600 + 600,
                   start_s=11 * 3600, depart_s=11 * 3600 + 120, window=(11 * 3600, 12 * 3600)),
    ]  # fmt: skip
    day = date.fromisoformat(saved.plan_date)
    run_store.save_plan(
        db, Actor("Ana", "Counter 1"), day, [RunRecord("Maria", tuple(records))], {}
    )
    db.conn.close()
    stops = json.loads(run("--db", path, "runs", "--json")[1])["runs"][0]["stops"]
    assert [(s["arrival"], s["wait_min"], s["service_start"], s["eta"]) for s in stops] == [
        ("09:00", 0.0, "09:00", "09:00"),
        ("09:10", 110.0, "11:00", "11:00"),
    ]
    text = run("--db", path, "runs")[1]
    assert "\t11:00\t" in text and "waits 110 min" in text


def test_plan_with_chosen_drivers(demo_db) -> None:
    """--drivers limits the plan to those drivers."""
    code, out, _ = run("--db", demo_db, "plan", "--seconds", "1", "--drivers", "Maria", "--json")
    assert code == 0
    assert [r["driver"] for r in json.loads(out)["runs"]] == ["Maria"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--drivers", "Nobody"), "no driver named Nobody"),
        (("--seconds", "0"), "--seconds"),
        (("--drivers", " , "), "names no driver"),
    ],
)
def test_plan_bad_input_is_exit_2(demo_db, argv, message) -> None:
    """Unknown drivers and absurd budgets: exit 2, one line naming the problem."""
    code, _, err = run("--db", demo_db, "plan", *argv)
    assert code == 2 and message in err and err.count("\n") == 1


def test_runs_text_lists_stops_and_leftovers(demo_db) -> None:
    """The human listing shows each run, its stops with ETAs, and what was left out."""
    run("--db", demo_db, "plan", "--seconds", "1")
    code, out, _ = run("--db", demo_db, "runs")
    assert code == 0
    assert out.startswith("run 1\t")


def test_resequence_a_run_laid_out_in_a_zigzag(demo_db) -> None:
    """Maria's run saved in a zig-zag order (as a careless hand edit would leave it), then
    `resequence`: fewer miles, the same parcels, new stop numbers said; unknown run: exit 2."""
    code, out, _ = run("--db", demo_db, "plan", "--seconds", "1", "--drivers", "Maria", "--json")
    [maria] = json.loads(out)["runs"]
    db = connect(Path(demo_db))
    saved = run_store.get_run(db, maria["run_id"])
    zigzag = [
        StopRecord(s.stop_key, s.latitude, s.longitude,
                   tuple(p["tracking_id"] for p in s.parcels), label=s.label)
        for s in saved.stops[::2] + saved.stops[1::2]
    ]  # fmt: skip
    day = date.fromisoformat(saved.plan_date)
    run_store.save_plan(db, Actor("Ana", "Counter 1"), day, [RunRecord("Maria", tuple(zigzag))], {})
    db.conn.close()
    argv = ("--db", demo_db, "resequence", "--run", str(maria["run_id"]), "--seconds", "0.5")
    code, out, err = run(*argv)
    assert code == 0, err
    first = out.splitlines()[0]
    assert first.startswith("Run 1 · Maria: ") and "with a new stop number" in first
    before, after = (float(x) for x in first.split(": ")[1].split(" mi")[0].split(" -> "))
    assert after < before
    code, out, _ = run("--db", demo_db, "runs", "--json")
    [again] = json.loads(out)["runs"]
    ids = sorted(t for stop in again["stops"] for t in stop["tracking_ids"])
    assert ids == sorted(t for stop in maria["stops"] for t in stop["tracking_ids"])
    code, _, err = run("--db", demo_db, "resequence", "--run", "9999")
    assert code == 2 and "no run 9999" in err and err.count("\n") == 1


@pytest.mark.parametrize("command", [("plan",), ("resequence", "--run", "1")])
@pytest.mark.parametrize("seed", ["-5", "4294967295", "99999999999999999999"])
def test_a_seed_out_of_range_is_bad_input(demo_db, command, seed) -> None:
    """`--seed -5` died with a ValueError traceback, a seed past PyVRP's 32 bits (or one the
    planner's second search multiplies past them) with a TypeError from its constructor."""
    code, out, err = run("--db", demo_db, *command, "--seconds", "0.5", "--seed", seed)
    assert code == 2 and "--seed" in err and err.count("\n") == 1, (code, out, err)
