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


def test_a_held_parcel_scanned_at_check_in_is_set_aside_here(qtbot, session, sounds, peek,
                                                            focus):  # fmt: skip
    """Outside the area at check-in ("set it aside for return"); on Returns the same parcel
    is "Held: outside the delivery area", F5 sets it aside, the next scan returns it. A
    damaged parcel picked in the held list goes the same way."""
    from ui.checkin.checkin_view import CheckinView

    outside = peek.ids("status = 'expected' AND hold = 'out_of_zone'")[0]
    damaged = peek.ids("status = 'received'")[0]
    checkin = CheckinView(session, sounds)
    qtbot.addWidget(checkin)
    checkin.take_scan(outside)
    assert checkin.panel.message.text() == (
        "Outside the delivery area: held. Set it aside for return (Returns, F5)"
    )
    checkin.take_scan(damaged)
    qtbot.mouseClick(checkin.damaged_button, Qt.MouseButton.LeftButton)  # F8's button

    view = ReturnsView(session, sounds)
    qtbot.addWidget(view)
    view.resize(1150, 700)
    focus(view, view.scan_box)
    held = {view.held.text(r, 0): view.held.text(r, 3) for r in range(view.held.rowCount())}
    assert held[outside] == "outside the delivery area" and held[damaged] == "damaged"
    scan(qtbot, view, outside)
    assert view.band.title.text() == "Held: set it aside for return first"
    assert "(held: outside the delivery area)" in view.band.message.text()
    assert peek.status(outside) == ("exception", "out_of_zone")
    qtbot.keyClick(view.scan_box, Qt.Key.Key_F5)
    assert peek.status(outside) == ("return_pending", "outside the delivery area")
    assert view.band.title.text() == "Set aside for return"
    scan(qtbot, view, outside)
    assert peek.status(outside)[0] == "returned"

    row = view.held.find(damaged)
    view.held_table.selectRow(row)
    qtbot.mouseClick(view.set_aside_button, Qt.MouseButton.LeftButton)
    assert peek.status(damaged) == ("return_pending", "damaged")
    assert view.held.find(damaged) < 0 and view.pending.find(damaged) >= 0
