"""Parcel Desk printing: parcel labels, driver manifests, load sheets and reports.

Plain Python on reportlab and python-barcode: no Qt, no SQL. Callers fill the frozen
dataclasses of :mod:`labels.data` and call a ``render_*`` function; each returns the
document as bytes (PDF, or ZPL for thermal printers) and, given ``out``, also writes it
atomically. Long jobs take ``on_progress(done, total)`` and ``cancelled() -> bool``; a
cancelled job raises :class:`Cancelled` and writes nothing.

Every barcode is Code 128 drawn on whole 203 dpi printer dots; every text is cleaned
(markup prints literally, unprintable scripts become a visible "�") and fitted to its box.

The package loads lazily: `import labels` (or a light module such as `labels.words`) does
not import reportlab and python-barcode; each name below loads its module on first use, so
the console starts without paying for the printing code it has not used yet.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from labels.barcode import BarcodeError, code128_modules
    from labels.calibration import CALIBRATION_CODE, calibration_zpl, render_calibration
    from labels.data import (
        DaySummary,
        DiscrepancyKind,
        DiscrepancyReport,
        DiscrepancyRow,
        DriverDay,
        LeftOverParcel,
        LoadItem,
        LoadSheet,
        ManifestParcel,
        ManifestRun,
        ManifestStop,
        MapRoad,
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
    from labels.sheets import (
        A4_2UP,
        A4_4UP,
        LAYOUTS,
        LETTER_2UP,
        LETTER_4UP,
        THERMAL_4X6,
        SheetLayout,
    )
    from labels.text import PLACEHOLDER
    from labels.zpl import label_zpl, render_zpl

_EXPORTS = {
    "BarcodeError": "labels.barcode",
    "code128_modules": "labels.barcode",
    "CALIBRATION_CODE": "labels.calibration",
    "calibration_zpl": "labels.calibration",
    "render_calibration": "labels.calibration",
    "DaySummary": "labels.data",
    "DiscrepancyKind": "labels.data",
    "DiscrepancyReport": "labels.data",
    "DiscrepancyRow": "labels.data",
    "DriverDay": "labels.data",
    "LeftOverParcel": "labels.data",
    "LoadItem": "labels.data",
    "LoadSheet": "labels.data",
    "ManifestParcel": "labels.data",
    "ManifestRun": "labels.data",
    "MapRoad": "labels.data",
    "ManifestStop": "labels.data",
    "OutcomeCode": "labels.data",
    "ParcelLabel": "labels.data",
    "ReturnItem": "labels.data",
    "ReturnManifest": "labels.data",
    "Shop": "labels.data",
    "DayDocuments": "labels.day_set",
    "render_day": "labels.day_set",
    "CancelCheck": "labels.document",
    "Cancelled": "labels.document",
    "Paper": "labels.document",
    "ProgressCallback": "labels.document",
    "draw_label": "labels.label",
    "render_labels": "labels.label",
    "render_load_sheet": "labels.load_sheet",
    "render_manifest": "labels.manifest",
    "join_pdfs": "labels.pdf_join",
    "render_day_summary": "labels.reports",
    "render_discrepancy_report": "labels.reports",
    "render_return_manifest": "labels.reports",
    "A4_2UP": "labels.sheets",
    "A4_4UP": "labels.sheets",
    "LAYOUTS": "labels.sheets",
    "LETTER_2UP": "labels.sheets",
    "LETTER_4UP": "labels.sheets",
    "SheetLayout": "labels.sheets",
    "THERMAL_4X6": "labels.sheets",
    "PLACEHOLDER": "labels.text",
    "label_zpl": "labels.zpl",
    "render_zpl": "labels.zpl",
}


def __getattr__(name: str) -> Any:
    """A public name, imported from its module on first use (PEP 562)."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'labels' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


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
    "LeftOverParcel",
    "LoadItem",
    "LoadSheet",
    "ManifestParcel",
    "ManifestRun",
    "ManifestStop",
    "MapRoad",
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
