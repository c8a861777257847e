"""A guard against a PySide6 6.12.0 bug that aborts the console after a while on Python 3.11.

PySide6 6.12.0 drops one reference to `None` every time a Qt call returns nothing to Python (a
null pointer such as `QApplication.focusWidget()` with no focus, or an empty QVariant such as
`combo.currentData()`). On Python 3.12+ None is immortal and nothing happens; on 3.11 its count
falls with each such call until the interpreter stops with "Fatal Python error: none_dealloc".
PySide6 6.11.x does not have the bug. Until the dependency excludes 6.12.0, `apply` gives None
2**40 extra references that are never returned, which makes it immortal in practice (as 3.12
does): a plain list of spare references would be freed at exit and abort the interpreter then.
"""

from __future__ import annotations

import ctypes
import sys

import PySide6

AFFECTED = ("6.12.0",)
SPARE = 2**40

_applied = False


def needed() -> bool:
    return sys.version_info < (3, 12) and PySide6.__version__ in AFFECTED


def apply() -> None:
    global _applied
    if needed() and not _applied:
        # CPython < 3.12: ob_refcnt is the object's first field.
        ctypes.c_ssize_t.from_address(id(None)).value += SPARE
        _applied = True
