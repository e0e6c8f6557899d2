"""Turn database failures during a command into ``StoreError`` with an actionable message.

A scan holding SQLite's write lock makes writers wait ``busy_timeout`` and then
fail with SQLITE_BUSY; that deserves "try again when the scan is done", not a traceback.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DBAPIError

from govops.errors import StoreError

SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14

# What each SQLite failure means to the user; the transaction was rolled back in every case.
_MEANING = {
    SQLITE_BUSY: ("the store is locked by another govops process (a scan or import is writing)",
                  "nothing was changed; run the command again when it has finished"),
    SQLITE_LOCKED: ("the store is locked by another govops process (a scan or import is writing)",
                    "nothing was changed; run the command again when it has finished"),
    SQLITE_READONLY: ("the store is read-only here (GOVOPS_HOME or its file system is not writable)",
                      "nothing was changed; reading works, changes need a writable store"),
    SQLITE_FULL: ("the disk holding the store is full",
                  "nothing was changed; free space where GOVOPS_HOME lives and run the command again"),
    SQLITE_IOERR: ("the store could not be read or written (I/O error)",
                   "nothing was changed; check the disk and file system holding GOVOPS_HOME"),
    SQLITE_CANTOPEN: ("the store file cannot be opened", "check that GOVOPS_HOME exists and is readable"),
}


def _sqlite_code(exc: DBAPIError) -> int | None:
    orig = exc.orig
    code = getattr(orig, "sqlite_errorcode", None) if isinstance(orig, sqlite3.Error) else None
    return None if code is None else int(code) & 0xFF


def is_busy(exc: DBAPIError) -> bool:
    """Whether ``exc`` is SQLite's "database is locked" (by error code, not message text)."""
    return _sqlite_code(exc) in (SQLITE_BUSY, SQLITE_LOCKED)


def store_error(exc: DBAPIError, what: str) -> StoreError:
    """Return the ``StoreError`` a user can act on for a database failure while doing ``what``."""
    code = _sqlite_code(exc)
    if code in _MEANING:
        message, hint = _MEANING[code]
        return StoreError(f"cannot {what}: {message}", hint=hint)
    return StoreError(f"cannot {what}: {str(exc.orig)[:200]}",
                      hint="nothing was changed (the transaction was rolled back)")


@contextmanager
def store_errors(what: str) -> Iterator[None]:
    """Map database errors raised inside the block to ``StoreError``.

    Args:
        what: What the command was doing, for the message ("record report figures").
    """
    try:
        yield
    except DBAPIError as exc:
        raise store_error(exc, what) from exc
