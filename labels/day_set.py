"""The whole day's printing as three documents: every label, every manifest, every load sheet.

`render_day` draws the labels of all runs (run after run, each in load order) as one PDF in
the shop's label layout or as one ZPL job, every run's driver manifest joined into one PDF and
every load sheet into another, with one progress report and one cancel across all three.
`DayDocuments.save` writes the three files into a folder, all of them or none.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from labels.data import LoadSheet, ManifestRun, ParcelLabel
from labels.document import CancelCheck, Cancelled, Paper, ProgressCallback
from labels.files import write_all_atomically
from labels.label import render_labels
from labels.load_sheet import render_load_sheet
from labels.manifest import render_manifest
from labels.pdf_join import join_pdfs, page_count
from labels.sheets import THERMAL_4X6, SheetLayout
from labels.zpl import render_zpl

#: Progress weights, from drawing times: a manifest stop takes about as long as a label,
#: a load-sheet line about a third of that.
LOAD_LINES_PER_UNIT = 3


@dataclass(frozen=True)
class DayDocuments:
    """The day's three documents, rendered, with what they hold."""

    date: date
    labels: bytes  # PDF, or ZPL when `label_format` is "zpl"
    label_format: str  # "pdf" or "zpl"
    manifests: bytes
    load_sheets: bytes
    label_count: int
    label_pages: int  # sheets of paper (PDF) or labels off the roll (ZPL)
    manifest_pages: int
    load_sheet_pages: int
    runs: int

    def file_names(self) -> dict[str, str]:
        """The file name of each document: "labels", "manifests" and "load_sheets"."""
        return {
            "labels": f"labels-{self.date}.{self.label_format}",
            "manifests": f"manifests-{self.date}.pdf",
            "load_sheets": f"load-sheets-{self.date}.pdf",
        }

    def save(self, folder: Path) -> dict[str, Path]:
        """Write the three files into `folder` (all or none); returns where each went."""
        paths = {kind: folder / name for kind, name in self.file_names().items()}
        write_all_atomically({paths[kind]: getattr(self, kind) for kind in paths})
        return paths


class _Meter:
    """One progress report across several documents, each weighing some units."""

    def __init__(self, weights: Sequence[int], on_progress: ProgressCallback | None) -> None:
        self.total = max(1, sum(weights))
        self.done = 0
        self._on_progress = on_progress

    def part(self, weight: int) -> ProgressCallback:
        """The progress callback of a document weighing `weight` units."""
        start = self.done

        def report(done: int, total: int) -> None:
            self.done = start + weight * done // max(1, total)
            if self._on_progress is not None:
                self._on_progress(self.done, self.total)

        return report


def render_day(
    labels: Sequence[ParcelLabel],
    manifests: Sequence[ManifestRun],
    load_sheets: Sequence[LoadSheet],
    *,
    day: date,
    layout: SheetLayout = THERMAL_4X6,
    zpl: bool = False,
    paper: Paper = Paper.LETTER,
    on_progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> DayDocuments:
    """Render the day's labels (PDF in `layout`, or ZPL), manifests and load sheets.

    ``on_progress(done, total)`` runs across all three; ``cancelled()`` is polled between
    labels and pages and stops everything with :class:`labels.Cancelled`. A day has at
    least one run: one manifest and one load sheet each.
    """
    load_weights = [1 + len(sheet.items) // LOAD_LINES_PER_UNIT for sheet in load_sheets]
    manifest_weights = [1 + len(run.stops) for run in manifests]
    meter = _Meter([len(labels), *manifest_weights, *load_weights], on_progress)
    if cancelled is not None and cancelled():
        raise Cancelled
    label_progress = meter.part(len(labels))
    if zpl:
        label_data = render_zpl(labels, on_progress=label_progress, cancelled=cancelled)
        label_pages = len(labels)
    else:
        label_data = render_labels(
            labels, layout=layout, on_progress=label_progress, cancelled=cancelled
        )
        label_pages = math.ceil(len(labels) / layout.per_page)

    def each(items: Sequence, weights: list[int], render: Callable[..., bytes]) -> list[bytes]:
        return [
            render(item, paper=paper, on_progress=meter.part(weight), cancelled=cancelled)
            for item, weight in zip(items, weights, strict=True)
        ]

    manifest_pdfs = each(manifests, manifest_weights, render_manifest)
    sheet_pdfs = each(load_sheets, load_weights, render_load_sheet)
    manifest_data, sheet_data = join_pdfs(manifest_pdfs), join_pdfs(sheet_pdfs)
    return DayDocuments(
        date=day,
        labels=label_data,
        label_format="zpl" if zpl else "pdf",
        manifests=manifest_data,
        load_sheets=sheet_data,
        label_count=len(labels),
        label_pages=label_pages,
        manifest_pages=page_count(manifest_data),
        load_sheet_pages=page_count(sheet_data),
        runs=len(manifests),
    )
