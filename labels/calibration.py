"""A calibration label (PDF and ZPL) to check a printer's scale, offset and margins.

Printed on the label stock, it shows rulers in inches and millimetres along two edges, a
1 in square and a 25 mm square to measure, corner marks 1/8 in inside each corner (a
missing mark means the printer clips that edge), the printer resolution, and a barcode
to test the scanner. If the 1 in square is not 1 in, the driver scales the page ("fit to
page" is on, or the wrong paper size is set).
"""

from __future__ import annotations

import io

from reportlab.pdfgen.canvas import Canvas

from labels.barcode import THERMAL_DPI, BarcodeSpec, draw_code128
from labels.document import OutputPath, finish, new_canvas
from labels.fonts import BOLD, REGULAR
from labels.sheets import LABEL_HEIGHT, LABEL_WIDTH
from labels.zpl import text_box

INCH = 72.0
MM = 72 / 25.4
CORNER_INSET = INCH / 8
CORNER_ARM = INCH / 4
CALIBRATION_CODE = "CAL-203DPI-4X6"
"""Barcode content of the calibration label."""


def _corner_marks(canvas: Canvas) -> None:
    canvas.setLineWidth(1)
    for x, dx in ((CORNER_INSET, 1), (LABEL_WIDTH - CORNER_INSET, -1)):
        for y, dy in ((CORNER_INSET, 1), (LABEL_HEIGHT - CORNER_INSET, -1)):
            canvas.line(x, y, x + dx * CORNER_ARM, y)
            canvas.line(x, y, x, y + dy * CORNER_ARM)


def _inch_ruler(canvas: Canvas, top: float, length_in: int) -> None:
    """Ticks every 1/8 in along a horizontal line at ``top``, numbered every inch."""
    left = 0.0
    canvas.setLineWidth(0.5)
    canvas.line(left, top, left + length_in * INCH, top)
    canvas.setFont(REGULAR, 6)
    for eighth in range(length_in * 8 + 1):
        x = left + eighth * INCH / 8
        tick = 14 if eighth % 8 == 0 else 9 if eighth % 4 == 0 else 6 if eighth % 2 == 0 else 4
        canvas.line(x, top, x, top - tick)
        if eighth % 8 == 0 and 0 < eighth < length_in * 8:
            canvas.drawString(x + 1.5, top - 14, f"{eighth // 8} in")


def _mm_ruler(canvas: Canvas, top: float, length_mm: int) -> None:
    """Ticks every millimetre under a line at ``top``, numbered every centimetre."""
    canvas.setLineWidth(0.4)
    canvas.line(0, top, length_mm * MM, top)
    canvas.setFont(REGULAR, 6)
    for mm in range(length_mm + 1):
        x = mm * MM
        tick = 10 if mm % 10 == 0 else 6 if mm % 5 == 0 else 3
        canvas.line(x, top, x, top - tick)
        if mm % 10 == 0 and 0 < mm < length_mm:
            canvas.drawString(x + 1.5, top - 10, f"{mm}")


def _vertical_rulers(canvas: Canvas) -> None:
    """Inch ticks down the left edge and millimetre ticks down the right edge."""
    canvas.setLineWidth(0.5)
    canvas.setFont(REGULAR, 6)
    for eighth in range(6 * 8 + 1):
        y = LABEL_HEIGHT - eighth * INCH / 8
        tick = 14 if eighth % 8 == 0 else 9 if eighth % 4 == 0 else 5
        canvas.line(0, y, tick, y)
        if eighth % 8 == 0 and 1 < eighth < 6 * 8:
            canvas.drawString(2, y + 2, f"{eighth // 8}")
    for mm in range(int(LABEL_HEIGHT / MM) + 1):
        y = LABEL_HEIGHT - mm * MM
        tick = 10 if mm % 10 == 0 else 6 if mm % 5 == 0 else 3
        canvas.line(LABEL_WIDTH - tick, y, LABEL_WIDTH, y)


def _squares(canvas: Canvas, top: float) -> None:
    canvas.setLineWidth(1)
    canvas.rect(36, top - INCH, INCH, INCH, stroke=1, fill=0)
    canvas.rect(150, top - 25 * MM, 25 * MM, 25 * MM, stroke=1, fill=0)
    canvas.setFont(REGULAR, 8)
    canvas.drawString(36, top - INCH - 10, "1 in square")
    canvas.drawString(150, top - 25 * MM - 10, "25 mm square")


