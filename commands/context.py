"""What every command shares: the parser that fails in one line, the context (database,
who acts), exit codes, and small output helpers."""

from __future__ import annotations

import argparse
import getpass
import io
import os
import re
import socket
import sys
import unicodedata
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import NoReturn, TextIO

import sqlite_utils

from store import events, file_place, settings
from store.db import connect, default_db_path
from store.errors import BadInput, DatabaseUnavailable
from store.places import demo_db_path
from store.timeutil import utc_now

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
#: Ctrl+C: 128 + SIGINT, as a shell reports any interrupted program.
EXIT_INTERRUPTED = 130
#: What Ctrl+C leaves: every write is one transaction, and an area import builds aside.
STOPPED = (
    "stopped (Ctrl+C): what was answered or reported done is kept; the step under way was not saved"
)


class CommandLineError(Exception):
    """Bad arguments: reported in one line, exit 2 (argparse's own usage dump is not)."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise CommandLineError(message)


#: The days a shop's records can be about: anything outside is a typo, and the year 9999's
#: last day has no next day to end it.
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)


def parse_date(text: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date as YYYY-MM-DD") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise argparse.ArgumentTypeError(
            f"{text} is not a day this shop can have records of ({FIRST_DAY.year} to "
            f"{LAST_DAY.year})"
        )
    return day


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

    def __init__(
        self, args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO | None = None
    ) -> None:
        self.args = args
        self.out = out
        self.err = err
        self.stdin = stdin  # scans piped in; None reads the process's own standard input
        self.db_file: Path = shop_file(args)
        self._db: sqlite_utils.Database | None = None
        self._cleanups: list[Callable[[], None]] = []

    @property
    def db(self) -> sqlite_utils.Database:
        if self._db is None:
            self._db = self._new_file() or connect(self.db_file)
        return self._db

    @property
    def reader(self) -> sqlite_utils.Database:
        """The file for a command that only reads (missing, the exports): a read-only file
        will do."""
        if self._db is None:
            self._db = self._new_file() or connect(
                self.db_file, read_only=not _writable(self.db_file)
            )
        return self._db

    def open_even_if_damaged(self) -> sqlite_utils.Database:
        """The file for `verify`: opened even when damaged or read-only, to say what is wrong."""
        if self._db is None:
            self._db = self._new_file() or connect(
                self.db_file, check_integrity=False, read_only=not _writable(self.db_file)
            )
        return self._db

    def _new_file(self) -> sqlite_utils.Database | None:
        """When the file is not there yet: `--demo` makes the demo day in it (its help says
        "made on first use"); a command that makes a shop (setup, demo into --db) goes on;
        any other is refused, so a mistyped --db or a drive not plugged in never becomes a
        new empty shop that the morning's scans go into."""
        if self.db_file.exists() or str(self.db_file) == ":memory:":
            return None
        if getattr(self.args, "demo", False):
            from store import demo_file  # the demo's maker: planner and maps, not for every start

            print(f"making the demo shop in {self.db_file} (its first use)…", file=self.err)
            db, _ = demo_file.open_demo(self.db_file)
            return db
        if getattr(self.args, "makes_a_shop", False):
            return None
        named = getattr(self.args, "db", None) is not None
        how = f"parcel-desk --db {self.db_file} setup …" if named else "parcel-desk setup …"
        raise DatabaseUnavailable(
            f"there is no shop file at {self.db_file}: "
            + ("check --db, or " if named else "")
            + f"set the shop up first ({how}, or in the console)"
        )

    @property
    def actor(self) -> events.Actor:
        staff = default_staff() if self.args.staff is None else self.args.staff
        counter = default_counter() if self.args.counter is None else self.args.counter
        for flag, value, what in (
            ("--staff", staff, "who is at the counter"),
            ("--counter", counter, "which counter or PC this is"),
        ):
            if not value.strip():
                raise BadInput(f"{flag} names nothing: give {what}")
            if any(unicodedata.category(char) == "Cc" for char in value):
                raise BadInput(
                    f"{flag} {value!r} holds a control character (a line break, a tab): give "
                    f"{what} on one line"
                )
        return events.Actor(staff=staff, counter=counter)

    def on_close(self, cleanup: Callable[[], None]) -> None:
        """Run `cleanup` when the command ends (a scratch file a failed command leaves)."""
        self._cleanups.append(cleanup)

    def close(self) -> None:
        for cleanup in self._cleanups:
            cleanup()
        if self._db is not None:
            self._db.conn.close()


def _writable(path: Path) -> bool:
    """Whether this user may write the shop file (a new one counts as writable)."""
    return not path.exists() or file_place.may_write(path)


def one_line(text: str) -> str:
    return " ".join(text.split())


def output(context: Context) -> tuple[TextIO, Callable[[], None]]:
    """The -o file (written next to its final name and moved into place) or stdout."""
    target: Path | None = context.args.output
    if target is None:
        return context.out, lambda: None
    part = target.with_name(target.name + ".part")
    handle = part.open("w", encoding="utf-8", newline="")
    context.on_close(lambda: _discard(handle, part))  # unless finished: nothing half-written

    def finish() -> None:
        handle.close()
        part.replace(target)

    return handle, finish


def _discard(handle: TextIO, part: Path) -> None:
    handle.close()
    part.unlink(missing_ok=True)


#: What ends one scan: the scanner's Enter (CR, LF) or its TAB suffix, wherever it falls.
_SCAN_ENDS = re.compile(r"[\t\r\n]+")


def split_scans(text: str) -> list[str]:
    """The scans in what a scanner typed: CR, LF and TAB each end one; blank ones dropped.

    A scanner set to end its codes with TAB writes `CP100003\tCP100004\t` on one line when
    piped in; that is two scans, never one parcel `CP100003CP100004`."""
    return [part for part in _SCAN_ENDS.split(text) if part.strip()]


def scan_lines(context: Context) -> Iterator[str]:
    """The scans of a scanning command: its arguments, else standard input, one at a time."""
    if context.args.ids:
        for argument in context.args.ids:
            yield from split_scans(argument)
        return
    stream = context.stdin or io.TextIOWrapper(
        sys.stdin.buffer, encoding="utf-8", errors="replace", newline=None
    )
    for line in stream:
        yield from split_scans(line)


def local_today(context: Context) -> date:
    return utc_now().astimezone(settings.load(context.reader).tz).date()


def emit(context: Context, *cells: object) -> None:
    print("\t".join("" if cell is None else str(cell) for cell in cells), file=context.out,
          flush=True)  # fmt: skip
