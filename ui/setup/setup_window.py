"""The first start: set up the shop's own place, or try the demo first.

With no shop file yet, the console opens this window instead of a made-up shop. The owner
names the shop and places it on the map (no coordinate typed), imports the street map, adds
the first drivers and staff, picks the printers and prints a test label. The shop's file is
created when the shop's own page is accepted; until then nothing is written, and "Try the
demo shop first" opens the demo's own file without ever touching the shop's.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from dataclasses import replace
from enum import Enum
from pathlib import Path

import sqlite_utils
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from store import area, drivers, staff
from store import settings as shop_settings
from store.db import connect
from store.errors import StoreError
from ui.printing.printer_output import System
from ui.setup import area_streets
from ui.setup.people_pages import drivers_page, staff_page
from ui.setup.printers_page import PrintersPage
from ui.setup.shop_page import FieldError, ShopPage, field_of_refusal
from ui.setup.street_map_page import ChooseFile, StreetMapPage

log = logging.getLogger(__name__)
WIDTH, HEIGHT = 900, 640  # the window's size (its title bar adds about 30 px)


class Outcome(Enum):
    SHOP = "shop"  # the shop is set up: open it
    DEMO = "demo"  # the person wants the demo shop first
    QUIT = "quit"  # closed before the shop was set up


WHAT_TO_HAVE_READY = (
    "<b>What to have at hand</b> (a few minutes; all of it can be changed later):<ul>"
    "<li>the shop's name and street address with its ZIP code;</li>"
    "<li>your area's street map: the OpenStreetMap extract of your state, a file ending in "
    "<tt>.osm.pbf</tt> (it can also be added later, from Shop › Street map);</li>"
    "<li>your drivers' names, how many parcels each car holds, and their shifts;</li>"
    "<li>who works at the counter;</li>"
    "<li>the printers, connected to this PC (and a label or a sheet of paper for the test "
    "label).</li></ul>"
)


class _Welcome(QWizardPage):
    def __init__(self, window: SetupWindow) -> None:
        super().__init__()
        self.setTitle("Welcome to Parcel Desk")
        self.setSubTitle("Set up your shop once: its place, drivers, staff, printers.")
        self.set_up = QPushButton("Set up my shop")
        self.demo = QPushButton("Try the demo shop first")
        self.set_up.setMinimumHeight(44)
        self.demo.setMinimumHeight(44)
        text = QLabel(
            "The demo shop is a made-up shop with a busy morning, in a file of its own: try "
            "everything there, your shop's file is not touched. Come back here with "
            "“parcel-desk” (or the Parcel Desk icon) any time."
        )
        text.setWordWrap(True)
        have_ready = QLabel(WHAT_TO_HAVE_READY)
        have_ready.setWordWrap(True)
        have_ready.setTextFormat(Qt.TextFormat.RichText)
        have_ready.setStyleSheet("QLabel { margin-top: 12px; }")
        layout = QVBoxLayout(self)
        layout.addWidget(self.set_up)
        layout.addWidget(self.demo)
        layout.addWidget(text)
        layout.addWidget(have_ready)
        layout.addStretch(1)
        self.set_up.clicked.connect(window.next)
        self.demo.clicked.connect(window.choose_demo)


class _ShopStep(QWizardPage):
    def __init__(self, window: SetupWindow) -> None:
        super().__init__()
        self._window = window
        self.setTitle("Your shop")
        self.setSubTitle("Its name, where it is, how far you deliver, and its time zone.")
        self.form = ShopPage()
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)

    def validatePage(self) -> bool:
        return self._window.save_shop()


class _StepWithDb(QWizardPage):
    """A page whose body needs the shop's file, built the first time it is shown."""

    def __init__(
        self, window: SetupWindow, title: str, subtitle: str, build: Callable[[], QWidget]
    ) -> None:
        super().__init__()
        self._window, self._build = window, build
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.body: QWidget | None = None
        self._layout = QVBoxLayout(self)

    def initializePage(self) -> None:
        if self.body is None:
            self.body = self._build()
            self._layout.addWidget(self.body)


