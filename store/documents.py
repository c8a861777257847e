"""Every document the shop prints, built one way for the console and the command line: parcel
labels (a run, the day, those a re-plan made wrong, one parcel), driver manifests, load sheets,
the discrepancy report, the end-of-day summary, the return manifest, the calibration label, and
the whole day's printing at once (`day_papers`).

A `Document` is a recipe: a title, a file name, and how to render its PDF (and ZPL for labels)
with a progress callback and a cancel check. Building it reads the shop file (quick, a day is a
few hundred rows); rendering touches only the frozen data captured at build time, so the
console renders in a worker thread and the command line renders in line. Paper size and label
layout come from the shop's settings; a caller overrides them with `dataclasses.replace` on the
settings it passes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import sqlite_utils

import labels
from labels import CancelCheck, DayDocuments, LoadSheet, ManifestRun, ProgressCallback
from labels.files import write_atomically
from labels.words import counted
from store import print_jobs, print_papers, run_maps, runs
from store.errors import BadInput
from store.print_jobs import LabelBatch
from store.runs import RunView
from store.settings import ShopSettings

Render = Callable[[ProgressCallback, CancelCheck], bytes]


class NothingToPrint(BadInput):
    """The choice holds nothing (no runs planned, no label changed); the message says so."""


def _quiet(_done: int, _total: int) -> None:
    """No one is watching the progress (the command line)."""


def _never() -> bool:
    return False


@dataclass(frozen=True)
class Document:
    title: str  # shown above the preview: "Labels · Run 1 · Dev · 42 labels"
    file_name: str  # suggested file name, without suffix
    render_pdf: Render
    render_zpl: Render | None = None  # labels and the calibration label only
    batch: LabelBatch | None = None  # labels to record as printed once out
    items: int = 0  # what it lists: labels, stops of manifests, parcels of a report

    def render(
        self,
        kind: str = "pdf",
        progress: ProgressCallback = _quiet,
        cancelled: CancelCheck = _never,
    ) -> bytes:
        """The document as `kind` ("pdf" or "zpl")."""
        if kind == "zpl":
            if self.render_zpl is None:
                raise BadInput(f"{self.title} is not a label: it cannot be written as ZPL")
            return self.render_zpl(progress, cancelled)
        return self.render_pdf(progress, cancelled)

    def write(self, target: Path, kind: str = "pdf") -> None:
        """Render and write to `target`, whole or not at all."""
        write_atomically(target, self.render(kind))


# -- labels ---------------------------------------------------------------------------------


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

    title = f"{title} · {counted(len(batch), 'label')}"
    return Document(title, file_name, pdf, zpl, batch, len(batch))


def run_labels(db: sqlite_utils.Database, run: RunView, settings: ShopSettings) -> Document:
    """One run's labels in load order."""
    batch = print_jobs.labels_for_run(db, run.id)
    name = f"labels-{run.plan_date}-run-{run.number}"
    return labels_document(f"Labels · {run.label}", name, batch, settings)


def planned_runs(db: sqlite_utils.Database, day: date) -> list[RunView]:
    """The day's runs; `NothingToPrint` in a sentence when the day has none."""
    day_runs = runs.runs_of_day(db, day)
    if not day_runs:
        raise NothingToPrint(f"No runs planned for {day:%a %Y-%m-%d}: plan the day first")
    return day_runs


def day_labels(db: sqlite_utils.Database, day: date, settings: ShopSettings) -> Document:
    """Every run's labels, run after run."""
    batch = print_jobs.labels_for_runs(planned_runs(db, day), settings)
    return labels_document(
        f"Labels · all runs of {day:%a %Y-%m-%d}", f"labels-{day}", batch, settings
    )


