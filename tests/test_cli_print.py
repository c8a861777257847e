"""Printing from the command line, read back: every barcode decoded at thermal-printer
resolution, labels in load order, manifests scannable, `--changed` after a re-plan."""

from __future__ import annotations

import json
import math
import re
import shutil
from pathlib import Path

import pytest

from labels import CALIBRATION_CODE
from store import codes
from store.db import connect
from tests.labels.labels_readback import decoded_pages, page_count, page_texts
from tests.test_cli import run


@pytest.fixture(scope="module")
def planned_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo shop with its day planned for three drivers (made once for the module)."""
    path = tmp_path_factory.mktemp("planned") / "demo.db"
    assert run("--db", str(path), "demo")[0] == 0
    code, _, err = run("--db", str(path), "plan", "--seconds", "0.5")
    assert code == 0, err
    return path


@pytest.fixture
def shop(planned_file: Path, tmp_path: Path) -> str:
    """A copy of the planned demo shop for one test."""
    path = tmp_path / "shop.db"
    shutil.copyfile(planned_file, path)
    return str(path)


def _plan(shop: str) -> dict:
    code, out, _ = run("--db", shop, "runs", "--json")
    assert code == 0
    return json.loads(out)


def _placements(plan: dict) -> dict[str, tuple[int, int]]:
    return {
        tracking_id: (r["run_id"], stop["sequence"])
        for r in plan["runs"]
        for stop in r["stops"]
        for tracking_id in stop["tracking_ids"]
    }


def _print(shop: str, *argv: str) -> str:
    code, out, err = run("--db", shop, *argv)
    assert code == 0, err
    return out


def test_day_labels_decode_in_load_order(shop, tmp_path) -> None:
    """One 4x6 page per parcel of the day; each barcode reads back as its tracking id; within
    a run the stop numbers go down (the last stop is loaded first)."""
    plan = _plan(shop)
    target = tmp_path / "labels.pdf"
    out = _print(shop, "labels", "--date", plan["date"], "-o", str(target), "--layout", "4x6")
    data = target.read_bytes()
    placements = _placements(plan)
    assert out == f"{len(placements)} labels -> {target}\n"
    pages = decoded_pages(data)
    assert all(len(codes_on_page) == 1 for codes_on_page in pages)
    printed = [codes_on_page[0] for codes_on_page in pages]
    assert sorted(printed) == sorted(placements)
    stops = [int(re.search(r"STOP\r\n(\d+)", text)[1]) for text in page_texts(data)]
    assert stops == [placements[t][1] for t in printed]
    runs_in_print = [placements[t][0] for t in printed]
    assert runs_in_print == sorted(runs_in_print)
    for run_id in set(runs_in_print):
        of_run = [s for s, r in zip(stops, runs_in_print, strict=True) if r == run_id]
        assert of_run == sorted(of_run, reverse=True)
        assert of_run[-1] == 1


def test_office_sheet_layout_decodes_too(shop, tmp_path) -> None:
    """Four labels per Letter page, scaled down, still decode at 203 dpi."""
    plan = _plan(shop)
    run_id = plan["runs"][1]["run_id"]
    target = tmp_path / "run.pdf"
    _print(shop, "labels", "--run", str(run_id), "-o", str(target), "--layout", "letter-4up")
    expected = [t for t, (r, _) in _placements(plan).items() if r == run_id]
    pages = decoded_pages(target.read_bytes())
    assert len(pages) == math.ceil(len(expected) / 4)
    assert sorted(code for page in pages for code in page) == sorted(expected)


def test_zpl_labels_hold_the_same_parcels(shop, tmp_path) -> None:
    """A .zpl file is one ^XA…^XZ block per label, barcodes in the same load order."""
    plan = _plan(shop)
    run_id = plan["runs"][0]["run_id"]
    pdf, zpl = tmp_path / "run.pdf", tmp_path / "run.zpl"
    _print(shop, "labels", "--run", str(run_id), "-o", str(pdf))
    _print(shop, "labels", "--run", str(run_id), "-o", str(zpl))
    text = zpl.read_text(encoding="utf-8")
    blocks = re.findall(r"\^XA.*?\^XZ", text, flags=re.S)
    in_pdf = [page[0] for page in decoded_pages(pdf.read_bytes())]
    in_zpl = [re.search(r"\^BCN[^\^]*\^FH\^FD([^\^]+)\^FS", b)[1] for b in blocks]
    assert len(blocks) == len(in_pdf)
    assert in_zpl == in_pdf


def test_manifest_barcodes_scan_back(shop, tmp_path) -> None:
    """Every parcel of the run and every stop code decodes from the manifest; stop codes are
    what the result scan accepts; the outcome codes are on the pages."""
    plan = _plan(shop)
    chosen = plan["runs"][-1]
    target = tmp_path / "manifest.pdf"
    _print(shop, "manifest", "--run", str(chosen["run_id"]), "-o", str(target), "--paper", "a4")
    found = {code for page in decoded_pages(target.read_bytes()) for code in page}
    parsed = [codes.parse(code) for code in found]
    stops = {(p.run_id, p.sequence) for p in parsed if p.kind is codes.Kind.STOP}
    assert stops == {(chosen["run_id"], s["sequence"]) for s in chosen["stops"]}
    parcels = {p.text for p in parsed if p.kind is codes.Kind.PARCEL}
    assert parcels == {t for s in chosen["stops"] for t in s["tracking_ids"]}
    assert {code for code, _ in codes.outcome_codes()} <= found


def test_changed_prints_only_moved_parcels(shop, tmp_path) -> None:
    """After the day's labels are printed, a re-plan without one driver moves parcels (or
    leaves some on the shelf): `--changed` prints exactly those, then nothing."""
    before = _plan(shop)
    _print(shop, "labels", "--date", before["date"], "-o", str(tmp_path / "all.zpl"))
    code, _, err = run("--db", shop, "plan", "--seconds", "0.5", "--drivers", "Dev,Maria")
    assert code == 0, err
    after, earlier = _placements(_plan(shop)), _placements(before)
    moved = {t for t, place in after.items() if earlier.get(t) != place}
    moved |= set(earlier) - set(after)  # taken off the plan: their label names a run
    assert moved
    target = tmp_path / "changed.pdf"
    out = _print(shop, "labels", "--date", before["date"], "--changed", "-o", str(target))
    assert out == f"{len(moved)} labels -> {target}\n"
    printed = [page[0] for page in decoded_pages(target.read_bytes())]
    assert sorted(printed) == sorted(moved)
    again = tmp_path / "again.pdf"
    out = _print(shop, "labels", "--date", before["date"], "--changed", "-o", str(again))
    assert out.startswith("no label to print") and not again.exists()


def test_reprint_one_parcel_as_scanned(shop, tmp_path) -> None:
    """--parcel takes what a scanner types and prints that parcel's label with its stop."""
    plan = _plan(shop)
    tracking_id, (_, stop) = next(iter(_placements(plan).items()))
    target = tmp_path / "one.pdf"
    _print(shop, "labels", "--parcel", f"]C1{tracking_id.lower()}", "-o", str(target))
    data = target.read_bytes()
    assert decoded_pages(data) == [[tracking_id]]
    assert f"STOP\r\n{stop}\r\n" in page_texts(data)[0]


