"""`plan` and `runs` on the command line: the saved plan and its --json shape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_cli import run

STOP_KEYS = {"sequence", "tracking_ids", "latitude", "longitude", "eta", "time_window", "breaches"}
RUN_KEYS = {
    "run_id",
    "number",
    "driver",
    "state",
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
    assert set(data) == {"date", "runs", "left_out", "distance_mi"}
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
        for stop in run_data["stops"]:
            assert set(stop) == STOP_KEYS
            assert stop["time_window"] is None or set(stop["time_window"]) == {"start", "end"}
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
