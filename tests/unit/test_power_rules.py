"""The power recording and alerting rules, checked and unit-tested by the real promtool."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent.parent
RULES = REPO / "exporters" / "prometheus" / "power.rules.yml"
RULE_TESTS = REPO / "tests" / "data" / "power" / "power.rules.test.yml"

pytestmark = pytest.mark.skipif(shutil.which("promtool") is None, reason="promtool (Debian prometheus) not installed")


def test_promtool_check_rules() -> None:
    res = subprocess.run(["promtool", "check", "rules", str(RULES)], capture_output=True, text=True, check=False)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "SUCCESS" in res.stdout


def test_promtool_test_rules() -> None:
    res = subprocess.run(["promtool", "test", "rules", RULE_TESTS.name], capture_output=True, text=True,
                         check=False, cwd=RULE_TESTS.parent)
    assert res.returncode == 0, res.stdout + res.stderr


def test_a_broken_expectation_fails(tmp_path: Path) -> None:
    """The rule test can fail: the same file with a wrong PUE must not pass."""
    bad = tmp_path / "bad.test.yml"
    text = RULE_TESTS.read_text().replace("value: 1.15\n", "value: 1.16\n", 1)
    bad.write_text(text.replace("../../../exporters/prometheus/power.rules.yml", str(RULES)))
    res = subprocess.run(["promtool", "test", "rules", str(bad)], capture_output=True, text=True, check=False)
    assert res.returncode != 0
