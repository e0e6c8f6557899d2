"""Write transactions that a team can run at the same time without losing an update.

A command that changes the store (import, track) reads rows, decides, and writes,
with history holding each old value. Two of them at once must not interleave:

- **PostgreSQL**: the transaction runs SERIALIZABLE. When PostgreSQL detects that
  another transaction changed what this one read, it aborts this one (SQLSTATE
  40001, or 40P01 for a deadlock); nothing of it was written, so it is run again from
  the start, reading the other's result, up to ``ATTEMPTS`` times.
- **SQLite**: the transaction starts with ``BEGIN IMMEDIATE``, taking the one write
  lock before reading, so it reads what the previous writer committed. Waiting for
  the lock is bounded by ``busy_timeout`` (``BUSY_TIMEOUT_MS``); then the command
  stops with "busy, nothing changed" (``store_errors``).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from govops.errors import StoreError
from govops.store.busy import store_errors
from govops.store.db import WRITE_OPTION

T = TypeVar("T")

ATTEMPTS = 6
# SQLSTATEs after which PostgreSQL has rolled the transaction back and it is safe to run it again.
RETRYABLE_SQLSTATES = frozenset({"40001", "40P01"})


def is_conflict(exc: BaseException) -> bool:
    """Whether ``exc`` is PostgreSQL's serialisation failure or deadlock (the transaction may be rerun)."""
    orig = exc.orig if isinstance(exc, DBAPIError) else None
    return getattr(orig, "sqlstate", None) in RETRYABLE_SQLSTATES


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """A session in one write transaction: SERIALIZABLE on PostgreSQL, BEGIN IMMEDIATE on SQLite.

    Committed on success, rolled back on any error.
    """
    if engine.dialect.name == "postgresql":
        options: dict[str, object] = {"isolation_level": "SERIALIZABLE"}
    else:
        options = {WRITE_OPTION: True}  # BEGIN IMMEDIATE (db.py)
    with engine.connect() as plain:
        session = Session(bind=plain.execution_options(**options), expire_on_commit=False)
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()


def run_write(engine: Engine, work: Callable[[Session], T], *, what: str, attempts: int = ATTEMPTS) -> T:
    """Run ``work(session)`` as one write transaction; rerun it when PostgreSQL reports a conflict.

    ``work`` must do nothing outside the session that cannot be repeated (it may run more than once).

    Raises:
        StoreError: SQLite stayed locked past the busy timeout, or PostgreSQL kept reporting
            conflicts ``attempts`` times; in both cases nothing was changed.
    """
    for attempt in range(1, attempts + 1):
        try:
            with write_session(engine) as session:
                return work(session)
        except DBAPIError as exc:
            if not is_conflict(exc):
                with store_errors(what):
                    raise
                raise  # pragma: no cover (store_errors always raises StoreError)
            if attempt == attempts:
                raise StoreError(
                    f"cannot {what}: other govops processes kept changing the same rows ({attempts} attempts)",
                    hint="nothing was changed; run the command again",
                ) from exc
            # Back off a little, with jitter, so two retrying writers do not collide again.
            time.sleep(min(2.0, 0.05 * 2**attempt) * (0.5 + random.random()))  # noqa: S311 (jitter, not secrecy)
    raise AssertionError("unreachable")
