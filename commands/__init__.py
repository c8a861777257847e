"""The command line: one small function per command, grouped by the part of the day.

Contract (PRODUCT.md): `--db PATH` everywhere, exit 0 on success, 2 on bad input with a
one-line reason on stderr. Environment failures (locked or damaged file) exit 1, also with one
line. With no command, main.py opens the desktop console instead.
"""

from __future__ import annotations

import argparse
import importlib
import io
import logging
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from commands.context import (
    EXIT_BAD_INPUT,
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    STOPPED,
    CommandLineError,
    Context,
    Parser,
    one_line,
)
from store.db import default_db_path
from store.errors import BadInput, DatabaseUnavailable, StoreError
from store.failures import environment_failure
from store.logfile import log_file
from store.places import demo_db_path

log = logging.getLogger(__name__)

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_FAILED",
    "EXIT_OK",
    "CommandLineError",
    "build_parser",
    "console_args",
    "main",
]


def _global_parser(*, add_help: bool = True) -> Parser:
    """The options every command shares (and the console takes)."""
    parser = Parser(
        prog="parcel-desk",
        description="Parcel Desk: the shop's last-mile console. With no command it opens the "
        "console; every option below may come before or after the command.",
        add_help=add_help,
    )
    _add_global_options(parser, default=None)
    return parser


def _add_global_options(parser: argparse.ArgumentParser, *, default: object) -> None:
    """--db, --demo, --staff, --counter, --verbose. A command's parser gets them again with
    `default=argparse.SUPPRESS`, so `parcel-desk setup --db X` works like
    `parcel-desk --db X setup` and an option given before the command is not reset after it."""
    flag_default = False if default is None else default
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--db",
        type=Path,
        default=default,
        help=f"the shop's file (default: {default_db_path()})",
    )
    which.add_argument(
        "--demo",
        action="store_true",
        default=flag_default,
        help=f"use the demo shop's own file ({demo_db_path()}), made on first use; the "
        "shop's file is never touched",
    )
    parser.add_argument(
        "--staff",
        default=default,
        help="who is at the counter (recorded on "
        "every event; default $PARCEL_DESK_STAFF or your login)",
    )
    parser.add_argument("--counter", default=default, help="which counter/PC (default: hostname)")
    parser.add_argument(
        "--verbose",
        action="store_true",
        default=flag_default,
        help=f"print the log on the command line too (it is always written to {log_file()})",
    )


#: Each command module (in the order their commands are listed) and the commands it adds, so
#: that a command loads its own module only: the others' imports (PDF documents, the street
#: map's import, the address index) cost a second or more on a busy PC, all of it before a
#: plan's search may start. A command missing here still works (every module is then
#: loaded); tests/test_cli_loading.py keeps the table whole.
COMMANDS_OF_MODULE = {
    "shop": ("setup", "demo", "verify", "staff", "drivers", "backup", "restore"),
    "area": ("area",),
    "counter": ("import-manifest", "check-in", "damaged", "undo-scan", "missing",
                "export-status", "export-events"),
    "locating": ("locate",),
    "plan": ("plan", "resequence", "runs"),
    "printing": ("labels", "manifest", "load-sheet", "print-day", "discrepancies",
                 "day-summary", "return-manifest", "calibration"),
    "day": ("dispatch", "record-result", "result-scan", "pickup", "hold-for-pickup", "release-hold",
            "returns", "set-aside", "return-scan", "end-of-day", "miles", "earnings", "purge"),
}  # fmt: skip
MODULE_OF_COMMAND = {c: module for module, cs in COMMANDS_OF_MODULE.items() for c in cs}


def build_parser(command: str | None = None) -> Parser:
    """The command line: only ``command``'s module when it is a known command (see
    ``MODULE_OF_COMMAND``), every command module otherwise (help, a typo)."""
    known = MODULE_OF_COMMAND.get(command or "")
    names = (known,) if known else tuple(COMMANDS_OF_MODULE)
    parser = _global_parser()
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for name in names:
        importlib.import_module(f"commands.{name}").add_parsers(sub)
    for each in sub.choices.values():
        _add_global_options(each, default=argparse.SUPPRESS)
    return parser


def console_args(argv: list[str]) -> argparse.Namespace | None:
    """The global options when `argv` names no command (open the console), else None.

    Parsing only the global options keeps the command modules (and what they load) out of
    the console's start-up."""
    if any(arg in ("-h", "--help") for arg in argv):
        return None
    args, rest = _global_parser(add_help=False).parse_known_args(argv)
    if rest:
        return None
    args.command = None
    return args


def _command_word(argv: list[str]) -> str | None:
    """The command `argv` names, if the global options parse (else None: the whole command
    line then parses it and says what is wrong)."""
    try:
        _, rest = _global_parser(add_help=False).parse_known_args(argv)
    except CommandLineError:
        return None
    return next((word for word in rest if not word.startswith("-")), None)


def main(
    argv: list[str],
    out: TextIO | None = None,
    err: TextIO | None = None,
    stdin: TextIO | None = None,
) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    try:
        args = build_parser(_command_word(argv)).parse_args(argv)
        context = Context(args, out, err, stdin)
    except CommandLineError as error:
        print(f"parcel-desk: {error}", file=err)
        return EXIT_BAD_INPUT
    log.info("command %s on %s", args.command, context.db_file)
    handler: Callable[[Context], int] = args.handler
    try:
        return handler(context)
    except BadInput as error:
        log.info("command %s refused: bad input", args.command)
        print(f"parcel-desk: {one_line(str(error))}", file=err)
        return EXIT_BAD_INPUT
    except (DatabaseUnavailable, StoreError) as error:
        log.warning("command %s failed: %s", args.command, one_line(str(error)))
        print(f"parcel-desk: {one_line(str(error))}", file=err)
        return EXIT_FAILED
    except sqlite3.Error as error:
        failure = environment_failure(context.db_file, error)
        if failure is None:
            raise  # a bug: its traceback is what a developer needs
        print(f"parcel-desk: {one_line(str(failure))}", file=err)
        return EXIT_FAILED
    except KeyboardInterrupt:
        log.info("command %s stopped by Ctrl+C", args.command)
        print(f"parcel-desk: {STOPPED}", file=err)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `parcel-desk export-status | head`: the reader left, fine
        sys.stderr = io.StringIO()
        return EXIT_OK
    except OSError as error:
        log.warning("command %s failed: %s", args.command, one_line(str(error)))
        print(f"parcel-desk: {one_line(str(error))}", file=err)
        return EXIT_FAILED
    except Exception:
        log.exception("command %s failed with a bug", args.command)
        raise
    finally:
        context.close()
