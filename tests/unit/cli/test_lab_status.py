"""`govops lab status`: its tables in Chinese and English, as every table; --json keeps its English words."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from govops.lab import registry
from govops.lab.link_service import LinkProbeService, city_probe_addresses
from govops.lab.runner import Lab
from govops.lab.service import Endpoint, LabDevice, ServiceState
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


def test_the_links_service_counts_the_far_ends_it_serves(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    # The far ends are no devices: the row says 0 devices and as many far ends as the city's links declare probes.
    services = {"links": LinkProbeService()}
    monkeypatch.setattr(registry, "build_registry", lambda: services)
    lab = Lab(cli.home, services)
    lab.up(None)  # the real far ends and the state file `lab up` writes
    try:
        declared = len(city_probe_addresses())
        assert declared > 1
        out = cli("lab", "status").stdout
        assert "链路远端数 far_ends" in out
        row = next(line for line in out.splitlines() if "links" in line and "运行 running" in line)
        cells = [c.strip() for c in row.strip("│ ").split("│")]
        assert cells[-2:] == ["0", str(declared)], row
        [service] = cli("lab", "status", "--json").json()["services"]
        assert (service["running"], service["devices"], service["far_ends"]) == (True, [], declared)
    finally:
        lab.down()


class ServesMany(OwnProcessService):
    """A service whose 3 processes (endpoints) answer SNMP at 5 addresses and SSH at 1: more than a row shows."""

    def start(self, workdir: Path) -> ServiceState:
        switches = [LabDevice(f"sw-{i}", "switch", f"127.0.9.{i}", self.name, snmp={"port": 161}) for i in range(1, 6)]
        devices = (*switches, LabDevice("r-1", "router", "::1", self.name, ssh={"port": 2222}))
        endpoints = tuple(Endpoint("udp", f"127.0.9.{i}", 16100) for i in range(1, 4))
        return ServiceState(self.name, (os.getpid(),), endpoints, devices)


def test_a_row_counts_the_addresses_served_by_protocol_and_says_its_endpoints_are_cut(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = {"m": ServesMany("m")}
    monkeypatch.setattr(registry, "build_registry", lambda: services)
    Lab(cli.home, services).up(None)
    out = cli("lab", "status").stdout
    assert "服务地址数 addresses" in out and "snmp 5, ssh 1" in out, out
    assert "+1 more" in out and "udp://127.0.9.3:16100" not in out
    assert "endpoints cut (one a process): m 2 of 3 shown; --json lists them all" in out
    [service] = cli("lab", "status", "--json").json()["services"]
    assert len(service["endpoints"]) == 3
    assert service["addresses"] == {"snmp": [f"127.0.9.{i}:161" for i in range(1, 6)], "ssh": ["[::1]:2222"]}
