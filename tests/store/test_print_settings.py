"""The printing settings (label layouts, printer names the spooler takes) and the planning
budget the Runs screen remembers."""

from __future__ import annotations

import pytest

from labels import LAYOUTS
from store import print_jobs, settings
from store.errors import BadInput


@pytest.mark.parametrize("layout", settings.LABEL_LAYOUTS)
def test_every_layout_setting_names_a_printing_layout(db, layout) -> None:
    """Each label layout the shop can choose is one the label renderer has."""
    assert settings.update(db, label_layout=layout).label_layout == layout
    assert print_jobs.layout_key(layout) in LAYOUTS


@pytest.mark.parametrize("name", ["", "Zebra_GK420d", "HP LaserJet 4 (Counter)", "Étiquettes"])
def test_printer_names_are_kept(db, name) -> None:
    """Empty means the system's default; CUPS and Windows names are kept as typed."""
    saved = settings.update(db, printer=name, zpl_printer=name)
    assert (saved.printer, saved.zpl_printer) == (name, name)
    assert settings.load(db).zpl_printer == name


@pytest.mark.parametrize("name", ["Zebra\n", " Zebra", "Zeb\tra", "x" * 201, 5])
def test_bad_printer_names_are_refused(db, name) -> None:
    """A name with line breaks, tabs, edge spaces or absurd length is refused, nothing saved."""
    with pytest.raises(BadInput, match="setting zpl_printer: expected a printer's name"):
        settings.update(db, zpl_printer=name)
    assert settings.load(db).zpl_printer == ""


@pytest.mark.parametrize("seconds", [0, 601, 2.5, True, "3"])
def test_a_bad_planning_budget_is_refused(db, seconds) -> None:
    """The Runs screen's remembered budget is whole seconds from 1 to 600; nothing else."""
    with pytest.raises(BadInput, match="setting plan_seconds: expected 1 to 600 seconds"):
        settings.update(db, plan_seconds=seconds)
    assert settings.load(db).plan_seconds == 3
