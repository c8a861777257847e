"""Re-ordering one settled run: every stop stays, the order gets better or stays as it was."""

from __future__ import annotations

import math

from routing import evaluate_route, resequence
from tests.routing.routing_test_helpers import SHOP, car, stop_at


def _ring(count: int = 10, miles: float = 3.0):
    """Stops on a circle around the shop, listed in a zig-zag order (a bad run)."""
    stops = [
        stop_at(
            f"S{k}",
            miles * math.sin(2 * math.pi * k / count),
            miles * math.cos(2 * math.pi * k / count),
        )
        for k in range(count)
    ]
    return stops[0::2] + stops[1::2]


def test_a_zigzag_run_is_put_in_a_shorter_order_with_every_stop_kept() -> None:
    stops = _ring()
    van = car("Dev")
    saved = evaluate_route(SHOP, van, stops)
    better = resequence(SHOP, van, stops, seconds=0.5, seed=1)
    assert sorted(v.stop.key for v in better.visits) == sorted(s.key for s in stops)
    assert better.distance_mi < saved.distance_mi * 0.8
    assert better.breaches == ()
    again = evaluate_route(SHOP, van, [v.stop for v in better.visits])
    assert again.distance_mi == better.distance_mi  # timed like a hand edit


def test_a_run_already_best_keeps_its_order() -> None:
    stops = _ring()
    van = car("Dev")
    best = resequence(SHOP, van, stops, seconds=0.5, seed=1)
    order = [v.stop for v in best.visits]
    same = resequence(SHOP, van, order, seconds=0.3, seed=2)
    assert [v.stop.key for v in same.visits] == [s.key for s in order]


def test_a_window_broken_by_the_saved_order_is_mended_first() -> None:
    """The saved order reaches the windowed stop late; a longer order that keeps its window
    beats a shorter one that breaks it."""
    stops = _ring(6)
    early = stop_at("W", 4.0, 0.0, window=(8 * 3600, 8 * 3600 + 40 * 60))
    run = [*stops, early]  # W last: far past 08:40
    van = car("Dev")
    saved = evaluate_route(SHOP, van, run)
    assert any(b.kind == "window" for b in saved.breaches)
    mended = resequence(SHOP, van, run, seconds=0.5, seed=1)
    assert not any(b.kind == "window" for b in mended.breaches)
    assert len(mended.visits) == len(run)


def test_loaded_stops_stay_even_beyond_a_smaller_radius() -> None:
    """The radius was made smaller after planning: the loaded stop is still on the car."""
    stops = _ring(6, miles=8.0)
    out = resequence(SHOP, car("Dev"), stops, seconds=0.3, radius_mi=5.0)
    assert len(out.visits) == 6


def test_one_stop_comes_back_as_it_is() -> None:
    [only] = _ring(1)
    assert [v.stop.key for v in resequence(SHOP, car("Dev"), [only], seconds=0.3).visits] == ["S0"]
