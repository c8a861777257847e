"""Everything a planned day sends to the printers, gathered in one read: the labels of every
run (run after run, each in load order), and every run's driver manifest and load sheet.

The command line (`print-day`) and the console's "Print the whole day" both start here and
render through `DayPapers.render`, so the files are the same whichever printed them. Once the
labels are out, `print_jobs.record_printed(db, papers.batch)` notes them as printed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlite_utils

import labels
from labels import CancelCheck, DayDocuments, LoadSheet, ManifestRun, ProgressCallback
from store import print_jobs, print_papers, run_maps, runs
from store.errors import BadInput
from store.print_jobs import LabelBatch
from store.settings import load as load_settings


@dataclass(frozen=True)
class DayPapers:
    """The day's printing, as data: labels with their placements, a manifest and a load sheet
    per run, and the label layout and paper the shop's settings (or the caller) chose."""

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


def day_papers(
    db: sqlite_utils.Database,
    day: date,
    *,
    label_layout: str | None = None,
    paper: str | None = None,
) -> DayPapers:
    """The day's printing; `BadInput` when the day has no planned run."""
    day_runs = runs.runs_of_day(db, day)
    if not day_runs:
        raise BadInput(f"no planned runs on {day}: plan the day first")
    settings = load_settings(db)
    roads = run_maps.road_map(db)
    return DayPapers(
        day=day,
        batch=print_jobs.labels_for_runs(day_runs, settings),
        manifests=tuple(print_papers.manifest_of(run, settings, roads) for run in day_runs),
        load_sheets=tuple(print_papers.load_sheet_of(run, settings) for run in day_runs),
        label_layout=label_layout or settings.label_layout,
        paper=paper or settings.page_size,
    )
