"""Re-ordering a run being loaded, when the owner asks: same stops and parcels, a shorter
order, new stop numbers as events, and nothing saved over a run that changed meanwhile."""

from __future__ import annotations

import math

import pytest

from store import dispatch, run_order, runs
from store.errors import BadInput
from store.events import verify
from store.runs import PlanChanged, RunRecord, StopRecord, save_plan
from tests.store.conftest import DAY, MORNING, SHOP_LAT, SHOP_LON
from tests.store.daybook import IDS, send_out, shelf


def _ring_stop(k: int, tracking_id: str, count: int = 8) -> StopRecord:
    """Stop k of a ring 3 miles around the shop."""
    angle = 2 * math.pi * k / count
    return StopRecord(
        stop_key=f"k:{tracking_id}",
        latitude=SHOP_LAT + 3 * math.sin(angle) / 69.05,
        longitude=SHOP_LON + 3 * math.cos(angle) / 53.7,
        tracking_ids=(tracking_id,),
        label=f"Stop of {tracking_id}",
    )


@pytest.fixture
def zigzag(shop, actor) -> int:
    """Dev's run: eight stops around the shop, driven in a zig-zag; two parcels loaded."""
    shelf(shop, actor)
    zig = [0, 4, 1, 5, 2, 6, 3, 7]
    stops = tuple(_ring_stop(k, IDS[k]) for k in zig)
    [run_id] = save_plan(
        shop, actor, DAY, [RunRecord("Dev", stops, distance_mi=30)], {}, at=MORNING
    )
    for tracking_id in IDS[:2]:
        dispatch.load_scan(shop, actor, run_id, tracking_id, at=MORNING)
    assert runs.get_run(shop, run_id).state == "loading"
    return run_id


def test_a_loading_run_is_put_in_a_shorter_order(shop, actor, zigzag) -> None:
    order = run_order.read(shop, zigzag)
    route = run_order.solve(order, seconds=0.3, seed=1)
    done = run_order.commit(shop, actor, order, route, at=MORNING)
    assert done.after_mi < done.before_mi * 0.8
    run = runs.get_run(shop, zigzag)
    assert run.state == "loading" and run.distance_mi == pytest.approx(done.after_mi, abs=1e-3)
    assert [s.stop_key for s in run.stops] == [v.stop.key for v in route.visits]
    assert sorted(run.tracking_ids) == sorted(IDS)
    assert all(s.arrival_s is not None for s in run.stops)
    moved = shop.conn.execute(
        "SELECT tracking_id, stop_sequence FROM events WHERE reason = 'resequenced'"
    ).fetchall()
    assert len(moved) == done.renumbered > 0
    now_at = {p["tracking_id"]: s.sequence for s in run.stops for p in s.parcels}
    assert all(now_at[t] == sequence for t, sequence in moved)
    assert dispatch.load_status(shop, zigzag).loaded == 2  # the car keeps what is in it
    assert verify(shop).ok


def test_asking_again_changes_nothing(shop, actor, zigzag) -> None:
    order = run_order.read(shop, zigzag)
    run_order.commit(shop, actor, order, run_order.solve(order, seconds=0.3, seed=1))
    again = run_order.read(shop, zigzag)
    done = run_order.commit(shop, actor, again, run_order.solve(again, seconds=0.3, seed=2))
    assert done.renumbered == 0 and done.after_mi == pytest.approx(done.before_mi)


def test_a_run_changed_meanwhile_is_not_overwritten(shop, actor) -> None:
    """Read while planned; the day is re-planned with a stop moved to Maria; commit refuses."""
    shelf(shop, actor)
    stops = tuple(_ring_stop(k, IDS[k]) for k in (0, 4, 1, 5))
    [run_id] = save_plan(shop, actor, DAY, [RunRecord("Dev", stops)], {}, at=MORNING)
    order = run_order.read(shop, run_id)
    route = run_order.solve(order, seconds=0.2)
    save_plan(shop, actor, DAY, [RunRecord("Dev", stops[:3]), RunRecord("Maria", stops[3:])], {})
    before = shop.conn.execute("SELECT count(*) FROM events").fetchone()[0]
    with pytest.raises(PlanChanged, match="changed since its stops were read"):
        run_order.commit(shop, actor, order, route)
    assert shop.conn.execute("SELECT count(*) FROM events").fetchone()[0] == before
    assert len(runs.get_run(shop, run_id).stops) == 3


def test_a_run_out_is_refused(shop, actor, zigzag) -> None:
    send_out(shop, actor, zigzag)
    with pytest.raises(BadInput, match="is out: only a run not yet out can be re-ordered"):
        run_order.read(shop, zigzag)


def test_a_locked_run_keeps_its_order(shop, actor) -> None:
    shelf(shop, actor)
    stops = tuple(_ring_stop(k, IDS[k]) for k in (0, 4, 1, 5))
    [run_id] = save_plan(shop, actor, DAY, [RunRecord("Dev", stops)], {}, at=MORNING)
    runs.set_locked(shop, locked=True, run_id=run_id)
    with pytest.raises(BadInput, match="is locked: unlock it to re-order its stops"):
        run_order.read(shop, run_id)
