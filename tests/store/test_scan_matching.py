"""Which parcel a scan names (exact code first, ambiguity asked) and what is not a parcel."""

from __future__ import annotations

from datetime import timedelta

import pytest

from store import parcels, tracking_shapes
from store.checkin import Outcome, check_in, day_counts, undo_scan
from store.errors import BadInput
from store.events import history, verify
from store.manifest import import_bytes
from store.scan_match import AmbiguousScan
from store.statuses import Status
from tests.store.conftest import DAY, MORNING, inside, manifest_bytes

LONG = "9612345678901234567890"  # a FedEx Ground 96 barcode...
TAIL = "678901234567890"  # ...whose last 15 digits are another parcel's id


def _shop_with(shop, actor, *ids: str):
    import_bytes(shop, actor, manifest_bytes(*(inside(i) for i in ids)), "m.csv", DAY, at=MORNING)
    return shop


def _count(db, sql: str) -> int:
    return db.conn.execute(sql).fetchone()[0]


def test_exact_code_wins_over_a_tail_rule(shop, actor) -> None:
    """Scanning the long code receives the parcel whose id is that code, not the tail's."""
    _shop_with(shop, actor, LONG, TAIL)
    result = check_in(shop, actor, LONG, at=MORNING)
    assert (result.outcome, result.tracking_id) == (Outcome.RECEIVED, LONG)
    assert parcels.get(shop, TAIL)["status"] == "expected"


def test_exact_code_wins_over_an_impb_prefix(shop, actor) -> None:
    """A manifest id that is a whole IMpb code is matched as such, not as its USPS tail."""
    impb = "420221029400111202555842761234"
    _shop_with(shop, actor, impb, "9400111202555842761234")
    assert check_in(shop, actor, impb, at=MORNING).tracking_id == impb


def test_a_derived_rule_still_finds_a_single_parcel(shop, actor) -> None:
    """The tail rule is used when the exact code is not a parcel and one parcel answers."""
    _shop_with(shop, actor, TAIL)
    result = check_in(shop, actor, LONG, at=MORNING)
    assert (result.outcome, result.tracking_id) == (Outcome.RECEIVED, TAIL)


def test_two_parcels_matching_only_by_derived_rules_are_asked_about(shop, actor) -> None:
    """Both tails of a long code on the manifest: no guess, the clerk is asked, nothing moves."""
    _shop_with(shop, actor, TAIL, "901234567890")
    result = check_in(shop, actor, LONG, at=MORNING)
    assert result.outcome is Outcome.AMBIGUOUS
    assert result.choices == (TAIL, "901234567890")
    assert result.tracking_id is None and TAIL in result.message
    assert _count(shop, "SELECT count(*) FROM events WHERE status != 'expected'") == 0
    assert _count(shop, "SELECT count(*) FROM parcels") == 2  # no unexpected parcel either


def test_the_clerks_pick_checks_that_parcel_in(shop, actor) -> None:
    """After an ambiguous answer the clerk's choice is received; a stranger's id is refused."""
    _shop_with(shop, actor, TAIL, "901234567890")
    with pytest.raises(BadInput, match="not one of the parcels"):
        check_in(shop, actor, LONG, at=MORNING, choose="TBA100000001")
    result = check_in(shop, actor, LONG, at=MORNING, choose="901234567890")
    assert (result.outcome, result.tracking_id) == (Outcome.RECEIVED, "901234567890")
    assert parcels.get(shop, TAIL)["status"] == "expected"


def test_other_screens_refuse_to_guess_too(shop, actor) -> None:
    """The shared matcher (dispatch, returns, results, reprint) raises a sentence."""
    _shop_with(shop, actor, TAIL, "901234567890")
    with pytest.raises(AmbiguousScan, match="could be 678901234567890 or 901234567890"):
        parcels.match_scan(shop, (LONG, TAIL, "901234567890"))


@pytest.mark.parametrize(
    "raw",
    ["FUZZ00", "TBA10000000", "TBA1000000011", "X1Y2Z3Q4", "534439591430", "ZZZ-123"],
)
def test_reads_unlike_any_tracking_number_are_unreadable(shop, actor, raw) -> None:
    """Random or truncated reads answer "scan again" and create nothing."""
    _shop_with(shop, actor, "TBA100000001", "TBA100000002")
    before = _count(shop, "SELECT count(*) FROM parcels")
    result = check_in(shop, actor, raw, at=MORNING)
    assert result.outcome is Outcome.UNREADABLE
    assert result.message.startswith("Unreadable, scan again")
    assert _count(shop, "SELECT count(*) FROM parcels") == before


@pytest.mark.parametrize(
    "raw",
    [
        "TBA999999999",  # the shop's own shape, not on the manifest
        "1Z999AA10123456784",  # UPS, check digit right
        "RA123456785US",  # S10, check digit right
        "123456789012",  # FedEx Express, check digit right
        "]C1420221029400111202555842761230",  # IMpb with ZIP, GS1 check digit right
    ],
)
def test_real_unexpected_parcels_are_still_held(shop, actor, raw) -> None:
    """A code of the shop's shapes or of a carrier format with a right check digit is held."""
    _shop_with(shop, actor, "TBA100000001")
    assert check_in(shop, actor, raw, at=MORNING).outcome is Outcome.UNEXPECTED