def test_papers_and_reports(shop, tmp_path) -> None:
    """Load sheet, discrepancies (PDF and CSV), day summary, return manifest, calibration."""
    plan = _plan(shop)
    run_id = str(plan["runs"][0]["run_id"])
    sheet = tmp_path / "load.pdf"
    _print(shop, "load-sheet", "--run", run_id, "-o", str(sheet))
    assert "LOAD SHEET" in page_texts(sheet.read_bytes())[0]
    csv_file, pdf_file = tmp_path / "d.csv", tmp_path / "d.pdf"
    _print(shop, "discrepancies", "--date", plan["date"], "-o", str(csv_file))
    _print(shop, "discrepancies", "--date", plan["date"], "-o", str(pdf_file))
    listed = [line.split(",")[1] for line in csv_file.read_text().splitlines()[1:]]
    decoded = {code for page in decoded_pages(pdf_file.read_bytes()) for code in page}
    assert decoded == set(listed) and listed
    target = tmp_path / "return-manifest.pdf"
    _print(shop, "return-manifest", "--date", plan["date"], "-o", str(target))
    assert page_count(target.read_bytes()) == 1
    target = tmp_path / "day-summary.pdf"
    _print(shop, "day-summary", "--date", plan["date"], "-o", str(target))
    summary = page_texts(target.read_bytes())  # the figures, then every parcel not finished
    assert summary[0].startswith("END OF DAY") and "NOT CLOSED: " in summary[0]
    assert "in the air" in summary[-1]
    calibration = tmp_path / "cal.pdf"
    _print(shop, "calibration", "-o", str(calibration))
    assert decoded_pages(calibration.read_bytes()) == [[CALIBRATION_CODE]]
    _print(shop, "calibration", "-o", str(tmp_path / "cal.zpl"))
    assert (tmp_path / "cal.zpl").read_text().startswith("^XA")


