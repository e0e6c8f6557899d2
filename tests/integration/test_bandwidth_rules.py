"""promtool on the bandwidth rules (check + unit tests) and on the agent's exposition (golden + live)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from govops.collectors.bandwidth_targets import LinkSpec
from govops.collectors.counters import Totals
from govops.collectors.if_counters import IfSample, TargetSnapshot, render
from govops.collectors.if_table import IfRow

REPO = Path(__file__).resolve().parents[2]
RULES = REPO / "exporters" / "prometheus" / "bandwidth.rules.yml"
RULE_TESTS = REPO / "exporters" / "prometheus" / "tests" / "bandwidth.rules.test.yml"
GOLDEN = REPO / "tests" / "unit" / "collectors" / "fixtures" / "bandwidth_golden.prom"

pytestmark = pytest.mark.integration


def promtool() -> str:
    tool = shutil.which("promtool")
    if tool is None:
        pytest.fail("promtool not found: install the Debian package `prometheus` (scripts/install-system-deps.sh)")
    return tool


def test_promtool_check_rules() -> None:
    res = subprocess.run([promtool(), "check", "rules", str(RULES)], capture_output=True, text=True, check=False)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "SUCCESS: 17 rules found" in res.stdout


def test_promtool_test_rules() -> None:
    res = subprocess.run(
        [promtool(), "test", "rules", str(RULE_TESTS)], capture_output=True, text=True, check=False,
        cwd=RULE_TESTS.parent,
    )
    assert res.returncode == 0, res.stdout + res.stderr


def golden_snapshots() -> list[TargetSnapshot]:
    link = LinkSpec(name="city-telecom", device="egress-1", interface="XGigabitEthernet0/0/1", carrier="中国电信",
                    role="primary", level="city", site="city", bandwidth_mbps=10000)
    rows = [
        IfRow(1, "XGigabitEthernet0/0/1", "XGigabitEthernet0/0/1", "to 中国电信 \"city\"\\egress", "ethernetCsmacd",
              10e9, True),
        IfRow(2, "GigabitEthernet0/0/2", "GigabitEthernet0/0/2", "", "ethernetCsmacd", None, False),
    ]
    live = TargetSnapshot(
        target="egress-1", up=True, duration_s=0.05, last_success=1_700_000_000.0,
        interfaces=(IfSample(rows[0], True, Totals(1e12, 2e11, 3, 4, 5, 6)), IfSample(rows[1], False, Totals())),
        links=(link,), discontinuities=(("reboot", 1),), polls_total=10, failures_total=1, table_reads_total=2,
        varbinds_per_pdu=40, uptime_ticks=12345,
    )
    stale = TargetSnapshot(target="county-1", up=False, duration_s=2.0, last_success=1_699_999_000.0,
                           interfaces=(IfSample(rows[1], True, Totals(9, 9)),), polls_total=5, failures_total=5,
                           error="no SNMP answer")
    return [live, stale]


def exposition() -> str:
    from prometheus_client import CollectorRegistry, generate_latest

    class Fixed:
        def collect(self):  # type: ignore[no-untyped-def]
            return render(golden_snapshots(), now=1_700_000_010.0, stale_after_s=150)

    reg = CollectorRegistry()
    reg.register(Fixed())  # type: ignore[arg-type]
    return generate_latest(reg).decode()


def test_golden_exposition_is_unchanged_and_promtool_clean() -> None:
    text = exposition()
    if os.environ.get("GOVOPS_UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8"), "exposition changed: rerun with GOVOPS_UPDATE_GOLDEN=1"
    # A stale target says so and repeats no numbers.
    assert 'govops_target_stale{target="county-1"} 1.0' in text
    assert 'target="county-1"} 9.0' not in text
    res = subprocess.run([promtool(), "check", "metrics"], input=text, capture_output=True, text=True, check=False)
    assert res.returncode == 0, res.stdout + res.stderr
    assert res.stdout + res.stderr == ""


def test_fast_exposition_is_byte_identical_to_prometheus_client() -> None:
    from govops.collectors.if_counters import render_text

    assert render_text(golden_snapshots(), now=1_700_000_010.0, stale_after_s=150) == exposition()
