"""The one service that builds the shop's documents, for the console and the command line."""

from __future__ import annotations

from dataclasses import replace

import pytest

from labels.document import Paper
from store import documents, runs, settings
from store.errors import BadInput
from tests.labels.labels_readback import decoded_counts, page_sizes, page_texts
from tests.store.conftest import DAY
from tests.store.daybook import IDS, plan, shelf
from tests.test_cli import run as run_cli

LETTER_PT, A4_PT = (612.0, 792.0), (595.0, 842.0)


@pytest.fixture
def planned(shop, actor):
    """Eight parcels on the shelf, in two runs of Dev and Maria."""
    shelf(shop, actor)
    plan(shop, actor, {"Dev": [IDS[0:2], IDS[2:3]], "Maria": [IDS[3:5]]})
    return shop


def test_every_kind_builds_and_renders(planned):
    """Each kind the Print screen offers renders a PDF; labels render as ZPL too. Before any
    label was printed there is nothing to reprint, and that is said in a sentence."""
    shop_settings = settings.load(planned)
    with pytest.raises(documents.NothingToPrint, match="No label of Wed 25 Nov was printed yet"):
        documents.build("changed", planned, DAY, shop_settings)
    for kind in (kind for kind in documents.KINDS if kind != "changed"):
        what = IDS[0] if kind == "parcel" else None
        document = documents.build(kind, planned, DAY, shop_settings, what)
        assert document.render().startswith(b"%PDF"), kind
        if document.render_zpl is not None:
            assert document.render("zpl").startswith(b"^XA"), kind


def test_the_command_line_writes_what_the_console_previews(planned, db_file, tmp_path):
    """`manifest --run` writes the pages the Print screen shows for that run, word for word."""
    run = runs.runs_of_day(planned, DAY)[0]
    console = documents.build("manifest", planned, DAY, settings.load(planned), run)
    target = tmp_path / "m.pdf"
    code, _, err = run_cli(
        "--db", str(db_file), "manifest", "--run", str(run.id), "-o", str(target)
    )
    assert code == 0, err
    assert page_texts(target.read_bytes()) == page_texts(console.render())
    assert decoded_counts(target.read_bytes()) == decoded_counts(console.render())


def test_the_paper_comes_from_the_settings_given(planned):
    """A4 in the settings passed gives A4 pages; the stored settings are not touched."""
    stored = settings.load(planned)
    a4 = documents.build("load_sheet", planned, DAY, replace(stored, page_size="a4"))
    letter = documents.build("load_sheet", planned, DAY, stored)
    assert page_sizes(a4.render())[0] == pytest.approx(A4_PT, abs=1)
    assert page_sizes(letter.render())[0] == pytest.approx(LETTER_PT, abs=1)
    assert settings.load(planned).page_size == Paper.LETTER.value


def test_a_day_without_runs_is_nothing_to_print_in_a_sentence(shop):
    """No plan: the same sentence for the day's labels, manifests and the whole day."""
    shop_settings = settings.load(shop)
    for build in (
        lambda: documents.build("labels", shop, DAY, shop_settings),
        lambda: documents.build("manifest", shop, DAY, shop_settings),
        lambda: documents.day_papers(shop, DAY, shop_settings),
    ):
        with pytest.raises(BadInput, match="No runs planned for Wed 2026-11-25: plan the day"):
            build()


def test_the_whole_day_holds_the_same_manifests(planned):
    """The whole day's manifests are the runs' manifests, one after the other."""
    shop_settings = settings.load(planned)
    day = documents.day_papers(planned, DAY, shop_settings).render()
    one_by_one = documents.build("manifest", planned, DAY, shop_settings)
    assert page_texts(day.manifests) == page_texts(one_by_one.render())
    assert day.label_count == documents.build("labels", planned, DAY, shop_settings).items == 5
