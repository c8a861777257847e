"""Delivery results: delivered how, attempted why, three attempts, corrections, the run back."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store import results, returns, runs
from store.errors import BadInput, NotFound
from store.events import Actor, history, verify
from store.statuses import Status
from tests.store.conftest import DAY, MORNING
from tests.store.daybook import IDS, NOON, memory_shop, plan, send_out, shelf, statuses


@pytest.fixture
def out(shop, actor):
    """Run 1 · Dev is out: stop 1 (IDS 0, 1), stop 2 (IDS 2)."""
    shelf(shop, actor)
    [dev] = plan(shop, actor, {"Dev": [IDS[0:2], IDS[2:3]]})
    send_out(shop, actor, dev)
    return shop, dev


def _events(db, tracking_id):
    return [(e.status, e.reason, e.run_id, e.stop_sequence, e.details)
            for e in history(db, tracking_id)[-2:]]  # fmt: skip


def test_delivered_to_a_neighbour_keeps_the_name_out_of_the_log(out, actor) -> None:
    """The name goes to parcels.handed_to; the event says only how."""
    db, dev = out
    done = results.record_result(db, actor, IDS[2], "delivered", how="neighbour",
                                 name="  Mr.  Jones ", at=NOON)  # fmt: skip
    assert done == results.Recorded(IDS[2], Status.DELIVERED, 0, "NW-1", "Delivered to a neighbour",
                                    dev, 2)  # fmt: skip
    assert _events(db, IDS[2])[-1] == (
        Status.DELIVERED, "neighbour", dev, 2, {"driver": "Dev", "how": "neighbour"}
    )  # fmt: skip
    assert db.conn.execute(
        "SELECT status, handed_to, delivered_at FROM parcels WHERE tracking_id = ?", (IDS[2],)
    ).fetchone() == ("delivered", "Mr. Jones", "2026-11-25T17:00:00.000Z")
    assert "Jones" not in str(db.conn.execute("SELECT * FROM events").fetchall())


def test_an_attempt_puts_the_parcel_back_on_its_shelf(out, actor) -> None:
    """Attempted: back to its zone, one attempt counted, plannable again."""
    db, dev = out
    done = results.record_result(db, actor, IDS[0], "attempted", reason="no_access", at=NOON)
    assert (done.status, done.attempts, done.zone, done.message) == (
        Status.ATTEMPTED,
        1,
        "NW-1",
        "Not delivered: no access. Back on shelf NW-1 (attempt 1 of 3)",
    )
    assert _events(db, IDS[0])[-1] == (Status.ATTEMPTED, "no_access", dev, 1, {"driver": "Dev"})
    assert IDS[0] in runs.plannable_ids(db)


def test_the_last_result_brings_the_run_back(out, actor) -> None:
    """A run with nothing out any more is back (and says so)."""
    db, dev = out
    first = results.record_stop(db, actor, dev, 1, "delivered", how="at_door", at=NOON)
    assert [(r.tracking_id, r.status, r.run_back) for r in first] == [
        (IDS[0], Status.DELIVERED, False),
        (IDS[1], Status.DELIVERED, False),
    ]
    assert runs.get_run(db, dev).state == "out"
    [last] = results.record_stop(db, actor, dev, 2, "attempted", reason="refused", at=NOON)
    assert last.run_back
    run = runs.get_run(db, dev)
    assert (run.state, run.returned_at) == ("back", "2026-11-25T17:00:00.000Z")


def test_all_delivered_except_records_a_whole_run(out, actor) -> None:
    """The common case: everything delivered but the exceptions the driver names."""
    db, dev = out
    done = results.all_delivered_except(db, actor, dev, {IDS[1]: "business_closed"}, at=NOON)
    assert [(r.tracking_id, r.status) for r in done] == [
        (IDS[0], Status.DELIVERED),
        (IDS[1], Status.ATTEMPTED),
        (IDS[2], Status.DELIVERED),
    ]
    assert all(r.run_back for r in done)
    assert verify(db).ok


def test_an_exception_not_on_the_run_refuses_everything(out, actor) -> None:
    """A typo in the exceptions records nothing."""
    db, dev = out
    with pytest.raises(BadInput, match=f"{IDS[5]} is not out on Run 1 · Dev"):
        results.all_delivered_except(db, actor, dev, {IDS[5]: "refused"})
    assert statuses(db)[IDS[0]] == "out_for_delivery"


def test_the_third_attempt_sets_the_parcel_aside_for_return(shop, actor) -> None:
    """Attempts 1 and 2 go back on the shelf; the 3rd becomes return_pending (2 events)."""
    shelf(shop, actor, IDS[:1])
    for n in range(3):
        day = DAY + timedelta(days=n)
        at = MORNING + timedelta(days=n)
        [run_id] = plan(shop, actor, {"Dev": [IDS[:1]]}, day=day, at=at)
        send_out(shop, actor, run_id, at=at)
        done = results.record_result(
            shop, actor, IDS[0], "attempted", reason="recipient_unavailable", at=at
        )
    assert (done.status, done.attempts, done.message) == (
        Status.RETURN_PENDING,
        3,
        "Not delivered: nobody home. 3 attempts: set it aside for return to the carrier",
    )
    assert [(e.status, e.reason) for e in history(shop, IDS[0])[-2:]] == [
        (Status.ATTEMPTED, "recipient_unavailable"),
        (Status.RETURN_PENDING, "3 attempts"),
    ]
    assert IDS[0] not in runs.plannable_ids(shop)


def test_the_attempt_that_set_a_parcel_aside_can_be_corrected(shop, actor) -> None:
    """The 3rd attempt was ticked on the wrong line: correcting it to delivered takes the
    parcel out of the returns (attempts back to 2); the log keeps every step."""
    shelf(shop, actor, IDS[:1])
    for n in range(3):
        at = MORNING + timedelta(days=n)
        [run_id] = plan(shop, actor, {"Dev": [IDS[:1]]}, day=DAY + timedelta(days=n), at=at)
        send_out(shop, actor, run_id, at=at)
        results.record_result(shop, actor, IDS[0], "attempted", reason="refused", at=at)
    assert results.lookup_for_result(shop, IDS[0]).correctable
    fixed = results.correct_result(shop, actor, IDS[0], "delivered", how="at_door", at=at)
    assert (fixed.status, fixed.attempts, fixed.run_id) == (Status.DELIVERED, 2, run_id)
    assert [(e.status, e.reason) for e in history(shop, IDS[0])[-4:]] == [
        (Status.ATTEMPTED, "refused"),
        (Status.RETURN_PENDING, "3 attempts"),
        (Status.OUT_FOR_DELIVERY, "correction"),
        (Status.DELIVERED, "at_door"),
    ]
    assert verify(shop).ok


def test_a_parcel_set_aside_by_hand_is_no_result_to_correct(shop, actor) -> None:
    """Set aside at the counter (not by the attempt limit): a result key cannot undo that."""
    shelf(shop, actor, IDS[:1])
    [run_id] = plan(shop, actor, {"Dev": [IDS[:1]]})
    send_out(shop, actor, run_id)
    results.record_result(shop, actor, IDS[0], "attempted", reason="refused", at=NOON)
    returns.set_aside(shop, actor, IDS[0], "recipient refused twice", at=NOON)
    assert not results.lookup_for_result(shop, IDS[0]).correctable
    with pytest.raises(BadInput, match="is return pending: only a delivered or attempted"):
        results.correct_result(shop, actor, IDS[0], "delivered", at=NOON)


def test_a_result_for_a_parcel_not_out_is_refused(out, actor) -> None:
    """Only parcels out for delivery get a result; the message says what the parcel is."""
    db, _ = out
    with pytest.raises(BadInput, match=f"{IDS[5]} is received, not out for delivery"):
        results.record_result(db, actor, IDS[5], "delivered")
    with pytest.raises(NotFound, match="no parcel TBA999999999"):
        results.record_result(db, actor, "TBA999999999", "delivered")


@pytest.mark.parametrize(
    ("outcome", "kwargs", "message"),
    [
        ("lost", {}, "the result is delivered or attempted, not 'lost'"),
        ("delivered", {"how": "chimney"}, "delivered how: one of to_recipient, at_door, "
         "neighbour, locker, not 'chimney'"),
        ("delivered", {"reason": "refused"}, "a delivered parcel has no reason"),
        ("attempted", {}, "an attempt needs a reason: one of no_access, recipient_unavailable, "
         "refused, unsafe_location, business_closed, address_not_found, damaged, not None"),
        ("attempted", {"reason": "refused", "name": "Bo"}, "an attempted parcel was not handed"),
    ],
)  # fmt: skip
def test_bad_result_words_name_the_allowed_ones(out, actor, outcome, kwargs, message) -> None:
    """Every bad word is refused before anything is written, naming what is allowed."""
    db, _ = out
    with pytest.raises(BadInput) as refused:
        results.record_result(db, actor, IDS[0], outcome, **kwargs)
    assert str(refused.value).startswith(message)


def test_correcting_a_delivery_into_an_attempt_appends_events(out, actor) -> None:
    """Wrong parcel ticked: back to out_for_delivery ('correction'), then attempted."""
    db, _ = out
    results.record_result(db, actor, IDS[0], "delivered", name="Kim", at=NOON)
    fixed = results.correct_result(db, actor, IDS[0], "attempted", reason="no_access", at=NOON)
    assert (fixed.status, fixed.attempts) == (Status.ATTEMPTED, 1)
    assert [(e.status, e.reason) for e in history(db, IDS[0])[-3:]] == [
        (Status.DELIVERED, "to_recipient"),
        (Status.OUT_FOR_DELIVERY, "correction"),
        (Status.ATTEMPTED, "no_access"),
    ]
    assert db.conn.execute(
        "SELECT handed_to, delivered_at, attempts FROM parcels WHERE tracking_id = ?", (IDS[0],)
    ).fetchone() == ("", None, 1)
    back = results.correct_result(db, actor, IDS[0], "delivered", how="locker", at=NOON)
    assert (back.status, back.attempts) == (Status.DELIVERED, 0)
    assert verify(db).ok


def test_only_a_latest_result_can_be_corrected(out, actor) -> None:
    """A parcel still out has no result to correct."""
    db, _ = out
    with pytest.raises(BadInput, match="is out for delivery: only a delivered or attempted"):
        results.correct_result(db, actor, IDS[0], "delivered")


def test_lookup_for_result_tells_run_stop_and_status(out, actor) -> None:
    """Scanning a parcel at the counter opens its result form."""
    db, dev = out
    found = results.lookup_for_result(db, f"]C1{IDS[1].lower()}\r")
    assert found == results.ParcelOnRun(IDS[1], Status.OUT_FOR_DELIVERY, 0, "NW-1", "Recipient 02",
                                        "1500 Cornerside Blvd, Vienna", dev, "Run 1 · Dev", "out",
                                        1)  # fmt: skip
    assert found.recordable and not found.correctable
    with pytest.raises(NotFound):
        results.lookup_for_result(db, "TBA999999999")


# --- random result sequences keep the cache and the log in step -------------------------

_step = st.one_of(
    st.tuples(st.just("delivered"), st.sampled_from(["to_recipient", "at_door", "locker"])),
    st.tuples(st.just("attempted"), st.sampled_from(["no_access", "refused", "damaged"])),
    st.tuples(st.just("correct"), st.sampled_from(["delivered", "attempted"])),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_step, min_size=1, max_size=6))
def test_random_results_keep_attempts_and_status_consistent_with_the_log(steps) -> None:
    """Whatever is recorded or corrected, day after day, the parcel's attempts, status and the
    verified log agree, and a parcel that reached the limit is set aside."""
    actor = Actor("Ana", "C1")
    with memory_shop() as db:
        shelf(db, actor, IDS[:1])
        expected_attempts = 0
        for n, (kind, word) in enumerate(steps):
            status = Status(statuses(db)[IDS[0]])
            at = MORNING + timedelta(days=n)
            if kind == "correct":
                if status in (Status.DELIVERED, Status.ATTEMPTED, Status.RETURN_PENDING):
                    expected_attempts -= status in (Status.ATTEMPTED, Status.RETURN_PENDING)
                    extra = {"how": "at_door"} if word == "delivered" else {"reason": "refused"}
                    done = results.correct_result(db, actor, IDS[0], word, **extra, at=at)
                    expected_attempts += word == "attempted"
                continue
            if status not in (Status.RECEIVED, Status.ATTEMPTED):
                continue
            [run_id] = plan(db, actor, {"Dev": [IDS[:1]]}, day=DAY + timedelta(days=n), at=at)
            send_out(db, actor, run_id, at=at)
            extra = {"how": word} if kind == "delivered" else {"reason": word}
            done = results.record_result(db, actor, IDS[0], kind, **extra, at=at)
            expected_attempts += kind == "attempted"
            assert done.attempts == expected_attempts
        row = db.conn.execute("SELECT status, attempts FROM parcels").fetchone()
        assert row[1] == expected_attempts
        assert (row[0] == "return_pending") == (expected_attempts >= 3 and row[0] != "delivered")
        assert verify(db).ok


@pytest.fixture
def signed_out(shop, actor):
    """Run 1 · Dev is out; IDS[2] (stop 2) and IDS[0] (stop 1) need a signature."""
    shelf(shop, actor, signature=(IDS[0], IDS[2]))
    [dev] = plan(shop, actor, {"Dev": [IDS[0:2], IDS[2:3]]})
    send_out(shop, actor, dev)
    return shop, dev


@pytest.mark.parametrize("how", ["at_door", "locker"])
def test_a_signature_parcel_is_never_left_unsigned(signed_out, actor, how) -> None:
    """At the door or in a locker is refused in a sentence; nothing is recorded."""
    db, _ = signed_out
    with pytest.raises(BadInput, match=f"{IDS[2]} needs the recipient's signature: it cannot"):
        results.record_result(db, actor, IDS[2], "delivered", how=how, name="Ann", at=NOON)
    assert statuses(db)[IDS[2]] == "out_for_delivery"


def test_a_signature_delivery_needs_the_signers_name(signed_out, actor) -> None:
    """Without a name it is refused; with one the name is kept and the log says it was signed."""
    db, dev = signed_out
    with pytest.raises(BadInput, match="type the name of who signed"):
        results.record_stop(db, actor, dev, 2, "delivered", how="to_recipient", at=NOON)
    results.record_stop(db, actor, dev, 2, "delivered", how="to_recipient", name="Ann Lee",
                        at=NOON)  # fmt: skip
    assert _events(db, IDS[2])[-1] == (
        Status.DELIVERED, "to_recipient", dev, 2,
        {"driver": "Dev", "how": "to_recipient", "signed": True},
    )  # fmt: skip
    assert db.conn.execute(
        "SELECT handed_to FROM parcels WHERE tracking_id = ?", (IDS[2],)
    ).fetchone() == ("Ann Lee",)


def test_all_delivered_except_asks_for_the_signatures_first(signed_out, actor) -> None:
    """All delivered except… refuses while a signature parcel has no name, changing nothing;
    once those are recorded (or listed as exceptions) the rest goes through."""
    db, dev = signed_out
    with pytest.raises(BadInput, match=rf"2 parcels of Run 1 · Dev need a signature \({IDS[0]}"):
        results.all_delivered_except(db, actor, dev, {}, at=NOON)
    assert set(statuses(db).values()) >= {"out_for_delivery"}
    results.record_result(db, actor, IDS[0], "delivered", name="Bo", at=NOON)
    done = results.all_delivered_except(db, actor, dev, {IDS[2]: "refused"}, at=NOON)
    assert [(r.tracking_id, r.status) for r in done] == [
        (IDS[1], Status.DELIVERED),
        (IDS[2], Status.ATTEMPTED),
    ]
