"""The desktop console: Qt widgets and thin models over store/. Start: `ui.app.open_console`."""