def changed_labels(
    db: sqlite_utils.Database, day: date, settings: ShopSettings, run: RunView | None = None
) -> Document:
    """Labels a re-plan made wrong since they were printed."""
    batch = print_jobs.changed_since_print(db, day, run_id=run.id if run else None)
    if not batch and not print_jobs.any_printed(db, day):
        raise NothingToPrint(
            f"No label of {day:%a %d %b} was printed yet: print the labels first (Labels)"
        )
    if not batch:
        raise NothingToPrint("Every label printed still says where its parcel goes")
    where = run.label if run else f"{day:%a %Y-%m-%d}"
    return labels_document(f"Changed labels · {where}", f"labels-{day}-changed", batch, settings)


def parcel_label(db: sqlite_utils.Database, typed: str, settings: ShopSettings) -> Document:
    """One parcel's label again, found by what was typed or scanned."""
    tracking_id = print_jobs.find_parcel(db, typed)
    batch = print_jobs.label_for_parcel(db, tracking_id)
    return labels_document(f"Label · {tracking_id}", f"label-{tracking_id}", batch, settings)


# -- papers of runs -------------------------------------------------------------------------


def _each(renders: Sequence[Callable[[CancelCheck], bytes]]) -> Render:
    """Render several PDFs one after the other and join them into one."""

    def work(progress: ProgressCallback, cancelled: CancelCheck) -> bytes:
        made = []
        for done, render in enumerate(renders):
            progress(done, len(renders))
            made.append(render(cancelled))
        progress(len(renders), len(renders))
        return labels.join_pdfs(made)

    return work


def _runs_named(runs_: Sequence[RunView], what: str, file_stem: str) -> tuple[str, str]:
    """A title and a file name for papers of one run or several."""
    if not runs_:
        raise NothingToPrint("No runs planned for the day: plan the day first")
    first = runs_[0]
    if len(runs_) == 1:
        return f"{what} · {first.label}", f"{file_stem}-{first.plan_date}-run-{first.number}"
    return f"{what}s · {len(runs_)} runs", f"{file_stem}-{first.plan_date}s"


def manifests(db: sqlite_utils.Database, runs_: Sequence[RunView], settings: ShopSettings
              ) -> Document:  # fmt: skip
    """Driver manifests of the given runs, in one document."""
    title, name = _runs_named(runs_, "Manifest", "manifest")
    paper = labels.Paper(settings.page_size)
    roads = run_maps.road_map(db)  # the street map's roads and route lines, when loaded
    data = [
        print_papers.manifest_of(print_jobs.require_run(db, r.id), settings, roads) for r in runs_
    ]
    renders = [
        lambda cancelled, m=m: labels.render_manifest(m, paper=paper, cancelled=cancelled)
        for m in data
    ]
    return Document(title, name, _each(renders), items=sum(m.stop_count for m in data))


def load_sheets(db: sqlite_utils.Database, runs_: Sequence[RunView], settings: ShopSettings
                ) -> Document:  # fmt: skip
    """Load sheets of the given runs, in one document."""
    title, name = _runs_named(runs_, "Load sheet", "load-sheet")
    paper = labels.Paper(settings.page_size)
    data = [print_papers.load_sheet_of(print_jobs.require_run(db, r.id), settings) for r in runs_]
    renders = [
        lambda cancelled, s=s: labels.render_load_sheet(s, paper=paper, cancelled=cancelled)
        for s in data
    ]
    return Document(title, name, _each(renders), items=sum(len(s.items) for s in data))


# -- reports --------------------------------------------------------------------------------


def _paper_report(title: str, file_name: str, data: object, render: Callable[..., bytes],
                  settings: ShopSettings, items: int = 0) -> Document:  # fmt: skip
    paper = labels.Paper(settings.page_size)

    def pdf(progress: ProgressCallback, cancelled: CancelCheck) -> bytes:
        return render(data, paper=paper, on_progress=progress, cancelled=cancelled)

    return Document(title, file_name, pdf, items=items)


def discrepancy_report(db: sqlite_utils.Database, day: date, settings: ShopSettings) -> Document:
    report = print_papers.discrepancy_report(db, day)
    title = f"Discrepancies · {day:%a %Y-%m-%d} · {counted(len(report.rows), 'parcel')}"
    return _paper_report(title, f"discrepancies-{day}", report, labels.render_discrepancy_report,
                         settings, len(report.rows))  # fmt: skip


