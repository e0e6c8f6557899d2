"""The store's schema head constant agrees with the packaged Alembic migrations."""

from __future__ import annotations

import pytest

from govops.store.db import SCHEMA_HEAD, head_revision


def test_schema_head_constant_matches_migrations() -> None:
    assert head_revision() == SCHEMA_HEAD, "update SCHEMA_HEAD in govops/store/db.py to the newest migration"


def test_postgresql_sessions_do_not_jit_compile(store_url: str) -> None:
    """JIT compilation cost 3 s per report query over 10,000 systems that then ran in 50 ms: it is off."""
    if not store_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only (GOVOPS_TEST_DB=postgres)")
    from govops.store.db import make_engine

    engine = make_engine(store_url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SHOW jit").scalar() == "off"
        conn.rollback()  # the setting is the session's, not undone with a transaction
        assert conn.exec_driver_sql("SHOW jit").scalar() == "off"
    engine.dispose()
