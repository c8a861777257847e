"""What every screen of one console needs: the open database, who is at the counter, the shop.

One `Session` is made by `ui.app.open_console` and handed to the windows and views that need it
(no global registry). Screens read `session.settings` instead of loading them on every scan, and
`today()` is the shop's local date, as the carrier and the manifests count days.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import sqlite_utils

from store import settings as shop_settings
from store.events import Actor
from store.settings import ShopSettings


@dataclass
class Session:
    db: sqlite_utils.Database
    db_file: Path
    actor: Actor
    settings: ShopSettings = field(default_factory=ShopSettings)
    #: The wall clock (aware datetime); tests pass a fixed one.
    now: Callable[[], datetime] = field(default=lambda: datetime.now().astimezone())

    @classmethod
    def open(cls, db: sqlite_utils.Database, db_file: Path, actor: Actor) -> Session:
        return cls(db, Path(db_file), actor, shop_settings.load(db))

    def reload_settings(self) -> ShopSettings:
        self.settings = shop_settings.load(self.db)
        return self.settings

    def today(self) -> date:
        """The shop's local calendar day."""
        return self.now().astimezone(self.settings.tz).date()

    @property
    def is_demo(self) -> bool:
        return "demo" in self.settings.name.lower()
