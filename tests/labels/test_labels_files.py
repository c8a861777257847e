"""Writing output files: whole or not at all, with the permissions a saved file gets."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from labels.files import write_all_atomically, write_atomically


@pytest.fixture
def umask() -> Iterator[int]:
    """A known umask (022) for the test, the previous one restored afterwards."""
    previous = os.umask(0o022)
    try:
        yield 0o022
    finally:
        os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
@pytest.mark.parametrize("mask", [0o022, 0o027, 0o077])
def test_a_new_file_gets_0666_less_the_umask(tmp_path: Path, umask: int, mask: int) -> None:
    """A new file is created like any saved file (0666 minus the umask), not 0600."""
    os.umask(mask)
    target = tmp_path / "manifest.pdf"
    write_atomically(target, b"%PDF")
    assert target.read_bytes() == b"%PDF"
    assert _mode(target) == 0o666 & ~mask


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_replacing_a_file_keeps_its_mode(tmp_path: Path, umask: int) -> None:
    """Saving over an existing file keeps that file's permissions."""
    target = tmp_path / "labels.zpl"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert _mode(target) == 0o640


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    """If writing fails, the old file stays as it was and no temporary file is left."""
    target = tmp_path / "out.pdf"
    target.write_bytes(b"old")

    with pytest.raises(TypeError):
        write_atomically(target, object())  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]


def test_several_files_are_written_all_or_none(tmp_path: Path) -> None:
    """The whole day goes into a folder as three files: when one cannot be written, none of
    them takes its name, an old file stays as it was, and no temporary is left."""
    kept = tmp_path / "labels.pdf"
    kept.write_bytes(b"old")
    with pytest.raises(OSError):
        write_all_atomically(
            {kept: b"new", tmp_path / "manifests.pdf": b"m", tmp_path / "gone" / "x.pdf": b"x"}
        )
    assert kept.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["labels.pdf"]
    write_all_atomically({kept: b"new", tmp_path / "manifests.pdf": b"m"})
    assert kept.read_bytes() == b"new" and (tmp_path / "manifests.pdf").read_bytes() == b"m"
