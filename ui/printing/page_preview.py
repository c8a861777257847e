"""The on-screen preview: a PDF's pages one under the other, scrollable and zoomable.

A day's labels are hundreds of pages, so pages are rendered only as they scroll into view
and only the last few images are kept. When a print job is using pdfium at that moment, the
page shows as blank for a blink and is drawn on the next try, so the window never waits.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QWheelEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.printing.pdf_pages import PdfPages

SCREEN_DPI = 96
GAP = 14
ZOOMS = (0.25, 0.33, 0.5, 0.67, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0)
KEEP_IMAGES = 24


class _PageStrip(QWidget):
    """Paints the pages that are in view; everything else is just their size."""

    def __init__(self) -> None:
        super().__init__()
        self.pages: PdfPages | None = None
        self.zoom = 1.0
        self.frames: list[QRect] = []
        self._images: OrderedDict[tuple[int, int], QImage] = OrderedDict()

    def set_pages(self, pages: PdfPages | None, zoom: float) -> None:
        if self.pages is not None:
            self.pages.close()
        self.pages = pages
        self._images.clear()
        self.set_zoom(zoom)

    def set_zoom(self, zoom: float) -> None:
        self.zoom = zoom
        sizes = self.pages.sizes if self.pages is not None else []
        scale = SCREEN_DPI / 72 * zoom
        width = max((round(w * scale) for w, _ in sizes), default=0) + 2 * GAP
        self.frames, top = [], GAP
        for w, h in sizes:
            frame = QRect((width - round(w * scale)) // 2, top, round(w * scale), round(h * scale))
            self.frames.append(frame)
            top = frame.bottom() + 1 + GAP
        self.resize(QSize(width, top if sizes else 0))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), QColor("#8a8f96"))
        dpi = round(SCREEN_DPI * self.zoom * self.devicePixelRatioF())
        missing = False
        for index, frame in enumerate(self.frames):
            if not frame.intersects(event.rect()):
                continue
            painter.fillRect(frame.translated(3, 3), QColor(0, 0, 0, 60))
            painter.fillRect(frame, Qt.GlobalColor.white)
            image = self._image(index, dpi)
            if image is None:
                missing = True
            else:
                painter.drawImage(frame, image)
        painter.end()
        if missing:
            QTimer.singleShot(60, self.update)

    def _image(self, index: int, dpi: int) -> QImage | None:
        key = (index, dpi)
        if key in self._images:
            self._images.move_to_end(key)
            return self._images[key]
        assert self.pages is not None
        image = self.pages.image(index, dpi, wait=False)
        if image is not None:
            self._images[key] = image
            while len(self._images) > KEEP_IMAGES:
                self._images.popitem(last=False)
        return image

    @property
    def images_kept(self) -> int:
        return len(self._images)


class PagePreview(QWidget):
    """Pages of one PDF with zoom buttons (and Ctrl + wheel) and a page count."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.strip = _PageStrip()
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(self.strip)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll_area.setStyleSheet("QScrollArea { background: #8a8f96; border: none; }")
        self.zoom_out, self.zoom_in, self.fit = QToolButton(), QToolButton(), QToolButton()
        for button, text, tip in (
            (self.zoom_out, "−", "Smaller"),
            (self.zoom_in, "+", "Bigger"),
            (self.fit, "Fit width", "As wide as the preview"),
        ):
            button.setText(text)
            button.setToolTip(tip)
        self.placeholder = QLabel()
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet("background: #8a8f96; color: white; font-size: 12pt;")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self.scroll_area)
        self.zoom_label, self.pages_label = QLabel(), QLabel()
        bar = QHBoxLayout()
        for widget in (self.zoom_out, self.zoom_label, self.zoom_in, self.fit):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.pages_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        self.zoom_out.clicked.connect(lambda: self._step(-1))
        self.zoom_in.clicked.connect(lambda: self._step(1))
        self.fit.clicked.connect(self.fit_width)
        self.scroll_area.viewport().installEventFilter(self)
        self._show_figures()

    def set_pdf(self, data: bytes | None) -> None:
        """Show the pages of `data` (None clears the preview)."""
        pages = PdfPages(data) if data is not None else None
        self.strip.set_pages(pages, self.strip.zoom)
        if pages is not None:
            self.set_zoom(min(1.0, self._fit_zoom()))
            self.scroll_area.verticalScrollBar().setValue(0)
        self._show_figures()

    def page_count(self) -> int:
        return len(self.strip.frames)

    def page_sizes(self) -> list[tuple[float, float]]:
        """(width, height) in points of each page shown."""
        return list(self.strip.pages.sizes) if self.strip.pages is not None else []

    def zoom(self) -> float:
        return self.strip.zoom

    def set_zoom(self, zoom: float) -> None:
        self.strip.set_zoom(max(ZOOMS[0], min(ZOOMS[-1], zoom)))
        self._show_figures()

    def fit_width(self) -> None:
        self.set_zoom(self._fit_zoom())

    def _fit_zoom(self) -> float:
        sizes = self.strip.pages.sizes if self.strip.pages is not None else []
        widest = max((w for w, _ in sizes), default=0)
        if not widest:
            return 1.0
        # The stack's width: the scroll area may still be hidden behind the placeholder. Keep
        # room for the vertical scroll bar, which appears once pages are taller than the view.
        bar = self.scroll_area.verticalScrollBar().sizeHint().width()
        room = self.stack.width() - 2 * GAP - bar
        return max(ZOOMS[0], room / (widest * SCREEN_DPI / 72))

    def _step(self, direction: int) -> None:
        current = self.strip.zoom
        if direction > 0:
            self.set_zoom(next((z for z in ZOOMS if z > current + 0.01), ZOOMS[-1]))
        else:
            self.set_zoom(next((z for z in reversed(ZOOMS) if z < current - 0.01), ZOOMS[0]))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ctrl + wheel over the pages zooms instead of scrolling."""
        if (
            event.type() == QEvent.Type.Wheel
            and isinstance(event, QWheelEvent)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self._step(1 if event.angleDelta().y() > 0 else -1)
            return True
        return super().eventFilter(watched, event)

    def set_placeholder(self, text: str) -> None:
        """What the preview says while it has no pages."""
        self.placeholder.setText(text)

    def _show_figures(self) -> None:
        count = self.page_count()
        self.stack.setCurrentWidget(self.scroll_area if count else self.placeholder)
        self.zoom_label.setText(f"{round(self.strip.zoom * 100)} %")
        self.pages_label.setText(f"{count} page{'' if count == 1 else 's'}" if count else "")
        for button in (self.zoom_out, self.zoom_in, self.fit):
            button.setEnabled(bool(count))

    def close_pages(self) -> None:
        """Let go of the open PDF (before the widget goes away)."""
        self.strip.set_pages(None, self.strip.zoom)
        self._show_figures()