def test_print_day_fills_a_folder_with_the_whole_day(shop, tmp_path) -> None:
    """`print-day -o DIR`: every parcel's label (load order), every run's manifest with all its
    stop codes, every run's load sheet; the labels then count as printed."""
    plan = _plan(shop)
    day = plan["date"]
    out = _print(shop, "print-day", "--date", day, "-o", str(tmp_path))
    labels_pdf = tmp_path / f"labels-{day}.pdf"
    manifests = tmp_path / f"manifests-{day}.pdf"
    sheets = tmp_path / f"load-sheets-{day}.pdf"
    lines = out.splitlines()
    placements = _placements(plan)
    assert lines[0] == f"{len(placements)} labels -> {labels_pdf}"
    runs = len(plan["runs"])
    assert lines[1].startswith(f"manifests of {runs} runs: ") and lines[1].endswith(str(manifests))
    assert lines[2].startswith(f"load sheets of {runs} runs: ") and lines[2].endswith(str(sheets))
    printed = [page[0] for page in decoded_pages(labels_pdf.read_bytes())]
    assert sorted(printed) == sorted(placements)
    assert [placements[t][0] for t in printed] == sorted(placements[t][0] for t in printed)
    manifest_data = manifests.read_bytes()
    assert f"{page_count(manifest_data)} pages" in lines[1]
    found = [codes.parse(c) for page in decoded_pages(manifest_data) for c in page]
    stops = {(p.run_id, p.sequence) for p in found if p.kind is codes.Kind.STOP}
    assert stops == {(r["run_id"], s["sequence"]) for r in plan["runs"] for s in r["stops"]}
    sheet_texts = page_texts(sheets.read_bytes())
    assert sum("LOAD SHEET" in text for text in sheet_texts) >= runs
    for r in plan["runs"]:
        assert any(r["driver"] in text for text in sheet_texts)
    again = _print(shop, "labels", "--date", day, "--changed", "-o", str(tmp_path / "c.pdf"))
    assert again.startswith("no label to print")


