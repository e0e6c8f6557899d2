"""The 等保 rules file and the join of raw (possibly remote, possibly hostile) results with it."""

from __future__ import annotations

from pathlib import Path

import pytest

from govops.catalog.dengbao import default_ruleset, findings_from_results, load_ruleset
from govops.catalog.hostcheck import DEFAULT_PARAMS, RULE_IDS
from govops.errors import InputError


def test_every_check_has_one_rule_with_a_level3_clause_and_advice_in_both_languages() -> None:
    rs = default_ruleset()
    assert [r.id for r in rs.rules] == list(RULE_IDS)
    for r in rs.rules:
        assert r.clause.startswith("8.1.4.") and r.clause_text and r.title_zh and r.title_en
        assert r.advice_zh and r.advice_en and r.severity in ("info", "warning", "critical")
    assert set(rs.params) == set(DEFAULT_PARAMS) and rs.params["min_log_days"] == 180


def test_a_rules_file_that_misses_a_check_or_mistypes_a_param_is_refused(tmp_path: Path) -> None:
    text = (Path(__file__).resolve().parents[3] / "govops/catalog/data/dengbao_host.yaml").read_text()
    bad = tmp_path / "rules.yaml"
    bad.write_text(text.replace("  - id: time_sync", "  - id: time_sink"))
    with pytest.raises(InputError, match="do not match the checks"):
        load_ruleset(bad)
    bad.write_text(text.replace("min_log_days: 180", "min_log_days: half a year"))
    with pytest.raises(InputError, match="min_log_days"):
        load_ruleset(bad)


def test_results_left_out_are_unknown_never_pass() -> None:
    findings = findings_from_results([{"rule": "extra_superuser", "status": "pass", "evidence": []}])
    by_rule = {f.rule: f for f in findings}
    assert by_rule["extra_superuser"].status == "pass"
    assert by_rule["time_sync"].status == "unknown"
    assert "no result" in by_rule["time_sync"].evidence[0]["value"]


@pytest.mark.parametrize("results", [
    "not a list",
    [{"rule": "rm -rf /", "status": "pass", "evidence": []}],
    [{"rule": "time_sync", "status": "maybe", "evidence": []}],
    [{"rule": "time_sync", "status": "pass", "evidence": "a string"}],
    [{"rule": "time_sync", "status": "pass", "evidence": ["not a mapping"]}],
])
def test_malformed_results_are_a_clear_error_naming_the_host(results: object) -> None:
    with pytest.raises(InputError) as info:
        findings_from_results(results, where="host web01")
    assert "host web01" in str(info.value)


def test_evidence_is_bounded_and_typed() -> None:
    huge = [{"file": "/etc/x" * 500, "line": True, "value": "v" * 10_000}] * 500
    f = next(f for f in findings_from_results([{"rule": "time_sync", "status": "fail", "evidence": huge}])
             if f.rule == "time_sync")
    assert len(f.evidence) == 20
    assert len(f.evidence[0]["file"]) == 300 and len(f.evidence[0]["value"]) == 300
    assert f.evidence[0]["line"] is None  # a bool is not a line number
