"""`govops audit`: findings of the hand-made city, exit codes per threshold, the textfile."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import stat
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from govops.store.db import make_engine, session_scope
from govops.store.models import Department, System
from tests.conftest import Cli
from tests.storetools import store_backend
from tests.unit.reports.city import AS_OF


def test_city_findings(city: Cli) -> None:
    res = city("audit", "--as-of", AS_OF, "--format", "json", "--fail-on", "critical")
    assert res.exit_code == 1, res.stderr
    body = res.json()
    found = {(f["rule"], f["subject"]) for f in body["findings"]}
    assert {("dengbao_failed", "S7"), ("dengbao_not_assessed", "S3"), ("telnet_enabled", "sw2"),
            ("default_admin", "fw1")} == {(f["rule"], f["subject"]) for f in body["findings"]
                                          if f["severity"] == "critical"}  # fmt: skip
    assert ("dengbao_expiring", "S2") in found
    assert {("no_backup", "S3"), ("no_backup", "S4"), ("device_past_eol", "srv1")} <= found
    assert {s for r, s in found if r == "link_no_backup"} == {"L4", "L5", "L7"}
    assert ("telnet_enabled", "sw1") not in found  # closed findings are not reported
    assert body["counts"] == {"critical": 4, "warning": 14}


def _store_with(cli: Cli, **system: object) -> None:
    engine = make_engine(cli.db_url)
    with session_scope(engine) as s:
        d = Department(code="D1", name="x", level="city")
        s.add(d)
        s.flush()
        s.add(System(name="S", department_id=d.id, **system))


@pytest.mark.parametrize(
    ("system", "fail_on", "code"),
    [
        ({"backup": "offsite"}, "warning", 0),  # clean
        ({"backup": "offsite"}, "critical", 0),
        ({"backup": "none"}, "critical", 0),  # a warning only
        ({"backup": "none"}, "warning", 1),
        ({"backup": "none"}, "info", 1),
        ({"backup": "offsite", "dengbao_level": 3}, "critical", 1),  # never assessed: critical
        ({"backup": "offsite", "dengbao_level": 3}, "warning", 1),
    ],
)
def test_exit_code_per_threshold(store_cli: Cli, system: dict[str, Any], fail_on: str, code: int) -> None:
    _store_with(store_cli, **system)
    res = store_cli("audit", "--fail-on", fail_on)
    assert res.exit_code == code, res.stdout + res.stderr


def test_audit_cannot_run_is_exit_2(cli: Cli, tmp_path: Path) -> None:
    tf = tmp_path / "tf"
    tf.mkdir()
    res = cli("audit", "--textfile", str(tf))  # no store
    assert res.exit_code == 2 and "govops init" in res.stderr
    assert "govops_audit_success 0.0" in (tf / "govops_audit.prom").read_text()
    assert cli("audit", "--fail-on", "severe").exit_code == 2
    assert cli("audit", "--textfile", str(tmp_path / "nope")).exit_code == 2


def test_textfile_is_valid_and_atomic(city: Cli, tmp_path: Path) -> None:
    res = city("audit", "--as-of", AS_OF, "--textfile", str(tmp_path))
    assert res.exit_code == 1
    assert [p.name for p in tmp_path.iterdir()] == ["govops_audit.prom"]  # no temporary file left
    text = (tmp_path / "govops_audit.prom").read_text()
    assert 'govops_audit_findings{rule="link_no_backup",severity="warning",source="compliance"} 3.0' in text
    assert 'govops_audit_findings_by_severity{severity="critical"} 4.0' in text
    assert "govops_audit_success 1.0" in text
    promtool = shutil.which("promtool")
    if promtool is None:
        pytest.fail("promtool is not installed (scripts/install-system-deps.sh installs prometheus)")
    check = subprocess.run([promtool, "check", "metrics"], input=text, capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stdout + check.stderr


def test_audit_subcommands_still_reachable(city: Cli) -> None:
    res = city("audit", "--help")
    assert res.exit_code == 0 and "--fail-on" in res.stdout


@pytest.mark.skipif(store_backend() != "sqlite", reason="SQLite write lock (PostgreSQL: run_write reruns on conflict)")
def test_audit_waits_for_a_scan_holding_the_lock(city_rw: Cli) -> None:
    """Cron's audit starting while a scan writes waits for it, instead of exiting 2 at once."""
    scan = sqlite3.connect(city_rw.home / "govops.db", isolation_level=None, check_same_thread=False)
    # A stored configuration with findings to open, so the audit must write (a pass with nothing to
    # change never needed the lock).
    device = scan.execute("SELECT min(id) FROM devices").fetchone()[0]
    scan.execute("UPDATE devices SET platform = 'cisco_ios' WHERE id = ?", (device,))
    scan.execute("INSERT INTO config_backups (device_id, taken_at, sha256, text, source) VALUES (?, ?, ?, ?, ?)",
                 (device, "2026-01-01 00:00:00", "0" * 64, "line vty 0 4\n transport input telnet\n", "ssh"))
    scan.execute("BEGIN IMMEDIATE")
    scan.execute("UPDATE devices SET reachability = 'reachable'")
    done = threading.Timer(1.0, lambda: scan.execute("COMMIT"))
    done.start()
    try:
        started = time.monotonic()
        res = city_rw("audit", "--as-of", AS_OF)
        assert res.exit_code == 1, res.stderr  # the city's findings, not "locked" (2)
        assert time.monotonic() - started >= 0.9
    finally:
        done.join()
        scan.close()


