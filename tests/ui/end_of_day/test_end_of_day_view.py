"""The End of day screen, used like the owner closing the shop's day."""

from __future__ import annotations

import csv
from datetime import timedelta

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from store import demo, results
from tests.labels.labels_readback import page_texts
from tests.ui.dayplan import MORNING, plan_demo, send_out, stop_ids
from ui.end_of_day.end_of_day_view import EndOfDayView


def click_answer(qtbot, box: QMessageBox, text: str) -> None:
    """Click the message box's button called `text`."""
    [button] = [b for b in box.buttons() if b.text() == text]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


@pytest.fixture
def day(shop, session):
    """Dev back (all delivered but his first stop: nobody home); Maria out; Sam planned."""
    dev, maria, sam = plan_demo(shop, session.today())
    send_out(shop, dev)
    send_out(shop, maria)
    first = stop_ids(shop, dev)[0][0]
    results.all_delivered_except(shop, MORNING, dev, {first: "recipient_unavailable"})
    return {"dev": dev, "maria": maria, "sam": sam, "attempted": first}


@pytest.fixture
def view(qtbot, session, day):
    screen = EndOfDayView(session)
    qtbot.addWidget(screen)
    screen.resize(1150, 760)
    screen.show()
    qtbot.waitExposed(screen)
    return screen


def test_models_pass_the_model_tester(qtmodeltester, view):
    """Statuses, drivers, and the earnings per day and per week are sound models."""
    for model in (view.day.statuses, view.day.drivers, view.earnings.days, view.earnings.weeks):
        qtmodeltester.check(model)


def test_the_summary_shows_the_days_figures(view, shop, day):
    """Delivered 7, attempted 1, Maria's 10 still out, 7 of 8 first tries; a line per driver."""
    values = {name: label.text() for name, label in view.day.tiles.values.items()}
    assert (values["delivered"], values["attempted"], values["still_out"]) == ("7", "1", "10")
    assert values["first_attempt_rate"] == "87.5 %"
    assert values["miles_planned"] == "63.0"
    assert [view.day.drivers.text(row, 0) for row in range(3)] == ["Dev", "Maria", "Sam"]
    assert view.day.drivers.text(0, 3) == "7"
    statuses = dict(view.day.statuses.records)
    assert (statuses["delivered"], statuses["out_for_delivery"]) == (7, 10)
    assert view.day.closed_label.text() == "Not closed yet"


def test_mark_missing_asks_then_marks(qtbot, view, peek, session):
    """The button counts the parcels never received; Cancel changes nothing; confirming marks."""
    expected = peek.ids(f"status = 'expected' AND expected_date = '{session.today()}'")
    assert view.day.missing_button.text() == f"Mark {len(expected)} missing…"
    qtbot.mouseClick(view.day.missing_button, Qt.MouseButton.LeftButton)
    box = view.day.dialog
    assert box.windowTitle() == f"Mark {len(expected)} parcel(s) missing?"
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert peek.scalar("SELECT count(*) FROM parcels WHERE status = 'missing'") == 0
    qtbot.mouseClick(view.day.missing_button, Qt.MouseButton.LeftButton)
    click_answer(qtbot, view.day.dialog, "Mark missing")
    assert {peek.status(t) for t in expected} == {("missing", "not received")}
    assert view.day.tiles.values["missing"].text() == str(len(expected))
    assert not view.day.missing_button.isEnabled()


def test_close_refused_while_a_run_is_out_then_closed(qtbot, view, shop, day, peek):
    """Maria is out: the close asks; Cancel leaves it open. Once she is back, it closes."""
    qtbot.mouseClick(view.day.close_button, Qt.MouseButton.LeftButton)
    box = view.day.dialog
    assert box.windowTitle() == "A run is not back yet"
    assert box.informativeText().startswith("Run 2 · Maria not back yet")
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert peek.scalar("SELECT count(*) FROM day_closes") == 0
    results.all_delivered_except(shop, MORNING, day["maria"], {})
    qtbot.mouseClick(view.day.close_button, Qt.MouseButton.LeftButton)
    assert view.day.notes.text().startswith("<b>The day is closed</b>: 2 run(s) closed.")
    assert view.day.closed_label.text().startswith("<b>Closed at ")
    states = dict(peek.db.conn.execute("SELECT number, state FROM runs"))
    assert states == {1: "closed", 2: "closed", 3: "planned"}


def test_the_owner_may_close_with_a_run_out(qtbot, view, day, peek):
    """Close anyway: the day closes, the warning names the run still out."""
    qtbot.mouseClick(view.day.close_button, Qt.MouseButton.LeftButton)
    click_answer(qtbot, view.day.dialog, "Close anyway")
    assert "⚠ run 2 · Maria is still out" in view.day.notes.text()
    assert peek.scalar("SELECT state FROM runs WHERE id = ?", day["maria"]) == "out"
    assert peek.scalar("SELECT count(*) FROM day_closes") == 1


def test_a_log_that_disagrees_keeps_the_day_open(qtbot, view, shop, day, peek):
    """A parcel whose cached attempts differ from its log: NOT closed, the problem shown."""
    results.all_delivered_except(shop, MORNING, day["maria"], {})
    shop.conn.execute("UPDATE parcels SET attempts = 2 WHERE tracking_id = ?", (day["attempted"],))
    qtbot.mouseClick(view.day.close_button, Qt.MouseButton.LeftButton)
    notes = view.day.notes.text()
    assert "The day was NOT closed" in notes and f"✖ {day['attempted']}: " in notes
    assert peek.scalar("SELECT count(*) FROM day_closes") == 0


def test_one_click_saves_the_summary_pdf_and_the_status_csv(
    qtbot, view, session, tmp_path, monkeypatch
):
    """Both files land in the chosen folder; the PDF's text carries the day's figures."""
    folder = tmp_path / "carrier"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    qtbot.mouseClick(view.day.save_button, Qt.MouseButton.LeftButton)
    day = session.today().isoformat()
    text = " ".join(page_texts((folder / f"summary-{day}.pdf").read_bytes()))
    assert demo.SHOP["name"] in text
    assert "87.5 %" in text and "63.0" in text and "Maria" in text
    with (folder / f"status-{day}.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert sum(1 for row in rows if row["status"] == "delivered") == 7
    assert view.day.notes.text() == (
        f"Saved summary-{day}.pdf and status-{day}.csv ({len(rows)} parcels) in {folder}"
    )


def test_earnings_for_a_chosen_range(qtbot, view, session):
    """This week: 7 parcels × $1.85; a range ending before it starts is explained."""
    view.setCurrentWidget(view.earnings)
    earnings = view.earnings
    assert earnings.total.text() == "7 parcels × $1.85 = $12.95"
    today = session.today()
    assert earnings.days.find(today) >= 0 and earnings.days.text(earnings.days.find(today), 2) == (
        "$12.95"
    )
    later = today + timedelta(days=3)
    earnings.start.setDate(QDate(later.year, later.month, later.day))
    assert earnings.message.text() == "The period ends before it starts"
    assert earnings.days.rowCount() == 0
