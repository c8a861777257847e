"""ui/ holds widgets and thin models only: the SQL lives in store/."""

from __future__ import annotations

import re
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "ui"
SQL = re.compile(r"\.execute(many)?\(|\b(SELECT \w|INSERT INTO|UPDATE \w+ SET|DELETE FROM)\b")


def test_no_sql_in_ui():
    """No module of ui/ runs SQL or writes statements; it calls store functions."""
    offenders = [
        f"{path.name}:{number}"
        for path in sorted(UI.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if SQL.search(line) and not line.lstrip().startswith("#")
    ]
    assert offenders == []


def test_screen_modules_stay_small():
    """Each ui module stays a size a newcomer reads in one sitting (300 lines at most)."""
    sizes = {
        path.name: len(path.read_text(encoding="utf-8").splitlines()) for path in UI.glob("*.py")
    }
    assert {name: size for name, size in sizes.items() if size > 300} == {}
