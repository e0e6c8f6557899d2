"""Fixtures of the report tests: a store holding the hand-made city, built once per module."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.storetools import StoreFactory
from tests.unit.reports.city import build_city


def make_city_cli(home: Path, url: str | None = None) -> Cli:
    """A CLI on the hand-made city in the store at ``url`` (default: SQLite in ``home``)."""
    cli = Cli(home, url)
    res = cli("init")
    assert res.exit_code == 0, res.stderr
    build_city(cli.db_url)
    return cli


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory, store_factory: StoreFactory) -> Cli:
    """A CLI on a store holding the hand-made city (read-only use: do not change it)."""
    home = tmp_path_factory.mktemp("city") / "home"
    return make_city_cli(home, store_factory(home, migrated=True))


@pytest.fixture
def city_rw(home: Path, store_url: str) -> Cli:
    """A CLI on a fresh copy of the hand-made city that a test may change."""
    return make_city_cli(home, store_url)
