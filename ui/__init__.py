"""The desktop console: Qt widgets and thin models over store/. Start: `ui.app.open_console`."""

from ui import _none_guard

_none_guard.apply()
