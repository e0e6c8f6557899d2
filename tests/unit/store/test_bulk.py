"""``bulk_insert`` leaves out columns that are empty in every row: what is stored is what the ORM would store."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, Integer, MetaData, String, Table, func, select, text
from sqlalchemy.orm import Session

from govops.store.bulk import _given_keys, bulk_insert
from govops.store.db import make_engine, upgrade_store
from govops.store.models import Device


def test_empty_columns_are_left_out_and_read_back_null(store_url: str) -> None:
    engine = make_engine(store_url)
    upgrade_store(engine)
    rows = [{"name": f"d{i}", "kind": "server", "vendor": None, "serial": None if i else "SN1",
             "purchased": dt.date(2020, 1, i + 1), "ipv6": None} for i in range(3)]  # fmt: skip
    with Session(engine) as s:
        assert bulk_insert(s, Device, rows) == 3
        orm = [{**row, "name": f"o{i}"} for i, row in enumerate(rows)]
        s.add_all(Device(**row) for row in orm)
        s.flush()
        got = s.execute(select(Device.name, Device.vendor, Device.serial, Device.purchased, Device.ipv6,
                               Device.reachability).order_by(Device.name)).all()  # fmt: skip
        # `IS NULL` finds a value left out; the Python-side default (reachability) is written as the ORM writes it.
        nulls = s.execute(select(Device.name).where(Device.vendor.is_(None), Device.ipv6.is_(None))).scalars()
        assert sorted(nulls) == ["d0", "d1", "d2", "o0", "o1", "o2"]
    bulk = [tuple(r[1:]) for r in got if r[0].startswith("d")]
    assert bulk == [tuple(r[1:]) for r in got if r[0].startswith("o")]
    assert bulk[0] == (None, "SN1", dt.date(2020, 1, 1), None, "unknown")


def test_processed_values_are_remembered_per_value(store_url: str) -> None:
    """One time for every row (an import's history), repeated dates and flags: each row stores its own value."""
    engine = make_engine(store_url)
    upgrade_store(engine)
    seen = dt.datetime(2024, 5, 20, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    rows = [{"name": f"d{i}", "kind": "server", "last_seen": seen if i < 3 else seen + dt.timedelta(hours=i),
             "purchased": dt.date(2020, 1, 1 + i % 2), "ipv6": i % 2 == 0} for i in range(6)]  # fmt: skip
    with Session(engine) as s:
        bulk_insert(s, Device, rows)
        got = s.execute(select(Device.last_seen, Device.purchased, Device.ipv6).order_by(Device.name)).all()
    assert [tuple(r) for r in got] == [(r["last_seen"], r["purchased"], r["ipv6"]) for r in rows]
    assert all(r[0] is not None and r[0].tzinfo is not None for r in got)


def test_a_column_with_a_server_default_is_always_given() -> None:
    """Left out, it would take its default instead of the NULL the rows say."""
    table = Table("t", MetaData(), Column("id", Integer, primary_key=True), Column("a", String),
                  Column("b", String, server_default=text("'x'")))  # fmt: skip
    rows = [{"a": None, "b": None}, {"a": None, "b": None}]
    assert _given_keys(table, ["a", "b"], rows) == ["b"]
    assert _given_keys(table, ["a", "b"], [{"a": None, "b": None}, {"a": "1", "b": None}]) == ["a", "b"]


def test_a_failed_copy_is_the_stores_error_and_a_conflict_is_retryable(store_url: str) -> None:
    """A row refused inside PostgreSQL's COPY raises as SQLAlchemy raises (one way for every caller):
    a serialisation failure there is what ``run_write`` reruns (a concurrent import's history COPY hit one)."""
    import psycopg.errors
    import pytest
    from sqlalchemy.exc import DBAPIError, IntegrityError

    from govops.store.writes import is_conflict

    engine = make_engine(store_url)
    upgrade_store(engine)
    with Session(engine) as s:
        bulk_insert(s, Device, [{"name": "d0", "kind": "server"}])
        with pytest.raises(IntegrityError) as caught:  # the same name twice: the unique index refuses it
            bulk_insert(s, Device, [{"name": "d0", "kind": "server"}])
    assert isinstance(caught.value, DBAPIError)
    if engine.dialect.name == "postgresql":
        assert "COPY" in str(caught.value)
        wrapped = DBAPIError.instance("COPY history", None, psycopg.errors.SerializationFailure("x"), psycopg.Error)
        assert is_conflict(wrapped)


def test_a_copy_behind_fails_the_next_statement_with_its_row_named(store_url: str) -> None:
    """``copying_behind``: the COPY runs while the caller goes on; the next statement waits for it and raises
    its error, as a COPY in the caller's thread would (PostgreSQL; elsewhere the insert is immediate)."""
    import pytest
    from sqlalchemy.exc import IntegrityError

    from govops.store.bulk import copying_behind

    engine = make_engine(store_url)
    upgrade_store(engine)
    with Session(engine) as s, copying_behind(s):
        bulk_insert(s, Device, [{"name": f"d{i}", "kind": "server"} for i in range(2000)])
        assert s.scalar(select(func.count()).select_from(Device)) == 2000  # waits for the COPY, sees its rows
        if engine.dialect.name == "postgresql":
            bulk_insert(s, Device, [{"name": "x1", "kind": "server"}, {"name": "d7", "kind": "server"}])
            with pytest.raises(IntegrityError, match=r"(?s)d7.*COPY devices, line 2"):
                s.execute(select(1))
    with Session(engine) as s, pytest.raises(IntegrityError), copying_behind(s):
        s.execute(select(1))
        bulk_insert(s, Device, [{"name": "d0", "kind": "server"}, {"name": "d0", "kind": "server"}])
        # leaving the block waits for the COPY and raises its error before anything commits
