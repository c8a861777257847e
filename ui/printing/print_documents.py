"""What the Print screen prints, as recipes: a title, how to render the PDF (and the ZPL of
labels), and which labels count as printed once the document is out.

Building a recipe reads the shop file through the store, on the GUI thread (a day is a few
hundred rows). Rendering is the slow part: it runs in a worker (`ui.common.render_task`) and touches
no database, only the frozen data captured here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

import sqlite_utils

import labels
from labels import CancelCheck, ProgressCallback
from labels.words import counted
from store import print_jobs, print_papers
from store.print_jobs import LabelBatch
from store.runs import RunView, runs_of_day
from store.settings import ShopSettings
from ui.common.render_task import Work
from ui.printing.pdf_pages import merge


class NothingToPrint(Exception):
    """The choice holds nothing (no runs planned, no label changed); the message says so."""


@dataclass(frozen=True)
class Document:
    title: str  # shown above the preview: "Labels · Run 1 · Dev · 42 labels"
    file_name: str  # suggested file name, without suffix
    render_pdf: Work
    render_zpl: Work | None = None  # labels and the calibration label only
    batch: LabelBatch | None = None  # labels to record as printed once out


def labels_document(
    title: str, file_name: str, batch: LabelBatch, settings: ShopSettings
) -> Document:
    if not batch:
        raise NothingToPrint(f"{title}: no label to print")
    layout = labels.LAYOUTS[print_jobs.layout_key(settings.label_layout)]

    def pdf(progress: ProgressCallback, cancelled: CancelCheck) -> bytes:
        return labels.render_labels(
            batch.labels, layout=layout, on_progress=progress, cancelled=cancelled
        )

    def zpl(progress: ProgressCallback, cancelled: CancelCheck) -> bytes:
        return labels.render_zpl(batch.labels, on_progress=progress, cancelled=cancelled)

    return Document(f"{title} · {counted(len(batch), 'label')}", file_name, pdf, zpl, batch)


def run_labels(db: sqlite_utils.Database, run: RunView, settings: ShopSettings) -> Document:
    """One run's labels in load order."""
    batch = print_jobs.labels_for_run(db, run.id)
    name = f"labels-{run.plan_date}-run-{run.number}"
    return labels_document(f"Labels · {run.label}", name, batch, settings)


def day_labels(db: sqlite_utils.Database, day: date, settings: ShopSettings) -> Document:
    """Every run's labels, run after run."""
    batch = print_jobs.labels_for_day(db, day)
    if not batch:
        raise NothingToPrint(f"No runs planned for {day:%a %Y-%m-%d}: plan the day first")
    return labels_document(
        f"Labels · all runs of {day:%a %Y-%m-%d}", f"labels-{day}", batch, settings
    )


def changed_labels(
    db: sqlite_utils.Database, day: date, settings: ShopSettings, run: RunView | None = None
) -> Document:
    """Labels a re-plan made wrong (or never printed for a run)."""
    batch = print_jobs.changed_since_print(db, day, run_id=run.id if run else None)
    if not batch:
        raise NothingToPrint("Every label printed still says where its parcel goes")
    where = run.label if run else f"{day:%a %Y-%m-%d}"
    return labels_document(f"Changed labels · {where}", f"labels-{day}-changed", batch, settings)


def parcel_label(db: sqlite_utils.Database, typed: str, settings: ShopSettings) -> Document:
    """One parcel's label again, found by what was typed or scanned."""
    tracking_id = print_jobs.find_parcel(db, typed)
    batch = print_jobs.label_for_parcel(db, tracking_id)
    return labels_document(f"Label · {tracking_id}", f"label-{tracking_id}", batch, settings)


def _each(renders: Sequence[Callable[[CancelCheck], bytes]]) -> Work:
    """Render several PDFs one after the other and join them into one."""

    def work(progress: ProgressCallback, cancelled: CancelCheck) -> bytes:
        made = []
        for done, render in enumerate(renders):
            progress(done, len(renders))
            made.append(render(cancelled))
        progress(len(renders), len(renders))
        return merge(made)

    return work


