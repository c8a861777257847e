"""Where the manual's Markdown pages are: docs/manual/ in the repository, or _internal/docs/
in the built app (packaging/parcel-desk.spec puts them there). The README links the same
files, so the manual read on the web and in the app is one text."""

from __future__ import annotations

import sys
from pathlib import Path

#: The manual page of each screen, by the title the main window gives it.
SCREEN_PAGES = {
    "Today": "today.md",
    "Check-in": "checkin.md",
    "Parcels": "parcels.md",
    "Runs": "runs.md",
    "Print": "print.md",
    "Dispatch": "dispatch.md",
    "Results": "results.md",
    "Pickup": "pickup.md",
    "Returns": "returns.md",
    "End of day": "end-of-day.md",
}
CONTENTS = "README.md"
SHORTCUTS = "shortcuts.md"


def manual_dir() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root is not None:
        return Path(frozen_root) / "docs" / "manual"
    return Path(__file__).resolve().parents[2] / "docs" / "manual"


def page(name: str) -> Path:
    return manual_dir() / name


def page_of_screen(title: str) -> Path:
    """The screen's page, or the contents for a screen without one."""
    return page(SCREEN_PAGES.get(title, CONTENTS))
