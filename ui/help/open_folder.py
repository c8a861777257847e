"""Open a file's folder in the system's file manager (Explorer, Finder, the desktop's own)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices


def open_folder_of(path: Path) -> bool:
    """Open the folder holding `path` (or `path` itself when it is a folder)."""
    folder = path if path.is_dir() else path.parent
    folder.mkdir(parents=True, exist_ok=True)
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