def test_textfile_is_readable_by_node_exporter_under_a_strict_umask(cli: Cli, tmp_path: Path) -> None:
    """node_exporter runs as another user: a cron user's umask 077 must not make the textfile 0600."""
    tf = tmp_path / "tf"
    tf.mkdir()
    old = os.umask(0o077)
    try:
        assert cli("audit", "--textfile", str(tf)).exit_code == 2  # no store: the failed run's textfile
    finally:
        os.umask(old)
    assert stat.S_IMODE((tf / "govops_audit.prom").stat().st_mode) == 0o644


def test_the_table_shows_computed_titles_in_both_languages_and_json_the_chosen_one(city: Cli) -> None:
    # Before, the table's title cell was the --lang one alone ('MLPS assessment failed' with --lang en).
    table = city("audit", "--as-of", AS_OF, "--lang", "en", env={"COLUMNS": "240"})
    assert "等保测评未通过 MLPS assessment failed" in table.stdout, table.stdout
    assert "系统无备份 System without backup" in table.stdout
    body = city("audit", "--as-of", AS_OF, "--lang", "en", "--json").json()
    assert {f["title"] for f in body["findings"] if f["rule"] == "dengbao_failed"} == {"MLPS assessment failed"}


_CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_rule_has_a_chinese_and_an_english_title(city: Cli) -> None:
    """Every rule `govops audit` lists: computed (reports.i18n), 等保 host (catalog data), configuration (per
    platform's audit.yaml), default login (platforms.factory_defaults), each with two title fields, Chinese and
    English, never one text holding both."""
    from govops.catalog.dengbao import default_ruleset
    from govops.platforms.audit_rules import rules_for
    from govops.platforms.factory_defaults import LOGIN_RULE, LOGIN_TITLE_EN, LOGIN_TITLE_ZH
    from govops.platforms.registry import PLATFORMS
    from govops.reports.audit import computed_groups
    from govops.reports.build import make_context
    from govops.reports.i18n import LABELS

    with session_scope(make_engine(city.db_url)) as session:
        computed = [g.rule for g in computed_groups(make_context(session, lang="zh"))]
    assert len(computed) == 8
    pairs = [(r, *LABELS[f"audit.rule.{r}"]) for r in computed]
    pairs += [(r.id, r.title_zh, r.title_en) for r in default_ruleset().rules]
    pairs += [(rule.id, rule.title_zh, rule.title_en) for platform in PLATFORMS for rule in rules_for(platform)]
    pairs.append((LOGIN_RULE, LOGIN_TITLE_ZH, LOGIN_TITLE_EN))  # default credentials: one rule on every platform
    assert len(pairs) > 8 + len(default_ruleset().rules) + len(PLATFORMS)
    for rule_id, zh, en in pairs:
        assert _CJK.search(zh) and en.isascii() and re.search("[A-Za-z]", en), (rule_id, zh, en)
        assert " / " not in zh + en, (rule_id, zh, en)


