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
    assert "audit: 3 finding(s): 1 critical, 2 warning" in capsys.readouterr().out