class _StreetMap(QWizardPage):
    """The street map page; Next waits while an import runs (Cancel stops it)."""

    def __init__(self, window: SetupWindow, choose_file: ChooseFile | None) -> None:
        super().__init__()
        self._window, self._choose_file = window, choose_file
        self.setTitle("Street map")
        self.setSubTitle(
            "Your area's streets, so plans follow real roads and your address is found on "
            "them (you can do this later too, in Shop › Street map)."
        )
        self.body: StreetMapPage | None = None
        self._layout = QVBoxLayout(self)

    def initializePage(self) -> None:
        if self.body is None:
            self.body = StreetMapPage(lambda: self._window.db, choose_file=self._choose_file)
            self.body.imported.connect(self._window.street_map_imported)
            self.body.busy.connect(lambda _busy: self.completeChanged.emit())
            self._layout.addWidget(self.body)

    def isComplete(self) -> bool:
        return self.body is None or not self.body.importing


class _Printers(QWizardPage):
    def __init__(self, window: SetupWindow, system: System) -> None:
        super().__init__()
        self._window = window
        self.setTitle("Printers")
        self.setSubTitle("Pick them from this PC's list, then print a test label.")
        self.form = PrintersPage(system)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)

    def validatePage(self) -> bool:
        return self._window.save_settings(self.form.values())


class _Ready(QWizardPage):
    """The last page: what was set up, read back from the shop's file, and what comes next."""

    def __init__(self, window: SetupWindow) -> None:
        super().__init__()
        self._window = window
        self.setTitle("Ready")
        self.setSubTitle("Your shop is set up. Anything here can be changed in Shop › Settings.")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        next_steps = QLabel(
            "Next: import the carrier's manifest with File › Import manifest (Ctrl+I), then "
            "check parcels in with the scanner. Help › Manual (F1) explains each screen."
        )
        next_steps.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(next_steps)
        layout.addStretch(1)

    def initializePage(self) -> None:
        db = self._window.db
        if db is not None:
            self.summary.setText(summary_of(db))


def summary_of(db: sqlite_utils.Database) -> str:
    """The shop as set up, one line per page of the setup window (HTML)."""
    shop = shop_settings.load(db)
    street_map = area.status(db)
    crew = drivers.all_drivers(db)
    people = staff.names(db)
    rows = [
        ("Shop", f"{shop.name}, {shop.address}" if shop.address else shop.name),
        ("Delivers", f"within {shop.radius_mi:g} miles; time zone {shop.timezone}"),
        (
            "Street map",
            street_map.source or "none yet: distances are estimated (Shop › Street map)",
        ),
        ("Drivers", ", ".join(d.name for d in crew) or "none yet (Runs › Drivers)"),
        ("Staff", ", ".join(people) or "none yet (Shop › Staff)"),
        ("Office printer", shop.printer or "the PC's default printer"),
        ("Label printer", shop.zpl_printer or "none: labels print as PDF pages"),
    ]
    lines = "".join(
        f"<tr><td style='padding-right:12px'><b>{html.escape(name)}</b></td>"
        f"<td>{html.escape(value)}</td></tr>"
        for name, value in rows
    )
    return f"<table cellspacing='4'>{lines}</table>"


def fitting_size(screen: QScreen | None) -> QSize:
    """Room for the pin map, within the screen (a 1280×720 laptop less its panel too)."""
    room = screen.availableGeometry().size() if screen is not None else QSize(1280, 680)
    return QSize(min(WIDTH, room.width() - 40), min(HEIGHT, room.height() - 60))


