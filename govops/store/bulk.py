"""Bulk INSERT for importers: 100,000 rows in about a second (COPY on PostgreSQL).

SQLAlchemy's executemany builds and processes a parameter dictionary per row,
which dominates an import of 100,000 devices. Here each column's own bind
processor (dates, booleans, ...) is applied in one tight loop and the rows go
to the driver's ``executemany`` with the statement SQLAlchemy compiled for this
dialect, so what is stored is exactly what the ORM would store. JSON columns
are serialised here (dates as ISO strings) and ``None`` becomes SQL NULL, so
``IS NULL`` finds an absent value. On PostgreSQL (psycopg) the same processed
values go through ``COPY ... FROM STDIN`` in the session's transaction: the
server parses one stream instead of planning 100,000 INSERTs.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import json
import operator
import queue
import threading
import typing
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from sqlalchemy import (
    JSON,
    ColumnElement,
    Connection,
    String,
    Table,
    bindparam,
    event,
    func,
    insert,
    literal_column,
    select,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import InstrumentedAttribute, Session

from govops.store.db import dialect_of
from govops.store.models import Base


def _iso(obj: object) -> object:
    if isinstance(obj, dt.date | dt.datetime):
        return obj.isoformat()
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


# One encoder for every value: json.dumps with options builds a new encoder per call.
_ENCODE = json.JSONEncoder(ensure_ascii=False, default=_iso).encode


class JsonText(str):
    """A JSON column value already serialised (by ``json_text``): written as it is."""

    __slots__ = ()


def json_text(value: Any) -> str | None:
    """Serialise a JSON column value (``None`` stays SQL NULL; dates become ISO strings)."""
    if value is None:
        return None
    if value.__class__ is JsonText:
        return str(value)
    return _ENCODE(value)


def one_of(
    session: Session, col: ColumnElement[Any] | InstrumentedAttribute[Any], values: Sequence[Any]
) -> ColumnElement[bool]:
    """``col IN values`` for thousands of values, as one bound parameter.

    SQLAlchemy's ``in_`` expands a list into a parameter each, rendered and processed in Python
    (about 20 ms per 5,000 keys, on every batch of an import). PostgreSQL takes the list as one
    array (``= ANY``); SQLite as one JSON array read by ``json_each``; both still use the index on ``col``.
    """
    items = list(values)
    dialect = dialect_of(session)
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import ARRAY

        # ``any(...)`` as a function, not ``any_()``: that takes the parameter's comparator, which refers
        # back to the parameter, a cycle that kept every batch's keys until a collection (none runs
        # during an import: ``collector_paused``).
        return col == func.any(bindparam(None, items, type_=ARRAY(col.type)))
    if dialect == "sqlite":
        listed = bindparam(None, _ENCODE(items), type_=String)
        return col.in_(select(literal_column("value")).select_from(func.json_each(listed)))
    return col.in_(items)


def bulk_insert(session: Session, model: type[Base], rows: Sequence[dict[str, Any]]) -> int:
    """Insert ``rows`` (dictionaries with the same keys) into the table of ``model`` in the session's transaction.

    Returns:
        The number of rows inserted.
    """
    if not rows:
        return 0
    table = typing.cast(Table, model.__table__)
    keys = list(rows[0])
    # Columns left out that have a Python-side default (e.g. reachability="unknown") get it here,
    # as the ORM would: the compiled statement has a parameter for them.
    defaults: dict[str, Any] = {}
    for col in table.columns:
        if col.key in keys or col.default is None:
            continue
        default = typing.cast(Any, col.default)
        if default.is_scalar:
            defaults[col.key] = default.arg
        elif default.is_callable:
            defaults[col.key] = default.arg(None)
    if defaults:
        rows = [row | defaults for row in rows]
        keys += list(defaults)
    keys = _given_keys(table, keys, rows)
    conn = session.connection()
    dialect = conn.dialect
    processors: list[Callable[[Any], Any] | None] = []
    for key in keys:
        col_type = table.c[key].type
        if isinstance(col_type, JSON):
            processors.append(json_text)
        else:
            processors.append(_remembered(col_type.dialect_impl(dialect).bind_processor(dialect)))
    pairs = list(zip(keys, processors, strict=True))
    if dialect.driver == "psycopg":
        behind = session.info.get(_BEHIND)
        if behind is None:
            _copy(conn, table, pairs, rows)
        else:
            behind.submit(lambda: _copy(conn, table, pairs, rows))
        return len(rows)
    compiled = insert(table).compile(dialect=dialect, column_keys=keys)
    if compiled.positional:
        order = list(compiled.positiontup or [])
        by_position = [(k, dict(pairs)[k]) for k in order]
        plain = [k for k, p in by_position if p is None]
        processed = [(i, k, p) for i, (k, p) in enumerate(by_position) if p is not None]
        if plain and len(plain) == len(order):
            getter = operator.itemgetter(*order)
            tuples = [getter(row) if len(order) > 1 else (getter(row),) for row in rows]
        else:
            getter = operator.itemgetter(*order)
            tuples = []
            for row in rows:
                values = list(getter(row)) if len(order) > 1 else [getter(row)]
                for i, k, p in processed:
                    value = row[k]
                    if value is not None:
                        values[i] = p(value)
                tuples.append(tuple(values))
        conn.exec_driver_sql(compiled.string, tuples)
    else:
        dicts = [{k: row[k] if p is None or row[k] is None else p(row[k]) for k, p in pairs} for row in rows]
        conn.exec_driver_sql(compiled.string, dicts)
    return len(rows)


# Distinct values whose processed form a column keeps (dates, times, flags: few, and repeated row after row).
REMEMBERED_VALUES = 4096


def _remembered(process: Callable[[Any], Any] | None) -> Callable[[Any], Any] | None:
    """``process`` (a column type's bind processor), computed once per distinct value.

    Every history entry of an import has the same time and every ledger repeats its purchase dates:
    SQLAlchemy's date and time processors cost 2-3 µs a value (0.5 s per 100,000 rows).
    """
    if process is None:
        return None
    memo: dict[tuple[type, Any], Any] = {}

    def remembered(value: Any) -> Any:
        kind = value.__class__
        if kind not in _PLAIN:
            return process(value)
        key = (kind, value)  # the class too: True == 1 and a date may equal no datetime, but keep them apart
        got = memo.get(key, memo)
        if got is memo:
            got = process(value)
            if len(memo) < REMEMBERED_VALUES:
                memo[key] = got
        return got

    return remembered


# Immutable values whose processed form depends on the value alone.
_PLAIN = frozenset({str, int, float, bool, dt.date, dt.datetime})


def _given_keys(table: Table, keys: list[str], rows: Sequence[dict[str, Any]]) -> list[str]:
    """``keys`` less the columns that are NULL in every row and have no server default (NULL either way).

    A device row from a ledger leaves half of its 30 columns empty; binding a NULL costs the
    driver as much as a value (0.7 s of 100,000 devices on SQLite).
    """
    # any() stops at the first value: only a column empty throughout is read to the end.
    return [
        key
        for key in keys
        if table.c[key].server_default is not None
        or any(map(operator.is_not, map(operator.itemgetter(key), rows), itertools.repeat(None)))
    ]


def _copy(
    conn: Connection, table: Table, pairs: list[tuple[str, Callable[[Any], Any] | None]], rows: Sequence[dict[str, Any]]
) -> None:
    """PostgreSQL: COPY the rows in (several times faster than INSERT for the server), in the same transaction."""
    quote = conn.dialect.identifier_preparer
    columns = ", ".join(quote.quote(table.c[key].name) for key, _ in pairs)
    getter = operator.itemgetter(*(key for key, _ in pairs))
    processed = [(i, p) for i, (_, p) in enumerate(pairs) if p is not None]
    driver = typing.cast(Any, conn.connection.driver_connection)
    statement = f"COPY {quote.format_table(table)} ({columns}) FROM STDIN"
    driver_error = conn.dialect.loaded_dbapi.Error
    try:
        with driver.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                values = list(getter(row)) if len(pairs) > 1 else [getter(row)]
                for i, p in processed:
                    if values[i] is not None:
                        values[i] = p(values[i])
                copy.write_row(values)
    except driver_error as exc:
        # Raised as SQLAlchemy raises what passes through it, so a serialisation failure of a concurrent
        # import is retried (store.writes) and any other error reads as the store's, not the driver's.
        raise DBAPIError.instance(statement, None, exc, driver_error, dialect=conn.dialect) from exc


_BEHIND = "govops_copy_behind"


class _CopyBehind:
    """COPYs run one after another on a thread of their own; ``wait`` lets them finish and raises the first error."""

    def __init__(self) -> None:
        self.jobs: queue.Queue[Callable[[], None] | None] = queue.Queue()
        self.error: BaseException | None = None
        # Started with the first COPY: an import forks its reading process before that, with one thread only.
        self.thread: threading.Thread | None = None

    def _work(self) -> None:
        while True:
            job = self.jobs.get()
            try:
                if job is None:
                    return
                if self.error is None:  # after a failure the transaction is aborted: the rest would only fail
                    job()
            except BaseException as exc:  # raised again in the caller's thread
                self.error = exc
            finally:
                self.jobs.task_done()

    def submit(self, job: Callable[[], None]) -> None:
        self._raise()
        if self.thread is None:
            self.thread = threading.Thread(target=self._work, name="govops-copy", daemon=True)
            self.thread.start()
        self.jobs.put(job)

    def wait(self) -> None:
        self.jobs.join()
        self._raise()

    def close(self) -> None:
        if self.thread is not None:
            self.jobs.put(None)
            self.thread.join()

    def _raise(self) -> None:
        if self.error is not None:
            error, self.error = self.error, None
            raise error


@contextlib.contextmanager
def copying_behind(session: Session) -> Iterator[None]:
    """PostgreSQL: ``bulk_insert`` returns while its COPY runs (queued after those before), so the caller
    builds the next batch meanwhile.

    The client and the server then work at the same time (the driver lets go of the interpreter while it
    waits for the server). Any other statement on the session's connection first waits for the COPY
    and raises its error (a serialisation failure is retried by ``run_write`` as before); so does leaving
    the block, before the caller commits or rolls back. Nothing changes on other backends.
    """
    conn = session.connection()
    if conn.dialect.driver != "psycopg" or _BEHIND in session.info:
        yield
        return
    behind = _CopyBehind()

    def wait_first(*_args: Any) -> None:
        behind.wait()

    event.listen(conn, "before_cursor_execute", wait_first)
    session.info[_BEHIND] = behind
    try:
        yield
        behind.wait()
    finally:
        del session.info[_BEHIND]
        event.remove(conn, "before_cursor_execute", wait_first)
        # After an error elsewhere the COPYs still end before the rollback; their own error is then not news.
        with contextlib.suppress(Exception):
            behind.wait()
        behind.close()
