"""Parcel Desk: run a command, or open the desktop console when there is none."""

from __future__ import annotations

import sys


def run(argv: list[str] | None = None) -> int:
    # Imported here, not at the top: the planner's helper process re-imports this module
    # (multiprocessing's forkserver does), and should not pay for the whole command line.
    import commands

    argv = sys.argv[1:] if argv is None else argv
    try:
        console = commands.console_args(argv)
    except commands.CommandLineError as error:
        print(f"parcel-desk: {error}", file=sys.stderr)
        return commands.EXIT_BAD_INPUT
    if console is not None:
        from ui.app import open_console  # Qt is loaded only for the console

        return open_console(console)
    return commands.main(argv)


if __name__ == "__main__":
    sys.exit(run())
