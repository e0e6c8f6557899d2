"""Fixtures of the report tests: a store holding the hand-made city, built once per module."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.unit.reports.city import build_city


def make_city_cli(home: Path) -> Cli:
    cli = Cli(home)
    res = cli("init")
    assert res.exit_code == 0, res.stderr
    build_city(home)
    return cli


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Cli:
    """A CLI on a store holding the hand-made city (read-only use: do not change it)."""
    return make_city_cli(tmp_path_factory.mktemp("city") / "home")


@pytest.fixture
def city_rw(tmp_path: Path) -> Cli:
    """A CLI on a fresh copy of the hand-made city that a test may change."""
    return make_city_cli(tmp_path / "home")
