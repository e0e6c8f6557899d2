"""`govops discover ssh` writes its table and its failures as `discover snmp` does."""

from __future__ import annotations

import pytest

from govops.cli.discover_ssh import _print
from govops.discovery.ssh import SshOutcome, SshTarget
from govops.discovery.ssh_run import SshRun
from govops.platforms.facts import DeviceFacts


def _target(name: str) -> SshTarget:
    return SshTarget(name, name)


def test_the_table_lists_the_devices_read_and_failures_are_lines_on_stderr_the_same_one_grouped(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    refused = "connection refused by 10.9.0.0/24 (step: connect)"
    outcomes = [
        SshOutcome(_target("10.9.1.1"), facts=DeviceFacts("huawei_vrp", hostname="core-1", model="S5720")),
        SshOutcome(_target("10.9.1.2"), facts=DeviceFacts("h3c_comware", hostname="acc-2",
                                                          errors={"lldp": "template failed"})),
        *(SshOutcome(_target(f"10.9.0.{i}"), error=refused, error_kind="unreachable") for i in range(1, 7)),
        SshOutcome(_target("10.9.2.1"), error="authentication failed for admin", error_kind="auth"),
    ]
    _print(SshRun(outcomes, [], {}))
    out, err = capsys.readouterr()
    assert "core-1" in out and "acc-2" in out and "部分 partial" in out and "完整 ok" in out
    assert "10.9.0." not in out and "10.9.2.1" not in out and "failed" not in out  # no row of empty cells
    assert err.splitlines() == [
        "unreachable: connection refused by 10.9.0.0/24 (step: connect) (6 devices: 10.9.0.1, 10.9.0.2, 10.9.0.3, "
        "10.9.0.4, 10.9.0.5 and 1 more)",
        "target 10.9.2.1: auth: authentication failed for admin",
        "target 10.9.1.2: partial: lldp not read: template failed",
    ]
    _print(SshRun(outcomes[2:], [], {}))  # nothing read: no table, the lines alone
    out, err = capsys.readouterr()
    assert out == "" and len(err.splitlines()) == 2


def test_the_table_headers_are_chinese_and_english_as_discover_snmp_writes_them(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "250")
    facts = DeviceFacts("huawei_vrp", hostname="core-1", vendor="Huawei", model="S5720", serial="X1", version="V200")
    _print(SshRun([SshOutcome(_target("10.9.1.1"), facts=facts)], [], {}))
    out = capsys.readouterr().out
    assert "SSH 发现 SSH discovery" in out
    for header in ("目标 target", "平台 platform", "主机名 hostname", "厂商 vendor", "型号 model", "序列号 serial",
                   "版本 version", "接口数 ifaces", "读取 status"):  # fmt: skip
        assert header in out, header
