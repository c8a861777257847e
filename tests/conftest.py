"""Shared fixtures. Qt runs offscreen so the suite needs no display.

The suite never writes into the real user's folders: the data, cache, state and log folders
(platformdirs reads the XDG variables on Linux) point into one temporary folder per run.
"""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

_HOME = Path(tempfile.mkdtemp(prefix="parcel-desk-tests-"))
for _variable in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME"):
    os.environ[_variable] = str(_HOME / _variable.lower())
os.environ["PARCEL_DESK_LOG_DIR"] = str(_HOME / "logs")

atexit.register(shutil.rmtree, _HOME, ignore_errors=True)

#: The synthetic street map world (a river, a bridge, a one-way street, an island).
pytest_plugins = ["tests.osm_world"]
