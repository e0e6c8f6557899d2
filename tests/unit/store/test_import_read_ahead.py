"""Issue 18: a large import reads and checks its rows in a forked child while the parent writes.

``READ_AHEAD_BYTES`` is set to 0 here so that these small ledgers take the forked path; batches
are 10 rows, so a few dozen rows cross several of them. The failure tests run on SQLite and
PostgreSQL (``store_url``): whatever the child does, a failed import writes nothing.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

from govops.errors import InputError, InputProblems
from govops.store.db import make_engine, session_scope, upgrade_store
from govops.store.inventory import importer, ledger
from govops.store.inventory.importer import import_paths
from govops.store.models import Device, HistoryEntry
from govops.util.forked import ChildFailed
from tests.unit.store.test_import_streaming import counts, write_ledger


@pytest.fixture
def forked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importer, "WRITE_BATCH", 10)
    monkeypatch.setattr(importer, "READ_AHEAD_BYTES", 0)


@pytest.fixture
def engine(store_url: str, forked: None) -> Iterator[Engine]:
    engine = make_engine(store_url)
    upgrade_store(engine)
    yield engine
    engine.dispose()


def stored(url: str, paths: list[Path]) -> tuple[Any, list[Any], list[Any]]:
    """Import ``paths`` into a new store at ``url``; return the result and every device and history row."""
    engine = make_engine(url)
    upgrade_store(engine)
    with session_scope(engine) as session:
        result = import_paths(session, paths, actor="tester").as_dict()
    with session_scope(engine) as session:
        devices = [tuple(r)[1:] for r in session.execute(select(Device.__table__).order_by(Device.id))]
        history = [(r.source, r.actor, r.action, r.entity_kind, r.entity_key, r.field, r.old, r.new)
                   for r in session.scalars(select(HistoryEntry).order_by(HistoryEntry.id))]  # fmt: skip
    engine.dispose()
    return result, devices, history


def test_the_forked_import_stores_what_the_one_process_import_stores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = write_ledger(tmp_path, 35)
    monkeypatch.setattr(importer, "WRITE_BATCH", 10)
    alone = stored(f"sqlite:///{tmp_path}/alone.db", paths)
    calls: list[int] = []
    fork = os.fork

    def counted_fork() -> int:
        calls.append(1)
        return fork()

    monkeypatch.setattr(os, "fork", counted_fork)
    monkeypatch.setattr(importer, "READ_AHEAD_BYTES", 0)
    ahead = stored(f"sqlite:///{tmp_path}/ahead.db", paths)
    assert calls, "the import did not fork"
    assert ahead == alone
    assert alone[0]["counts"]["devices"]["created"] == 35 and len(alone[2]) == 35 + 17 + 2


def test_a_bad_cell_the_child_finds_is_named_and_nothing_is_written(engine: Engine, tmp_path: Path) -> None:
    paths = write_ledger(tmp_path, 35, extra="dev-bad,no-such-kind,一号机房,D1,Huawei\n")
    with pytest.raises(InputProblems) as caught, session_scope(engine) as session:
        import_paths(session, paths)
    assert [p.where for p in caught.value.problems] == [f"{paths[1]}:37 column B"]
    assert counts(engine) == (0, 0, 0)


def test_an_error_raised_while_the_child_reads_reaches_the_parent(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ledger, "MAX_TABLE_ROWS", 25)  # the fork copies it: the child stops at row 26
    paths = write_ledger(tmp_path, 35)
    with pytest.raises(InputError, match="more than 25 rows") as caught, session_scope(engine) as session:
        import_paths(session, paths)
    assert caught.value.where == str(paths[1])
    assert counts(engine) == (0, 0, 0)  # two batches of devices were written before: rolled back


def test_a_child_that_dies_fails_the_import_and_nothing_is_written(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    validate = importer._validate_batch
    done = {"batches": 0}

    def dying(records: Any, problems: Any) -> Any:
        done["batches"] += 1  # in the child: the parent never validates on this path
        if done["batches"] == 3:
            os.kill(os.getpid(), signal.SIGKILL)
        return validate(records, problems)

    monkeypatch.setattr(importer, "_validate_batch", dying)
    with pytest.raises(ChildFailed, match="signal 9"), session_scope(engine) as session:
        import_paths(session, write_ledger(tmp_path, 35))
    assert counts(engine) == (0, 0, 0)
    with session_scope(engine) as session:  # the store is fine: the next import works
        monkeypatch.setattr(importer, "_validate_batch", validate)
        assert import_paths(session, write_ledger(tmp_path, 35)).counts["devices"].created == 35
