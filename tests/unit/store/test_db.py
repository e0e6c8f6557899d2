"""The store's schema head constant agrees with the packaged Alembic migrations."""

from __future__ import annotations

from govops.store.db import SCHEMA_HEAD, head_revision


def test_schema_head_constant_matches_migrations() -> None:
    assert head_revision() == SCHEMA_HEAD, "update SCHEMA_HEAD in govops/store/db.py to the newest migration"
