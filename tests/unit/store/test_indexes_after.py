"""An import into a small table builds the table's indexes after its rows (SQLite), and leaves the schema as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect
from sqlalchemy.orm import Session

from govops.errors import InputProblems
from govops.store.bulk import bulk_insert
from govops.store.db import indexes_built_after, make_engine, session_scope, upgrade_store
from govops.store.inventory.importer import import_paths
from govops.store.models import Device


def index_names(engine: Engine, table: str) -> list[str]:
    return sorted(str(ix["name"]) for ix in inspect(engine).get_indexes(table))


def sqlite_indexes(session: Session, table: str) -> list[str]:
    rows = session.connection().exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", (table,))
    return sorted(r[0] for r in rows)  # fmt: skip


@pytest.fixture
def engine(store_url: str) -> Engine:
    engine = make_engine(store_url)
    upgrade_store(engine)
    return engine


def test_an_import_leaves_every_index_in_place_whether_it_fails_or_not(engine: Engine, tmp_path: Path) -> None:
    before = {t: index_names(engine, t) for t in ("devices", "history", "systems", "system_hosts")}
    assert "ix_devices_report_kind" in before["devices"] and "ix_history_at_id" in before["history"]
    good, bad = tmp_path / "devices.csv", tmp_path / "bad.csv"
    good.write_text("name,kind,vendor\n" + "".join(f"d{i},switch,Huawei\n" for i in range(30)), encoding="utf-8")
    bad.write_text("name,kind,vendor\nx1,switch,Huawei\nx2,no-such-kind,H3C\n", encoding="utf-8")
    with pytest.raises(InputProblems), session_scope(engine) as session:
        import_paths(session, [bad])
    assert {t: index_names(engine, t) for t in before} == before
    with session_scope(engine) as session:
        import_paths(session, [good])
    assert {t: index_names(engine, t) for t in before} == before
    # The rebuilt indexes hold the rows: a lookup through one finds them.
    with session_scope(engine) as session:
        assert session.query(Device).filter(Device.kind == "switch", Device.department_id.is_(None)).count() == 30


def test_only_small_tables_and_only_on_sqlite(engine: Engine) -> None:
    with Session(engine) as session:
        bulk_insert(session, Device, [{"name": f"d{i}", "kind": "server"} for i in range(5)])
        if engine.dialect.name != "sqlite":
            with indexes_built_after(session, ["devices"], below=10):
                assert index_names(engine, "devices") != []  # PostgreSQL: nothing dropped
            return
        full = sqlite_indexes(session, "devices")
        with indexes_built_after(session, ["devices"], below=5):  # 5 rows: not small
            assert sqlite_indexes(session, "devices") == full
        with indexes_built_after(session, ["devices"], below=10):
            assert sqlite_indexes(session, "devices") == []
            bulk_insert(session, Device, [{"name": "late", "kind": "switch"}])
        assert sqlite_indexes(session, "devices") == full
        # Work that fails inside: the transaction's rollback brings the indexes back.
        with pytest.raises(RuntimeError), indexes_built_after(session, ["devices"], below=10):
            raise RuntimeError("the import failed")
        session.rollback()
        assert sqlite_indexes(session, "devices") == full
