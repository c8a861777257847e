"""Reports the shop prints: check-in discrepancies, the end of day, and returns.

* The discrepancy report is what the clerk hands the carrier's driver at the morning
  drop-off: counts, then one row per missing, unexpected, damaged, out-of-zone, unlocated
  or badly addressed parcel with its barcode, and lines for both signatures.
* The day summary is the owner's one page: what happened to the day's parcels, per
  driver, with miles and earnings.
* The return manifest lists ``return_pending`` parcels going back to the carrier, with a
  barcode each for the carrier's scanner and handover signatures.

Times are printed as given: pass local times, the shop reads the paper in local time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from reportlab.pdfgen.canvas import Canvas

from labels.data import DaySummary, DiscrepancyKind, DiscrepancyReport, ReturnManifest
from labels.document import CancelCheck, OutputPath, Paper, ProgressCallback
from labels.flow import Group, Row
from labels.fonts import BOLD, REGULAR
from labels.table import HEADING_H, Cell, Column, Table
from labels.tabular import MARGIN, TableDocument, page_width, render_table_document
from labels.text import clean, draw_fitted
from labels.words import counted

TILE_H = 44.0


def _tiles(items: Sequence[tuple[str, str]], width: float) -> Group:
    """A row of boxed figures: small caption, big value."""

    def draw(canvas: Canvas, top: float) -> None:
        cell_w = width / len(items)
        canvas.setLineWidth(0.8)
        for index, (caption, value) in enumerate(items):
            x = MARGIN + index * cell_w
            canvas.rect(x, top - TILE_H + 6, cell_w, TILE_H - 8, stroke=1, fill=0)
            draw_fitted(
                canvas,
                caption.upper(),
                x + 4,
                top - 4,
                cell_w - 8,
                9,
                font=BOLD,
                max_size=6.5,
                min_size=5,
                max_lines=1,
            )
            draw_fitted(
                canvas,
                value,
                x + 4,
                top - 14,
                cell_w - 8,
                20,
                font=BOLD,
                max_size=16,
                min_size=7,
                max_lines=1,
            )

    return Group([Row(TILE_H, draw)])


def _signatures(captions: Sequence[str], width: float) -> Group:
    """Lines to sign on, side by side."""

    def draw(canvas: Canvas, top: float) -> None:
        cell_w = width / len(captions)
        canvas.setLineWidth(0.6)
        for index, caption in enumerate(captions):
            x = MARGIN + index * cell_w
            canvas.line(x, top - 34, x + cell_w - 14, top - 34)
            canvas.setFont(REGULAR, 8)
            canvas.drawString(x, top - 44, caption)

    return Group([Row(52, draw)])


def _when(moment: dt.datetime | None, day: dt.date) -> str:
    if moment is None:
        return "not scanned"
    return f"{moment:%H:%M}" if moment.date() == day else f"{moment:%m-%d %H:%M}"


# ---------------------------------------------------------- discrepancies

DISCREPANCY_COLUMNS = (
    Column("Kind", 1.1, Cell.BOLD, size=9),
    Column("Tracking id", 2.6, Cell.BARCODE),
    Column("Recipient · address", 3.0, size=8.5),
    Column("Scanned", 0.9, size=8.5),
    Column("Note", 1.6, size=8.5),
)


def render_discrepancy_report(
    report: DiscrepancyReport,
    out: OutputPath = None,
    *,
    paper: Paper = Paper.LETTER,
    on_progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> bytes:
    """The check-in discrepancy report as PDF bytes (also written to ``out`` if given)."""
    width = page_width(paper)
    order = list(DiscrepancyKind)
    rows = sorted(report.rows, key=lambda r: (order.index(r.kind), r.tracking_id))
    tiles = [("expected", str(report.expected)), ("received", str(report.received))]
    tiles += [(kind.caption, str(report.count(kind))) for kind in DiscrepancyKind]
    doc = TableDocument(
        kind="Check-in discrepancies",
        title=report.shop_name,
        date_text=f"{report.date:%a %Y-%m-%d}",
        details=f"{counted(len(rows), 'parcel')} to settle with the carrier's driver",
        running=f"{clean(report.shop_name)} · discrepancies · {report.date:%Y-%m-%d}",
        columns=DISCREPANCY_COLUMNS,
        rows=[
            [
                row.kind.caption,
                row.tracking_id,
                " · ".join(p for p in (clean(row.recipient), clean(row.address)) if p),
                _when(row.scanned_at, report.date),
                row.note,
            ]
            for row in rows
        ],
        row_height=40,
        intro=[_tiles(tiles, width)],
        closing=[_signatures(["Shop clerk", "Carrier driver", "Date and time"], width)],
    )
    return render_table_document(
        doc, out, paper=paper, on_progress=on_progress, cancelled=cancelled
    )


# ------------------------------------------------------------ day summary

DRIVER_COLUMNS = (
    Column("Driver", 3.0, Cell.BOLD, size=10),
    Column("Runs", 0.8, align="right", size=10),
    Column("Parcels", 1.0, align="right", size=10),
    Column("Delivered", 1.0, align="right", size=10),
    Column("Attempted", 1.0, align="right", size=10),
    Column("Miles planned", 1.2, align="right", size=10),
    Column("Miles driven", 1.2, align="right", size=10),
)
#: Every parcel of the day that did not finish: the summary's table (its heading repeats on
#: the following pages).
LEFT_OVER_COLUMNS = (
    Column("Tracking number", 2.2, size=8),
    Column("What became of it", 1.7, size=8),
    Column("Shelf", 0.7, size=8),
    Column("Why", 3.6, size=7.5),
)
LEFT_OVER_H = 14.0


def _status_chart(counts: dict[str, int], width: float) -> Group:
    """Horizontal bars, one per status, longest = largest count."""
    items = list(counts.items())
    line_h = 14.0
    largest = max((count for _, count in items), default=0) or 1

    def draw(canvas: Canvas, top: float) -> None:
        canvas.setFont(BOLD, 6.5)
        canvas.drawString(MARGIN, top - 10, "PARCELS BY STATUS")
        bar_x, bar_w = MARGIN + 110, width - 160
        for index, (status, count) in enumerate(items):
            y = top - 16 - (index + 1) * line_h
            draw_fitted(
                canvas,
                status.replace("_", " "),
                MARGIN,
                y + 11,
                104,
                12,
                max_size=9,
                min_size=6,
                max_lines=1,
            )
            canvas.rect(bar_x, y + 2, bar_w * max(count, 0) / largest, 8, stroke=0, fill=1)
            canvas.setFont(BOLD, 9)
            canvas.drawRightString(MARGIN + width, y + 3, str(count))

    return Group([Row(24 + line_h * len(items), draw)])


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f} %"


def _miles(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def render_day_summary(
    summary: DaySummary,
    out: OutputPath = None,
    *,
    paper: Paper = Paper.LETTER,
    on_progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> bytes:
    """The end-of-day summary as PDF bytes (one page for a normal day)."""
    width = page_width(paper)
    counts = summary.status_counts
    headline = [
        (s.replace("_", " "), str(counts.get(s, 0)))
        for s in ("received", "delivered", "attempted", "picked_up", "returned")
    ]
    earnings = "–" if summary.earnings is None else f"{summary.currency}{summary.earnings:,.2f}"
    figures = [
        ("first-attempt success", _percent(summary.first_attempt_success)),
        ("miles planned", _miles(summary.miles_planned)),
        ("miles driven", _miles(summary.miles_driven)),
        ("parcels still out", str(summary.parcels_still_out)),
        ("earnings", earnings),
    ]
    notes = clean(summary.notes)
    closing = [_notes_group(notes, width)] if notes else []
    closing += [_anchor_group(summary.log_anchor, width)] if summary.log_anchor else []
    intro = [_closing_group(summary.closing, width)] if clean(summary.closing) else []
    intro += [_tiles(headline, width), _tiles(figures, width), _status_chart(dict(counts), width)]
    intro += [*_driver_table(summary, width), _left_over_heading(summary, width)]
    doc = TableDocument(
        kind="End of day",
        title=summary.shop_name,
        date_text=f"{summary.date:%a %Y-%m-%d}",
        details=f"{counted(len(summary.drivers), 'driver')} · "
        f"{counted(sum(d.runs for d in summary.drivers), 'run')}",
        running=f"{clean(summary.shop_name)} · end of day · {summary.date:%Y-%m-%d}",
        columns=LEFT_OVER_COLUMNS,
        rows=[[p.tracking_id, p.what, p.shelf or "–", p.why] for p in summary.left_over],
        row_height=LEFT_OVER_H,
        intro=intro,
        closing=closing,
    )
    return render_table_document(
        doc, out, paper=paper, on_progress=on_progress, cancelled=cancelled
    )


def _closing_group(text: str, width: float) -> Group:
    """Whether the day is closed, or what keeps it open, in a box above the figures."""

    def draw(canvas: Canvas, top: float) -> None:
        canvas.setLineWidth(1.2)
        canvas.rect(MARGIN, top - 30, width, 26, stroke=1, fill=0)
        draw_fitted(canvas, text, MARGIN + 6, top - 7, width - 12, 22, font=BOLD, max_size=10,
                    min_size=6.5, max_lines=2)  # fmt: skip

    return Group([Row(36, draw)])


def _left_over_heading(summary: DaySummary, width: float) -> Group:
    """What the list below is: every parcel of the day that did not finish, counted."""
    counts: dict[str, int] = {}
    for parcel in summary.left_over:
        counts[parcel.what] = counts.get(parcel.what, 0) + 1
    text = (
        "NOT FINISHED TODAY: " + " · ".join(f"{n} {what}" for what, n in counts.items())
        if counts
        else "EVERY PARCEL OF THE DAY FINISHED: delivered, picked up or returned"
    )

    def draw(canvas: Canvas, top: float) -> None:
        draw_fitted(canvas, text, MARGIN, top - 10, width, 11, font=BOLD, max_size=7.5,
                    min_size=5.5, max_lines=1)  # fmt: skip

    return Group([Row(22, draw)])


def _driver_table(summary: DaySummary, width: float) -> list[Group]:
    """The per-driver lines, as a small table in the summary's first part."""
    table = Table(DRIVER_COLUMNS, MARGIN, width, row_height=20)
    heading = Group([Row(HEADING_H + 2, lambda canvas, y: table.draw_heading(canvas, y))])
    rows = [
        [d.driver, str(d.runs), str(d.parcels), str(d.delivered), str(d.attempted),
         _miles(d.miles), _miles(d.miles_driven)]
        for d in summary.drivers
    ]  # fmt: skip
    return [heading, *table.groups(rows), Group([Row(10, lambda canvas, y: None)])]


