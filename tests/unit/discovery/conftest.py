"""Fixtures of the discovery tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from govops.store.db import make_engine, upgrade_store


@pytest.fixture
def engine(store_url: str) -> Iterator[Engine]:
    """A store at the current revision (SQLite here, or PostgreSQL under GOVOPS_TEST_DB), for reconcile to write."""
    eng = make_engine(store_url)
    upgrade_store(eng)
    yield eng
    eng.dispose()
