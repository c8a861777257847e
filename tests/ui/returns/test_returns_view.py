"""The Returns screen, used like the clerk when the carrier's truck takes parcels back."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFileDialog

from store import returns
from store.timeutil import utc_now
from tests.labels.labels_readback import page_texts
from tests.ui.dayplan import MORNING
from ui.returns.returns_view import ReturnsView


def scan(qtbot, view, code: str) -> None:
    qtbot.keyClicks(view.scan_box, code)
    qtbot.keyClick(view.scan_box, Qt.Key.Key_Return)


@pytest.fixture
def aside(shop, peek):
    """Two parcels set aside: one damaged today, one refused three days ago (overdue)."""
    today, old = peek.ids("status = 'received'")[:2]
    returns.set_aside(shop, MORNING, today, "damaged")
    returns.set_aside(shop, MORNING, old, "refused", at=utc_now() - timedelta(days=3))
    return today, old


@pytest.fixture
def view(qtbot, session, sounds, aside, focus):
    screen = ReturnsView(session, sounds)
    qtbot.addWidget(screen)
    screen.resize(1150, 700)
    focus(screen, screen.scan_box)
    return screen


def test_the_pending_list_passes_the_model_tester(qtmodeltester, view):
    """The list of parcels set aside is a sound model."""
    qtmodeltester.check(view.pending)


def test_overdue_parcels_come_first_in_red(view, aside):
    """The overdue parcel is first, red, marked OVERDUE; the title counts both."""
    today, old = aside
    assert [view.pending.text(row, 0) for row in range(2)] == [old, today]
    assert (view.pending.text(0, 2), view.pending.text(1, 2)) == ("OVERDUE", "")
    colour = view.pending.data(view.pending.index(0, 0), Qt.ItemDataRole.ForegroundRole)
    assert colour == QColor("#b3261e")
    assert view.pending_title.text() == "Set aside for return: 2, 1 overdue"


def test_a_scan_onto_the_truck_returns_the_parcel(qtbot, view, aside, peek, sounds):
    """Returned: green, off the list, counted; the parcel is returned in the log."""
    today, _old = aside
    scan(qtbot, view, today.lower())
    assert view.band.title.text() == "Returned to the carrier"
    assert view.pending.find(today) == -1
    assert view.returned_label.text() == "Returned to the carrier today: 1"
    assert peek.status(today) == ("returned", "carrier pickup")
    assert sounds.played == ["received"]


def test_every_return_answer_sounds_different(qtbot, view, aside, peek, sounds):
    """Returned, already returned, not for return (loud), unknown, unreadable."""
    today, _old = aside
    on_shelf = peek.ids("status = 'received'")[0]
    for code in (today, today, on_shelf, "TBA000000000001", "@@"):
        scan(qtbot, view, code)
    assert len(set(sounds.played)) == 5
    scan(qtbot, view, on_shelf)
    assert (view.band.title.text(), view.band.big.text()) == (
        "NOT FOR RETURN",
        "Keep it in the shop",
    )
    assert peek.status(on_shelf)[0] == "received"


def test_the_return_manifest_is_saved_and_readable(qtbot, view, aside, tmp_path, monkeypatch):
    """Ctrl+S writes the PDF: it names both parcels, the returned one first."""
    today, old = aside
    scan(qtbot, view, today)
    target = tmp_path / "returns.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.keyClick(view.scan_box, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    text = " ".join(page_texts(target.read_bytes()))
    assert "RETURN MANIFEST" in text and "2 parcels back to the carrier" in text
    assert text.index(today) < text.index(old)
    assert view.saved.text() == f"Return manifest saved (2 parcels): {target}"