def draw_calibration(canvas: Canvas, dpi: int = THERMAL_DPI) -> None:
    """Draw the calibration label at the canvas origin (4 x 6 in)."""
    _corner_marks(canvas)
    _vertical_rulers(canvas)
    _inch_ruler(canvas, LABEL_HEIGHT - 30, 4)
    _mm_ruler(canvas, LABEL_HEIGHT - 52, 100)
    canvas.setFont(BOLD, 16)
    canvas.drawCentredString(LABEL_WIDTH / 2, LABEL_HEIGHT - 90, "CALIBRATION")
    canvas.setFont(REGULAR, 9)
    width_dots, height_dots = round(4 * dpi), round(6 * dpi)
    lines = [
        f"4 × 6 in label · {dpi} dpi · {width_dots} × {height_dots} dots",
        "Squares must measure 1 in and 25 mm.",
        "All four corner marks must print.",
    ]
    for index, line in enumerate(lines):
        canvas.drawCentredString(LABEL_WIDTH / 2, LABEL_HEIGHT - 108 - 12 * index, line)
    _squares(canvas, LABEL_HEIGHT - 160)
    spec = BarcodeSpec(bar_height=60, text_size=10, dot=72 / dpi)
    draw_code128(canvas, CALIBRATION_CODE, 20, 40, LABEL_WIDTH - 40, spec)


def render_calibration(out: OutputPath = None, *, dpi: int = THERMAL_DPI) -> bytes:
    """The calibration label as a one-page 4x6 in PDF (also written to ``out`` if given)."""
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, (LABEL_WIDTH, LABEL_HEIGHT), "Calibration label")
    draw_calibration(canvas, dpi)
    canvas.showPage()
    return finish(canvas, buffer, out)


def _zpl_ticks(dpi: int, width: int) -> list[str]:
    parts = []
    for eighth in range(4 * 8 + 1):
        x = min(width - 2, round(eighth * dpi / 8))
        tick = 40 if eighth % 8 == 0 else 25 if eighth % 4 == 0 else 15
        parts.append(f"^FO{x},70^GB2,{tick},2^FS")
    for mm in range(101):
        x = min(width - 2, round(mm * dpi / 25.4))
        tick = 28 if mm % 10 == 0 else 16 if mm % 5 == 0 else 8
        parts.append(f"^FO{x},140^GB1,{tick},1^FS")
    return parts


def calibration_zpl(dpi: int = THERMAL_DPI) -> str:
    """The calibration label as one ZPL ``^XA … ^XZ`` block for a ``dpi`` printer."""
    inch, inset, arm = dpi, dpi // 8, dpi // 4
    w, h = round(4 * dpi), round(6 * dpi)
    corners = [
        f"^FO{inset},{inset}^GB{arm},2,2^FS^FO{inset},{inset}^GB2,{arm},2^FS",
        f"^FO{w - inset - arm},{inset}^GB{arm},2,2^FS^FO{w - inset - 2},{inset}^GB2,{arm},2^FS",
        f"^FO{inset},{h - inset - 2}^GB{arm},2,2^FS^FO{inset},{h - inset - arm}^GB2,{arm},2^FS",
        f"^FO{w - inset - arm},{h - inset - 2}^GB{arm},2,2^FS"
        f"^FO{w - inset - 2},{h - inset - arm}^GB2,{arm},2^FS",
    ]
    texts = [
        text_box(0, 220, "CALIBRATION", height=50, width=w, justify="C"),
        text_box(
            0, 290, f"4 x 6 in label · {dpi} dpi · {w} x {h} dots", height=26, width=w, justify="C"
        ),
        text_box(0, 326, "Squares must measure 1 in and 25 mm.", height=24, width=w, justify="C"),
        f"^FO100,400^GB{inch},{inch},3^FS",
        f"^FO420,400^GB{round(25 * dpi / 25.4)},{round(25 * dpi / 25.4)},3^FS",
        text_box(100, 420 + inch, "1 in square", height=22, width=300),
        text_box(420, 420 + inch, "25 mm square", height=22, width=300),
        f"^FO{(w - 560) // 2},{h - 330}^BY2,3,160^BCN,160,Y,N,N^FD{CALIBRATION_CODE}^FS",
    ]
    body = [f"^PW{w}", f"^LL{h}", "^LH0,0", *corners, *_zpl_ticks(dpi, w), *texts]
    return "\n".join(["^XA", "^CI28", *body, "^XZ"]) + "\n"