def test_stored_findings_show_their_rules_titles_whatever_text_they_were_stored_with(store_cli: Cli) -> None:
    """Stored findings were written 'English / 中文' (host ones with '[clause]'): the table draws '中文 English' from
    the rule (looked up by source and id), --json the --lang one; a rule this release does not know, as stored."""
    from govops.store.models import Device, Finding

    stored = [("config_audit", "cisco_ios.telnet_enabled", "Telnet allowed on VTY / VTY 允许 Telnet"),
              # an older release's clause form: the rule's current words are shown
              ("dengbao_host", "password_complexity", "Password complexity / 口令复杂度 (8.1.4.1 a))"),
              ("default_credentials", "huawei_vrp.factory_default_login",
               "Factory-default login accepted / 出厂默认口令可登录"),
              ("config_audit", "gone_os.retired_rule", "Retired check / 已撤销的检查")]  # fmt: skip
    with session_scope(make_engine(store_cli.db_url)) as s:
        dev = Device(name="sw-1", kind="switch")
        s.add(dev)
        s.flush()
        s.add_all([Finding(device_id=dev.id, source=src, rule_id=rule, severity="critical", title=title,
                           status="open") for src, rule, title in stored])  # fmt: skip
    table = store_cli("audit", env={"COLUMNS": "400"})
    assert table.exit_code == 1, table.stderr
    for cell in ("VTY 允许 Telnet Telnet allowed on VTY", "口令复杂度 Password complexity [8.1.4.1 a)]",
                 "出厂默认口令可登录 Factory-default login accepted", "Retired check / 已撤销的检查"):
        assert cell in table.stdout, (cell, table.stdout)
    assert "Telnet allowed on VTY / " not in table.stdout
    for lang, want in (("en", ["Telnet allowed on VTY", "Password complexity [8.1.4.1 a)]",
                               "Factory-default login accepted", "Retired check / 已撤销的检查"]),
                       ("zh", ["VTY 允许 Telnet", "口令复杂度 [8.1.4.1 a)]", "出厂默认口令可登录",
                               "Retired check / 已撤销的检查"])):  # fmt: skip
        body = store_cli("audit", "--json", "--lang", lang).json()
        titles = {f["rule"]: f["title"] for f in body["findings"] if f["source"] != "compliance"}
        assert [titles[rule] for _, rule, _ in stored] == want, titles
    report = store_cli("report", "compliance", "--format", "json", "--lang", "zh")
    assert report.exit_code == 0, report.stderr
    assert "口令复杂度 [8.1.4.1 a)]" in report.stdout and "(8.1.4.1 a))" not in report.stdout, report.stdout
    assert "出厂默认口令可登录" in report.stdout
    # A rule this release does not know: its stored text as it is, as `govops audit` shows it (the report took the
    # half after ' / ' as the Chinese title: a second reading of stored text).
    assert "Retired check / 已撤销的检查" in report.stdout, report.stdout
    # `audit config` (no --lang before): its table said the stored text, --json too, where `audit` draws the rule's.
    config = store_cli("audit", "config", env={"COLUMNS": "400"})
    assert config.exit_code == 1, config.stderr
    assert "VTY 允许 Telnet Telnet allowed on VTY" in config.stdout and "Retired check / 已撤销的检查" in config.stdout
    assert "Telnet allowed on VTY / " not in config.stdout
    for lang, want in (("en", ["Telnet allowed on VTY", "Retired check / 已撤销的检查"]),
                       ("zh", ["VTY 允许 Telnet", "Retired check / 已撤销的检查"])):
        body = store_cli("audit", "config", "--json", "--lang", lang).json()
        titles = {f["rule"]: f["title"] for f in body["findings"]}
        assert [titles[rule] for src, rule, _ in stored if src == "config_audit"] == want, titles
