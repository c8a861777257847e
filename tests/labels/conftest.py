"""Fixtures for the printing tests: a typical label, a small run, and hostile text."""

from __future__ import annotations

import datetime as dt

import pytest

from labels import ParcelLabel
from labels.samples import sample_run


@pytest.fixture
def label() -> ParcelLabel:
    """A typical planned label with every field filled."""
    return ParcelLabel(
        tracking_id="1Z999AA10123456784",
        recipient_name="Maria Gonzalez",
        address_line1="1428 Elm Street",
        address_line2="Apt 3B",
        city="Springfield",
        state="IL",
        postal_code="62704",
        date=dt.date(2024, 5, 14),
        shop_name="Corner Parcel Shop",
        run_label="R3 · Maria",
        stop_number=12,
        parcel_index=2,
        parcel_count=3,
        zone="NE-2",
        signature_required=True,
        window="09:00–12:00",
        notes="Leave with neighbour at 1430",
        service="next_day",
        weight_lb=2.4,
    )


@pytest.fixture
def small_run():
    """A 14-stop run with a route, outcome codes and some multi-parcel stops."""
    return sample_run(14, seed=3)
