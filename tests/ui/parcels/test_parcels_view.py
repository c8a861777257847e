"""The Parcels screen: a paged table over the store, search, filter, sort, and a parcel's story."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QLabel

from store import demo, events, manifest, parcels
from store.events import Actor, Event
from ui.common.background_reader import BackgroundReader
from ui.parcels.parcel_detail import EventsModel, ParcelDetail
from ui.parcels.parcel_table_model import KEYS, ParcelTableModel, status_words
from ui.parcels.parcels_view import ParcelsView


@pytest.fixture
def busy_shop(shop, session):
    """The demo shop plus tomorrow's manifest: a little over 500 parcels."""
    tomorrow = session.today() + timedelta(days=1)
    data = demo.manifest_csv(tomorrow, seed=11, addresses=300)
    manifest.import_bytes(shop, Actor("Ana", "Counter 1"), data, "tomorrow.csv", tomorrow)
    return shop


@pytest.fixture
def reader(busy_shop, db_file):
    """Slow reads off the GUI thread, on their own connection; stopped after the test."""
    background = BackgroundReader(db_file)
    yield background
    background.close()


@pytest.fixture
def view(qtbot, busy_shop, session, reader, focus):
    widget = ParcelsView(session, reader, search_delay_ms=0)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    focus(widget, widget.search)
    qtbot.waitUntil(lambda: not widget.model.loading)
    return widget


@pytest.fixture
def read_all(qtbot):
    """Fetch every page of a model, waiting for each, and return the tracking ids."""

    def read(model: ParcelTableModel) -> list[str]:
        qtbot.waitUntil(lambda: not model.loading)
        while model.canFetchMore(QModelIndex()):
            model.fetchMore(QModelIndex())
            qtbot.waitUntil(lambda: not model.loading)
        return [model.tracking_id(row) for row in range(model.rowCount())]

    return read


def test_model_passes_the_model_tester(qtbot, qtmodeltester, session, reader):
    """The paged model behaves as Qt expects, also while pages arrive."""
    model = ParcelTableModel(reader, session.settings.tz, page_size=50)
    model.set_query(parcels.PageQuery())
    qtmodeltester.check(model)
    qtbot.waitUntil(lambda: not model.loading)
    model.fetchMore(QModelIndex())
    qtbot.waitUntil(lambda: not model.loading)
    qtmodeltester.check(model)
    assert model.rowCount() == 100


def test_table_reads_200_rows_at_a_time(qtbot, view, peek, read_all):
    """Opening the screen reads one page of 200, shows the full count, and fetches on demand."""
    total = peek.scalar("SELECT count(*) FROM parcels")
    assert total > 400
    assert view.model.rowCount() == 200
    assert view.total.text() == f"{total:,} parcels"
    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: view.model.rowCount() == 400)
    assert len(set(read_all(view.model))) == total


def test_search_by_name_and_status_filter(qtbot, view, peek, read_all):
    """Typing a name narrows the table and the count; the status filter narrows it further."""
    qtbot.keyClicks(view.search, "Okafor")
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    named = peek.ids("recipient_name LIKE '%Okafor%'")
    assert named and sorted(read_all(view.model)) == named
    assert view.total.text().startswith(f"{len(named):,} parcel")
    view.status.setCurrentIndex(view.status.findData("received"))
    received = peek.ids("recipient_name LIKE '%Okafor%' AND status = 'received'")
    assert sorted(read_all(view.model)) == received


def test_search_by_tracking_prefix(qtbot, view, peek, read_all):
    """A tracking number prefix (any case) finds that parcel."""
    wanted = peek.ids("1")[7]
    qtbot.keyClicks(view.search, wanted[:13].lower())
    qtbot.waitUntil(lambda: view.model.query.search == wanted[:13].lower())
    assert wanted in read_all(view.model)


def test_a_new_search_replaces_the_old_one(qtbot, view, peek, read_all):
    """Searches typed one after the other end with the rows of the last one only."""
    for text in ("Ok", "Okaf", "Rossi"):
        view.search.setText(text)
        view.apply_filters()
    rossi = peek.ids("recipient_name LIKE '%Rossi%'")
    assert sorted(read_all(view.model)) == rossi
    assert view.total.text() == f"{len(rossi):,} parcels"


def test_clicking_headers_sorts(qtbot, view, peek):
    """A sortable header sorts ascending, then descending; others leave the sort alone."""
    header = view.table.horizontalHeader()
    header.sectionClicked.emit(KEYS.index("recipient_name"))
    assert view.model.query == parcels.PageQuery(sort="recipient_name")
    qtbot.waitUntil(lambda: not view.model.loading)
    names = [view.model.index(row, KEYS.index("recipient_name")).data() for row in range(200)]
    assert names == sorted(names, key=str.casefold)
    header.sectionClicked.emit(KEYS.index("recipient_name"))
    assert view.model.query.descending
    header.sectionClicked.emit(KEYS.index("city"))  # not sortable
    assert view.model.query.sort == "recipient_name"
    assert header.sortIndicatorSection() == KEYS.index("recipient_name")
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder


