"""Where the console's window goes when it opens: on a counter's laptop (up to about
1600×1000) it fills the screen; on a big monitor it opens at its own size, centred.

"Maximised" alone is a request to the window manager, and a PC without one (a kiosk, a
bare X server, some remote desktops) ignores it, which left the window at its own size,
cut off at the bottom of a 768-pixel screen. So the window is first given the screen's
available geometry (the screen less its panels) itself, then asked to be maximised: with a
window manager it is, without one it already fills the screen.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

#: Screens smaller than this (available width or height) get the whole screen.
MAXIMISE_BELOW = QSize(1600, 1000)


def opens_maximised(available: QSize) -> bool:
    """A laptop's screen (up to about 1600×1000) gets the whole screen: the counter's screens
    are laid out for 1366×768 and 1280×720 and need every pixel of them."""
    return (
        available.width() < MAXIMISE_BELOW.width() or available.height() < MAXIMISE_BELOW.height()
    )


def opening_geometry(available: QRect, own: QSize) -> QRect:
    """The window's geometry on a screen whose available area is `available`: all of it on a
    small screen, else its own size (never more than the screen) in the middle."""
    if opens_maximised(available.size()):
        return QRect(available)
    size = own.boundedTo(available.size())
    place = QRect(0, 0, size.width(), size.height())
    place.moveCenter(available.center())
    return place


def show_on_screen(window: QWidget, screen: QScreen | None = None) -> None:
    """Show `window` placed by `opening_geometry` on its screen (the primary one if none)."""
    screen = screen or window.screen() or QGuiApplication.primaryScreen()
    if screen is None:  # no screen at all: nothing to fit
        window.show()
        return
    available = screen.availableGeometry()
    window.setGeometry(opening_geometry(available, window.size()))
    if opens_maximised(available.size()):
        window.showMaximized()
    else:
        window.show()
