"""The planner's input types refuse bad values with a message naming the field."""

from __future__ import annotations

import pytest
from routing_test_helpers import SHOP, car, stop_at

from routing import Lock, LockedRoute, Problem, Stop, Vehicle, clock, service_seconds


def test_service_seconds_adds_per_extra_parcel() -> None:
    """Service time is the base plus a fixed amount for each parcel after the first."""
    assert service_seconds(1, 120, 30) == 120
    assert service_seconds(4, 120, 30) == 210


def test_service_seconds_rejects_zero_parcels() -> None:
    """A stop with no parcel is a caller bug, reported by name."""
    with pytest.raises(ValueError, match="n_parcels"):
        service_seconds(0, 120, 30)


def test_clock_formats_seconds_since_midnight() -> None:
    """Times read as HH:MM, as the shop writes them."""
    assert clock(9 * 3600 + 30 * 60) == "09:30"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"lat": 91.0}, "lat must lie in -90..90"),
        ({"lon": float("nan")}, "lon must be a finite number"),
        ({"tracking_ids": ()}, "tracking_ids must be a non-empty tuple"),
        ({"service_s": -1}, "service_s must be at least 0"),
        ({"weight_lb": -2.0}, "weight_lb must be at least 0"),
        ({"window": (11 * 3600, 10 * 3600)}, "window starts after it ends"),
        ({"window": (0, 3 * 86400)}, "window end must be seconds since midnight"),
        ({"due": "yes"}, "due must be True or False"),
    ],
)
def test_stop_rejects_bad_fields(fields: dict[str, object], message: str) -> None:
    """Each bad stop field is refused with a message naming it."""
    values: dict[str, object] = {
        "key": "A", "lat": 38.9, "lon": -77.2, "tracking_ids": ("T1",), "service_s": 60,
    }  # fmt: skip
    values.update(fields)
    with pytest.raises(ValueError, match=message):
        Stop(**values)  # type: ignore[arg-type]


def test_stop_demand_is_its_parcel_count() -> None:
    """A stop's demand is the number of parcels going there."""
    assert stop_at("A", 1, 1, tracking_ids=("T1", "T2", "T3")).parcels == 3


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"capacity_parcels": 0}, "capacity_parcels must be at least 1"),
        ({"shift_end_s": 8 * 3600}, "shift_end_s must be after shift_start_s"),
        ({"capacity_weight_lb": -1.0}, "capacity_weight_lb must be at least 0"),
        ({"name": ""}, "Vehicle.name must be a non-empty string"),
    ],
)
def test_vehicle_rejects_bad_fields(fields: dict[str, object], message: str) -> None:
    """Each bad vehicle field is refused with a message naming it."""
    values: dict[str, object] = {
        "name": "Ann", "capacity_parcels": 10, "shift_start_s": 8 * 3600, "shift_end_s": 17 * 3600,
    }  # fmt: skip
    values.update(fields)
    with pytest.raises(ValueError, match=message):
        Vehicle(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("locks", "message"),
    [
        ((Lock("A", "Zed"),), "unknown vehicle 'Zed'"),
        ((Lock("Q", "Ann"),), "unknown stop 'Q'"),
        ((Lock("A", "Ann"), Lock("A", "Bob")), "duplicate locked stop 'A'"),
        ((LockedRoute("Ann", ("A",)), Lock("B", "Ann")), "whole run is already locked"),
    ],
)
def test_problem_rejects_inconsistent_locks(locks: tuple[object, ...], message: str) -> None:
    """Locks must name known stops and cars, and lock each stop once."""
    with pytest.raises(ValueError, match=message):
        Problem(
            depot=SHOP,
            stops=(stop_at("A", 1, 0), stop_at("B", 0, 1)),
            vehicles=(car("Ann"), car("Bob")),
            locks=locks,  # type: ignore[arg-type]
        )


def test_problem_rejects_duplicate_stop_keys() -> None:
    """Two stops with one key would make the plan ambiguous."""
    with pytest.raises(ValueError, match="duplicate stop key 'A'"):
        Problem(depot=SHOP, stops=(stop_at("A", 1, 0), stop_at("A", 0, 1)), vehicles=(car("Ann"),))


def test_problem_rejects_stops_given_as_a_list() -> None:
    """Problems are immutable: stops come as a tuple."""
    with pytest.raises(ValueError, match=r"Problem\.stops must be a tuple of Stop"):
        Problem(depot=SHOP, stops=[stop_at("A", 1, 0)], vehicles=(car("Ann"),))  # type: ignore[arg-type]
