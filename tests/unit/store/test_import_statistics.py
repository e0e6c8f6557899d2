"""Issue 18: a large import on PostgreSQL leaves the planner's statistics current (``db.analyze_written``).

Before, reports right after an import of 1,000,000 devices were planned as if the tables were
empty until autovacuum came round (5-11 s instead of 1-2 s). The thresholds are made small here.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from govops.store import db
from govops.store.db import make_engine, session_scope, upgrade_store
from govops.store.inventory import importer
from govops.store.inventory.importer import import_paths
from govops.store.writes import run_write


@pytest.fixture
def engine(store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    monkeypatch.setattr(importer, "WRITE_BATCH", 10)
    monkeypatch.setattr(db, "ANALYZE_MIN_ROWS", 5, raising=False)
    engine = make_engine(store_url)
    upgrade_store(engine)
    refs = tmp_path / "refs.yaml"
    refs.write_text("departments:\n  - {code: D1, name: 大数据局, level: city}\n"
                    "rooms:\n  - {code: R1, name: 一号机房, department: D1}\n", encoding="utf-8")  # fmt: skip
    with session_scope(engine) as session:
        import_paths(session, [refs])
    yield engine
    engine.dispose()


def ledger(tmp_path: Path, prefix: str, n: int) -> Path:
    path = tmp_path / f"{prefix}.csv"
    rows = "".join(f"{prefix}-{i:03d},switch,R1,D1,Huawei\n" for i in range(n))
    path.write_text("name,kind,room,department,vendor\n" + rows, encoding="utf-8")
    return path


def planner_rows(engine: Engine, table: str) -> float | None:
    """The rows the planner counts in ``table`` (None before any ANALYZE), seen from a new transaction."""
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT reltuples FROM pg_class WHERE oid = CAST(:t AS regclass)"), {"t": table})
        tuples = float(rows.scalar_one())
        # pg_statistic is transactional (reltuples is not): a column's statistics exist once ANALYZE committed.
        stats = conn.execute(text("SELECT count(*) FROM pg_stats WHERE tablename = :t"), {"t": table}).scalar_one()
    return tuples if stats else None


@pytest.fixture
def postgres_only(store_url: str) -> None:
    if not store_url.startswith("postgresql"):
        pytest.skip("PostgreSQL's planner statistics")


def test_an_import_that_writes_a_large_share_of_a_table_analyzes_it(
    engine: Engine, tmp_path: Path, postgres_only: None
) -> None:
    assert planner_rows(engine, "devices") is None
    # As `inventory import` runs it: one SERIALIZABLE write transaction.
    run_write(engine, lambda session: import_paths(session, [ledger(tmp_path, "first", 60)]), what="import")
    assert planner_rows(engine, "devices") == 60
    assert planner_rows(engine, "history") == 62  # one entry per device created, and the two of refs.yaml
    # 5 rows: at the minimum, but under a tenth of the 60 the planner counts: left to autovacuum.
    with session_scope(engine) as session:
        import_paths(session, [ledger(tmp_path, "few", 5)])
    assert planner_rows(engine, "devices") == 60
    with session_scope(engine) as session:
        import_paths(session, [ledger(tmp_path, "more", 7)])  # a tenth of 65 or more
    assert planner_rows(engine, "devices") == 72


def test_a_small_import_analyzes_nothing(engine: Engine, tmp_path: Path, postgres_only: None) -> None:
    with session_scope(engine) as session:
        import_paths(session, [ledger(tmp_path, "few", 4)])  # under ANALYZE_MIN_ROWS, into an empty table
    assert planner_rows(engine, "devices") is None


def test_statistics_go_with_an_import_rolled_back(engine: Engine, tmp_path: Path, postgres_only: None) -> None:
    """The statistics are taken in the import's transaction: when it does not commit, they are not kept."""
    with pytest.raises(RuntimeError), session_scope(engine) as session:
        import_paths(session, [ledger(tmp_path, "lost", 60)])
        assert session.execute(text("SELECT count(*) FROM pg_stats WHERE tablename = 'devices'")).scalar_one()
        raise RuntimeError("the command fails after the import")
    assert planner_rows(engine, "devices") is None


def test_a_dry_run_analyzes_nothing(engine: Engine, tmp_path: Path, postgres_only: None) -> None:
    with session_scope(engine) as session:
        import_paths(session, [ledger(tmp_path, "planned", 60)], dry_run=True)
    assert planner_rows(engine, "devices") is None


def test_sqlite_keeps_planning_without_statistics(engine: Engine, tmp_path: Path, store_url: str) -> None:
    if not store_url.startswith("sqlite"):
        pytest.skip("SQLite")
    with session_scope(engine) as session:
        import_paths(session, [ledger(tmp_path, "first", 60)])
        assert db.analyze_written(session, {"devices": 60}) == []
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")).scalar_one() == 0
