"""The End of day screen, used like the owner closing the shop's day."""

from __future__ import annotations

import csv
from datetime import timedelta

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox

from store import day_close, demo, end_of_day, results
from tests.labels.labels_readback import page_texts
from tests.ui.dayplan import MORNING, plan_demo, send_out, signers, stop_ids
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
    results.all_delivered_except(
        shop, MORNING, dev, {first: "recipient_unavailable"}, signed=signers(shop, dev)
    )
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
    """Runs, parcels not finished, and the earnings per day and per week are sound models."""
    for model in (view.day.runs, view.day.left_over, view.earnings.days, view.earnings.weeks):
        qtmodeltester.check(model)


def test_the_summary_shows_the_days_figures(view, shop, day):
    """Delivered 9, attempted 1, Maria's 8 still out, 9 of 10 first tries; a line per run."""
    values = {name: label.text() for name, label in view.day.tiles.values.items()}
    assert (values["delivered"], values["attempted"], values["still_out"]) == ("9", "1", "8")
    assert values["first_attempt_rate"] == "90.0 %"
    assert (values["miles_planned"], values["miles_driven"]) == ("63.0", "–")
    assert [view.day.runs.text(row, 0) for row in range(3)] == [
        "Run 1 · Dev",
        "Run 2 · Maria",
        "Run 3 · Sam",
    ]
    assert view.day.runs.text(0, 3) == "9"
    assert view.day.closed_label.text() == "Not closed yet"


def _settle_maria(shop, day) -> None:
    """Maria's results, recorded on the Results screen (here straight in the store)."""
    results.all_delivered_except(
        shop, MORNING, day["maria"], {}, signed=signers(shop, day["maria"])
    )


def test_the_clerk_is_led_through_what_is_left_then_closes(qtbot, view, shop, day, peek, session):
    """Three ✖ (Maria out, Sam never left, parcels never arrived) and Close the day off; each
    settled by its own button (or the Results screen) turns ✔; then the day closes and lists
    every parcel that did not finish."""
    steps = view.day.steps
    assert [mark.text() for mark in steps.marks] == ["✖", "✖", "✖"]
    assert steps.lines[0].text().startswith("Run 2 · Maria: 8 parcels still out — record")
    assert steps.lines[1].text().startswith("Run 3 · Sam never left the shop (")
    assert not view.day.close_button.isEnabled()
    expected = peek.ids(f"status = 'expected' AND expected_date = '{session.today()}'")

    _settle_maria(shop, day)
    view.day.refresh()  # what showing the screen again does
    assert [mark.text() for mark in steps.marks] == ["✔", "✖", "✖"]

    sam_parcels = [t for stop in stop_ids(shop, day["sam"]) for t in stop]
    qtbot.mouseClick(view.day.carry_button, Qt.MouseButton.LeftButton)
    click_answer(qtbot, view.day.dialog, "Carry over")
    assert {peek.status(t)[0] for t in sam_parcels} == {"received"}
    assert view.day.notes.text() == f"{len(sam_parcels)} parcels back on the shelf for tomorrow."

    qtbot.mouseClick(view.day.missing_button, Qt.MouseButton.LeftButton)
    click_answer(qtbot, view.day.dialog, "Mark missing")
    assert {peek.status(t) for t in expected} == {("missing", "not received")}
    assert [mark.text() for mark in steps.marks] == ["✔", "✔", "✔"]
    assert view.day.close_button.isEnabled()

    qtbot.mouseClick(view.day.close_button, Qt.MouseButton.LeftButton)
    click_answer(qtbot, view.day.dialog, "Close the day")
    assert view.day.notes.text().startswith("<b>The day is closed</b>: 2 runs closed; ")
    assert view.day.closed_label.text().startswith("<b>Closed at ")
    assert view.day.closed_label.text().endswith("by Ben</b>")
    states = dict(peek.db.conn.execute("SELECT number, state FROM runs"))
    assert states == {1: "closed", 2: "closed", 3: "cancelled"}
    listed = {view.day.left_over.text(r, 0): view.day.left_over.text(r, 1)
              for r in range(view.day.left_over.rowCount())}  # fmt: skip
    assert {listed[t] for t in expected} == {"missing"}
    assert {listed[t] for t in sam_parcels} == {"carried over"}
    assert listed[day["attempted"]] == "carried over"
    assert not {t for t, what in listed.items() if what == "in the air"}


