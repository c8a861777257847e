"""Saving files the way a person expects: whole or not at all, and when it fails, one sentence
naming the file they chose and what to do (never a temporary file's path or `[Errno 2]`).

Light on purpose (no reportlab): the console's CSV exports use it at start-up.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO


class SaveFailed(OSError):
    """A file could not be saved; the message is one sentence naming the file the person
    chose (never the temporary file beside it) and what to do."""

    def __init__(self, sentence: str, code: int | None = None) -> None:
        super().__init__(sentence)
        self.errno = code  # what the operating system said, for code that looks


_WHY = {
    errno.ENOENT: "the folder {folder} is not there (was it removed, or a drive unplugged?)",
    errno.EACCES: "this PC does not allow writing into {folder}",
    errno.EPERM: "this PC does not allow writing into {folder}",
    errno.EROFS: "{folder} is read-only",
    errno.ENOSPC: "the disk holding {folder} is full",
    errno.EISDIR: "{name} is a folder",
    errno.ENOTDIR: "part of {folder} is a file, not a folder",
    errno.ENAMETOOLONG: "the name is too long for this disk",
}


def not_saved(path: Path, error: OSError) -> str:
    """One sentence saying why `path` was not saved and what to do, for a person."""
    if isinstance(error, SaveFailed):
        return str(error)
    path = Path(path)
    folder, name = path.parent, path.name
    why = _WHY.get(error.errno or 0)
    reason = why.format(folder=folder, name=name) if why else (error.strerror or str(error))
    return f"{name} was not saved: {reason}. Choose another folder or name and save again."


_SQLITE_HEADER = b"SQLite format 3\x00"
#: SQLite's own files beside a database: replacing one loses what it holds.
_BESIDE_A_DATABASE = ("-wal", "-shm", "-journal")


def refuse_replacing_a_database(path: Path) -> None:
    """Raise SaveFailed when saving to `path` would replace an SQLite database (the shop's
    own file, picked by mistake for a CSV or a PDF) or one of SQLite's files beside one:
    `export-status -o shop.db` replaced a whole shop with a CSV."""
    path = Path(path)
    name = path.name
    database = next((name[: -len(end)] for end in _BESIDE_A_DATABASE if name.endswith(end)), None)
    if database is not None and _is_a_database(path.with_name(database)):
        why = f"{name} is SQLite's own file beside the database {database} (a shop's file?)"
    elif _is_a_database(path):
        why = f"{name} is a database (a shop's file?) and saving would replace it"
    else:
        return
    raise SaveFailed(
        f"{name} was not saved: {why}. Choose another folder or name and save again.",
        errno.EEXIST,
    )


def _is_a_database(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            return file.read(len(_SQLITE_HEADER)) == _SQLITE_HEADER
    except OSError:
        return False


@contextmanager
def saving(path: Path) -> Iterator[None]:
    """Turn any OSError inside into a SaveFailed that names `path` in a sentence."""
    try:
        yield
    except SaveFailed:
        raise
    except OSError as error:
        raise SaveFailed(not_saved(path, error), error.errno) from error


@contextmanager
def text_file_atomically(path: Path) -> Iterator[TextIO]:
    """A UTF-8 text file (CSV) written beside `path` and moved into place when complete;
    nothing of it is left behind on failure, which is a SaveFailed in a sentence."""
    part = path.with_name(f".{path.name}.part")
    refuse_replacing_a_database(path)
    with saving(path):
        try:
            with part.open("w", encoding="utf-8", newline="") as out:
                yield out
            part.replace(path)
        finally:
            part.unlink(missing_ok=True)


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the whole new one.

    The new file gets the mode any program's save would give it: an existing file's
    mode is kept, a new file gets 0666 less the umask (not mkstemp's private 0600).
    """
    write_all_atomically({path: data})


def write_all_atomically(files: Mapping[Path, bytes]) -> None:
    """Write several files whole or not at all: every one is written beside its final name
    first, and only once all are written do they take their names (a full disk or a
    refused folder leaves none of them behind)."""
    for path in files:
        refuse_replacing_a_database(path)
    temps: dict[Path, Path] = {}
    current = Path()
    try:
        for current, data in files.items():
            temps[current] = _create_temp(current)
            with temps[current].open("wb") as file:
                file.write(data)
            _keep_mode_of(current, temps[current])
        for current, temp in temps.items():
            os.replace(temp, current)
    except BaseException as error:
        for temp in temps.values():
            temp.unlink(missing_ok=True)
        if isinstance(error, OSError) and not isinstance(error, SaveFailed):
            raise SaveFailed(not_saved(current, error), error.errno) from error
        raise


def _create_temp(path: Path) -> Path:
    """A new empty file beside ``path``, created with mode 0666 so the umask applies."""
    while True:
        temp = path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp"
        try:
            os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        return temp


def _keep_mode_of(path: Path, temp: Path) -> None:
    """Give ``temp`` the permission bits of ``path`` when ``path`` already exists."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return
    os.chmod(temp, mode)
