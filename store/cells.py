"""One rule for every CSV cell that leaves the shop: no cell may start a spreadsheet formula.

A cell beginning with `=`, `+`, `-`, `@`, TAB, CR or LF is prefixed with an apostrophe (the
OWASP advice against CSV injection), so the carrier's spreadsheet shows it as text.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value: Any) -> str:
    """A cell value a spreadsheet will show as text, never evaluate."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text
