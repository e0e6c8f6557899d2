"""`govops audit host --root`: JSON shape, passes listed, exit codes for cron."""

from __future__ import annotations

from pathlib import Path

from govops.catalog.hostcheck import RULE_IDS
from tests.conftest import Cli
from tests.hosttrees import build_tree


def test_json_lists_every_rule_with_clause_evidence_and_advice(cli: Cli, tmp_path: Path) -> None:
    root = build_tree("openeuler2003", "base", tmp_path / "oe")
    res = cli("audit", "host", "--root", str(root), "--json")
    assert res.exit_code == 0, res.stdout  # openEuler's defaults pass the critical rules; --fail-on critical
    doc = res.json()
    assert [f["rule"] for f in doc["findings"]] == list(RULE_IDS)
    first = doc["findings"][0]
    assert set(first) == {"rule", "clause", "severity", "status", "evidence", "advice_zh", "advice_en"}
    assert first["clause"].startswith("8.1.4.") and first["status"] == "pass"
    expiry = next(f for f in doc["findings"] if f["rule"] == "password_expiry")
    assert expiry["status"] == "fail" and expiry["evidence"][0]["file"] == "/etc/login.defs"
    assert "PASS_MAX_DAYS" in expiry["advice_zh"]


def test_exit_codes_follow_fail_on(cli: Cli, tmp_path: Path) -> None:
    weak = build_tree("centos7", "weak", tmp_path / "weak")
    res = cli("audit", "host", "--root", str(weak))
    assert res.exit_code == 1
    # A rule's advice line names its clause once, unbroken: '8.1.4.1 a)' ends in a parenthesis of its own (before:
    # 'password_expiry (8.1.4.1 a)): ...').
    assert "\npassword_expiry [8.1.4.1 a)]: " in res.stdout and "a))" not in res.stdout, res.stdout
    # The title's English half in English (before: '主机等保技术检查 等保 host checks').
    assert "主机等保技术检查 MLPS host checks" in res.stdout and "等保 host checks" not in res.stdout, res.stdout
    hardened = build_tree("centos7", "hardened", tmp_path / "hard")
    assert cli("audit", "host", "--root", str(hardened), "--fail-on", "info").exit_code == 0
    base = build_tree("centos7", "base", tmp_path / "base")
    assert cli("audit", "host", "--root", str(base), "--fail-on", "warning").exit_code == 1
    # Unknown is never fine: an empty capture is not a compliant host.
    (tmp_path / "empty/etc").mkdir(parents=True)
    res = cli("audit", "host", "--root", str(tmp_path / "empty"))
    assert res.exit_code == 1 and "11 unknown" in res.stdout


def test_bad_input_exits_2(cli: Cli, tmp_path: Path) -> None:
    assert cli("audit", "host", "--root", str(tmp_path / "nope")).exit_code == 2
    assert cli("audit", "host", "--root", str(tmp_path), "--fail-on", "loud").exit_code == 2
