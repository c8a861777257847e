"""How the answers of the rest of the day look and sound: loading a car, the result scans,
recorded results and scans onto the carrier's truck.

As on check-in, every answer of one screen has its own colour, symbol, words and sound. The
sounds are the check-in tones (`ui.common.sounds.TONES`) reused, so no screen needs new audio:
within a screen no two answers share one, and the alarm-like tone ("damaged": three square beeps)
always means "stop, this parcel does not go here".
"""

from __future__ import annotations

from store.dispatch import LoadOutcome
from store.result_scan import Answer
from store.returns import ReturnOutcome
from store.statuses import Status
from ui.common.outcomes import ERROR, Look

#: The wrong-car alarm: loud, red, unmistakable.
ALARM = "damaged"

LOAD_LOOKS: dict[str, Look] = {
    LoadOutcome.LOADED: Look("#1b6e34", "✔", "Loaded", "received"),
    LoadOutcome.ALREADY_LOADED: Look("#8a5a00", "⟳", "Already in the car", "duplicate"),
    LoadOutcome.OTHER_RUN: Look("#c62828", "✖", "NOT THIS CAR", ALARM),
    LoadOutcome.NOT_PLANNED: Look("#880e4f", "⊘", "NOT ON THIS RUN", "out_of_zone"),
    LoadOutcome.UNKNOWN: Look("#5b2a86", "?", "Not a parcel of this shop", "unexpected"),
    LoadOutcome.UNREADABLE: Look("#37474f", "✖", "Unreadable", "unreadable"),
}
UNLOADED = Look("#455a64", "↶", "Taken out of the car", "undone")
DISPATCHED = Look("#0b5394", "➜", "Out for delivery", "needs_location")
REORDERED = Look("#00695c", "⇅", "Stops re-ordered", "duplicate")
ORDER_KEPT = Look("#455a64", "=", "Order kept", "duplicate")

RETURN_LOOKS: dict[str, Look] = {
    ReturnOutcome.RETURNED: Look("#1b6e34", "✔", "Returned to the carrier", "received"),
    ReturnOutcome.ALREADY_RETURNED: Look("#8a5a00", "⟳", "Already returned", "duplicate"),
    ReturnOutcome.HELD: Look("#0b5394", "⊘", "Held: set it aside for return first", "duplicate"),
    ReturnOutcome.SET_ASIDE: Look("#5b2a86", "⚑", "Set aside for return", "received"),
    ReturnOutcome.NOT_PENDING: Look("#c62828", "✖", "NOT FOR RETURN", ALARM),
    ReturnOutcome.UNKNOWN: Look("#5b2a86", "?", "Not a parcel of this shop", "unexpected"),
    ReturnOutcome.UNREADABLE: Look("#37474f", "✖", "Unreadable", "unreadable"),
}

#: Answers of the manifest scan (stop code, then outcome code) on the results screen.
MANIFEST_LOOKS: dict[str, Look] = {
    Answer.STOP_SELECTED: Look("#0b5394", "▶", "Stop selected: scan the outcome", "duplicate"),
    Answer.PARCEL_SELECTED: Look("#0b5394", "▶", "Parcel selected: its outcome", "duplicate"),
    Answer.RECORDED: Look("#1b6e34", "✔", "Recorded", "received"),
    Answer.REFUSED: Look("#212121", "!", "Not recorded", "error"),
}
#: A parcel scanned at the counter when the driver is back: its result is open on screen.
OPENED = Look("#00695c", "◉", "Back at the counter", "needs_location")

#: What a recorded result says, by the parcel's status after it.
RESULT_LOOKS: dict[str, Look] = {
    Status.DELIVERED: Look("#1b6e34", "✔", "Delivered", "received"),
    Status.ATTEMPTED: Look("#8a5a00", "↩", "Not delivered: back on the shelf", "undone"),
    Status.RETURN_PENDING: Look(
        "#5b2a86", "⚑", "Not delivered: set aside for return", "unexpected"
    ),
}


def look_of(table: dict[str, Look], outcome: str) -> Look:
    return table.get(outcome, ERROR)