def _notes_group(notes: str, width: float) -> Group:
    def draw(canvas: Canvas, top: float) -> None:
        canvas.setFont(BOLD, 6.5)
        canvas.drawString(MARGIN, top - 14, "NOTES")
        draw_fitted(canvas, notes, MARGIN, top - 18, width, 60, max_size=10)

    return Group([Row(84, draw)])


def _anchor_group(anchor: str, width: float) -> Group:
    """The log's head in small type: the page keeps a copy of it outside the shop's file."""
    del width  # one line of 70 characters fits any paper

    def draw(canvas: Canvas, top: float) -> None:
        canvas.setFont(BOLD, 6.5)
        canvas.drawString(MARGIN, top - 12, "EVENT LOG HEAD WHEN PRINTED (KEEP THIS PAGE)")
        canvas.setFont("Courier", 7.5)
        canvas.drawString(MARGIN, top - 23, anchor)
        canvas.setFont(REGULAR, 6.5)
        canvas.drawString(
            MARGIN, top - 33, "To prove later that the log was not rewritten: parcel-desk "
            "verify --anchor followed by the line above."
        )  # fmt: skip

    return Group([Row(38, draw)])


# ---------------------------------------------------------------- returns

RETURN_COLUMNS = (
    Column("#", 0.4, Cell.BOLD, align="right"),
    Column("Tracking id", 2.8, Cell.BARCODE),
    Column("Recipient", 1.7, size=8.5),
    Column("Reason", 1.7, size=8.5),
    Column("Attempts", 0.7, align="right"),
    Column("Return by", 1.2),
    Column("Handed over", 1.0, Cell.CHECK),
)