@pytest.mark.parametrize("sort", sorted(parcels.SORTABLE))
@pytest.mark.parametrize("descending", [False, True])
def test_paging_shows_each_parcel_once(session, reader, peek, read_all, sort, descending):
    """Keyset paging on every sortable column visits each parcel exactly once, in order."""
    peek.db.conn.execute(
        "UPDATE parcels SET recipient_name = lower(recipient_name) WHERE id % 3 = 0"
    )
    model = ParcelTableModel(reader, session.settings.tz, page_size=37)
    model.set_query(parcels.PageQuery(sort=sort, descending=descending))
    seen = read_all(model)
    assert len(seen) == len(set(seen)) == peek.scalar("SELECT count(*) FROM parcels")


def test_enter_opens_the_parcel(qtbot, view, peek, read_all):
    """Enter on a row asks to open that parcel."""
    wanted = peek.ids("status = 'received'")[0]
    opened = []
    view.open_parcel.connect(opened.append)
    row = read_all(view.model).index(wanted)
    view.table.setFocus()
    view.table.setCurrentIndex(view.model.index(row, 0))
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert opened == [wanted]


def test_detail_shows_fields_and_history(qtbot, shop, session, peek, qtmodeltester):
    """The detail dialog names the parcel's fields and lists its events with who and where."""
    wanted = peek.ids("status = 'received'")[0]
    dialog = ParcelDetail(
        parcels.get(shop, wanted), events.history(shop, wanted), session.settings.tz
    )
    qtbot.addWidget(dialog)
    assert dialog.fields["Tracking number"].text() == wanted
    assert dialog.fields["Status"].text() == "on the shelf"
    qtmodeltester.check(dialog.events)
    rows = [
        [dialog.events.index(row, column).data() for column in (1, 2, 3)]
        for row in range(dialog.events.rowCount())
    ]
    assert rows == [["expected, not arrived yet", "Ana", "Counter 1"],
                    ["on the shelf", "Ana", "Counter 1"]]  # fmt: skip
    first = dialog.events.index(0, 0).data()
    assert len(first) == len("2026-01-01 09:00:00")


def test_events_model_shows_run_and_reason(qtmodeltester, session):
    """Run and stop, reason and details read as words."""
    event = Event(
        7,
        "TBA1",
        "attempted",
        "2026-03-01T15:04:05.000Z",
        "Ana",
        "Counter 1",
        3,
        12,
        "no_access",
        {"driver": "Dev"},
        "0" * 64,
        "1" * 64,
    )
    model = EventsModel([event], session.settings.tz)
    qtmodeltester.check(model)
    cells = [model.index(0, column).data() for column in range(7)]
    assert cells[1:] == [
        "back on the shelf after an attempt",
        "Ana",
        "Counter 1",
        "run 3, stop 12",
        "no access",
        "driver: Dev",
    ]


def test_the_detail_speaks_the_clerks_words(qtbot, session, peek):
    """A new clerk opened a parcel and read "Status: expected", "Status log (1 events, oldest
    first)" and "manifest id: 1"; the Parcels table and its filter said "exception" and
    "attempted". Every screen's words now: statuses as Check-in and Today say them, the
    manifest by its file's name, one event."""
    from ui.parcels.parcel_detail import open_parcel

    wanted = peek.ids("status = 'expected'")[0]
    dialog = open_parcel(session, wanted)
    qtbot.addWidget(dialog)
    assert dialog.fields["Status"].text() == "expected, not arrived yet"
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert "Status log (1 event, oldest first)" in texts
    details = dialog.events.index(0, 6).data()
    manifest = peek.scalar(
        "SELECT filename FROM manifests JOIN parcels ON parcels.manifest_id = manifests.id"
        " WHERE tracking_id = ?", wanted,
    )  # fmt: skip
    assert details == f"manifest: {manifest}"
    assert dialog.events.index(0, 1).data() == "expected, not arrived yet"
    assert status_words("exception", "out_of_zone") == "held: outside the delivery area"
    assert status_words("attempted", None) == "back on the shelf after an attempt"


def test_the_status_filter_reads_in_words(view):
    """The filter's choices are the table's words ("held", not "exception")."""
    choices = [view.status.itemText(i) for i in range(view.status.count())]
    assert "held" in choices and "on the shelf" in choices and "exception" not in choices
    view.status.setCurrentIndex(choices.index("held"))
    assert view.status.currentData() == "exception"
