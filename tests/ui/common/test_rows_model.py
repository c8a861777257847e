"""The read-only rows model every day screen lists its records with."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from ui.common.rows_model import Column, RowsModel


@dataclass(frozen=True)
class Row:
    code: str
    count: int
    late: bool = False


COLUMNS = (Column("Code", lambda r: r.code), Column("Count", lambda r: r.count, right=True))


def model() -> RowsModel:
    rows = RowsModel(COLUMNS, key=lambda r: r.code, tint=lambda r: "#b3261e" if r.late else None)
    rows.set_rows([Row("A", 1), Row("B", 2, late=True), Row("C", 3)])
    return rows


def test_it_passes_the_model_tester_through_changes(qtmodeltester):
    """Set, remove and replace rows: the model stays sound."""
    rows = model()
    qtmodeltester.check(rows, force_py=True)
    assert rows.remove("B") and not rows.remove("B")
    assert rows.replace(Row("C", 30)) == 1
    assert rows.replace(Row("Z", 0)) == -1
    qtmodeltester.check(rows, force_py=True)
    assert [(r.code, r.count) for r in rows.records] == [("A", 1), ("C", 30)]


def test_cells_read_as_the_clerk_sees_them():
    """Text, right-aligned numbers, and a tinted bold row for a late record."""
    rows = model()
    assert [rows.text(row, 0) for row in range(3)] == ["A", "B", "C"]
    number = rows.index(0, 1)
    assert rows.data(number, Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    late = rows.index(1, 0)
    assert rows.data(late, Qt.ItemDataRole.ForegroundRole) == QColor("#b3261e")
    assert rows.data(late, Qt.ItemDataRole.FontRole).bold()
    assert rows.data(rows.index(0, 0), Qt.ItemDataRole.ForegroundRole) is None
    assert rows.headerData(1, Qt.Orientation.Horizontal) == "Count"
    assert rows.find("C") == 2 and rows.find("nope") == -1
