"""Printing from the command line: labels, manifests, load sheets, reports, calibration.

`print-day` fills a folder with the whole day: labels, every manifest, every load sheet.
Every other command writes one file given with `-o`; its extension chooses the format (PDF for any
printer, ZPL for a thermal printer, CSV for the discrepancy list). The file is written whole
or not at all. Labels written to a file count as printed: `labels --changed` later gives only
the labels a re-plan has made wrong.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path

import labels
from commands.context import EXIT_OK, Context, local_today, parse_date
from labels.document import write_atomically
from labels.words import counted
from store import discrepancies, print_day, print_jobs, print_papers
from store import settings as shop_settings
from store.errors import BadInput

LAYOUT_CHOICES = tuple(print_jobs.LAYOUT_KEYS)
PAPERS = tuple(paper.value for paper in labels.Paper)

log = logging.getLogger(__name__)


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register the printing commands."""
    p = sub.add_parser("labels", help="parcel labels in load order (PDF, or ZPL for thermal)")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--date", type=parse_date, help="every run of the day (default today)")
    which.add_argument("--run", type=int, help="one run (its id)")
    which.add_argument("--parcel", help="one parcel's label (a reprint)")
    p.add_argument("-o", "--output", type=Path, required=True, help="FILE.pdf or FILE.zpl")
    p.add_argument("--layout", choices=LAYOUT_CHOICES, help="PDF layout (default: settings)")
    p.add_argument(
        "--changed", action="store_true", help="only labels whose run or stop changed since printed"
    )
    p.set_defaults(handler=cmd_labels)

    p = sub.add_parser("manifest", help="a run's driver manifest (PDF)")
    p.add_argument("--run", type=int, required=True, help="the run's id")
    _paper_and_output(p, "FILE.pdf")
    p.set_defaults(handler=cmd_manifest)

    p = sub.add_parser("load-sheet", help="a run's parcels in loading order (PDF)")
    p.add_argument("--run", type=int, required=True, help="the run's id")
    _paper_and_output(p, "FILE.pdf")
    p.set_defaults(handler=cmd_load_sheet)

    p = sub.add_parser("print-day", help="the whole day's labels, manifests and load sheets")
    p.add_argument("--date", type=parse_date, help="default today")
    p.add_argument("-o", "--output", type=Path, required=True, help="DIR: the folder to fill")
    p.add_argument("--layout", choices=LAYOUT_CHOICES, help="PDF label layout (default: settings)")
    p.add_argument("--paper", choices=PAPERS, help="paper size (default: settings)")
    p.add_argument("--zpl", action="store_true", help="labels as one .zpl file (thermal printer)")
    p.set_defaults(handler=cmd_print_day)

    p = sub.add_parser("discrepancies", help="the day's check-in discrepancies (PDF or CSV)")
    p.add_argument("--date", type=parse_date, help="default today")
    _paper_and_output(p, "FILE.pdf or FILE.csv")
    p.set_defaults(handler=cmd_discrepancies)

    p = sub.add_parser("day-summary", help="the end-of-day summary (PDF)")
    p.add_argument("--date", type=parse_date, help="default today")
    _paper_and_output(p, "FILE.pdf")
    p.set_defaults(handler=cmd_day_summary)

    p = sub.add_parser("return-manifest", help="parcels going back to the carrier (PDF)")
    p.add_argument("--date", type=parse_date, help="default today")
    _paper_and_output(p, "FILE.pdf")
    p.set_defaults(handler=cmd_return_manifest)

    p = sub.add_parser("calibration", help="a label to check the printer's scale and margins")
    p.add_argument("-o", "--output", type=Path, required=True, help="FILE.pdf or FILE.zpl")
    p.set_defaults(handler=cmd_calibration)


def _paper_and_output(p: argparse.ArgumentParser, files: str) -> None:
    p.add_argument("-o", "--output", type=Path, required=True, help=files)
    p.add_argument("--paper", choices=PAPERS, help="paper size (default: settings)")


def _target(context: Context, *suffixes: str) -> tuple[Path, str]:
    """The -o file and its format, refused unless its folder exists and its suffix is known."""
    target: Path = context.args.output
    kind = target.suffix.lower().lstrip(".")
    if kind not in suffixes:
        wanted = " or ".join(f".{s}" for s in suffixes)
        raise BadInput(f"{target}: the file name must end in {wanted}")
    if not target.parent.is_dir():
        raise BadInput(f"{target}: the folder {target.parent} does not exist")
    return target, kind


def _paper(context: Context) -> labels.Paper:
    return labels.Paper(context.args.paper or shop_settings.load(context.db).page_size)


def _wrote(context: Context, what: str, target: Path) -> int:
    log.info("%s written: %s", what, target.name)
    print(f"{what} -> {target}", file=context.out)
    return EXIT_OK


