"""The console asks OSRM in a helper process, so that its window never waits on a road table.

OSRM's binding keeps the GIL for a whole query (see `routing.road_engine`): a table asked in
the planner's thread would freeze the window for its time. Once the window is up, a thread
loads the road engine's module (the planner's package: a fraction of a second, so not
before the window shows) and starts its helper process; from then on every OSRM query of the
console goes there. The command line never starts it.
"""

from __future__ import annotations

import logging
import sys
import threading

log = logging.getLogger(__name__)

MODULE = "routing.road_engine"


class RoadHelper:
    """Starts the console's road engine process in the background; `stop` ends it."""

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=_start, name="road-engine-start")
            self._thread.start()

    def stop(self) -> None:
        """Wait for a start under way, then end the helper process (when quitting)."""
        if self._thread is not None:
            self._thread.join()
        module = sys.modules.get(MODULE)
        if module is not None:
            module.use_this_process()


def _start() -> None:
    from routing import road_engine

    try:
        road_engine.use_helper_process().start()
    except Exception as error:  # queries then start it, or are answered in this process
        log.warning("the road engine's process did not start now: %s", error)
