"""What every command shares: the parser that fails in one line, the context (database,
who acts), exit codes, and small output helpers."""

from __future__ import annotations

import argparse
import getpass
import io
import os
import socket
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TextIO

import sqlite_utils

from store import events, settings
from store.db import connect, default_db_path
from store.places import demo_db_path
from store.timeutil import utc_now

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


class CommandLineError(Exception):
    """Bad arguments: reported in one line, exit 2 (argparse's own usage dump is not)."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise CommandLineError(message)


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date as YYYY-MM-DD") from None


def default_staff() -> str:
    return os.environ.get("PARCEL_DESK_STAFF") or _login_name()


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "staff"


def default_counter() -> str:
    return os.environ.get("PARCEL_DESK_COUNTER") or socket.gethostname() or "counter"


def shop_file(args: argparse.Namespace) -> Path:
    """The file the options name: --db, the demo's own file (--demo), or the shop's default."""
    db, demo = getattr(args, "db", None), getattr(args, "demo", False)
    if db is not None and demo:
        raise CommandLineError("--db and --demo name two files: give one")
    if demo:
        return demo_db_path()
    return db or default_db_path()


class Context:
    """What a command needs: the parsed arguments, the database and who acts."""

    def __init__(self, args: argparse.Namespace, out: TextIO, err: TextIO) -> None:
        self.args = args
        self.out = out
        self.err = err
        self.db_file: Path = shop_file(args)
        self._db: sqlite_utils.Database | None = None

    @property
    def db(self) -> sqlite_utils.Database:
        if self._db is None:
            self._db = connect(self.db_file)
        return self._db

    @property
    def actor(self) -> events.Actor:
        return events.Actor(
            staff=self.args.staff or default_staff(), counter=self.args.counter or default_counter()
        )

    def close(self) -> None:
        if self._db is not None:
            self._db.conn.close()


def one_line(text: str) -> str:
    return " ".join(text.split())


def output(context: Context) -> tuple[TextIO, Callable[[], None]]:
    """The -o file (written next to its final name and moved into place) or stdout."""
    target: Path | None = context.args.output
    if target is None:
        return context.out, lambda: None
    part = target.with_name(target.name + ".part")
    handle = part.open("w", encoding="utf-8", newline="")

    def finish() -> None:
        handle.close()
        part.replace(target)

    return handle, finish


def scan_lines(context: Context) -> Iterator[str]:
    if context.args.ids:
        yield from context.args.ids
        return
    stream = getattr(context, "stdin", None) or io.TextIOWrapper(
        sys.stdin.buffer, encoding="utf-8", errors="replace", newline=None
    )
    for line in stream:
        if line.strip():
            yield line


def local_today(context: Context) -> date:

    return utc_now().astimezone(settings.load(context.db).tz).date()


def emit(context: Context, *cells: object) -> None:
    print("\t".join("" if cell is None else str(cell) for cell in cells), file=context.out,
          flush=True)  # fmt: skip
