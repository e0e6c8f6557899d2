"""The lab servers' 等保 settings give the spread the demo promises (checked by the real checker)."""

from __future__ import annotations

from pathlib import Path

import pytest

from govops.catalog.hostcheck import RULE_IDS, check_tree
from govops.lab.dengbao_settings import LEVELS, lay_settings
from tests.server_profiles import PROFILES

FAILING = {
    "hardened": set(),
    "partial": {"password_expiry", "remote_root_login", "remote_logging"},
    "default": set(RULE_IDS) - {"cleartext_remote_management", "time_sync", "extra_superuser"},
    "legacy": set(RULE_IDS),
}


@pytest.mark.parametrize("level", LEVELS)
def test_each_level_fails_what_it_says(level: str, tmp_path: Path) -> None:
    lay_settings(tmp_path, level)
    lay_settings(tmp_path, level)  # a rebuilt lab lays the same files again
    results = {r["rule"]: r["status"] for r in check_tree(str(tmp_path))}
    assert {r for r, s in results.items() if s != "pass"} == FAILING[level]
    assert "unknown" not in results.values()


def test_the_lab_carries_a_spread() -> None:
    assert {p.dengbao for p in PROFILES} == set(LEVELS)
