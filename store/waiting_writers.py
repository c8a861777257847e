"""Waiting writers raise a hand, so a long job lets them in at once instead of guessing.

SQLite has no queue for its write lock: a writer that finds it taken tries again and again,
and a job that commits and begins its next transaction at once (a big import's chunks, the
purge's batches) can keep it out for seconds. So a writer that has to wait holds a shared
flock on `<shop file>-waiting` while it does ("a hand up"); a long job, between two of its
transactions, looks whether any hand is up. None: it goes straight on, losing no time. One or
more: it pauses until they have had their turn (a hand goes down as soon as its writer holds
the write lock), at most MAX_PAUSE_S. Without flock (Windows) the job pauses a guessed while
instead: a tenth of its last transaction, 4 to 30 ms.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

#: The longest a long job waits for the hands to go down (a stuck writer cannot stop it).
MAX_PAUSE_S = 1.0
_POLL_S = 0.001
GUESS_MIN_S, GUESS_SHARE, GUESS_MAX_S = 0.004, 0.1, 0.03


def flag(db_file: str) -> Path:
    return Path(f"{db_file}-waiting")


class Hand:
    """A writer's raised hand while it waits for the write lock (a no-op without flock)."""

    def __init__(self, db_file: str) -> None:
        self._fd: int | None = None
        if fcntl is None or not db_file:
            return
        with contextlib.suppress(OSError):
            self._fd = os.open(flag(db_file), os.O_RDONLY | os.O_CREAT, 0o666)

    def raise_(self) -> None:
        """Try to put the hand up (again); a job's momentary look may block it for now."""
        if self._fd is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._fd, fcntl.LOCK_SH | fcntl.LOCK_NB)

    def lower(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def hands_up(db_file: str) -> bool | None:
    """Whether a writer waits for the lock (None when it cannot be told)."""
    if fcntl is None or not db_file:
        return None
    try:
        fd = os.open(flag(db_file), os.O_RDONLY)
    except FileNotFoundError:
        return False  # nobody ever had to wait
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return None
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


def let_in(db_file: str, held_s: float) -> None:
    """Between a long job's transactions: pause while writers wait (see the module)."""
    waiting = hands_up(db_file)
    if waiting is None:
        time.sleep(min(GUESS_MAX_S, max(GUESS_MIN_S, GUESS_SHARE * held_s)))
        return
    deadline = time.monotonic() + MAX_PAUSE_S
    while waiting and time.monotonic() < deadline:
        time.sleep(_POLL_S)
        waiting = hands_up(db_file)
