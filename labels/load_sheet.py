"""The load sheet: a run's parcels in the order they go into the car.

The caller gives the order (last stop first, so the first stop comes out on top); the
sheet numbers the rows, shows each parcel's shelf zone and stop large enough to read
while carrying boxes, and leaves a check box to tick as each one goes in.
"""

from __future__ import annotations

from labels.data import LoadItem, LoadSheet, location_short
from labels.document import CancelCheck, OutputPath, Paper, ProgressCallback
from labels.table import Cell, Column
from labels.tabular import TableDocument, render_table_document
from labels.text import clean
from labels.words import counted

COLUMNS = (
    Column("Load #", 0.55, Cell.BOLD, size=11, align="right"),
    Column("In car", 0.5, Cell.CHECK),
    Column("Zone", 1.1, Cell.BOLD, size=14),
    Column("Stop", 0.65, Cell.BOLD, size=14, align="right"),
    Column("Parcel", 0.7),
    Column("Tracking id", 2.3),
    Column("Recipient · address", 4.2, size=8.5),
)


def _cells(number: int, item: LoadItem) -> list[str]:
    stop = "–" if item.stop_number is None else str(item.stop_number)
    parts = (clean(item.recipient), clean(item.address), location_short(item.location_note))
    where = " · ".join(p for p in parts if p)
    return [
        str(number),
        "",
        item.zone or "–",
        stop,
        f"{item.parcel_index} of {item.parcel_count}",
        item.tracking_id,
        where,
    ]


def render_load_sheet(
    sheet: LoadSheet,
    out: OutputPath = None,
    *,
    paper: Paper = Paper.LETTER,
    on_progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> bytes:
    """Render ``sheet`` (items already in loading order) and return the PDF bytes.

    Written to ``out`` too when given; ``on_progress``/``cancelled`` work per page.
    """
    stops = len({item.stop_number for item in sheet.items})
    doc = TableDocument(
        kind="Load sheet",
        title=sheet.run_label,
        date_text=f"{sheet.date:%a %Y-%m-%d}",
        details=(
            f"Driver: {clean(sheet.driver)} · {counted(len(sheet.items), 'parcel')} for "
            f"{counted(stops, 'stop')} · "
            "load from the top of this list: the last stop goes in first"
        ),
        running=f"{clean(sheet.shop_name)} · load sheet · {clean(sheet.run_label)} · "
        f"{sheet.date:%Y-%m-%d}",
        columns=COLUMNS,
        rows=[_cells(number, item) for number, item in enumerate(sheet.items, start=1)],
        row_height=24,
    )
    return render_table_document(
        doc, out, paper=paper, on_progress=on_progress, cancelled=cancelled
    )
