"""The Results screen, used like the clerk when the drivers are back: keys per stop, scans of
parcels and of the printed manifest, all delivered except…, corrections."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from store import settings
from tests.ui.dayplan import plan_demo, send_out, stop_ids
from ui.results.all_delivered_dialog import AllDeliveredDialog
from ui.results.results_view import ResultsView


def scan(qtbot, view, code: str) -> None:
    """Type a code into the scan box and press Enter."""
    qtbot.keyClicks(view.scan_box, code)
    qtbot.keyClick(view.scan_box, Qt.Key.Key_Return)


def press(qtbot, table, letter: str) -> None:
    qtbot.keyClick(table, letter.lower())


def history(peek, tracking_id: str) -> list[tuple[str, str | None]]:
    return list(
        peek.db.conn.execute(
            "SELECT status, reason FROM events WHERE tracking_id = ? ORDER BY id", (tracking_id,)
        )
    )[-3:]


@pytest.fixture
def run_ids(shop, session):
    """Dev, Maria and Sam out with eight stops each (Sam's stop 1 has two parcels)."""
    ids = plan_demo(shop, session.today())
    for run_id in ids:
        send_out(shop, run_id)
    return ids


@pytest.fixture
def view(qtbot, session, sounds, run_ids, focus):
    screen = ResultsView(session, sounds)
    qtbot.addWidget(screen)
    screen.resize(1200, 900)
    focus(screen, screen.stops_table)
    return screen


def test_models_pass_the_model_tester(qtmodeltester, view, run_ids):
    """The stops, a stop's parcels and the all-delivered list are sound models."""
    qtmodeltester.check(view.stops)
    qtmodeltester.check(view.parcels)
    view.open_all_delivered()
    qtmodeltester.check(view.dialog.model)


def test_the_run_is_listed_stop_by_stop(view, shop, run_ids):
    """Run 1 is chosen with its first stop; the progress counts stops and parcels out."""
    assert view.picker.currentText().startswith("Run 1 · Dev — 8 stops, 10 parcels")
    assert view.stops.rowCount() == 8 and view.stops.text(0, 3) == "1 of 1 out"
    assert view.progress.text() == "Stops recorded: 0 of 8  ·  10 parcels still out"
    assert view.lists.stop_heading.text().startswith("Stop 1 · ")
    assert view.lists.applies.text() == "Keys record <b>stop 1</b>: 1 parcel still out."


def test_a_key_records_the_stop_and_moves_on(qtbot, view, shop, run_ids, peek, sounds):
    """F on stop 1: delivered at the door; stop 2 is selected next."""
    [parcel] = stop_ids(shop, run_ids[0])[0]
    press(qtbot, view.stops_table, "F")
    assert peek.status(parcel) == ("delivered", "at_door")
    assert (view.band.title.text(), view.band.big.text()) == ("Delivered", "Stop 1")
    assert view.band.message.text() == "Delivered at the door"
    assert sounds.played == ["received"]
    assert view.stops.text(0, 3) == "✔ at the door"
    assert view.lists.stop_heading.text().startswith("Stop 2 · ")
    assert view.progress.text() == "Stops recorded: 1 of 8  ·  9 parcels still out"


def test_who_took_it_is_written_with_the_result(qtbot, view, shop, run_ids, peek):
    """T, a name, Enter, then N: delivered to a neighbour, the name kept with the parcel."""
    [parcel] = stop_ids(shop, run_ids[0])[0]
    press(qtbot, view.stops_table, "T")
    assert view.keys.name.hasFocus()
    qtbot.keyClicks(view.keys.name, "Jo Next-Door")
    qtbot.keyClick(view.keys.name, Qt.Key.Key_Return)
    assert view.stops_table.hasFocus()
    press(qtbot, view.stops_table, "N")
    assert peek.status(parcel) == ("delivered", "neighbour")
    assert peek.scalar("SELECT handed_to FROM parcels WHERE tracking_id = ?", parcel) == (
        "Jo Next-Door"
    )
    assert view.band.message.text().endswith("taken by Jo Next-Door")
    assert view.keys.name.text() == ""


def test_an_attempt_shows_the_shelf_it_goes_back_to(qtbot, view, shop, run_ids, peek):
    """H (nobody home): attempted, back on its shelf, attempt 1 of 3."""
    [parcel] = stop_ids(shop, run_ids[0])[0]
    zone = peek.scalar("SELECT zone FROM parcels WHERE tracking_id = ?", parcel)
    press(qtbot, view.stops_table, "H")
    assert peek.status(parcel) == ("attempted", "recipient_unavailable")
    assert view.band.title.text() == "Not delivered: back on the shelf"
    assert view.band.big.text() == f"Shelf {zone}"
    assert view.band.message.text() == (
        f"Not delivered: nobody home. Back on shelf {zone} (attempt 1 of 3)"
    )


def test_the_last_attempt_sets_the_parcel_aside(qtbot, view, shop, run_ids, peek, session):
    """With one attempt allowed, A (no access) makes the parcel return_pending, and says so."""
    settings.update(shop, max_attempts=1)
    [parcel] = stop_ids(shop, run_ids[0])[0]
    qtbot.mouseClick(view.keys.buttons["A"], Qt.MouseButton.LeftButton)
    assert peek.status(parcel) == ("return_pending", "1 attempt")
    assert view.band.title.text() == "Not delivered: set aside for return"
    assert "set it aside for return to the carrier" in view.band.message.text()


def test_a_parcel_scanned_back_is_recorded_alone(qtbot, view, shop, run_ids, peek, sounds):
    """Sam's stop 1 has two parcels: scanning one and pressing D records only that one."""
    one, other = stop_ids(shop, run_ids[2])[0]
    scan(qtbot, view, one.lower())
    assert view.picker.run_id() == run_ids[2]
    assert (view.band.title.text(), view.band.big.text()) == ("Back at the counter", "Stop 1")
    assert view.lists.applies.text().startswith(f"Keys record <b>{one}</b> only")
    press(qtbot, view.parcels_table, "D")
    assert (peek.status(one), peek.status(other)) == (
        ("delivered", "to_recipient"),
        ("out_for_delivery", None),
    )


def test_a_wrong_result_is_corrected_with_new_events(qtbot, view, shop, run_ids, peek):
    """Delivered by mistake: pick the parcel, press R, confirm: the log gains two events."""
    [parcel] = stop_ids(shop, run_ids[0])[0]
    press(qtbot, view.stops_table, "D")
    scan(qtbot, view, parcel)
    assert "recorded: Delivered to the recipient" in view.band.message.text()
    press(qtbot, view.parcels_table, "R")
    box = view.dialog
    assert isinstance(box, QMessageBox) and "Change it to: Not delivered: refused" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    assert history(peek, parcel) == [
        ("delivered", "to_recipient"),
        ("out_for_delivery", "correction"),
        ("attempted", "refused"),
    ]
    assert view.parcels.text(0, 2) == "Not delivered: refused"


def test_the_attempt_that_set_a_parcel_aside_is_corrected_like_any_result(
    qtbot, view, shop, session, run_ids, peek
):
    """At the attempt limit, R sets the parcel aside; scanned back, it says a key corrects it;
    D and Yes make it delivered and take it off the returns."""
    settings.update(shop, max_attempts=1)
    session.reload_settings()
    [parcel] = stop_ids(shop, run_ids[0])[0]
    press(qtbot, view.stops_table, "R")
    assert peek.status(parcel) == ("return_pending", "1 attempt")
    scan(qtbot, view, parcel)
    assert "recorded: Set aside for return. A result key corrects it." in view.band.message.text()
    press(qtbot, view.parcels_table, "D")
    box = view.dialog
    assert isinstance(box, QMessageBox) and "Set aside for return" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    assert history(peek, parcel) == [
        ("return_pending", "1 attempt"),
        ("out_for_delivery", "correction"),
        ("delivered", "to_recipient"),
    ]


def test_a_recorded_stop_needs_a_parcel_picked_to_change(qtbot, view, shop, run_ids, sounds):
    """A key on a stop already recorded changes nothing and says how to correct."""
    press(qtbot, view.stops_table, "D")
    view.lists.select_stop(1)
    press(qtbot, view.stops_table, "H")
    assert "every result is recorded" in view.band.message.text()
    assert sounds.played[-1] == "error"


def test_all_delivered_except_records_the_run_in_one_go(qtbot, view, shop, run_ids, peek):
    """F6, scan the parcels that came back, name who signed for the ✍ parcels, record: the
    rest delivered, the run is back, and the band counts what became of them."""
    ids = [t for stop in stop_ids(shop, run_ids[1]) for t in stop]
    signature = set(peek.ids("signature_required")) & set(ids)
    assert signature, "the demo has signature parcels on Maria's run"
    back = [t for t in ids if t not in signature][:2]
    view.picker.choose(run_ids[1])
    qtbot.keyClick(view.stops_table, Qt.Key.Key_F6)
    dialog = view.dialog
    assert isinstance(dialog, AllDeliveredDialog) and dialog.model.rowCount() == len(ids)
    view.take_scan(back[0])  # the scanner's path while the dialog is open
    qtbot.keyClicks(dialog.scan_box, back[1])
    qtbot.keyClick(dialog.scan_box, Qt.Key.Key_Return)
    press(qtbot, dialog.table, "C")  # the parcel just scanned: business closed instead
    assert dialog.reasons == {back[0]: "recipient_unavailable", back[1]: "business_closed"}
    assert not dialog.ok_button.isEnabled() and "a signature: pick each" in dialog.message.text()
    for left, tracking_id in enumerate(sorted(signature), start=1):
        if left == len(signature):  # one left: "1 parcel needs", not "1 parcel need"
            assert "✍ 1 parcel needs a signature" in dialog.message.text()
        dialog.table.setCurrentIndex(dialog.model.index(dialog.model.find(tracking_id), 0))
        press(qtbot, dialog.table, "T")
        qtbot.keyClicks(dialog.signer, "Pat Signer")
        qtbot.keyClick(dialog.signer, Qt.Key.Key_Return)
    assert dialog.ok_button.isEnabled()
    assert dialog.ok_button.text() == f"&Record: {len(ids) - 2} delivered, 2 not delivered"
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert peek.status(back[0]) == ("attempted", "recipient_unavailable")
    assert peek.status(back[1]) == ("attempted", "business_closed")
    assert {peek.status(t)[0] for t in ids if t not in back} == {"delivered"}
    for tracking_id in signature:
        assert peek.scalar("SELECT handed_to FROM parcels WHERE tracking_id = ?", tracking_id) == (
            "Pat Signer"
        )
    assert peek.scalar("SELECT state FROM runs WHERE id = ?", run_ids[1]) == "back"
    assert view.picker.currentText().endswith(" · back")
    zones = " · ".join(
        sorted({peek.scalar("SELECT zone FROM parcels WHERE tracking_id = ?", t) for t in back})
    )
    assert view.band.title.text() == f"{len(ids) - 2} delivered, 2 back on shelf {zones}"
    assert view.band.tracking.isHidden()  # no "10 parcels" in place of a tracking number
    assert view.band.big.text() == f"Shelf {zones}"
    assert view.band.message.text().startswith(f"{back[0]}: Not delivered: nobody home")
    assert view.band.message.text().endswith("The run is back: every parcel has its result.")
    assert view.progress.text() == "Stops recorded: 8 of 8  ·  0 parcels still out"


def test_a_signature_stop_is_delivered_only_into_hands_with_a_name(qtbot, view, shop, run_ids,
                                                                    peek, sounds):  # fmt: skip
    """A ✍ stop: F (at the door) is refused in a sentence, the door and locker keys are off;
    T, the name, Enter, D records it delivered with who signed."""
    view.picker.choose(run_ids[1])
    signature = set(peek.ids("signature_required"))
    row = next(r for r, stop in enumerate(view.stops.records) if set(stop.out) & signature)
    view.lists.select_row(row)
    stop = view.stops.records[row]
    assert view.stops.text(row, 0) == f"✍ {stop.sequence}"
    assert view.keys.signature.isVisible() and view.keys.name_label.text() == "Signed by:"
    assert not view.keys.buttons["F"].isEnabled() and not view.keys.buttons["L"].isEnabled()
    press(qtbot, view.stops_table, "F")
    assert "needs the recipient's signature: it cannot be left at the door" in (
        view.band.message.text()
    )
    assert sounds.played[-1] == "error"
    press(qtbot, view.stops_table, "D")
    assert "type the name of who signed" in view.band.message.text()
    assert {peek.status(t)[0] for t in stop.out} == {"out_for_delivery"}
    press(qtbot, view.stops_table, "T")
    qtbot.keyClicks(view.keys.name, "Rosa Diaz")
    qtbot.keyClick(view.keys.name, Qt.Key.Key_Return)
    press(qtbot, view.stops_table, "D")
    for tracking_id in stop.out:
        assert peek.status(tracking_id) == ("delivered", "to_recipient")
        assert peek.scalar("SELECT handed_to FROM parcels WHERE tracking_id = ?", tracking_id) == (
            "Rosa Diaz"
        )
    view.lists.select_row(next(r for r, s in enumerate(view.stops.records) if not s.signature))
    assert not view.keys.signature.isVisible() and view.keys.buttons["F"].isEnabled()


def test_the_printed_manifest_is_scanned_stop_then_outcome(qtbot, view, shop, run_ids, peek):
    """S.<run>.<stop> selects Sam's stop 3 on screen; R.NOTHOME records both its parcels."""
    ids = stop_ids(shop, run_ids[2])[2]
    scan(qtbot, view, f"S.{run_ids[2]}.3")
    assert view.band.title.text() == "Stop selected: scan the outcome"
    assert (view.picker.run_id(), view.lists.stop_heading.text()[:7]) == (run_ids[2], "Stop 3 ")
    scan(qtbot, view, "R.NOTHOME")
    assert view.band.title.text() == "Recorded"
    assert view.band.message.text() == (
        "Run 3 · Sam, stop 3: Not delivered: nobody home (2 parcels)."
    )
    assert {peek.status(t) for t in ids} == {("attempted", "recipient_unavailable")}


def test_a_parcel_label_then_an_outcome_code(qtbot, view, shop, run_ids, peek):
    """The parcel's own label, then R.DOOR: that parcel is delivered at the door."""
    one, other = stop_ids(shop, run_ids[2])[0]
    scan(qtbot, view, one)
    scan(qtbot, view, "R.DOOR")
    assert (peek.status(one), peek.status(other)[0]) == (
        ("delivered", "at_door"),
        "out_for_delivery",
    )


def test_an_outcome_without_a_stop_is_refused(qtbot, view, peek, sounds):
    """R.DEL first: not recorded, says to scan a stop first, in the error sound."""
    events = peek.scalar("SELECT count(*) FROM events")
    scan(qtbot, view, "R.DEL")
    assert view.band.title.text() == "Not recorded"
    assert "scan a stop or a parcel first" in view.band.message.text()
    assert sounds.played == ["error"]
    assert peek.scalar("SELECT count(*) FROM events") == events


def test_a_run_still_out_from_yesterday_is_listed_first_with_its_date(
    qtbot, shop, session, sounds, focus, peek
):
    """A day closed with a run still out: the next morning the run is listed, dated, before
    the day's own, and its stops record as any other's."""
    yesterday = session.today() - timedelta(days=1)
    [earlier, *_] = plan_demo(shop, yesterday, per_driver=3)
    send_out(shop, earlier)
    for run_id in plan_demo(shop, session.today(), per_driver=2):
        send_out(shop, run_id)
    screen = ResultsView(session, sounds)
    qtbot.addWidget(screen)
    focus(screen, screen.stops_table)
    texts = [screen.picker.itemText(i) for i in range(screen.picker.count())]
    assert texts[0] == f"{yesterday:%a %m-%d} · Run 1 · Dev — 3 stops, 3 parcels · out for delivery"
    assert texts[1].startswith("Run 1 · Dev — 2 stops") and len(texts) == 4
    [parcel] = stop_ids(shop, earlier)[0]
    press(qtbot, screen.stops_table, "F")
    assert peek.status(parcel) == ("delivered", "at_door")


def test_a_signature_parcel_recorded_attempted_is_not_changed_to_the_door(
    qtbot, view, shop, run_ids, peek, sounds
):
    """A ✍ parcel recorded "nobody home", picked to change it: F (its button greyed out) asked
    "Change it to: Delivered at the door? Yes/No" and refused only after Yes. Refused at once,
    in the same sentence as for a parcel still out, with no question; D without a name too."""
    view.picker.choose(run_ids[1])
    signature = set(peek.ids("signature_required"))
    row = next(r for r, stop in enumerate(view.stops.records) if set(stop.out) & signature)
    view.lists.select_row(row)
    parcel = next(t for t in view.stops.records[row].out if t in signature)
    press(qtbot, view.stops_table, "H")
    assert peek.status(parcel)[0] == "attempted"
    scan(qtbot, view, parcel)
    assert view.lists.target_parcel()["tracking_id"] == parcel
    assert not view.keys.buttons["F"].isEnabled()
    press(qtbot, view.parcels_table, "F")
    assert view.dialog is None or not view.dialog.isVisible()
    assert "needs the recipient's signature: it cannot be left at the door" in (
        view.band.message.text()
    )
    assert sounds.played[-1] == "error"
    press(qtbot, view.parcels_table, "D")
    assert view.dialog is None or not view.dialog.isVisible()
    assert "type the name of who signed" in view.band.message.text()
    assert peek.status(parcel)[0] == "attempted"


def test_a_scan_after_all_delivered_except_was_closed_is_answered(qtbot, view, shop, run_ids):
    """F6, Cancel, then a parcel scanned back: the closed dialog had been deleted, and the
    scan raised "Internal C++ object (AllDeliveredDialog) already deleted" (the crash
    dialog) instead of showing the parcel."""
    from PySide6.QtCore import QCoreApplication, QEvent

    view.picker.choose(run_ids[1])
    qtbot.keyClick(view.stops_table, Qt.Key.Key_F6)
    dialog = view.dialog
    assert isinstance(dialog, AllDeliveredDialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the event loop's turn
    parcel = stop_ids(shop, run_ids[1])[2][0]
    view.take_scan(parcel)
    assert view.lists.target_parcel()["tracking_id"] == parcel
