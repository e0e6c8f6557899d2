"""`govops audit ...`: one message for a bad --fail-on, whichever audit command is run."""

from __future__ import annotations

import pytest

from tests.conftest import Cli


@pytest.mark.parametrize(
    "args",
    [["audit", "--fail-on", "severe"], ["audit", "config", "--fail-on", "severe"],
     ["audit", "host", "--root", ".", "--fail-on", "severe"], ["audit", "hosts", "--fail-on", "severe"]],
)
def test_an_unknown_severity_is_one_message_with_the_choices(store_cli: Cli, args: list[str]) -> None:
    # `audit config` said '--fail-on: --fail-on must be one of ...'; `audit` said this, with the choices as a hint.
    res = store_cli(*args)
    assert res.exit_code == 2
    assert res.stderr == "error: --fail-on: unknown severity 'severe'\n  hint: one of info, warning, critical\n"


def test_the_table_title_counts_then_names_the_severities(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from govops.cli.audit_run import _emit
    from govops.reports.audit import AuditFinding

    monkeypatch.setenv("COLUMNS", "200")
    found = [AuditFinding("config", "r1", "critical", "device", "sw-1", "Telnet on"),
             AuditFinding("config", "r2", "warning", "device", "sw-2", "No NTP"),
             AuditFinding("config", "r2", "warning", "device", "sw-3", "No NTP")]  # fmt: skip
    _emit(iter(found), "table", "critical")
    out = capsys.readouterr().out
    assert "audit: 3 finding(s): 1 严重 critical, 2 警告 warning" in out
    # The severity cells of both tables, in the vocabulary's style: the summary's 2 rules, the details' 3 rows.
    assert out.count("│ 严重 critical ") == 2
    assert out.count("│ 警告 warning ") == 3


def test_at_80_columns_the_summary_keeps_its_counts_and_the_details_their_subjects(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # On an 80-column terminal the summary kept severity, source and rule and hid the count, its one figure; the
    # details hid which device each finding is on.
    from govops.cli.audit_run import _emit
    from govops.cli.output import console
    from govops.reports.audit import AuditFinding

    for name, value in {"COLUMNS": "80", "TTY_COMPATIBLE": "1", "NO_COLOR": "1"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(console, "width", 80)
    found = [AuditFinding("config_audit", "huawei_vrp.snmp_default_community", "critical", "device", f"acc-sw-r0{n}-01",
                          "使用默认 SNMP 团体名 SNMP community public/private",
                          "snmp-agent community read <masked:default-public>") for n in range(3)]  # fmt: skip
    _emit(iter(found), "table", "critical")
    out = capsys.readouterr().out
    summary, details = out.split("明细 details", 1)
    assert "数量 count" in summary and "│ 3 " in summary.replace("  ", " "), out
    row = next(line for line in details.splitlines() if "acc-sw-r01-01" in line)
    assert "huawei_vrp.snmp_default_community" in row, out  # the rule beside it, whole
