"""Make a read-only file really read-only for the tests, even when they run as root.

Root ignores a file's permissions (the CAP_DAC_OVERRIDE capability), and CI runs as root, so a
`chmod 444` alone proves nothing there. In-process, `honouring_permissions()` drops that
capability from the calling thread's effective set for a `with` block (and restores it); for a
child process, `drop_override_in_child` (a `preexec_fn`) drops it from the child's bounding set,
so the command runs as a user whom the permissions bind. Elsewhere (not Linux, not root) both
do nothing: the permissions already bind.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

CAP_DAC_OVERRIDE = 1
_LINUX_CAPABILITY_VERSION_3 = 0x20080522
_PR_CAPBSET_DROP = 24


class _Header(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _Data(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


def _applies() -> bool:
    return sys.platform.startswith("linux") and os.geteuid() == 0


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)


def _set_override(on: bool) -> None:
    libc = _libc()
    header = _Header(_LINUX_CAPABILITY_VERSION_3, 0)
    data = (_Data * 2)()
    if libc.capget(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capget failed")
    if on:
        data[0].effective |= 1 << CAP_DAC_OVERRIDE
    else:
        data[0].effective &= ~(1 << CAP_DAC_OVERRIDE)
    if libc.capset(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capset failed")


@contextmanager
def honouring_permissions() -> Iterator[None]:
    """Within the block, this thread cannot write a file whose permissions say read-only."""
    if not _applies():
        yield
        return
    _set_override(False)
    try:
        yield
    finally:
        _set_override(True)


def drop_override_in_child() -> None:
    """A subprocess `preexec_fn`: the command runs bound by file permissions."""
    if _applies() and _libc().prctl(_PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")
