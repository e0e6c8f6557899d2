"""Migration 0010: ``links.probe`` is added to a store holding links, which keep their rows (no probe);
the revision goes down and up again."""

from __future__ import annotations

from alembic import command
from sqlalchemy import Engine, inspect, select

from govops.store.db import SCHEMA_HEAD, _alembic_config, current_revision, make_engine, upgrade_store
from govops.store.models import Link


def columns(engine: Engine) -> set[str]:
    return {c["name"] for c in inspect(engine).get_columns("links")}


def test_a_store_at_0009_gets_the_probe_column_and_keeps_its_links(store_url: str) -> None:
    engine = make_engine(store_url)
    cfg = _alembic_config(engine)
    command.upgrade(cfg, "0009_partial")
    assert "probe" not in columns(engine)
    with engine.begin() as conn:
        conn.execute(Link.__table__.insert().values(name="egress-telecom", kind="internet", bandwidth_mbps=1000.0))
    upgrade_store(engine)
    assert current_revision(engine) == SCHEMA_HEAD and "probe" in columns(engine)
    with engine.connect() as conn:
        assert conn.execute(select(Link.name, Link.probe)).all() == [("egress-telecom", None)]
    command.downgrade(cfg, "0009_partial")
    assert "probe" not in columns(engine)
    upgrade_store(engine)
    assert "probe" in columns(engine)
    engine.dispose()
