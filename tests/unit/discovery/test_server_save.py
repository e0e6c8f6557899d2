"""`--save` matching (serial, then address, then name) and per-host error kinds, without Ansible."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from govops.catalog.server_config import default_catalog
from govops.catalog.servers import classify_server
from govops.discovery.servers import HostOutcome, failure_status, save_servers, texts_from_facts
from govops.store.db import session_scope
from govops.store.models import Device, HistoryEntry

CAT = default_catalog()

KUNPENG = "processor\t: 0\nCPU implementer\t: 0x48\nCPU part\t: 0xd01\n"


def _facts(serial: str | None, os_id: str = "kylin") -> dict[str, Any]:
    return {
        "dmi": {"sys_vendor": "Huawei", "product_name": "TaiShan 200",
                **({"product_serial": serial} if serial else {})},
        "cpuinfo_head": KUNPENG, "cpu_logical": 96, "cpu_sockets": 2, "cpu_cores": 96, "memory_mb": 262144,
        "os_release": f'ID="{os_id}"\nVERSION_ID="V10"\n', "os_release_path": "/etc/os-release",
        "release_files": {}, "kernel_release": "4.19.90-24.4.v2101.ky10.aarch64", "arch": "aarch64",
        "disks": [], "nics": [], "software": [{"kind": "process", "value": "dmserver", "pid": 1}], "errors": [],
    }


def _ok(host: str, address: str, serial: str | None) -> HostOutcome:
    facts = _facts(serial)
    result = classify_server(texts_from_facts(facts), catalog=CAT)
    return HostOutcome(host, address, "ok", facts=facts, classification=result)


def _devices(engine: Any) -> dict[str, Device]:
    with session_scope(engine) as s:
        devs = list(s.scalars(select(Device)))
        s.expunge_all()
    return {d.name: d for d in devs}


def test_create_then_unchanged_then_match_by_serial(engine: Any) -> None:
    first = save_servers(engine, [_ok("db01", "10.0.0.1", "SN1")])
    assert first.created == ["db01"]
    again = save_servers(engine, [_ok("db01", "10.0.0.1", "SN1")])
    assert again.unchanged == ["db01"]
    renamed = save_servers(engine, [_ok("db01-new-name", "10.0.0.9", "SN1")])
    assert renamed.updated == ["db01"] and not renamed.created, "the serial names the machine, not its name"
    assert set(_devices(engine)) == {"db01"} and _devices(engine)["db01"].mgmt_ip == "10.0.0.9"
    dev = _devices(engine)["db01"]
    assert (dev.serial, dev.domestic, dev.cpu_vendor, dev.os_version, dev.cpu_cores) == (
        "SN1", "domestic", "HiSilicon", "V10", 96)
    assert dev.classification is not None and dev.classification["software"]["items"][0]["id"] == "dameng"


def test_match_by_address_when_unique_else_by_name(engine: Any) -> None:
    with session_scope(engine) as s:
        s.add(Device(name="declared-db", kind="server", mgmt_ip="10.0.0.5"))
    res = save_servers(engine, [_ok("10.0.0.5", "10.0.0.5", None)])
    assert res.updated == ["declared-db"]
    # Two hosts of one run behind one address (NAT, the lab's loopback): the address names neither.
    res = save_servers(engine, [_ok("a", "127.0.0.1", None), _ok("b", "127.0.0.1", None)])
    assert sorted(res.created) == ["a", "b"]


def test_failed_hosts_are_not_invented_and_unreachable_is_recorded(engine: Any) -> None:
    save_servers(engine, [_ok("db01", "10.0.0.1", "SN1")])
    res = save_servers(engine, [
        HostOutcome("db01", "10.0.0.1", "unreachable", "ssh: connect to host 10.0.0.1 port 22: Connection refused"),
        HostOutcome("ghost", "10.0.0.2", "auth_failed", "Permission denied (publickey)"),
    ])
    assert res.unreachable == ["db01"] and res.skipped == ["ghost"]
    devs = _devices(engine)
    assert "ghost" not in devs
    assert devs["db01"].reachability == "unreachable" and devs["db01"].cpu_vendor == "HiSilicon"
    with session_scope(engine) as s:
        sources = {h.source for h in s.scalars(select(HistoryEntry))}
    assert sources == {"scan"}


@pytest.mark.parametrize(("event", "res", "status"), [
    ("runner_on_unreachable", {"msg": "ssh: connect to host 127.0.0.1 port 1: Connection refused"}, "unreachable"),
    ("runner_on_unreachable", {"msg": "root@127.0.0.1: Permission denied (publickey)."}, "auth_failed"),
    ("runner_on_unreachable", {"msg": "Failed to connect to the host via ssh: Received disconnect from 127.0.0.1 port "
                                      "22:2: Too many authentication failures"}, "auth_failed"),
    ("runner_on_unreachable", {"msg": "Failed to connect to the host via ssh: ssh_dispatch_run_fatal: Connection to "
                                      "127.0.0.1 port 22: Connection timed out"}, "unreachable"),
    ("runner_on_failed", {"msg": "The module interpreter '/x' was not found.", "rc": 127}, "no_python"),
    ("runner_on_failed", {"msg": "MODULE FAILURE", "module_stderr": "/bin/sh: 1: /usr/bin/python3: not found"},
     "no_python"),
    ("runner_on_failed", {"msg": "Task failed: Timed out after 3 second(s)."}, "timeout"),
    ("runner_on_failed", {"msg": "MODULE FAILURE",
                          "module_stderr": "FileNotFoundError: [Errno 2] No such file or directory: '/x'"}, "failed"),
])
def test_failure_kinds(event: str, res: dict[str, Any], status: str) -> None:
    assert failure_status(event, res) == status
