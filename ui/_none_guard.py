"""A guard against a PySide6 6.12.0 bug that aborts the console after a while on Python 3.11.

PySide6 6.12.0 drops one reference to a singleton each time it hands one back to Python: to
`None` when a Qt call returns nothing (`QApplication.focusWidget()` with no focus, an empty
QVariant from `combo.currentData()`), and to `True` on every `Signal.emit()`. On Python 3.12+
these objects are immortal and nothing happens; on 3.11 their counts fall call after call
until the interpreter stops with "Fatal Python error: none_dealloc" (or "bool_dealloc").
PySide6 6.11.3 does not have the bug. Until the dependency excludes 6.12.0, `apply` gives
None, True and False 2**40 extra references that are never returned, which makes them
immortal in practice, as 3.12 does. (A list of spare references would not do: it is freed at
exit, and the interpreter would abort then.)
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
        for singleton in (None, True, False):
            # CPython < 3.12: ob_refcnt is the object's first field.
            ctypes.c_ssize_t.from_address(id(singleton)).value += SPARE
        _applied = True
