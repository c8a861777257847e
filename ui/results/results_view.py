"""The Results screen: the driver is back; record each stop's result with one key.

Choose the run (today's runs out or back, and an earlier day's run still out). The stops are
listed in order; arrow to a stop and press its result key (see `ui.results.result_keys`): the stop's
parcels still out get that result and the next stop still out is selected. Pick a parcel in
the stop's list (or scan it) to record or correct that parcel alone. Scanning the printed
manifest's stop code, then the outcome code the driver ticked, records the stop from paper.
F6 records "all delivered except…".
"""

from __future__ import annotations

from typing import TypedDict

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from store import codes, results, runs
from store.errors import StoreError
from store.result_scan import Answer, ManifestScanSession
from store.statuses import Status
from ui.common.run_picker import RunPicker
from ui.common.scan_screen import ScanScreen
from ui.common.session import Session
from ui.common.sounds import SoundPlayer
from ui.results import result_answers
from ui.results.all_delivered_dialog import AllDeliveredDialog
from ui.results.result_answers import Said
from ui.results.result_keys import KEYS, ResultKeys
from ui.results.results_rows import parcel_result
from ui.results.run_stops import RunStops

RECORDABLE_RUNS = ("out", "back")
READY = (
    "Arrow to a stop and press its result key, or scan a parcel back at the counter, or scan "
    "the manifest's stop code and then the outcome code the driver ticked."
)


class _Words(TypedDict, total=False):
    """How a result is put, as the store's record functions take it."""

    reason: str | None
    how: str | None
    name: str | None


