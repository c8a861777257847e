"""Counting in words, for screens, the command line and printed pages alike (no imports, so
the console can use it without loading the printing code)."""

from __future__ import annotations


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``count`` with its noun in the right number: "1 parcel", "2 parcels", "0 stops"."""
    return f"{count} {noun if count == 1 else (plural or noun + 's')}"
