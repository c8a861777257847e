"""The screens of the rest of the day, after check-in: Dispatch, Results, Pickup, Returns and
End of day (with the earnings), built for the main window's list of pages."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.common.session import Session
from ui.common.sounds import SoundPlayer
from ui.window.lazy_page import LazyPage


def pages(session: Session, sounds: SoundPlayer) -> list[tuple[str, QWidget]]:
    """(title, screen) in the order of the day. Each screen is built when first shown (a
    faster start), reloads itself when shown, and takes the scanner's scans (`take_scan`)
    when it has a use for them."""

    def dispatch() -> QWidget:
        from ui.dispatch.dispatch_view import DispatchView

        return DispatchView(session, sounds)

    def results() -> QWidget:
        from ui.results.results_view import ResultsView

        return ResultsView(session, sounds)

    def pickup() -> QWidget:
        from ui.pickup.pickup_view import PickupView

        return PickupView(session)

    def returns() -> QWidget:
        from ui.returns.returns_view import ReturnsView

        return ReturnsView(session, sounds)

    def end_of_day() -> QWidget:
        from ui.end_of_day.end_of_day_view import EndOfDayView

        return EndOfDayView(session)

    return [
        ("Dispatch", LazyPage(dispatch)),
        ("Results", LazyPage(results)),
        ("Pickup", LazyPage(pickup)),
        ("Returns", LazyPage(returns)),
        ("End of day", LazyPage(end_of_day)),
    ]