def day_summary(db: sqlite_utils.Database, day: date, settings: ShopSettings) -> Document:
    summary = print_papers.day_summary_pdf_data(db, day)
    return _paper_report(f"End of day · {day:%a %Y-%m-%d}", f"summary-{day}", summary,
                         labels.render_day_summary, settings)  # fmt: skip


def return_manifest(db: sqlite_utils.Database, day: date, settings: ShopSettings) -> Document:
    """What goes back to the carrier: scanned onto the truck that day, then still set aside."""
    data = print_papers.return_manifest_data(db, day)
    title = f"Returns · {day:%a %Y-%m-%d} · {counted(len(data.items), 'parcel')}"
    return _paper_report(title, f"return-manifest-{day}", data, labels.render_return_manifest,
                         settings, len(data.items))  # fmt: skip


def calibration() -> Document:
    """The printer check label, as PDF and as ZPL."""
    return Document(
        "Calibration label",
        "calibration",
        lambda progress, cancelled: labels.render_calibration(),
        lambda progress, cancelled: labels.calibration_zpl().encode("utf-8"),
    )


#: What each kind of document is, in the Print screen's words (`ui.printing.print_choices`).
KINDS = ("labels", "changed", "parcel", "manifest", "load_sheet", "discrepancies",
         "day_summary", "returns", "calibration")  # fmt: skip


def build(
    kind: str, db: sqlite_utils.Database, day: date, settings: ShopSettings, what: object = None
) -> Document:
    """The document of `kind`: `what` is the chosen run (None: all of the day's runs) or the
    typed tracking id of a parcel's label."""
    run = what if isinstance(what, RunView) else None

    def all_runs() -> list[RunView]:
        return [run] if run else planned_runs(db, day)

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


# -- the whole day --------------------------------------------------------------------------


@dataclass(frozen=True)
class DayPapers:
    """The day's printing, as data: labels with their placements, a manifest and a load sheet
    per run, and the label layout and paper the settings chose. The command line's
    `print-day` and the console's "Print the whole day" both render it (`render`), so the
    files are the same whichever printed them."""

    day: date
    batch: LabelBatch
    manifests: tuple[ManifestRun, ...]
    load_sheets: tuple[LoadSheet, ...]
    label_layout: str  # a setting value: "4x6", "letter-4up", …
    paper: str  # "letter" or "a4"

    @property
    def run_count(self) -> int:
        return len(self.manifests)

    @property
    def label_count(self) -> int:
        return len(self.batch.labels)

    @property
    def sheet_layout(self) -> labels.SheetLayout:
        """How PDF labels sit on the page (one 4x6 per page, or several per sheet)."""
        return labels.LAYOUTS[print_jobs.layout_key(self.label_layout)]

    def render(
        self,
        *,
        zpl: bool = False,
        on_progress: ProgressCallback | None = None,
        cancelled: CancelCheck | None = None,
    ) -> DayDocuments:
        """Draw the three documents (labels as ZPL when `zpl`, else PDF in the layout)."""
        return labels.render_day(
            self.batch.labels,
            self.manifests,
            self.load_sheets,
            day=self.day,
            layout=self.sheet_layout,
            zpl=zpl,
            paper=labels.Paper(self.paper),
            on_progress=on_progress,
            cancelled=cancelled,
        )


def day_papers(db: sqlite_utils.Database, day: date, settings: ShopSettings) -> DayPapers:
    """The whole day's printing; `NothingToPrint` when the day has no planned run."""
    day_runs = planned_runs(db, day)
    roads = run_maps.road_map(db)
    return DayPapers(
        day=day,
        batch=print_jobs.labels_for_runs(day_runs, settings),
        manifests=tuple(print_papers.manifest_of(run, settings, roads) for run in day_runs),
        load_sheets=tuple(print_papers.load_sheet_of(run, settings) for run in day_runs),
        label_layout=settings.label_layout,
        paper=settings.page_size,
    )
