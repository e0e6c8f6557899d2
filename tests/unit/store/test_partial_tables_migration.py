"""Migration 0009: ``devices.partial_tables`` is added to a store holding devices and their tables, which stay as they
were and count as whole (before it a cut walk was never saved); the revision goes down and up again."""

from __future__ import annotations

from alembic import command
from sqlalchemy import Engine, inspect, select

from govops.store.db import SCHEMA_HEAD, _alembic_config, current_revision, make_engine, upgrade_store
from govops.store.models import Device, Interface


def columns(engine: Engine) -> set[str]:
    return {c["name"] for c in inspect(engine).get_columns("devices")}


def test_a_store_at_0008_gets_the_column_and_keeps_its_tables_whole(store_url: str) -> None:
    engine = make_engine(store_url)
    cfg = _alembic_config(engine)
    command.upgrade(cfg, "0008_i18")
    assert "partial_tables" not in columns(engine)
    with engine.begin() as conn:
        # The devices table of 0008 has no partial_tables: only the columns it has are written.
        conn.execute(Device.__table__.insert().values(name="sw", kind="switch", status="in_service",
                                                      reachability="reachable"))  # fmt: skip
        dev = conn.execute(select(Device.__table__.c.id)).scalar_one()
        conn.execute(Interface.__table__.insert().values(device_id=dev, name="GE0/0/1"))
    upgrade_store(engine)
    assert current_revision(engine) == SCHEMA_HEAD and "partial_tables" in columns(engine)
    with engine.connect() as conn:
        assert conn.execute(select(Device.name, Device.partial_tables)).all() == [("sw", None)]
        assert conn.execute(select(Interface.name)).scalars().all() == ["GE0/0/1"]
    command.downgrade(cfg, "0008_i18")
    assert "partial_tables" not in columns(engine)
    upgrade_store(engine)
    assert "partial_tables" in columns(engine)
    engine.dispose()