def cmd_labels(context: Context) -> int:
    a = context.args
    target, kind = _target(context, "pdf", "zpl")
    if kind == "zpl" and a.layout:
        raise BadInput("--layout is for PDF labels; a ZPL file is one 4x6 label per block")
    batch = _label_batch(context)
    if not batch:
        print("no label to print: none changed since the last print", file=context.out)
        return EXIT_OK
    if kind == "zpl":
        labels.render_zpl(batch.labels, target)
    else:
        layout = a.layout or shop_settings.load(context.db).label_layout
        labels.render_labels(
            batch.labels, target, layout=labels.LAYOUTS[print_jobs.layout_key(layout)]
        )
    print_jobs.record_printed(context.db, batch)
    return _wrote(context, counted(len(batch), "label"), target)


def _label_batch(context: Context) -> print_jobs.LabelBatch:
    a, db = context.args, context.db
    if a.parcel:
        if a.changed:
            raise BadInput("--changed works with --date or --run, not with --parcel")
        return print_jobs.label_for_parcel(db, print_jobs.find_parcel(db, a.parcel))
    if a.run is not None:
        run = print_jobs.require_run(db, a.run)
        if a.changed:
            return print_jobs.changed_since_print(
                db, date.fromisoformat(run.plan_date), run_id=run.id
            )
        return print_jobs.labels_for_run(db, a.run)
    day = a.date or local_today(context)
    if a.changed:
        return print_jobs.changed_since_print(db, day)
    batch = print_jobs.labels_for_day(db, day)
    if not batch:
        raise BadInput(f"no planned runs on {day}: plan the day first")
    return batch


def _paper_document(context: Context, render: Callable[[labels.Paper, Path], bytes]) -> Path:
    target, _ = _target(context, "pdf")
    render(_paper(context), target)
    return target


def cmd_manifest(context: Context) -> int:
    run = print_papers.manifest_for_run(context.db, context.args.run)
    target = _paper_document(
        context, lambda paper, out: labels.render_manifest(run, out, paper=paper)
    )
    return _wrote(
        context, f"manifest of {run.run_label}: {counted(run.stop_count, 'stop')}", target
    )


def cmd_load_sheet(context: Context) -> int:
    sheet = print_papers.load_sheet_for_run(context.db, context.args.run)
    target = _paper_document(
        context, lambda paper, out: labels.render_load_sheet(sheet, out, paper=paper)
    )
    what = f"load sheet of {sheet.run_label}: {counted(len(sheet.items), 'parcel')}"
    return _wrote(context, what, target)


def cmd_print_day(context: Context) -> int:
    """Three files into the folder: the day's labels, all manifests, all load sheets."""
    a = context.args
    folder: Path = a.output
    if a.zpl and a.layout:
        raise BadInput("--layout is for PDF labels; --zpl writes one 4x6 label per block")
    if not folder.is_dir():
        raise BadInput(f"{folder}: there is no such folder")
    papers = print_day.day_papers(
        context.db, a.date or local_today(context), label_layout=a.layout, paper=a.paper
    )
    documents = papers.render(zpl=a.zpl)
    paths = documents.save(folder)
    print_jobs.record_printed(context.db, papers.batch)
    label_text = counted(documents.label_count, "label")
    if documents.label_pages != documents.label_count:
        label_text += f" on {counted(documents.label_pages, 'page')}"
    runs = counted(documents.runs, "run")
    _wrote(context, label_text, paths["labels"])
    pages = counted(documents.manifest_pages, "page")
    _wrote(context, f"manifests of {runs}: {pages}", paths["manifests"])
    pages = counted(documents.load_sheet_pages, "page")
    return _wrote(context, f"load sheets of {runs}: {pages}", paths["load_sheets"])


def cmd_discrepancies(context: Context) -> int:
    target, kind = _target(context, "pdf", "csv")
    day = context.args.date or local_today(context)
    if kind == "csv":
        part = target.with_name(target.name + ".part")
        try:
            with part.open("w", encoding="utf-8", newline="") as out:
                count = discrepancies.write_csv(context.db, out, day)
            part.replace(target)
        finally:
            part.unlink(missing_ok=True)
    else:
        report = print_papers.discrepancy_report(context.db, day)
        labels.render_discrepancy_report(report, target, paper=_paper(context))
        count = len(report.rows)
    return _wrote(context, f"discrepancies of {day}: {counted(count, 'parcel')}", target)


def cmd_day_summary(context: Context) -> int:
    day = context.args.date or local_today(context)
    summary = print_papers.day_summary_pdf_data(context.db, day)
    target = _paper_document(
        context, lambda paper, out: labels.render_day_summary(summary, out, paper=paper)
    )
    return _wrote(context, f"end-of-day summary of {day}", target)


def cmd_return_manifest(context: Context) -> int:
    day = context.args.date or local_today(context)
    manifest = print_papers.return_manifest_data(context.db, day)
    target = _paper_document(
        context, lambda paper, out: labels.render_return_manifest(manifest, out, paper=paper)
    )
    return _wrote(context, f"{counted(len(manifest.items), 'parcel')} for the carrier", target)


def cmd_calibration(context: Context) -> int:
    target, kind = _target(context, "pdf", "zpl")
    if kind == "zpl":
        write_atomically(target, labels.calibration_zpl().encode("utf-8"))
    else:
        labels.render_calibration(target)
    return _wrote(context, "calibration label", target)
