"""Where Parcel Desk keeps its files on this PC: the shop's file, the demo's, backups, logs.

All of them come from platformdirs, so each system puts them where its users expect (the
user data folder on Linux, AppData on Windows, Application Support on macOS). The demo shop has
its own file beside the shop's: trying the demo never touches the shop's own data.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from store.backup import backup_dir
from store.db import default_db_path
from store.logfile import log_dir

DEMO_FILE_NAME = "demo.db"


def demo_db_path() -> Path:
    """The demo shop's own file, beside the shop's."""
    return default_db_path().with_name(DEMO_FILE_NAME)


@dataclass(frozen=True)
class DataPlaces:
    """The folders and files a person may need to find (Help › Where is my data)."""

    shop_file: Path
    backups: Path
    logs: Path
    demo_file: Path


def data_places(shop_file: Path | None = None) -> DataPlaces:
    shop_file = shop_file or default_db_path()
    return DataPlaces(
        shop_file=shop_file,
        backups=backup_dir(shop_file),
        logs=log_dir(),
        demo_file=demo_db_path(),
    )
