"""Configuration audit rules are data: every file loads, every platform covers the checks, rules fire."""

from __future__ import annotations

from pathlib import Path

import pytest

from govops.errors import InputError
from govops.lab.sshsim import transcripts_for
from govops.platforms.audit_rules import audit_config, load_rules, rules_for
from govops.platforms.masking import mask_secrets
from govops.platforms.registry import PLATFORMS, PLATFORMS_DIR

CHECKS = ("telnet_enabled", "snmp_v1_v2c", "snmp_default_community", "no_aaa", "no_ntp", "no_remote_logging", "no_ipv6")


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
def test_every_platform_has_the_core_checks(platform: str) -> None:
    ids = {r.id.removeprefix(platform + ".") for r in rules_for(platform)}
    missing = set(CHECKS) - ids
    assert not missing, missing
    assert all(r.advice and r.title_zh and r.title_en for r in rules_for(platform)), "advice, zh/en titles: every rule"


def test_rule_files_match_platforms() -> None:
    assert sorted(p.parent.name for p in PLATFORMS_DIR.glob("*/audit.yaml")) == sorted(PLATFORMS)


EXPECTED_LAB = {
    "huawei_vrp": {"telnet_enabled", "snmp_default_community", "default_local_user", "http_management", "no_ntp"},
    "hp_comware": {"telnet_enabled", "snmp_default_community", "default_local_user", "http_management"},
    "ruijie_os": {"telnet_enabled", "snmp_default_community", "weak_password_type", "no_aaa"},
    "zte_zxros": {"snmp_v1_v2c", "default_local_user"},
    "cisco_ios": {"telnet_enabled", "ssh_v1", "snmp_default_community", "no_aaa", "weak_password_type"},
    "cisco_nxos": {"telnet_enabled", "snmp_default_community"},
    "juniper_junos": {"telnet_enabled", "snmp_default_community", "http_management"},
}
NOT_EXPECTED_LAB = {
    "hp_comware": {"no_ntp", "no_remote_logging", "no_aaa"},
    "zte_zxros": {"telnet_enabled", "ssh_v1", "no_ntp", "no_remote_logging", "no_aaa"},
    "cisco_nxos": {"no_ntp", "no_remote_logging"},
    "juniper_junos": {"ssh_v1", "no_ntp", "no_remote_logging"},
    "ruijie_os": {"ssh_v1"},
}


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
def test_lab_configuration_findings(platform: str) -> None:
    cfg = mask_secrets(next(transcripts_for(platform).glob("*config*.raw")).read_text())
    fired = {h.rule.id.removeprefix(platform + ".") for h in audit_config(platform, cfg)}
    assert EXPECTED_LAB[platform] <= fired
    assert not (NOT_EXPECTED_LAB.get(platform, set()) & fired)
    assert "no_ipv6" not in fired  # only when IPv6 is required
    assert "no_ipv6" in {h.rule.id.removeprefix(platform + ".") for h in audit_config(platform, cfg, require_ipv6=True)}


def test_evidence_quotes_the_masked_line() -> None:
    hits = {h.rule.id: h for h in audit_config("huawei_vrp", "snmp-agent community read public\n")}
    assert "huawei_vrp.snmp_default_community" not in hits  # unmasked text: defaults are tagged by masking
    masked = {h.rule.id: h for h in audit_config("huawei_vrp", mask_secrets("snmp-agent community read public\n"))}
    assert masked["huawei_vrp.snmp_default_community"].evidence == "snmp-agent community read <masked:default-public>"


def test_bad_rule_file_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "huawei_vrp.yaml"
    path.write_text(
        "rules:\n"
        "  - id: huawei_vrp.x\n    kind: present\n    severity: critical\n    title_zh: 标题\n    title_en: t\n"
        "    patterns: ['(unclosed']\n    advice: a\n"
    )
    with pytest.raises(InputError) as info:
        load_rules(path, "huawei_vrp")
    assert f"{path}:2" in str(info.value) and "bad regex" in str(info.value)
    path.write_text("rules:\n  - id: huawei_vrp.x\n    kind: present\n    severty: critical\n")
    with pytest.raises(InputError) as info:
        load_rules(path, "huawei_vrp")
    assert "severity" in str(info.value) and f"{path}:4" in str(info.value)
    # One text holding both languages is the old form: refused at its line, pointing to the two fields.
    path.write_text("rules:\n  - id: huawei_vrp.x\n    kind: present\n    severity: critical\n    title: t / 标题\n"
                    "    patterns: ['x']\n    advice: a\n")
    with pytest.raises(InputError) as info:
        load_rules(path, "huawei_vrp")
    assert "unknown field `title`" in str(info.value) and f"{path}:5" in str(info.value), info.value


def test_evidence_quotes_every_matching_line_once_in_file_order() -> None:
    cfg = mask_secrets("snmp-agent community read public\ninterface x\nsnmp-agent community write private\n"
                       "snmp-agent community read public\n")
    hits = {h.rule.id: h for h in audit_config("huawei_vrp", cfg)}
    assert hits["huawei_vrp.snmp_default_community"].evidence == (
        "snmp-agent community read <masked:default-public>\nsnmp-agent community write <masked:default-private>")
    assert hits["huawei_vrp.no_ntp"].evidence.startswith("no line matches /")  # an absent rule names what it sought
    assert "huawei_vrp.snmp_default_community" not in {h.rule.id for h in audit_config("huawei_vrp", "interface x\n")}
