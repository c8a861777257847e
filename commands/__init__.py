"""The command line: one small function per command, grouped by the part of the day.

Contract (PRODUCT.md): `--db PATH` everywhere, exit 0 on success, 2 on bad input with a
one-line reason on stderr. Environment failures (locked or damaged file) exit 1, also with one
line. With no command, main.py opens the desktop console instead.
"""

from __future__ import annotations

import argparse
import io
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from commands.context import (
    EXIT_BAD_INPUT,
    EXIT_FAILED,
    EXIT_OK,
    CommandLineError,
    Context,
    Parser,
    one_line,
)
from store.db import default_db_path
from store.errors import BadInput, DatabaseUnavailable, StoreError
from store.failures import environment_failure

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
        description="Parcel Desk: the shop's last-mile console.",
        add_help=add_help,
    )
    parser.add_argument(
        "--db", type=Path, default=None, help=f"shop database file (default: {default_db_path()})"
    )
    parser.add_argument(
        "--staff",
        default=None,
        help="who is at the counter (recorded on "
        "every event; default $PARCEL_DESK_STAFF or your login)",
    )
    parser.add_argument("--counter", default=None, help="which counter/PC (default: hostname)")
    return parser


def build_parser() -> Parser:
    """The whole command line (loads every command module)."""
    from commands import area, counter, day, locating, plan, printing, shop

    parser = _global_parser()
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for group in (shop, area, counter, locating, plan, printing, day):
        group.add_parsers(sub)
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


def main(
    argv: list[str],
    out: TextIO | None = None,
    err: TextIO | None = None,
    stdin: TextIO | None = None,
) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    try:
        args = build_parser().parse_args(argv)
    except CommandLineError as error:
        print(f"parcel-desk: {error}", file=err)
        return EXIT_BAD_INPUT
    context = Context(args, out, err)
    context.stdin = stdin  # type: ignore[attr-defined]
    handler: Callable[[Context], int] = args.handler
    try:
        return handler(context)
    except BadInput as error:
        print(f"parcel-desk: {one_line(str(error))}", file=err)
        return EXIT_BAD_INPUT
    except (DatabaseUnavailable, StoreError) as error:
        print(f"parcel-desk: {one_line(str(error))}", file=err)
        return EXIT_FAILED
    except sqlite3.Error as error:
        failure = environment_failure(context.db_file, error)
        if failure is None:
            raise  # a bug: its traceback is what a developer needs
        print(f"parcel-desk: {one_line(str(failure))}", file=err)
        return EXIT_FAILED
    except BrokenPipeError:  # `parcel-desk export-status | head`: the reader left, fine
        sys.stderr = io.StringIO()
        return EXIT_OK
    except OSError as error:
        print(f"parcel-desk: {one_line(str(error))}", file=err)
        return EXIT_FAILED
    finally:
        context.close()