def test_mark_missing_asks_then_marks(qtbot, view, peek, session):
    """The button counts the parcels never received; Cancel changes nothing; confirming marks."""
    expected = peek.ids(f"status = 'expected' AND expected_date = '{session.today()}'")
    assert view.day.missing_button.text() == f"Mark {len(expected)} missing…"
    qtbot.mouseClick(view.day.missing_button, Qt.MouseButton.LeftButton)
    box = view.day.dialog
    assert box.windowTitle() == f"Mark {len(expected)} parcels missing?"
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert peek.scalar("SELECT count(*) FROM parcels WHERE status = 'missing'") == 0
    qtbot.mouseClick(view.day.missing_button, Qt.MouseButton.LeftButton)
    click_answer(qtbot, view.day.dialog, "Mark missing")
    assert {peek.status(t) for t in expected} == {("missing", "not received")}
    assert view.day.tiles.values["missing"].text() == str(len(expected))
    assert not view.day.missing_button.isEnabled()


def test_miles_driven_are_entered_per_run(qtbot, view, day, peek):
    """Miles driven…: the odometer figure of Dev's run; the table and the tile show it."""
    qtbot.mouseClick(view.day.miles_button, Qt.MouseButton.LeftButton)
    dialog = view.day.dialog
    box = dialog.boxes[day["dev"]]
    box.selectAll()
    qtbot.keyClicks(box, "23.4")
    qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(
        QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)  # fmt: skip
    assert peek.scalar("SELECT miles_driven FROM runs WHERE id = ?", day["dev"]) == 23.4
    assert view.day.runs.text(0, 6) == "23.4"
    assert view.day.tiles.values["miles_driven"].text() == "23.4"


def test_a_log_that_disagrees_keeps_the_day_open(qtbot, view, shop, day, peek):
    """A parcel whose cached attempts differ from its log: NOT closed, the problem shown."""
    _settle_maria(shop, day)
    day_close.carry_over_unsent(shop, MORNING, view.day.day)
    end_of_day.mark_missing(shop, MORNING, view.day.day)
    view.day.refresh()
    shop.conn.execute("UPDATE parcels SET attempts = 2 WHERE tracking_id = ?", (day["attempted"],))
    qtbot.mouseClick(view.day.close_button, Qt.MouseButton.LeftButton)
    click_answer(qtbot, view.day.dialog, "Close the day")
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
    assert "90.0 %" in text and "63.0" in text and "Maria" in text
    with (folder / f"status-{day}.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert sum(1 for row in rows if row["status"] == "delivered") == 9
    assert view.day.notes.text() == (
        f"Saved summary-{day}.pdf and status-{day}.csv ({len(rows)} parcels) in {folder}"
    )


def test_earnings_for_a_chosen_range(qtbot, view, session):
    """This week: 9 parcels × $1.85; a range ending before it starts is explained."""
    view.setCurrentWidget(view.earnings)
    earnings = view.earnings
    assert earnings.total.text() == "9 parcels × $1.85 = $16.65"
    today = session.today()
    assert earnings.days.find(today) >= 0 and earnings.days.text(earnings.days.find(today), 2) == (
        "$16.65"
    )
    later = today + timedelta(days=3)
    earnings.start.setDate(QDate(later.year, later.month, later.day))
    assert earnings.message.text() == "The period ends before it starts"
    assert earnings.days.rowCount() == 0


def test_closing_the_day_asks_first_and_names_the_runs_without_miles(qtbot, view, shop, day, peek):
    """ "Close the day…" closed at once (no question, though its "…" promised one), with the
    miles of both runs never entered (the summary then prints "Miles driven –"), and stayed
    the same button after. It asks, naming the runs with no miles; Cancel keeps the day
    open; once closed, the button says that closing again replaces the summary."""
    _settle_maria(shop, day)
    day_close.carry_over_unsent(shop, MORNING, view.day.day)
    end_of_day.mark_missing(shop, MORNING, view.day.day)
    view.day.refresh()
    qtbot.mouseClick(view.day.close_button, Qt.MouseButton.LeftButton)
    box = view.day.dialog
    assert isinstance(box, QMessageBox) and box.isVisible()
    asked = box.informativeText()
    assert "Run 1 · Dev" in asked and "Run 2 · Maria" in asked and "Miles driven" in asked
    assert "Run 3 · Sam" not in asked  # carried over: it never left
    assert 'prints "–" for them' in asked  # two runs; one would be "it"
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert peek.scalar("SELECT count(*) FROM day_closes") == 0
    end_of_day.record_miles(shop, day["dev"], 21.0)
    end_of_day.record_miles(shop, day["maria"], 18.5)
    view.day.refresh()
    qtbot.mouseClick(view.day.close_button, Qt.MouseButton.LeftButton)
    assert "Miles driven" not in view.day.dialog.informativeText()
    click_answer(qtbot, view.day.dialog, "Close the day")
    assert peek.scalar("SELECT count(*) FROM day_closes") == 1
    assert view.day.close_button.text() == "Close the day again…"
