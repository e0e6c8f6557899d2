"""The same rows give the same answers on SQLite and on PostgreSQL: every report, list and audit.

The demo city is imported into SQLite, a few changes at awkward moments are added
(a +08:00 time, a naive one, midnight boundaries), then every row is copied to a
PostgreSQL store. Every report and listing must then give identical JSON, and every
timestamp must come back timezone-aware in UTC. Runs in the PostgreSQL pass of
`make test` (``GOVOPS_TEST_DB=postgres``).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

from govops.store.db import make_engine, session_scope
from govops.store.models import Base, HistoryEntry
from tests.conftest import REPO, Cli
from tests.storetools import StoreFactory, default_store_url, store_backend

DEMO = REPO / "inventory" / "demo-city"
REPORTS = ["summary", "migration", "xinchuang", "rooms", "links", "compliance", "changes"]
AS_OF = "2026-06-30"
CST = dt.timezone(dt.timedelta(hours=8))
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.store,
    pytest.mark.skipif(store_backend() != "postgres", reason="compares with PostgreSQL: GOVOPS_TEST_DB=postgres"),
]


def add_awkward_history(engine: Engine) -> None:
    """Changes whose moments differ by backend unless they are stored and read as UTC."""
    # Reports judge days in Asia/Shanghai (UTC+8, the default [reports] timezone).
    moments = [
        dt.datetime(2026, 6, 30, 7, 59, 59, tzinfo=CST),  # 2026-06-29 23:59:59 UTC: inside the window
        dt.datetime(2026, 6, 30, 23, 59, 59, tzinfo=CST),  # 2026-06-30 15:59:59 UTC: last second of as_of
        dt.datetime(2026, 7, 1, 0, 0, 0, tzinfo=CST),  # 2026-06-30 16:00 UTC: after as_of, left out
        dt.datetime(2026, 6, 15, 12, 0, 0),  # naive: taken as UTC
    ]
    with session_scope(engine) as s:
        for i, at in enumerate(moments):
            s.add(HistoryEntry(at=at, source="user", actor="ops", action="update", entity_kind="system",
                               entity_key=f"S{i}", field="backup", old="none", new="offsite"))  # fmt: skip


def copy_rows(source: Engine, target: Engine) -> None:
    """Copy every row of every govops table, parents first."""
    with source.connect() as src, target.begin() as dst:
        for table in Base.metadata.sorted_tables:
            # Columns the database computes (devices.dimension_verdicts) are computed again, not copied.
            stored = [c for c in table.columns if c.computed is None]
            rows = [dict(r._mapping) for r in src.execute(select(*stored))]
            if rows:
                dst.execute(table.insert(), rows)


def differences(a: Any, b: Any, path: str = "$") -> list[str]:
    """Where two JSON documents differ, leaf by leaf (for a readable failure)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return [d for k in sorted(set(a) | set(b), key=str) for d in differences(a.get(k), b.get(k), f"{path}.{k}")]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True)) for d in differences(x, y, f"{path}[{i}]")]
    return [] if a == b else [f"{path}: sqlite {a!r} != postgres {b!r}"]


def without_moment_of_run(doc: Any) -> Any:
    """Drop the moment the document was generated: it is the only field that may differ."""
    if isinstance(doc, dict):
        doc.pop("generated_at", None)
    return doc


@pytest.fixture(scope="module")
def twins(tmp_path_factory: pytest.TempPathFactory, postgres_server: Any) -> tuple[Cli, Cli]:
    """The demo city with the same rows on SQLite and on PostgreSQL."""
    lite_home = tmp_path_factory.mktemp("sqlite") / "home"
    lite = Cli(lite_home, default_store_url(lite_home))
    assert lite("init").exit_code == 0
    res = lite("inventory", "import", str(DEMO))
    assert res.exit_code == 0, res.stderr
    lite_engine = make_engine(lite.db_url)
    add_awkward_history(lite_engine)
    pg_home = tmp_path_factory.mktemp("postgres") / "home"
    pg = Cli(pg_home, StoreFactory(postgres_server)(pg_home, migrated=True))
    pg_engine = make_engine(pg.db_url)
    copy_rows(lite_engine, pg_engine)
    lite_engine.dispose()
    pg_engine.dispose()
    return lite, pg


@pytest.mark.parametrize("kind", REPORTS)
def test_every_report_is_identical(twins: tuple[Cli, Cli], kind: str) -> None:
    docs = []
    for cli in twins:
        res = cli("report", kind, "--format", "json", "--as-of", AS_OF, "--lang", "zh")
        assert res.exit_code == 0, res.stderr
        docs.append(without_moment_of_run(res.json()))
    assert not differences(docs[0], docs[1]), differences(docs[0], docs[1])[:10]


@pytest.mark.parametrize(
    "args",
    [
        ("inventory", "list", "devices", "--json"),
        ("inventory", "list", "systems", "--json"),
        ("inventory", "history", "--json"),
        ("audit", "--format", "json"),
        ("report", "changes", "--format", "csv", "--as-of", AS_OF),
    ],
    ids=lambda a: "-".join(a[:3]),
)
def test_lists_and_audit_are_identical(twins: tuple[Cli, Cli], args: tuple[str, ...]) -> None:
    outs = []
    for cli in twins:
        res = cli(*args)
        assert res.exit_code in (0, 1), res.stderr
        outs.append(without_moment_of_run(json.loads(res.stdout)) if "--json" in args or "json" in args else res.stdout)
    assert outs[0] == outs[1]


def test_timestamps_are_utc_and_aware_on_both(twins: tuple[Cli, Cli]) -> None:
    changes = []
    for cli in twins:
        engine = make_engine(cli.db_url)
        with session_scope(engine) as s:
            ats = list(s.scalars(select(HistoryEntry.at).where(HistoryEntry.actor == "ops").order_by(HistoryEntry.id)))
        engine.dispose()
        assert all(a.utcoffset() == dt.timedelta(0) for a in ats), ats
        assert ats[0] == dt.datetime(2026, 6, 29, 23, 59, 59, tzinfo=dt.UTC)
        assert ats[3] == dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC)
        doc = cli("report", "changes", "--format", "json", "--as-of", AS_OF).json()
        listed = [r for sec in doc["sections"] for tab in sec["tables"] for r in tab["rows"] if r.get("actor") == "ops"]
        changes.append(listed)
    # The last second of the as-of day is in, the first second after it is out, on both backends.
    assert [r["key"] for r in changes[0]] == ["S1", "S0", "S3"]
    # Shown in the report's time zone: the naive moment was taken as UTC (12:00 UTC is 20:00 in Shanghai).
    assert [r["at"] for r in changes[0]] == ["2026-06-30 23:59", "2026-06-30 07:59", "2026-06-15 20:00"]
    assert changes[0] == changes[1]


def test_store_factory_gives_each_caller_its_own_database(postgres_server: Any, tmp_path: Path) -> None:
    factory = StoreFactory(postgres_server)
    a, b = factory(tmp_path), factory(tmp_path, migrated=True)
    assert a != b and a.startswith("postgresql+psycopg://") and "127.0.0.1" in a
    factory.drop(a)
    factory.drop(b)