@pytest.mark.parametrize("raw", ["1Z999AA10123456785", "RA123456784US", "123456789013"])
def test_a_wrong_check_digit_is_a_misread(shop, actor, raw) -> None:
    """A carrier format whose check digit fails is a misread, not a parcel."""
    _shop_with(shop, actor, "TBA100000001")
    result = check_in(shop, actor, raw, at=MORNING)
    assert result.outcome is Outcome.UNREADABLE and "check digit" in result.message


def test_check_digits_are_not_imposed_on_the_shops_own_numbers(shop, actor) -> None:
    """A local carrier's 12-digit ids without FedEx check digits: a new one is still held."""
    ids = [f"5000000000{n:02d}" for n in range(10)]
    _shop_with(shop, actor, *ids)
    assert tracking_shapes.carrier_format("500000000099") == ("FedEx Express", False)
    assert check_in(shop, actor, "500000000099", at=MORNING).outcome is Outcome.UNEXPECTED


def test_the_same_odd_code_read_twice_is_held(shop, actor) -> None:
    """A new carrier's code: unreadable once, held when the next read is the same."""
    _shop_with(shop, actor, "TBA100000001")
    first = check_in(shop, actor, "LS12345678", at=MORNING)
    second = check_in(shop, actor, "ls12345678\r", at=MORNING + timedelta(seconds=5))
    assert (first.outcome, second.outcome) == (Outcome.UNREADABLE, Outcome.UNEXPECTED)
    assert second.tracking_id == "LS12345678"


def test_a_read_between_breaks_the_confirmation(shop, actor) -> None:
    """Two odd reads with another scan between them are two misreads."""
    _shop_with(shop, actor, "TBA100000001")
    check_in(shop, actor, "LS12345678", at=MORNING)
    check_in(shop, actor, "TBA100000001", at=MORNING + timedelta(seconds=2))
    again = check_in(shop, actor, "LS12345678", at=MORNING + timedelta(seconds=4))
    assert again.outcome is Outcome.UNREADABLE


def test_shapes_follow_new_manifests(shop, actor) -> None:
    """A second manifest in a new shape teaches it; the table counts only manifest parcels."""
    _shop_with(shop, actor, "TBA100000001")
    assert check_in(shop, actor, "CP100003", at=MORNING).outcome is Outcome.UNREADABLE
    _shop_with(shop, actor, "CP100001")
    assert check_in(shop, actor, "CP100003", at=MORNING).outcome is Outcome.UNEXPECTED
    assert tracking_shapes.known_shapes(shop) == {"TBA+9x9": 1, "CP+9x6": 1}


def test_a_voided_parcel_scanned_again_is_held_again(shop, actor) -> None:
    """Voiding is not the end if the parcel really is here: a new scan holds it again."""
    _shop_with(shop, actor, "TBA100000001")
    check_in(shop, actor, "TBA999999999", at=MORNING)
    undo_scan(shop, actor, "TBA999999999", at=MORNING + timedelta(minutes=1))
    result = check_in(shop, actor, "TBA999999999", at=MORNING + timedelta(minutes=2))
    assert result.outcome is Outcome.UNEXPECTED
    assert [e.status for e in history(shop, "TBA999999999")] == [
        Status.EXCEPTION,
        Status.VOIDED,
        Status.EXCEPTION,
    ]
    assert day_counts(shop, DAY).unexpected == 1
    assert verify(shop).ok


def test_a_manifest_parcel_cannot_be_voided(shop, actor) -> None:
    """Undo of a manifest parcel's scan makes it expected again, never voided."""
    _shop_with(shop, actor, "TBA100000001")
    check_in(shop, actor, "TBA100000001", at=MORNING)
    undo_scan(shop, actor, "TBA100000001", at=MORNING + timedelta(minutes=1))
    assert parcels.get(shop, "TBA100000001")["status"] == "expected"


def test_a_voided_misread_never_reaches_the_carriers_status_csv(shop, actor) -> None:
    """The day's status CSV and the all-parcels one leave a voided parcel out."""
    import csv
    import io

    from store.exports import export_status

    _shop_with(shop, actor, "TBA100000001")
    check_in(shop, actor, "TBA100000001", at=MORNING)
    check_in(shop, actor, "TBA999999999", at=MORNING)
    undo_scan(shop, actor, "TBA999999999", at=MORNING + timedelta(minutes=1))
    for day in (DAY, None):
        out = io.StringIO()
        export_status(shop, out, day)
        ids = [row["tracking_id"] for row in csv.DictReader(io.StringIO(out.getvalue()))]
        assert ids == ["TBA100000001"]


def test_a_voided_misread_is_not_counted_as_received_in_the_day_summary(shop, actor) -> None:
    """The end-of-day summary counts the real check-in, not the misread voided after it."""
    from store.end_of_day import summary

    _shop_with(shop, actor, "TBA100000001")
    check_in(shop, actor, "TBA100000001", at=MORNING)
    check_in(shop, actor, "TBA999999999", at=MORNING)
    undo_scan(shop, actor, "TBA999999999", at=MORNING + timedelta(minutes=1))
    figures = summary(shop, DAY)
    assert figures.received == 1
    assert figures.by_status == {"received": 1, "voided": 1}