def manifests(db: sqlite_utils.Database, runs: Sequence[RunView], settings: ShopSettings
              ) -> Document:  # fmt: skip
    """Driver manifests of the given runs, in one document."""
    if not runs:
        raise NothingToPrint("No runs planned for the day: plan the day first")
    paper = labels.Paper(settings.page_size)
    data = [print_papers.manifest_for_run(db, run.id) for run in runs]
    renders = [
        lambda cancelled, m=m: labels.render_manifest(m, paper=paper, cancelled=cancelled)
        for m in data
    ]
    title = f"Manifest · {runs[0].label}" if len(runs) == 1 else f"Manifests · {len(runs)} runs"
    name = f"manifest-{runs[0].plan_date}" + (f"-run-{runs[0].number}" if len(runs) == 1 else "s")
    return Document(title, name, _each(renders))


def load_sheets(db: sqlite_utils.Database, runs: Sequence[RunView], settings: ShopSettings
                ) -> Document:  # fmt: skip
    """Load sheets of the given runs, in one document."""
    if not runs:
        raise NothingToPrint("No runs planned for the day: plan the day first")
    paper = labels.Paper(settings.page_size)
    data = [print_papers.load_sheet_for_run(db, run.id) for run in runs]
    renders = [
        lambda cancelled, s=s: labels.render_load_sheet(s, paper=paper, cancelled=cancelled)
        for s in data
    ]
    title = f"Load sheet · {runs[0].label}" if len(runs) == 1 else f"Load sheets · {len(runs)} runs"
    name = f"load-sheet-{runs[0].plan_date}" + (f"-run-{runs[0].number}" if len(runs) == 1 else "s")
    return Document(title, name, _each(renders))


def _paper_report(title: str, file_name: str, data: object, render: Callable[..., bytes],
                  settings: ShopSettings) -> Document:  # fmt: skip
    paper = labels.Paper(settings.page_size)

    def pdf(progress: ProgressCallback, cancelled: CancelCheck) -> bytes:
        return render(data, paper=paper, on_progress=progress, cancelled=cancelled)

    return Document(title, file_name, pdf)


def discrepancy_report(db: sqlite_utils.Database, day: date, settings: ShopSettings) -> Document:
    report = print_papers.discrepancy_report(db, day)
    title = f"Discrepancies · {day:%a %Y-%m-%d} · {counted(len(report.rows), 'parcel')}"
    return _paper_report(title, f"discrepancies-{day}", report, labels.render_discrepancy_report,
                         settings)  # fmt: skip


def day_summary(db: sqlite_utils.Database, day: date, settings: ShopSettings) -> Document:
    summary = print_papers.day_summary_pdf_data(db, day)
    return _paper_report(f"End of day · {day:%a %Y-%m-%d}", f"end-of-day-{day}", summary,
                         labels.render_day_summary, settings)  # fmt: skip


def return_manifest(db: sqlite_utils.Database, day: date, settings: ShopSettings) -> Document:
    data = print_papers.return_manifest_data(db, day)
    title = f"Returns · {day:%a %Y-%m-%d} · {counted(len(data.items), 'parcel')}"
    return _paper_report(title, f"returns-{day}", data, labels.render_return_manifest, settings)


def calibration() -> Document:
    """The printer check label, as PDF and as ZPL."""
    return Document(
        "Calibration label",
        "calibration",
        lambda progress, cancelled: labels.render_calibration(),
        lambda progress, cancelled: labels.calibration_zpl().encode("utf-8"),
    )


def build(
    kind: str, db: sqlite_utils.Database, day: date, settings: ShopSettings, what: object
) -> Document:
    """The document a button of the Print screen asks for (`ui.printing.print_choices.KINDS`):
    `what` is the chosen run (None: all of the day's runs) or the typed tracking id."""
    run = what if isinstance(what, RunView) else None
    chosen = [run] if run else None

    def all_runs() -> list[RunView]:
        return chosen or runs_of_day(db, day)

    builders: dict[str, Callable[[], Document]] = {
        "labels": lambda: run_labels(db, run, settings) if run else day_labels(db, day, settings),
        "changed": lambda: changed_labels(db, day, settings, run),
        "parcel": lambda: parcel_label(db, str(what), settings),
        "manifest": lambda: manifests(db, all_runs(), settings),
        "load_sheet": lambda: load_sheets(db, all_runs(), settings),
        "discrepancies": lambda: discrepancy_report(db, day, settings),
        "day_summary": lambda: day_summary(db, day, settings),
        "returns": lambda: return_manifest(db, day, settings),
        "calibration": calibration,
    }
    return builders[kind]()