def test_print_day_as_zpl_and_on_sheets(shop, tmp_path) -> None:
    """--zpl: one ^XA…^XZ block per parcel; --layout letter-4up: four labels a page."""
    plan = _plan(shop)
    day, count = plan["date"], len(_placements(plan))
    zpl_dir, sheet_dir = tmp_path / "zpl", tmp_path / "sheets"
    zpl_dir.mkdir(), sheet_dir.mkdir()
    _print(shop, "print-day", "--date", day, "--zpl", "-o", str(zpl_dir))
    text = (zpl_dir / f"labels-{day}.zpl").read_text(encoding="utf-8")
    assert len(re.findall(r"\^XA.*?\^XZ", text, flags=re.S)) == count
    assert sorted(p.name for p in zpl_dir.iterdir()) == sorted(
        [f"labels-{day}.zpl", f"load-sheets-{day}.pdf", f"manifests-{day}.pdf"]
    )
    out = _print(shop, "print-day", "--date", day, "--layout", "letter-4up", "-o", str(sheet_dir))
    pages = math.ceil(count / 4)
    assert out.splitlines()[0].startswith(f"{count} labels on {pages} pages -> ")
    data = (sheet_dir / f"labels-{day}.pdf").read_bytes()
    assert page_count(data) == pages
    assert sum(len(page) for page in decoded_pages(data)) == count


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("labels", "-o", "{tmp}/x.txt"), "must end in .pdf or .zpl"),
        (("manifest", "--run", "9999", "-o", "{tmp}/x.pdf"), "there is no run 9999"),
        (("load-sheet", "--run", "9999", "-o", "{tmp}/x.pdf"), "there is no run 9999"),
        (("labels", "--run", "9999", "-o", "{tmp}/x.pdf"), "there is no run 9999"),
        (("manifest", "--run", "1", "-o", "{tmp}/x.zpl"), "must end in .pdf"),
        (("discrepancies", "-o", "{tmp}/x.xlsx"), "must end in .pdf or .csv"),
        (("labels", "--parcel", "NOPE0000", "-o", "{tmp}/x.pdf"), "no parcel NOPE0000"),
        (("labels", "--parcel", "X1", "--changed", "-o", "{tmp}/x.pdf"), "--changed works"),
        (("labels", "--run", "1", "--parcel", "X", "-o", "{tmp}/x.pdf"), "not allowed with"),
        (("labels", "--layout", "4x6", "-o", "{tmp}/x.zpl"), "--layout is for PDF"),
        (("labels", "--layout", "6x4", "-o", "{tmp}/x.pdf"), "invalid choice"),
        (("labels", "--date", "2001-01-01", "-o", "{tmp}/x.pdf"), "No runs planned for Mon 2001"),
        (("labels", "-o", "{tmp}/no/such/folder/x.pdf"), "does not exist"),
        (("manifest", "-o", "{tmp}/x.pdf"), "--run"),
        (("calibration", "-o", "{tmp}/x.png"), "must end in .pdf or .zpl"),
        (("print-day", "-o", "{tmp}/no/such/folder"), "there is no such folder"),
        (("print-day", "--date", "2001-01-01", "-o", "{tmp}"), "No runs planned for Mon 2001"),
        (("print-day", "--zpl", "--layout", "4x6", "-o", "{tmp}"), "--layout is for PDF"),
        (("print-day",), "-o"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(shop, tmp_path, argv, message) -> None:
    """Bad input: exit 2, one line naming the problem, and no file written."""
    code, _, err = run("--db", shop, *(a.format(tmp=tmp_path) for a in argv))
    assert code == 2
    assert message in err and err.count("\n") == 1
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("shop.db")] == []


def test_zpl_of_a_name_in_another_script_warns_and_pdf_prints_it(shop, tmp_path) -> None:
    """A Chinese name: the .zpl says '?' and the command warns in a sentence; the PDF prints
    the name itself (issue #10.9)."""
    tracking_id = next(iter(_placements(_plan(shop))))
    db = connect(Path(shop))
    db.conn.execute(
        "UPDATE parcels SET recipient_name = '王小明' WHERE tracking_id = ?", (tracking_id,)
    )
    db.conn.commit()
    db.conn.close()
    zpl, pdf = tmp_path / "one.zpl", tmp_path / "one.pdf"
    code, _, err = run("--db", shop, "labels", "--parcel", tracking_id, "-o", str(zpl))
    assert code == 0
    assert err.startswith(f"warning: 1 label ({tracking_id}) has names or addresses in a script")
    assert "王" not in zpl.read_text(encoding="utf-8")
    code, _, err = run("--db", shop, "labels", "--parcel", tracking_id, "-o", str(pdf))
    assert code == 0 and err == ""
    assert "王小明" in page_texts(pdf.read_bytes())[0]
