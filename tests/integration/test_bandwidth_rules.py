"""promtool on the bandwidth rules (check + unit tests) and on the agent's exposition (golden + live)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from govops.collectors.bandwidth_targets import LinkSpec
from govops.collectors.counters import Totals
from govops.collectors.if_counters import IfSample, TargetSnapshot, families
from govops.collectors.if_table import IfRow
from govops.util.exposition import render

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
    assert "SUCCESS: 18 rules found" in res.stdout


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
    return render(families(golden_snapshots(), now=1_700_000_010.0, stale_after_s=150,
                          skipped=[("no-community", "store device no-community: SNMP v2c needs a community")]))


def test_golden_exposition_is_unchanged_and_promtool_clean() -> None:
    text = exposition()
    if os.environ.get("GOVOPS_UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8"), "exposition changed: rerun with GOVOPS_UPDATE_GOLDEN=1"
    # A stale target says so and repeats no numbers.
    assert 'govops_target_stale{target="county-1"} 1\n' in text
    assert 'target="county-1"} 9\n' not in text
    res = subprocess.run([promtool(), "check", "metrics"], input=text, capture_output=True, text=True, check=False)
    assert res.returncode == 0, res.stdout + res.stderr
    assert res.stdout + res.stderr == ""


def test_prometheus_client_reads_the_exposition_as_written() -> None:
    """An independent parser (prometheus_client's) reads every sample back with its labels and value."""
    from prometheus_client.parser import text_string_to_metric_families

    text = exposition()
    parsed = {(s.name, tuple(sorted(s.labels.items())), s.value)
              for fam in text_string_to_metric_families(text) for s in fam.samples}
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    assert len(parsed) == len(lines)
    assert ("govops_interface_receive_bytes_total",
            (("interface", "XGigabitEthernet0/0/1"), ("target", "egress-1")), 1e12) in parsed
    assert ("govops_target_skipped", (("reason", "store device no-community: SNMP v2c needs a community"),
                                      ("target", "no-community")), 1.0) in parsed
