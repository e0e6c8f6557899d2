"""`govops lab status`: its tables in Chinese and English, as every table; --json keeps its English words."""

from __future__ import annotations

import pytest

from govops.lab import registry
from govops.lab.runner import Lab
from tests.conftest import Cli
from tests.unit.lab.test_runner import OwnProcessService


def test_the_services_and_devices_tables_are_bilingual_and_json_is_unchanged(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = {"a": OwnProcessService("a")}
    monkeypatch.setattr(registry, "build_registry", lambda: services)
    Lab(cli.home, services).up(None)  # a real state file, the service's process this one
    out = cli("lab", "status", "--devices").stdout
    assert "实验环境服务 lab services" in out and "模拟设备 lab devices" in out
    for header in ("服务 service", "状态 state", "进程 pids", "地址 endpoints", "设备数 devices", "设备 device",
                   "类型 kind", "地址 endpoint"):
        assert header in out, header
    assert "运行 running" in out and "交换机 switch" in out and "dev-a" in out
    doc = cli("lab", "status", "--devices", "--json").json()
    [service] = doc["services"]
    assert (service["name"], service["running"], service["devices"][0]["kind"]) == ("a", True, "switch")