def render_return_manifest(
    manifest: ReturnManifest,
    out: OutputPath = None,
    *,
    paper: Paper = Paper.LETTER,
    on_progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> bytes:
    """The return manifest as PDF bytes: a barcode per parcel, handover signatures."""
    width = page_width(paper)
    carrier = clean(manifest.carrier)
    doc = TableDocument(
        kind="Return manifest",
        title=manifest.shop_name,
        date_text=f"{manifest.date:%a %Y-%m-%d}",
        details=f"{counted(len(manifest.items), 'parcel')} back to the carrier"
        + (f" · {carrier}" if carrier else ""),
        running=f"{clean(manifest.shop_name)} · returns · {manifest.date:%Y-%m-%d}",
        columns=RETURN_COLUMNS,
        rows=[
            [
                str(number),
                item.tracking_id,
                item.recipient,
                item.reason,
                str(item.attempts),
                "–" if item.deadline is None else f"{item.deadline:%Y-%m-%d}",
                "",
            ]
            for number, item in enumerate(manifest.items, start=1)
        ],
        row_height=42,
        closing=[
            _signatures(["Handed over by (shop)", "Received by (carrier)", "Date and time"], width)
        ],
    )
    return render_table_document(
        doc, out, paper=paper, on_progress=on_progress, cancelled=cancelled
    )
