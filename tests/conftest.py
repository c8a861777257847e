"""Shared fixtures. Qt runs offscreen so the suite needs no display."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

#: The synthetic street map world (a river, a bridge, a one-way street, an island).
pytest_plugins = ["tests.osm_world"]
