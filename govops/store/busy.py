"""Turn database failures during a command into ``StoreError`` with an actionable message.

A scan holding SQLite's write lock makes writers wait ``busy_timeout`` and then
fail with SQLITE_BUSY; that deserves "try again when the scan is done", not a traceback.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DBAPIError, OperationalError

from govops.errors import StoreError

SQLITE_BUSY = 5
SQLITE_LOCKED = 6


def is_busy(exc: DBAPIError) -> bool:
    """Whether ``exc`` is SQLite's "database is locked" (by error code, not message text)."""
    orig = exc.orig
    code = getattr(orig, "sqlite_errorcode", None) if isinstance(orig, sqlite3.Error) else None
    return code is not None and code & 0xFF in (SQLITE_BUSY, SQLITE_LOCKED)


@contextmanager
def store_errors(what: str) -> Iterator[None]:
    """Map database errors raised inside the block to ``StoreError``.

    Args:
        what: What the command was doing, for the message ("record report figures").
    """
    try:
        yield
    except OperationalError as exc:
        if is_busy(exc):
            raise StoreError(
                f"cannot {what}: the store is locked by another govops process (a scan or import is writing)",
                hint="nothing was changed; run the command again when it has finished",
            ) from exc
        raise StoreError(f"cannot {what}: {exc.orig}") from exc
    except DBAPIError as exc:
        raise StoreError(f"cannot {what}: {exc.orig}") from exc
