"""Errors the data layer raises, split by who can fix them.

`BadInput` is something the person at the counter (or the script calling the command line) can
correct: a malformed file, an unknown parcel, a refused status change. `DatabaseUnavailable` means
the environment failed (file locked, not a database, disk full): not a bug, but not the clerk's
typo either. Anything else escaping the store is a bug.
"""


class StoreError(Exception):
    """Base of the errors the store raises on purpose; the message is for a person."""


class BadInput(StoreError):
    """Input from outside was refused; nothing was written."""


class TransitionError(BadInput):
    """A parcel status change that the status machine does not allow."""


class NotFound(BadInput):
    """A tracking id, run, driver or staff member that is not in the database."""


class DatabaseUnavailable(StoreError):
    """The database file cannot be used right now (locked, unreadable, newer, not a database)."""

    #: True when waiting and trying again may help (see DatabaseBusy).
    busy = False


class DatabaseBusy(DatabaseUnavailable):
    """Another counter holds the write lock longer than we waited: worth trying again."""

    busy = True
