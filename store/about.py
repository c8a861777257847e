"""What the program says about itself: its version and the licences of the parts it bundles.

Help › About shows these, and the log's first line of every start names the version. Plain
data, no Qt, so the command line can say the same.
"""

from __future__ import annotations

import importlib.metadata
import platform
import sys
from dataclasses import dataclass

DISTRIBUTION = "parcel-desk"
MAP_ATTRIBUTION = "Map data © OpenStreetMap contributors (Open Database Licence, ODbL 1.0)"


@dataclass(frozen=True)
class Part:
    """A bundled part: its name, the distribution that carries it (for its version), what it
    does here, and its licence."""

    name: str
    distribution: str | None
    role: str
    licence: str


PARTS = (
    Part("Python", None, "the language", "PSF License"),
    Part("Qt and PySide6", "PySide6_Essentials", "the windows", "LGPL-3.0"),
    Part("SQLite", None, "the shop's file", "public domain"),
    Part("sqlite-utils", "sqlite-utils", "the shop's file", "Apache-2.0"),
    Part("PyVRP", "pyvrp", "planning the runs", "MIT"),
    Part("NumPy", "numpy", "planning the runs", "BSD-3-Clause"),
    Part("OSRM", "osrm-bindings", "road distances and times", "BSD-2-Clause"),
    Part("pyosmium", "osmium", "reading street maps", "BSD-2-Clause"),
    Part("ReportLab", "reportlab", "labels and manifests", "BSD-3-Clause"),
    Part("rl-accel", "rl-accel", "labels and manifests", "BSD-3-Clause"),
    Part("python-barcode", "python-barcode", "barcodes", "MIT"),
    Part("pypdfium2 (PDFium)", "pypdfium2", "print preview", "Apache-2.0 / BSD-3-Clause"),
    Part("DejaVu fonts", None, "text on labels", "Bitstream Vera licence (free)"),
    Part("Noto Sans Devanagari and Thai", None, "text on labels", "SIL Open Font License 1.1"),
    Part("Droid Sans Fallback", None, "Chinese, Japanese, Korean", "Apache-2.0"),
    Part("Symbola (emoji subset)", None, "emoji on labels", "free for any use"),
    Part("HarfBuzz (uharfbuzz)", "uharfbuzz", "shaping scripts", "MIT / Apache-2.0"),
    Part("python-bidi", "python-bidi", "right-to-left text", "LGPL-3.0"),
    Part("arabic-reshaper", "arabic-reshaper", "Arabic letters", "MIT"),
    Part("zipcodes", "zipcodes", "ZIP code centres", "MIT"),
    Part("usaddress (python-crfsuite)", "usaddress", "reading addresses", "MIT"),
    Part("usaddress-scourgify", "usaddress-scourgify", "reading addresses", "MIT"),
    Part("RapidFuzz", "rapidfuzz", "misspelt street names", "MIT"),
    Part("platformdirs", "platformdirs", "where files live", "MIT"),
    Part("tzlocal and tzdata", "tzlocal", "the shop's time zone", "MIT / Apache-2.0"),
    Part("OpenStreetMap data", None, "the streets", "ODbL 1.0, © OpenStreetMap contributors"),
)


def version(distribution: str = DISTRIBUTION) -> str:
    """The installed version, or 'unknown' (a copy run from a folder with no metadata)."""
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def part_version(part: Part) -> str:
    if part.name == "Python":
        return platform.python_version()
    if part.name == "SQLite":
        import sqlite3

        return sqlite3.sqlite_version
    return version(part.distribution) if part.distribution else ""


def build() -> str:
    """'built app' or 'Python x.y', for the log and the About box."""
    if getattr(sys, "frozen", False):
        return f"built app, {platform.system()} {platform.machine()}"
    return f"Python {platform.python_version()}, {platform.system()} {platform.machine()}"
