"""The Help menu's actions, wired to a main window: F1 opens the manual at the page of the
screen on show; the shortcuts page; Where is my data; the log; About."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QDialog, QWidget

from store import logfile
from store.places import data_places
from ui.help import manual_files
from ui.help.about_dialog import AboutDialog
from ui.help.log_window import LogWindow
from ui.help.manual_window import ManualWindow
from ui.help.where_dialog import WhereDialog


class HelpMenu:
    """Opens the Help windows over `window`; `current_screen()` names the screen on show."""

    def __init__(
        self,
        window: QWidget,
        shop_file: Path,
        current_screen: Callable[[], str],
        open_folder: Callable[[Path], object],
    ) -> None:
        self._window = window
        self._shop_file = shop_file
        self._current_screen = current_screen
        self._open_folder = open_folder
        self.manual: ManualWindow | None = None
        self.dialog: QWidget | None = None

    def open_manual(self, page: Path | None = None) -> ManualWindow:
        if self.manual is None:
            self.manual = ManualWindow(self._window)
        self.manual.show_page(page or manual_files.page_of_screen(self._current_screen()))
        self.manual.show()
        self.manual.activateWindow()
        return self.manual

    def open_shortcuts(self) -> ManualWindow:
        return self.open_manual(manual_files.page(manual_files.SHORTCUTS))

    def open_where(self) -> QWidget:
        return self._show(
            WhereDialog(
                data_places(self._shop_file),
                self._open_folder,
                self._window,
                show_log=self.open_log,
            )
        )

    def open_log(self) -> QWidget:
        return self._show(LogWindow(logfile.log_file(), self._open_folder, self._window))

    def open_about(self) -> QWidget:
        return self._show(AboutDialog(self._window))

    def _show(self, dialog: QDialog) -> QDialog:
        self.dialog = dialog
        dialog.open()
        return dialog
