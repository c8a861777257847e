"""Put the repository root on sys.path, so `python bench/<script>.py` finds the packages."""

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parent.parent)
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
