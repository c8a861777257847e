"""The screens of the rest of the day, after check-in: Dispatch, Results, Pickup, Returns and
End of day (with the earnings), built for the main window's list of pages."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.dispatch_view import DispatchView
from ui.end_of_day_view import EndOfDayView
from ui.pickup_view import PickupView
from ui.results_view import ResultsView
from ui.returns_view import ReturnsView
from ui.session import Session
from ui.sounds import SoundPlayer


def pages(session: Session, sounds: SoundPlayer) -> list[tuple[str, QWidget]]:
    """(title, screen) in the order of the day. Each screen reloads itself when shown, and
    takes the scanner's scans (`take_scan`) when it has a use for them."""
    return [
        ("Dispatch", DispatchView(session, sounds)),
        ("Results", ResultsView(session, sounds)),
        ("Pickup", PickupView(session)),
        ("Returns", ReturnsView(session, sounds)),
        ("End of day", EndOfDayView(session)),
    ]
