"""Parcel Desk: run a command, or open the desktop console when there is none.

This is also the entry point of the built app (packaging/parcel-desk.spec). There the
planner's helper process starts the same executable again, so `freeze_support()` must run
first: it turns such a start into the helper instead of a second Parcel Desk.
"""

from __future__ import annotations

import multiprocessing
import sys


def run(argv: list[str] | None = None) -> int:
    # Imported here, not at the top: the planner's helper process re-imports this module
    # (multiprocessing's forkserver does), and should not pay for the whole command line.
    import commands
    from store import logfile

    argv = sys.argv[1:] if argv is None else argv

    try:
        console = commands.console_args(argv)
    except commands.CommandLineError as error:
        print(f"parcel-desk: {error}", file=sys.stderr)
        return commands.EXIT_BAD_INPUT
    written_to = logfile.configure(verbose="--verbose" in argv)
    _log_start(console is None, written_to)
    if console is not None:
        from ui.app import open_console  # Qt is loaded only for the console

        return open_console(console)
    return commands.main(argv)


def _log_start(command: bool, written_to: object) -> None:
    import logging

    from store import about

    logging.getLogger("main").info(
        "Parcel Desk %s starting (%s) for %s; log %s",
        about.version(),
        about.build(),
        "a command" if command else "the console",
        written_to,
    )


if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(run())