class ResultsView(ScanScreen):
    def __init__(self, session: Session, sounds: SoundPlayer, parent: QWidget | None = None):
        super().__init__(
            session,
            sounds,
            READY,
            placeholder="Scan a parcel or a manifest code, or type it and Enter",
            big_points=26,
            wide=True,
            parent=parent,
        )
        self._run: runs.RunView | None = None
        self._manifest = ManifestScanSession(session.db, session.actor)
        self._manifest_actor = session.actor
        self.picker = RunPicker()
        self.all_button = QPushButton("All delivered except… (F6)")
        self.keys = ResultKeys()
        self.lists = RunStops(self.keys)
        self.stops, self.parcels = self.lists.stops, self.lists.parcels
        self.stops_table, self.parcels_table = self.lists.stops_table, self.lists.parcels_table
        self.progress = self.lists.progress
        self._all_action = QAction(self)
        self._all_action.setShortcut(QKeySequence(Qt.Key.Key_F6))
        self.addAction(self._all_action)
        self._build_layout()
        self._connect_signals()

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel("Run:"))
        top.addWidget(self.picker)
        top.addStretch(1)
        top.addWidget(self.all_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.scan_box)
        layout.addWidget(self.band)
        layout.addWidget(self.lists, 1)

    def _connect_signals(self) -> None:
        # The run.
        self.picker.currentIndexChanged.connect(self._on_run_chosen)
        # Result keys, from either list or the buttons; T and Enter for the name.
        self.lists.result_key.connect(self.record)
        self.lists.name_key.connect(lambda: self.keys.name.setFocus())
        self.lists.signature_needed.connect(self.keys.set_signature)
        self.keys.chosen.connect(self.record)
        self.keys.name_done.connect(lambda: self.stops_table.setFocus())
        # All delivered except…
        self.all_button.clicked.connect(self.open_all_delivered)
        self._all_action.triggered.connect(self.open_all_delivered)

    # -- what the main window calls -------------------------------------------------------

    def _manifest_scans(self) -> ManifestScanSession:
        """The manifest scans of the clerk at the counter now (a new clerk starts afresh)."""
        if self._manifest_actor != self._session.actor:
            self._manifest = ManifestScanSession(self._session.db, self._session.actor)
            self._manifest_actor = self._session.actor
        return self._manifest

    def refresh(self) -> None:
        self._manifest_scans()
        db, today = self._session.db, self._session.today()
        shown = runs.runs_still_out(db, today)
        shown += [run for run in runs.runs_of_day(db, today) if run.state in RECORDABLE_RUNS]
        self.picker.set_runs(shown, "No run is out or back yet", today)
        self._reload()

    def take_scan(self, raw: str) -> None:
        dialog = self._open_dialog()
        if isinstance(dialog, AllDeliveredDialog):
            dialog.take_scan(raw)
            return
        parsed = codes.parse(raw)
        if parsed.kind is codes.Kind.PARCEL:
            self._open_parcel(raw)
            return
        answer = self._manifest_scans().scan(raw)
        if answer.answer is Answer.STOP_SELECTED and parsed.run_id and parsed.sequence:
            self._show_stop(parsed.run_id, parsed.sequence)
        elif answer.answer is Answer.RECORDED:
            self._reload()
        self._say(result_answers.manifest(answer))

    # -- recording ------------------------------------------------------------------------

    def record(self, letter: str) -> None:
        """The result of `letter` for the parcel picked, else for the stop's parcels still out."""
        key, stop = KEYS[letter], self.lists.current_stop()
        if self._run is None or stop is None:
            self._fail("Choose a run and a stop first.")
            return
        name, word = "", _Words(reason=key.word)
        if key.outcome == "delivered":
            name = self.keys.take_name()
            word = _Words(how=key.word, name=name or None)
        parcel = self.lists.target_parcel()
        if parcel is not None and parcel["status"] in results.CORRECTABLE:
            self._confirm_correction(parcel, key.caption, key.outcome, word)
            return
        db, actor = self._session.db, self._session.actor
        try:
            if parcel is not None:
                done = [
                    results.record_result(db, actor, parcel["tracking_id"], key.outcome, **word)
                ]
            elif stop.out:
                done = results.record_stop(
                    db, actor, self._run.id, stop.sequence, key.outcome, **word
                )
            else:
                self._fail(
                    f"Stop {stop.sequence}: every result is recorded. To change one, pick its "
                    "parcel in the list (or scan it), then press the key."
                )
                return
        except StoreError as error:
            self.keys.name.setText(name)
            self._fail(str(error))
            return
        self._recorded(done, name, advance=parcel is None)

    def _confirm_correction(self, parcel: dict, caption: str, outcome: str, word: _Words) -> None:
        tracking_id = parcel["tracking_id"]
        try:  # refused at once: asking "Change it to …?" first and refusing after Yes misleads
            result = results.make_result(outcome, **word)
            results.check_signature(tracking_id, bool(parcel["signature_required"]), result)
        except StoreError as error:
            self.keys.name.setText(word.get("name") or "")
            self._fail(str(error), tracking_id)
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Change the recorded result?",
            f"{tracking_id} is recorded as: {parcel_result(parcel)}.\n\nChange it to: {caption}?"
            "\n\nThe change is added to the parcel's log; the first result stays in its history.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)

        def correct() -> None:
            db, actor = self._session.db, self._session.actor
            try:
                done = results.correct_result(db, actor, tracking_id, outcome, **word)
            except StoreError as error:
                self._fail(str(error), tracking_id)
                return
            self._recorded([done], word.get("name") or "", advance=False)

        box.accepted.connect(correct)
        self._open(box)

    def open_all_delivered(self) -> None:
        if self._run is None:
            self._fail("Choose the run first.")
            return
        out = [
            (row.sequence, p)
            for row in self.stops.records
            for p in row.parcels
            if p["status"] == Status.OUT_FOR_DELIVERY
        ]
        if not out:
            self._fail(f"Every parcel of {self._run.label} has its result already.")
            return
        run_id, session = self._run.id, self._session
        dialog = AllDeliveredDialog(
            self._run.label,
            out,
            lambda exceptions, how, signed: results.all_delivered_except(
                session.db, session.actor, run_id, exceptions, how=how, signed=signed
            ),
            self,
        )
        dialog.recorded.connect(lambda done: self._recorded(done, "", advance=False))
        self._open(dialog)

    def _recorded(self, done: list, name: str, *, advance: bool) -> None:
        self._manifest.reset()
        self._reload(keep_parcel=not advance)
        if advance:
            self.lists.select_next_out()
        if done:
            self._say(result_answers.recorded(done, name=name))

    # -- scans at the counter -------------------------------------------------------------

    def _open_parcel(self, raw: str) -> None:
        self._manifest.reset()
        try:
            found = results.lookup_for_result(self._session.db, raw)
        except StoreError as error:
            self._fail(str(error))
            return
        words = found.status.replace("_", " ")
        if found.run_id is None or found.stop_sequence is None:
            self._fail(
                f"{found.tracking_id} is {words}: it has not been out on a run.", found.tracking_id
            )
            return
        if not self._show_stop(found.run_id, found.stop_sequence):
            self._fail(
                f"{found.tracking_id} rode on {found.run_label}, not a run that is out or "
                f"back ({words}).",
                found.tracking_id,
            )
            return
        self.lists.select_parcel(found.tracking_id)
        row = self.parcels.find(found.tracking_id)
        if found.recordable:
            self._manifest_scans().scan(found.tracking_id)  # an outcome code next records it
        reason = self.parcels.record(row)["status_reason"] if row >= 0 else None
        self._say(result_answers.opened(found, reason))

    # -- the lists --------------------------------------------------------------------------

    def _on_run_chosen(self) -> None:
        self.band.show_ready()
        self._reload()
        self.lists.select_next_out(from_row=-1)

    def _reload(self, *, keep_parcel: bool = False) -> None:
        """Read the run again; keep the stop (and the parcel) that was selected."""
        stop, parcel = self.lists.current_stop(), self.lists.target_parcel()
        run_id = self.picker.run_id()
        self._run = runs.get_run(self._session.db, run_id) if run_id is not None else None
        if self._run is not None:
            self.picker.show_state(self._run.id, self._run.state)
        self.lists.show_run(
            self._run,
            stop.sequence if stop else None,
            parcel["tracking_id"] if parcel and keep_parcel else None,
        )
        self.all_button.setEnabled(self._run is not None)

    def _show_stop(self, run_id: int, sequence: int) -> bool:
        """Bring a run's stop on screen; False when the run is not one listed here."""
        return self.picker.choose(run_id) and self.lists.select_stop(sequence)

    # -- small helpers ----------------------------------------------------------------------

    def _say(self, said: Said) -> None:
        self._answer(
            said.look,
            outcome=said.outcome,
            tracking=said.tracking,
            big=said.big,
            message=said.message,
        )

    def _focus_on_show(self) -> None:
        self.stops_table.setFocus()
