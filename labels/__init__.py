"""Parcel Desk printing: parcel labels, driver manifests, load sheets and reports.

Plain Python on reportlab and python-barcode: no Qt, no SQL. Callers fill the frozen
dataclasses of :mod:`labels.data` and call a ``render_*`` function; each returns the
document as bytes (PDF, or ZPL for thermal printers) and, given ``out``, also writes it
atomically. Long jobs take ``on_progress(done, total)`` and ``cancelled() -> bool``; a
cancelled job raises :class:`Cancelled` and writes nothing.

Every barcode is Code 128 drawn on whole 203 dpi printer dots; every text is cleaned
(markup prints literally, unprintable scripts become a visible "�") and fitted to its box.
"""

from labels.barcode import BarcodeError, code128_modules
from labels.calibration import CALIBRATION_CODE, calibration_zpl, render_calibration
from labels.data import (
    DaySummary,
    DiscrepancyKind,
    DiscrepancyReport,
    DiscrepancyRow,
    DriverDay,
    LoadItem,
    LoadSheet,
    ManifestParcel,
    ManifestRun,
    ManifestStop,
    OutcomeCode,
    ParcelLabel,
    ReturnItem,
    ReturnManifest,
    Shop,
)
from labels.day_set import DayDocuments, render_day
from labels.document import CancelCheck, Cancelled, Paper, ProgressCallback
from labels.label import draw_label, render_labels
from labels.load_sheet import render_load_sheet
from labels.manifest import render_manifest
from labels.pdf_join import join_pdfs
from labels.reports import render_day_summary, render_discrepancy_report, render_return_manifest
from labels.sheets import A4_2UP, A4_4UP, LAYOUTS, LETTER_2UP, LETTER_4UP, THERMAL_4X6, SheetLayout
from labels.text import PLACEHOLDER
from labels.zpl import label_zpl, render_zpl

__all__ = [
    "A4_2UP",
    "A4_4UP",
    "CALIBRATION_CODE",
    "LAYOUTS",
    "LETTER_2UP",
    "LETTER_4UP",
    "PLACEHOLDER",
    "THERMAL_4X6",
    "BarcodeError",
    "CancelCheck",
    "Cancelled",
    "DayDocuments",
    "DaySummary",
    "DiscrepancyKind",
    "DiscrepancyReport",
    "DiscrepancyRow",
    "DriverDay",
    "LoadItem",
    "LoadSheet",
    "ManifestParcel",
    "ManifestRun",
    "ManifestStop",
    "OutcomeCode",
    "Paper",
    "ParcelLabel",
    "ProgressCallback",
    "ReturnItem",
    "ReturnManifest",
    "SheetLayout",
    "Shop",
    "calibration_zpl",
    "code128_modules",
    "draw_label",
    "join_pdfs",
    "label_zpl",
    "render_calibration",
    "render_day",
    "render_day_summary",
    "render_discrepancy_report",
    "render_labels",
    "render_load_sheet",
    "render_manifest",
    "render_return_manifest",
    "render_zpl",
]
