"""What the screens after check-in that take scans share (Dispatch, Results, Returns): the scan
box, the coloured answer band with its sound, refusals in a sentence, window-modal dialogs, and
a fresh look each time the screen is shown.

A screen subclasses `ScanScreen`, builds its own layout around `scan_box` and `band`, and
implements `refresh` (read the shop file again) and `take_scan` (one scan, from the scanner or
the box). The main window hands scans to whatever screen is on show through `take_scan`.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QWidget

from ui.common.answer_band import AnswerBand
from ui.common.outcomes import Look
from ui.common.scan_box import ScanBox
from ui.common.session import Session
from ui.common.sounds import SoundPlayer

PLACEHOLDER = "Scan a parcel, or type its number and Enter"


class ScanScreen(QWidget):
    """A screen with a scan box and an answer band; subclasses fill in what a scan does."""

    def __init__(
        self,
        session: Session,
        sounds: SoundPlayer,
        ready: str,
        *,
        placeholder: str = PLACEHOLDER,
        big_points: int = 44,
        wide: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._sounds = sounds
        self.dialog: QWidget | None = None  # the last dialog opened (tests look at it)
        self.scan_box = ScanBox(placeholder)
        self.band = AnswerBand(ready, big_points, wide=wide)
        self.scan_box.returnPressed.connect(self._on_scan_box)

    # -- what the main window calls -------------------------------------------------------

    def refresh(self) -> None:
        """Read what the screen shows from the shop file again."""

    def take_scan(self, raw: str) -> None:
        """One scan, from the scanner or typed into the box."""
        raise NotImplementedError

    def focus_scan_box(self) -> None:
        self.scan_box.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- answers --------------------------------------------------------------------------

    def _answer(
        self, look: Look, *, outcome: str, tracking: str = "", big: str = "", message: str = ""
    ) -> None:
        """Show an answer in the band and play its sound."""
        self.band.show_answer(look, outcome=outcome, tracking=tracking, big=big, message=message)
        self._sounds.play(look.sound)

    def _fail(self, text: str, tracking_id: str = "") -> None:
        """Refused or failed: nothing was recorded; the sentence says why."""
        self.band.show_error(text, tracking_id)
        self._sounds.play("error")

    def _open(self, dialog: QDialog) -> None:
        """Show a dialog window-modal, without blocking; kept in `dialog` for tests."""
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _open_dialog(self) -> QWidget | None:
        """The dialog opened last while it is still open; None once closed (and deleted
        after closing: its Python object must not be touched then)."""
        dialog = self.dialog
        if dialog is None or not shiboken6.isValid(dialog) or not dialog.isVisible():
            return None
        return dialog

    # -- inside ---------------------------------------------------------------------------

    def _on_scan_box(self) -> None:
        text = self.scan_box.take_text()
        if text:
            self.take_scan(text)

    def _focus_on_show(self) -> None:
        """Where the keyboard goes when the screen is shown (the scan box unless overridden)."""
        self.focus_scan_box()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()
        self._focus_on_show()
