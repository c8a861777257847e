"""The program's log: one rotating file in the user's log folder, a file a person can send.

An installed windowed app has no terminal, so what happened (start, the shop file, migrations,
imports, plans, prints, backups, and every error with its traceback) goes to a file whose place
the crash dialog and Help › Where is my data name. Modules log through `logging.getLogger`
as usual; this module only sets up where the records go, once, from main.py.

Privacy: the log says what was done and to how many parcels, never to whom. Messages carry
tracking ids, counts, file names and run numbers, never a recipient's name, address or phone
(tests/test_logfile.py runs a whole day and searches the log for them).
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "parcel-desk"
FILE_NAME = "parcel-desk.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5  # about 6 MB of history at most
FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(process)d]: %(message)s"
#: Overrides the log folder (tests, and a shop that wants its logs elsewhere).
FOLDER_ENV = "PARCEL_DESK_LOG_DIR"

_installed: list[logging.Handler] = []


def log_dir() -> Path:
    """Where the log files live: the user log folder of this system (platformdirs)."""
    override = os.environ.get(FOLDER_ENV)
    if override:
        return Path(override)
    return platformdirs.user_log_path(APP_NAME, appauthor=False)


def log_file() -> Path:
    return log_dir() / FILE_NAME


def configure(*, verbose: bool = False, folder: Path | None = None) -> Path | None:
    """Send the program's records to the rotating log file (and to stderr when `verbose`).

    Returns the file, or None when its folder cannot be written (a read-only profile): the
    program then runs without a log file rather than not at all, and says so once on stderr.
    Calling it again replaces the handlers it installed before."""
    root = logging.getLogger()
    for handler in _installed:
        root.removeHandler(handler)
        handler.close()
    _installed.clear()
    formatter = logging.Formatter(FORMAT)
    target = (folder or log_dir()) / FILE_NAME
    written: Path | None = target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        file_handler = _LogFile(
            target, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=True
        )
        _install(root, file_handler, formatter)
    except OSError as error:
        print(f"parcel-desk: no log file ({error}); carrying on without one", file=sys.stderr)
        written = None
    if verbose:
        _install(root, logging.StreamHandler(sys.stderr), formatter)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    return written


class _LogFile(logging.handlers.RotatingFileHandler):
    """The rotating log file, for a disk that can fill up: when a record cannot be written
    (no space left, a quota, the file made read-only) stderr says so once and the program
    carries on without its log. Logging's own handler printed a '--- Logging error ---'
    traceback for every record, around the command's one-line answer."""

    failed = False

    def emit(self, record: logging.LogRecord) -> None:
        if not self.failed:
            super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:
        if self.failed:
            return
        self.failed = True
        error = sys.exc_info()[1]
        reason = getattr(error, "strerror", None) or error
        print(
            f"parcel-desk: the log file {self.baseFilename} cannot be written ({reason}); "
            "carrying on without it",
            file=sys.stderr,
        )

    def close(self) -> None:
        with contextlib.suppress(OSError):  # what was left had nowhere to go: said once
            super().close()


def _install(root: logging.Logger, handler: logging.Handler, formatter: logging.Formatter) -> None:
    handler.setFormatter(formatter)
    root.addHandler(handler)
    _installed.append(handler)


def close() -> None:
    """Flush and detach the handlers `configure` installed (tests; the end of the program)."""
    root = logging.getLogger()
    for handler in _installed:
        root.removeHandler(handler)
        handler.close()
    _installed.clear()
