"""The power recording and alerting rules, checked and unit-tested by the real promtool."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
RULES = REPO / "exporters" / "prometheus" / "power.rules.yml"
RULE_TESTS = REPO / "tests" / "data" / "power" / "power.rules.test.yml"

# promtool comes with the Debian prometheus package that `make test` installs: missing is a failure, not a skip.
pytestmark = pytest.mark.usefixtures("promtool_present")


@pytest.fixture
def promtool_present() -> None:
    if shutil.which("promtool") is None:
        pytest.fail("promtool not found: install the Debian package `prometheus` (scripts/install-system-deps.sh)")


def test_promtool_check_rules() -> None:
    res = subprocess.run(["promtool", "check", "rules", str(RULES)], capture_output=True, text=True, check=False)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "SUCCESS" in res.stdout


def test_promtool_test_rules() -> None:
    res = subprocess.run(["promtool", "test", "rules", RULE_TESTS.name], capture_output=True, text=True,
                         check=False, cwd=RULE_TESTS.parent)
    assert res.returncode == 0, res.stdout + res.stderr


BROKEN = """
rule_files: [{rules}]
evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
      - series: 'govops_energy_joules_total{{room="B",role="facility"}}'
        values: '0+690000x30'
      - series: 'govops_energy_joules_total{{room="B",role="it"}}'
        values: '0+600000x30'
    promql_expr_test:
      - expr: govops:room_pue:energy1d
        eval_time: 30m
        exp_samples:
          - labels: 'govops:room_pue:energy1d{{room="B"}}'
            value: {value}
"""


@pytest.mark.parametrize(("value", "passes"), [("1.15", True), ("1.16", False)])
def test_the_rule_test_can_fail(tmp_path: Path, value: str, passes: bool) -> None:
    """A wrong expected PUE must fail promtool: the rule test is not vacuous."""
    test_file = tmp_path / "pue.test.yml"
    test_file.write_text(BROKEN.format(rules=RULES, value=value))
    res = subprocess.run(["promtool", "test", "rules", str(test_file)], capture_output=True, text=True, check=False)
    assert (res.returncode == 0) is passes, res.stdout + res.stderr
