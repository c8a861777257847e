"""The runs tree's model on its own: Qt's two meanings of parent()."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject

from ui.runs.runs_model import RunsModel


def test_parent_without_an_index_is_the_owner(qapp) -> None:
    """parent() is QObject's (whoever owns the model); parent(index) is the tree's."""
    owner = QObject()
    model = RunsModel(owner)
    assert model.parent() is owner
    assert not model.parent(QModelIndex()).isValid()
