"""Opening the pin dialog for a parcel from any screen, with what the store knows of it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlite_utils
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget

from store import locate, location_fix, parcels
from store.events import Actor
from ui.locating.pin_dialog import Choice, PinDialog
from ui.locating.pin_map import PinMap

#: Streets and houses drawn around the parcel (metres).
NEARBY_M = 900.0
#: Where a fix put the parcel, in the words of the screens (by its precision).
PLACED = {
    "address": "at its address",
    "street": "on its street only (≈ approximate)",
    "zip": "at its ZIP code's centre only (≈ approximate)",
}


def pin_dialog_for(
    db: sqlite_utils.Database, actor: Actor, tracking_id: str, parent: QWidget | None = None
) -> PinDialog:
    """The dialog for one parcel (not yet shown), its map drawn around where it is now."""
    parcel = parcels.get(db, tracking_id)
    locator = locate.Locator(db)
    now = (parcel["latitude"], parcel["longitude"]) if parcel["latitude"] is not None else None
    centre = now or locator.zip_centre(parcel["postal_code"]) or _shop(db)
    pin_map = PinMap()
    index = locator.index
    if index is not None:
        pin_map.nearby_at = lambda lat, lon: index.near(lat, lon, NEARBY_M)
        pin_map.reach_m = NEARBY_M
    pin_map.show_place(centre, now, pin_map.nearby_at(*centre) if pin_map.nearby_at else None)
    matches = locator.candidates(parcel["address_line1"], parcel["postal_code"], parcel["city"])
    choices = [Choice(m.detail, m.latitude, m.longitude, m.precision) for m in matches]

    def save(lat: Any, lon: Any, how: str, precision: str) -> location_fix.FixResult:
        return location_fix.fix_location(
            db, actor, tracking_id, lat, lon, how=how, precision=precision
        )

    return PinDialog(parcel, save, choices=choices, pin_map=pin_map, parent=parent)


def fix_location_of(
    db: sqlite_utils.Database, actor: Actor, tracking_id: str, parent: QWidget | None = None
) -> location_fix.FixResult | None:
    """Show the dialog; the store's result when a location was saved, else None."""
    dialog = pin_dialog_for(db, actor, tracking_id, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.result_value


def result_words(result: location_fix.FixResult) -> str:
    """What the screen says after a fix."""
    where = PLACED.get(result.precision, f"({result.precision})")
    words = [f"Location saved {where}; the address book remembers it"]
    if len(result.tracking_ids) > 1:
        words.append(f"{len(result.tracking_ids)} parcels to that address moved")
    if result.released:
        words.append(f"released to the shelf: {', '.join(result.released)}")
    if result.stops_moved:
        words.append("its stop moved: re-plan to re-time the run")
    if result.hold:
        words.append(f"still held: {result.hold.replace('_', ' ')}")
    return "; ".join(words) + "."


def _shop(db: sqlite_utils.Database) -> tuple[float, float]:
    from store.settings import load

    settings = load(db)
    return (settings.latitude or 0.0, settings.longitude or 0.0)


def open_fix_dialog(
    db: sqlite_utils.Database,
    actor: Actor,
    tracking_id: str,
    parent: QWidget,
    on_saved: Callable[[location_fix.FixResult], None],
) -> PinDialog:
    """Open the dialog window-modally (the screen stays drawn behind it); `on_saved` gets
    the store's result once a location is saved."""
    dialog = pin_dialog_for(db, actor, tracking_id, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(lambda: on_saved(dialog.result_value))
    dialog.open()
    return dialog
