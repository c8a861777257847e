"""The layers below ui/ never import Qt, so they run and test without a display."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
QT_FREE = ["store", "routing", "labels"]


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", QT_FREE)
def test_package_imports_no_qt(package: str) -> None:
    """No module of store/, routing/ or labels/ imports PySide6 (or ui/)."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / package).rglob("*.py")
        if _imported_modules(path) & {"PySide6", "shiboken6", "ui"}
    ]
    assert offenders == []


@pytest.mark.parametrize("package", ["routing", "labels"])
def test_pure_packages_do_not_touch_sql(package: str) -> None:
    """Planning and printing get plain data; only store/ opens the database."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / package).rglob("*.py")
        if _imported_modules(path) & {"sqlite3", "sqlite_utils", "store"}
    ]
    assert offenders == []
