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
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from pathlib import Path

import labels
from commands.context import EXIT_OK, Context, local_today, parse_date, run_id
from labels.files import text_file_atomically
from labels.words import counted
from store import discrepancies, documents, print_jobs
from store import settings as shop_settings
from store.documents import NothingToPrint
from store.errors import BadInput
from store.settings import ShopSettings

LAYOUT_CHOICES = tuple(print_jobs.LAYOUT_KEYS)
PAPERS = tuple(paper.value for paper in labels.Paper)

log = logging.getLogger(__name__)


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the printing commands."""
    p = sub.add_parser("labels", help="parcel labels in load order (PDF, or ZPL for thermal)")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--date", type=parse_date, help="every run of the day (default today)")
    which.add_argument("--run", type=run_id, help="one run (its id)")
    which.add_argument("--parcel", help="one parcel's label (a reprint)")
    p.add_argument("-o", "--output", type=Path, required=True, help="FILE.pdf or FILE.zpl")
    p.add_argument("--layout", choices=LAYOUT_CHOICES, help="PDF layout (default: settings)")
    p.add_argument(
        "--changed", action="store_true", help="only labels whose run or stop changed since printed"
    )
    p.set_defaults(handler=cmd_labels)

    p = sub.add_parser("manifest", help="a run's driver manifest (PDF)")
    p.add_argument("--run", type=run_id, required=True, help="the run's id")
    _paper_and_output(p, "FILE.pdf")
    p.set_defaults(handler=cmd_manifest)

    p = sub.add_parser("load-sheet", help="a run's parcels in loading order (PDF)")
    p.add_argument("--run", type=run_id, required=True, help="the run's id")
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


def _settings(context: Context) -> ShopSettings:
    """The shop's settings with this command's --paper and --layout, when given."""
    a, settings = context.args, shop_settings.load(context.db)
    if getattr(a, "paper", None):
        settings = replace(settings, page_size=a.paper)
    if getattr(a, "layout", None):
        settings = replace(settings, label_layout=a.layout)
    return settings


def _warn_thermal(context: Context, printed: Iterable[labels.ParcelLabel]) -> None:
    """Say which ZPL labels hold text a thermal printer's own font cannot print."""
    from labels.zpl import thermal_warning

    warning = thermal_warning(printed)
    if warning:
        print(f"warning: {warning}", file=context.err)


def _wrote(context: Context, what: str, target: Path) -> int:
    log.info("%s written: %s", what, target.name)
    print(f"{what} -> {target}", file=context.out)
    return EXIT_OK


def cmd_labels(context: Context) -> int:
    a = context.args
    target, kind = _target(context, "pdf", "zpl")
    if kind == "zpl" and a.layout:
        raise BadInput("--layout is for PDF labels; a ZPL file is one 4x6 label per block")
    try:
        document = _labels_document(context)
    except NothingToPrint:
        if not a.changed:
            raise
        print("no label to print: none changed since the last print", file=context.out)
        return EXIT_OK
    document.write(target, kind)
    assert document.batch is not None
    if kind == "zpl":
        _warn_thermal(context, document.batch.labels)
    print_jobs.record_printed(context.db, document.batch, context.actor)
    return _wrote(context, counted(len(document.batch), "label"), target)


def _labels_document(context: Context) -> documents.Document:
    a, db, settings = context.args, context.db, _settings(context)
    if a.parcel:
        if a.changed:
            raise BadInput("--changed works with --date or --run, not with --parcel")
        return documents.parcel_label(db, a.parcel, settings)
    if a.run is not None:
        run = print_jobs.require_run(db, a.run)
        day = date.fromisoformat(run.plan_date)
        if a.changed:
            return documents.changed_labels(db, day, settings, run)
        return documents.run_labels(db, run, settings)
    day = a.date or local_today(context)
    if a.changed:
        return documents.changed_labels(db, day, settings)
    return documents.day_labels(db, day, settings)


def _write_pdf(context: Context, document: documents.Document) -> Path:
    target, _ = _target(context, "pdf")
    document.write(target)
    return target


def cmd_manifest(context: Context) -> int:
    run = print_jobs.require_run(context.db, context.args.run)
    document = documents.manifests(context.db, [run], _settings(context))
    target = _write_pdf(context, document)
    return _wrote(
        context, f"manifest of Run {run.number}: {counted(document.items, 'stop')}", target
    )


def cmd_load_sheet(context: Context) -> int:
    run = print_jobs.require_run(context.db, context.args.run)
    document = documents.load_sheets(context.db, [run], _settings(context))
    target = _write_pdf(context, document)
    what = f"load sheet of Run {run.number}: {counted(document.items, 'parcel')}"
    return _wrote(context, what, target)


def cmd_print_day(context: Context) -> int:
    """Three files into the folder: the day's labels, all manifests, all load sheets."""
    a = context.args
    folder: Path = a.output
    if a.zpl and a.layout:
        raise BadInput("--layout is for PDF labels; --zpl writes one 4x6 label per block")
    if not folder.is_dir():
        raise BadInput(f"{folder}: there is no such folder")
    papers = documents.day_papers(context.db, a.date or local_today(context), _settings(context))
    rendered = papers.render(zpl=a.zpl)
    paths = rendered.save(folder)
    if a.zpl:
        _warn_thermal(context, papers.batch.labels)
    print_jobs.record_printed(context.db, papers.batch, context.actor)
    label_text = counted(rendered.label_count, "label")
    if rendered.label_pages != rendered.label_count:
        label_text += f" on {counted(rendered.label_pages, 'page')}"
    runs = counted(rendered.runs, "run")
    _wrote(context, label_text, paths["labels"])
    pages = counted(rendered.manifest_pages, "page")
    _wrote(context, f"manifests of {runs}: {pages}", paths["manifests"])
    pages = counted(rendered.load_sheet_pages, "page")
    return _wrote(context, f"load sheets of {runs}: {pages}", paths["load_sheets"])


def cmd_discrepancies(context: Context) -> int:
    target, kind = _target(context, "pdf", "csv")
    day = context.args.date or local_today(context)
    if kind == "csv":
        with text_file_atomically(target) as out:
            count = discrepancies.write_csv(context.db, out, day)
    else:
        document = documents.discrepancy_report(context.db, day, _settings(context))
        document.write(target)
        count = document.items
    return _wrote(context, f"discrepancies of {day}: {counted(count, 'parcel')}", target)


def cmd_day_summary(context: Context) -> int:
    day = context.args.date or local_today(context)
    target = _write_pdf(context, documents.day_summary(context.db, day, _settings(context)))
    return _wrote(context, f"end-of-day summary of {day}", target)


def cmd_return_manifest(context: Context) -> int:
    day = context.args.date or local_today(context)
    document = documents.return_manifest(context.db, day, _settings(context))
    target = _write_pdf(context, document)
    return _wrote(context, f"{counted(document.items, 'parcel')} for the carrier", target)


def cmd_calibration(context: Context) -> int:
    target, kind = _target(context, "pdf", "zpl")
    documents.calibration().write(target, kind)
    return _wrote(context, "calibration label", target)
