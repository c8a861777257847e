"""The street map (the shop's OpenStreetMap area) as the setup and settings pages see it.

The area itself belongs to `store.area` (import, status, streets), written alongside this
branch by the road-network work. This module is the one place the pages reach it through, so
they work before it lands (no street map: the straight-line settings show, the import page
says it is not available yet) and pick it up as soon as it does, with no change to the pages.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

Street = Sequence[tuple[float, float]]


@dataclass(frozen=True)
class AreaState:
    loaded: bool
    summary: str  # one sentence for the page: what is loaded, or that nothing is


def _area() -> ModuleType | None:
    try:
        return importlib.import_module("store.area")
    except ImportError:
        return None


def available() -> bool:
    """Whether this build can import a street map at all."""
    module = _area()
    return module is not None and hasattr(module, "import_area")


def state(db_file: Path | None) -> AreaState:
    module = _area()
    if module is None or db_file is None or not hasattr(module, "status"):
        return AreaState(False, "No street map is loaded: distances are estimated.")
    status = module.status(db_file)
    loaded = bool(getattr(status, "loaded", status))
    return AreaState(loaded, str(getattr(status, "summary", status)))


def streets(db_file: Path | None) -> list[Street]:
    """The area's streets as (latitude, longitude) lines, or none without a street map."""
    module = _area()
    if module is None or db_file is None or not hasattr(module, "street_lines"):
        return []
    return list(module.street_lines(db_file))


def import_area(
    db_file: Path,
    source: Path,
    progress: Callable[[str, float], None],
    cancelled: Callable[[], bool],
) -> str:
    """Import `source` (an .osm.pbf extract) as the shop's street map; returns a summary.

    Raises RuntimeError when this build has no street-map import yet."""
    module = _area()
    if module is None or not hasattr(module, "import_area"):
        raise RuntimeError("this version cannot import a street map yet")
    result = module.import_area(db_file, source, progress=progress, cancelled=cancelled)
    return str(getattr(result, "summary", result))
