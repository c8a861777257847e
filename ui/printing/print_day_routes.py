"""Where the whole day's printing goes, in words for the dialog, and sending it there.

Labels go to the thermal printer as ZPL when one is set, else in the label layout as PDF to
the office printer; manifests and load sheets go to the office printer. `Routes.problem` says
why "Print all" cannot go (no office printer, or a printer this PC does not know), so nothing
is ever half-sent for want of a printer that was never there. `send_work` hands the three
documents to the printers through the `System` services, one after the other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import labels
from labels import CancelCheck, DayDocuments, ProgressCallback
from labels.words import counted
from store.documents import DayPapers
from store.settings import ShopSettings
from ui.common.render_task import Work
from ui.printing.print_settings_dialog import LAYOUT_CAPTIONS, PAGE_CAPTIONS
from ui.printing.printer_output import System, new_printer


@dataclass(frozen=True)
class Routes:
    labels_to: str  # the printer the labels go to ("" when none is set)
    zpl: bool  # the labels go as ZPL (to the thermal printer)
    papers_to: str  # the office printer ("" when none is set)
    problem: str = ""  # why Print all cannot go; "" when it can

    @property
    def ready(self) -> bool:
        return not self.problem


def plan_routes(settings: ShopSettings, printers: list[str], default: str = "") -> Routes:
    """Where each document goes with these settings, on a PC with these printers (the
    office printer not set in the settings means the system's `default`)."""
    zpl = bool(settings.zpl_printer)
    office = settings.printer or default
    labels_to = settings.zpl_printer or office
    problem = ""
    if not office:
        problem = (
            "No office printer is set for the manifests and load sheets, and this PC has no "
            "default printer. Choose one in Settings…, or save the files to a folder and "
            "print them from there."
        )
    else:
        unknown = [name for name in dict.fromkeys((labels_to, office))
                   if name not in printers]  # fmt: skip
        if unknown:
            names = " and ".join(f"“{name}”" for name in unknown)
            problem = (
                f"{names} {'is' if len(unknown) == 1 else 'are'} not among this PC's printers: "
                "check the printer is on and installed, or choose another in Settings…"
            )
    return Routes(labels_to, zpl, office, problem)


def lines(
    papers: DayPapers, routes: Routes, documents: DayDocuments | None
) -> list[tuple[str, str]]:
    """(what, where) for the labels, the manifests and the load sheets."""
    return [label_line(papers, routes), *paper_lines(papers, routes, documents)]


def label_line(papers: DayPapers, routes: Routes) -> tuple[str, str]:
    """(what, where) of the labels: counts, then the printer and the format."""
    count = papers.label_count
    what = f"{counted(count, 'label')}, run after run, each in load order"
    if routes.zpl:
        return what, f"{routes.labels_to}, as ZPL (thermal)"
    layout = papers.sheet_layout
    pages = -(-count // layout.per_page)
    if layout.per_page > 1:
        what += f" · {counted(pages, 'sheet')}"
    caption = LAYOUT_CAPTIONS[papers.label_layout]
    return what, f"{routes.labels_to or 'no printer set'}, as PDF ({caption})"


def paper_lines(
    papers: DayPapers, routes: Routes, documents: DayDocuments | None
) -> list[tuple[str, str]]:
    """(what, where) of the manifests and of the load sheets, with their pages once known."""
    runs = f"one for each of the {counted(papers.run_count, 'run')}"
    where = f"{routes.papers_to or 'no printer set'}, on {PAGE_CAPTIONS[papers.paper]}"
    if documents is None:
        return [(f"{runs} · counting pages…", where)] * 2
    return [
        (f"{runs} · {counted(documents.manifest_pages, 'page')}", where),
        (f"{runs} · {counted(documents.load_sheet_pages, 'page')}", where),
    ]


def outcome_text(outcome: Outcome, documents: DayDocuments, routes: Routes) -> str:
    """What went out, in words ("Sent 86 labels to Zebra; 14 manifest pages to …"), and
    what a refusal kept back, with the printer's reason."""
    parts = {
        "labels": f"{counted(documents.label_count, 'label')} to {routes.labels_to}",
        "manifests": f"{counted(documents.manifest_pages, 'manifest page')} to {routes.papers_to}",
        "load_sheets": f"{counted(documents.load_sheet_pages, 'load-sheet page')} to "
        f"{routes.papers_to}",
    }
    sent = f"Sent {'; '.join(parts[kind] for kind in outcome.sent)}." if outcome.sent else ""
    if not outcome.refused:
        return sent
    missing = ", ".join(NAMES[kind] for kind in parts if kind not in outcome.sent)
    reason = outcome.reason[:1].upper() + outcome.reason[1:]
    return f"{sent or 'Nothing was sent.'} Not sent: {missing}. {reason}"


NAMES = {"labels": "the labels", "manifests": "the manifests", "load_sheets": "the load sheets"}


@dataclass(frozen=True)
class Outcome:
    """What a Print all sent, in order, and the document a printer refused (with why)."""

    sent: tuple[str, ...]
    refused: str = ""
    reason: str = ""


def send_work(documents: DayDocuments, papers: DayPapers, routes: Routes, system: System) -> Work:
    """The work of Print all, for a worker thread: labels, manifests, then load sheets.

    The printers are set up here, on the calling (GUI) thread. Once begun, sending goes on
    to the end, whatever Cancel says: a day is never left half-sent on purpose. A refusal
    stops it, and the `Outcome` says what went out before.
    """

    def to_office(data: bytes, size: tuple[float, float], title: str) -> Callable[[], object]:
        printer = new_printer(size, routes.papers_to, title)
        return lambda: system.print_document(data, printer, _ignore, _never)

    paper = labels.Paper(papers.paper).size
    send_labels: Callable[[], object]
    if routes.zpl:
        send_labels = lambda: system.send_raw(routes.labels_to, documents.labels)  # noqa: E731
    else:
        send_labels = to_office(documents.labels, papers.sheet_layout.page_size, "Labels")
    jobs = [
        ("labels", send_labels),
        ("manifests", to_office(documents.manifests, paper, "Manifests")),
        ("load_sheets", to_office(documents.load_sheets, paper, "Load sheets")),
    ]

    def work(progress: ProgressCallback, cancelled: CancelCheck) -> Outcome:
        sent: list[str] = []
        for done, (kind, send) in enumerate(jobs):
            progress(done, len(jobs))
            try:
                send()
            except Exception as error:  # a refusal: say what went out and what did not
                return Outcome(tuple(sent), kind, " ".join(str(error).split()))
            sent.append(kind)
        progress(len(jobs), len(jobs))
        return Outcome(tuple(sent))

    return work


def _ignore(_done: int, _total: int) -> None:
    """Progress within one document: the dialog counts documents."""


def _never() -> bool:
    return False