class SetupWindow(QWizard):
    """The setup window. After `exec()`, `outcome` says what to open next."""

    def __init__(
        self,
        db_file: Path,
        *,
        system: System | None = None,
        choose_map_file: ChooseFile | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """`choose_map_file()` answers the street map page's file dialog (tests)."""
        super().__init__(parent)
        self.setWindowTitle("Parcel Desk — set up your shop")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.setButtonText(QWizard.WizardButton.FinishButton, "Open my shop")
        self.db_file = db_file
        self.db: sqlite_utils.Database | None = None
        self.outcome = Outcome.QUIT
        self.welcome = _Welcome(self)
        self.shop = _ShopStep(self)
        self.street_map = _StreetMap(self, choose_map_file)
        self.drivers = _StepWithDb(
            self, "Drivers", "Add your first drivers (more later in Runs › Drivers).",
            lambda: drivers_page(self._db()),
        )  # fmt: skip
        self.staff = _StepWithDb(
            self, "Staff", "Who works at the counter (more later in Shop › Staff).",
            lambda: staff_page(self._db()),
        )  # fmt: skip
        self.printers = _Printers(self, system or System())
        self.finish_page = _Ready(self)
        for page in (
            self.welcome, self.shop, self.street_map, self.drivers, self.staff,
            self.printers, self.finish_page,
        ):  # fmt: skip
            self.addPage(page)
        self.resize(fitting_size(self.screen() or QGuiApplication.primaryScreen()))

    # -- the shop's file ---------------------------------------------------------------------

    def _db(self) -> sqlite_utils.Database:
        if self.db is None:
            self.db_file.parent.mkdir(parents=True, exist_ok=True)
            self.db = connect(self.db_file)
            log.info("shop file created by the setup window: %s", self.db_file)
        return self.db

    def save_shop(self) -> bool:
        form = self.shop.form
        try:
            values = form.values()
        except FieldError as error:
            form.show_error(error.name, str(error))
            return False
        try:
            shop_settings.ShopSettings(**values).validated()
        except StoreError as error:
            form.show_error(field_of_refusal(str(error)), str(error))
            return False
        return self.save_settings(values, on_error=form.show_error)

    def save_settings(
        self, values: dict, on_error: Callable[[str, str], object] | None = None
    ) -> bool:
        try:
            db = self._db()
            shop_settings.save(db, replace(shop_settings.load(db), **values))
        except StoreError as error:
            if on_error is not None:
                on_error(field_of_refusal(str(error)), str(error))
            return False
        return True

    def street_map_imported(self) -> None:
        """Show the new streets under the shop's pin, and look for the shop's address on
        them: found, the pin moves there (and is saved); the street map page says which."""
        form = self.shop.form
        form.show_streets(area_streets.streets(self.db))
        form.set_street_finder(area_streets.street_finder(self.db))
        page = self.street_map.body
        assert page is not None
        if form.find_on_the_streets() and self.save_shop():
            page.add_to_message(
                "Your shop's address was found on these streets and its pin moved there: "
                "press Back to see it on the map, and click the shop itself if the pin is off."
            )
        else:
            page.add_to_message(
                "Your shop's address is not on these streets: its pin stays where you put it "
                "(Back shows it over the streets)."
            )

    # -- ways out ----------------------------------------------------------------------------

    def choose_demo(self) -> None:
        self.outcome = Outcome.DEMO
        self.close_shop_file()
        self.done(QWizard.DialogCode.Rejected)

    def accept(self) -> None:
        self.outcome = Outcome.SHOP
        self.close_shop_file()
        log.info("shop set up in %s", self.db_file)
        super().accept()

    def reject(self) -> None:
        if self.outcome is not Outcome.DEMO:
            self.outcome = Outcome.SHOP if self._configured() else Outcome.QUIT
        self.close_shop_file()
        super().reject()

    def _configured(self) -> bool:
        return self.db is not None and shop_settings.load(self.db).configured

    def close_shop_file(self) -> None:
        if self.street_map.body is not None:
            self.street_map.body.shutdown()
        if self.db is not None:
            self.db.conn.close()
            self.db = None


def run_setup(
    db_file: Path,
    *,
    system: System | None = None,
    prepare: Callable[[QWidget], None] | None = None,
) -> Outcome:
    """Show the setup window until it closes; what to open next. `prepare` sees the window
    before it is shown (ui.startup_hooks)."""
    window = SetupWindow(db_file, system=system)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    if prepare is not None:
        prepare(window)
    window.exec()
    outcome = window.outcome
    window.deleteLater()
    return outcome
